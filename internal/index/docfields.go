package index

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
)

// A full build's documents made without reflection
//
// bleve maps a document's data by walking it with reflection and looking
// each property up in the mapping by its path (IndexMappingImpl.MapDocument):
// 7% of the CPU of an ingest. A full build maps its documents with a
// docMaker instead, which looks each field of the document (a doc's
// fields, as buildDocs and chunkDocs make them) up in a table made once
// from the mapping, and makes the field MapDocument would make: a text
// field (NewTextFieldCustom) of a string, one per element of a []string
// with the element's index as array position, a numeric field of a
// float64 for a field of type number. A document with a field or a value
// the table does not cover is mapped by MapDocument, whole. The tests
// compare the two field by field (TestDocMakerAsMapDocument).

// fieldMaker is what MapDocument makes of a field of the default
// document mapping: the field's name, type, indexing options and (type
// text) analyzer.
type fieldMaker struct {
	name     string
	typ      string
	opts     index.FieldIndexingOptions
	analyzer analysis.Analyzer
}

// docMaker maps documents of the mapping m.
type docMaker struct {
	m      *mapping.IndexMappingImpl
	fields map[string]fieldMaker // by the property's name
}

// newDocMaker is the docMaker of m: its table holds the properties of
// m's default document mapping that are plain fields (enabled, one field
// mapping of type text or number, no sub-properties). A
// mapping with types, or a type field, has an empty table: MapDocument
// maps everything. So does a default mapping that is disabled, or that
// does not disable the composite field _all, which MapDocument adds to
// every document (the index's mapping disables it: index.go).
func newDocMaker(m *mapping.IndexMappingImpl) *docMaker {
	dk := &docMaker{m: m, fields: map[string]fieldMaker{}}
	dm := m.DefaultMapping
	if dm == nil || !dm.Enabled || len(m.TypeMapping) > 0 || len(dm.Fields) > 0 {
		return dk
	}
	// As MapDocument looks it up (documentMappingForPath("_all")).
	if all := dm.Properties["_all"]; all == nil || all.Enabled {
		return dk
	}
	for prop, sdm := range dm.Properties {
		if sdm == nil || !sdm.Enabled || len(sdm.Fields) != 1 || len(sdm.Properties) > 0 {
			continue
		}
		fm := sdm.Fields[0]
		f := fieldMaker{name: prop, typ: fm.Type, opts: fm.Options()}
		if fm.Name != "" {
			f.name = fm.Name
		}
		switch fm.Type {
		case "text":
			// As FieldMapping.analyzerForField finds it.
			name := fm.Analyzer
			for _, n := range []string{sdm.DefaultAnalyzer, dm.DefaultAnalyzer, m.DefaultAnalyzer} {
				if name == "" {
					name = n
				}
			}
			if f.analyzer = m.AnalyzerNamed(name); f.analyzer == nil {
				continue
			}
		case "number":
		default:
			continue
		}
		dk.fields[prop] = f
	}
	return dk
}

// noPositions are the array positions of a field that is not an array's
// element, as MapDocument gives them (empty, not nil).
var noPositions = []uint64{}

// mapDoc maps d as m.MapDocument would (with an empty table, a
// document of no fields too, which a disabled mapping leaves not indexed).
func (dk *docMaker) mapDoc(d doc) (*document.Document, error) {
	out := document.NewDocument(d.id)
	if len(dk.fields) > 0 && dk.add(out, d.fields) {
		out.SetIndexed()
		return out, nil
	}
	out = document.NewDocument(d.id)
	return out, dk.m.MapDocument(out, d.fields)
}

// add adds the fields of data to doc and reports whether the table
// covered them all (if not, doc is to be dropped).
func (dk *docMaker) add(doc *document.Document, data map[string]any) bool {
	for prop, v := range data {
		f, ok := dk.fields[prop]
		if !ok {
			return false
		}
		switch v := v.(type) {
		case string:
			if f.typ != "text" {
				return false
			}
			doc.AddField(document.NewTextFieldCustom(f.name, noPositions, []byte(v), f.opts, f.analyzer))
		case []string:
			if f.typ != "text" {
				return false
			}
			for i, s := range v {
				doc.AddField(document.NewTextFieldCustom(f.name, []uint64{uint64(i)}, []byte(s), f.opts, f.analyzer))
			}
		case float64:
			if f.typ != "number" {
				return false
			}
			doc.AddField(document.NewNumericFieldWithIndexingOptions(f.name, noPositions, v, f.opts))
		default:
			return false
		}
	}
	return true
}
