package index

import (
	"fmt"
	"reflect"
	"sort"
	"testing"

	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
)

// fieldKey orders a document's fields for comparison.
func fieldKey(f index.Field) string {
	return fmt.Sprintf("%s %v %q", f.Name(), f.ArrayPositions(), f.Value())
}

// docDiff describes how got differs from want (MapDocument's), field by
// field and after analysis, or is "".
func docDiff(got, want *document.Document) string {
	if got.ID() != want.ID() || got.Indexed() != want.Indexed() || len(got.CompositeFields) != len(want.CompositeFields) {
		return fmt.Sprintf("document %s (indexed %v, %d composite), want %s (%v, %d)", got.ID(), got.Indexed(), len(got.CompositeFields), want.ID(), want.Indexed(), len(want.CompositeFields))
	}
	if len(got.Fields) != len(want.Fields) {
		return fmt.Sprintf("%s: %d fields, want %d", got.ID(), len(got.Fields), len(want.Fields))
	}
	g, w := append([]document.Field(nil), got.Fields...), append([]document.Field(nil), want.Fields...)
	sort.Slice(g, func(i, j int) bool { return fieldKey(g[i]) < fieldKey(g[j]) })
	sort.Slice(w, func(i, j int) bool { return fieldKey(w[i]) < fieldKey(w[j]) })
	for i := range g {
		a, b := g[i], w[i]
		if reflect.TypeOf(a) != reflect.TypeOf(b) || a.Name() != b.Name() || !reflect.DeepEqual(a.ArrayPositions(), b.ArrayPositions()) ||
			a.Options() != b.Options() || string(a.Value()) != string(b.Value()) || a.EncodedFieldType() != b.EncodedFieldType() ||
			a.NumPlainTextBytes() != b.NumPlainTextBytes() {
			return fmt.Sprintf("%s: field %T %s %v %v %q, want %T %s %v %v %q", got.ID(), a, a.Name(), a.ArrayPositions(), a.Options(), a.Value(), b, b.Name(), b.ArrayPositions(), b.Options(), b.Value())
		}
		if ta, ok := a.(*document.TextField); ok && ta.Analyzer() != b.(*document.TextField).Analyzer() {
			return fmt.Sprintf("%s: field %s has another analyzer", got.ID(), a.Name())
		}
		if a.Options().IsIndexed() {
			a.Analyze()
			b.Analyze()
			if a.AnalyzedLength() != b.AnalyzedLength() || !reflect.DeepEqual(a.AnalyzedTokenFrequencies(), b.AnalyzedTokenFrequencies()) {
				return fmt.Sprintf("%s: field %s analysed differently", got.ID(), a.Name())
			}
		}
	}
	return ""
}

// mapBoth maps d with dk and with m.MapDocument, and returns dk's
// document and how it differs from MapDocument's ("" if it does not).
func mapBoth(t *testing.T, m *mapping.IndexMappingImpl, dk *docMaker, d doc) (*document.Document, string) {
	t.Helper()
	want := document.NewDocument(d.id)
	if err := m.MapDocument(want, d.fields); err != nil {
		t.Fatal(err)
	}
	got, err := dk.mapDoc(d)
	if err != nil {
		t.Fatal(err)
	}
	return got, docDiff(got, want)
}

// TestDocMakerAsMapDocument checks docMaker against MapDocument on every
// document of buildProject (turns with and without speakers, codes and
// coders, time stamps, the chunks of long turns with their numeric
// fields), and that a document it does not cover is mapped by
// MapDocument all the same.
func TestDocMakerAsMapDocument(t *testing.T) {
	withChunkBytes(t, 700)
	p := buildProject(t)
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	dk := newDocMaker(m)
	if len(dk.fields) < 14 {
		t.Fatalf("the table covers %d fields: %v", len(dk.fields), dk.fields)
	}
	srcs, err := p.ListSources()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	n := 0
	for _, s := range srcs {
		ds, _, err := buildDocs(p, s)
		if err != nil {
			continue // the source whose codings cannot be read
		}
		for _, d := range ds {
			got, diff := mapBoth(t, m, dk, d)
			if diff != "" {
				t.Fatal(diff)
			}
			for _, f := range got.Fields {
				seen[f.Name()]++
			}
			n++
		}
	}
	for _, name := range []string{FieldText, FieldSpeaker, FieldCodes, FieldCoders, fieldChunked, fieldOffset, fieldChunkEnd, fieldLine, fieldTextHash, FieldTurn} {
		if seen[name] == 0 {
			t.Errorf("no document has a field %s: the comparison proves little (%v)", name, seen)
		}
	}
	t.Logf("%d documents compared", n)

	// Not covered: an unknown property, a value of another type, a
	// string for a number, a number for a text: MapDocument's result.
	for _, fields := range []map[string]any{
		{FieldText: "trust", "nosuch": "x"},
		{FieldText: "trust", FieldTurn: 3},
		{FieldText: "trust", fieldOffset: "12"},
		{FieldText: 1.5, FieldSpeaker: "Ana"},
		{FieldText: "trust", FieldCodes: []any{"a", 2.0}},
		{FieldText: "trust", "_type": "other"},
		// alone, so that no other field sends the document to MapDocument
		{fieldOffset: "12"},
		{fieldChunkEnd: []string{"1", "2"}},
	} {
		d := doc{id: "X#1", fields: fields}
		if _, diff := mapBoth(t, m, dk, d); diff != "" {
			t.Errorf("%v: %s", fields, diff)
		}
	}
	// A field mapping with a name of its own (none of the index's has).
	nm, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	nm.DefaultMapping.Properties[FieldSpeaker].Fields[0].Name = "who"
	d := doc{id: "X#2", fields: map[string]any{FieldText: "trust", FieldSpeaker: "Ana"}}
	if _, diff := mapBoth(t, nm, newDocMaker(nm), d); diff != "" {
		t.Errorf("named field: %s", diff)
	}
	// A mapping with types: nothing is covered.
	tm := mapping.NewIndexMapping()
	tm.AddDocumentMapping("turn", m.DefaultMapping)
	if got := newDocMaker(tm); len(got.fields) != 0 {
		t.Errorf("typed mapping: %d fields covered", len(got.fields))
	}
}

// TestDocMakerOtherMappings checks docMaker against MapDocument with
// mappings other than the index's, which its table must not cover: one
// whose _all field is not disabled (MapDocument adds the composite field
// _all to every document), and one whose default mapping is disabled
// (MapDocument maps nothing, and leaves a document not indexed).
func TestDocMakerOtherMappings(t *testing.T) {
	withAll, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	delete(withAll.DefaultMapping.Properties, "_all")
	enabledAll, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	enabledAll.DefaultMapping.Properties["_all"].Enabled = true
	disabled, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	disabled.DefaultMapping.Enabled = false
	for name, m := range map[string]*mapping.IndexMappingImpl{"no _all mapping": withAll, "_all enabled": enabledAll, "disabled": disabled} {
		dk := newDocMaker(m)
		for _, fields := range []map[string]any{
			{FieldText: "trust", FieldSpeaker: "Ana", FieldCodes: []string{"a", "b"}},
			{},
		} {
			d := doc{id: "X#1", fields: fields}
			if _, diff := mapBoth(t, m, dk, d); diff != "" {
				t.Errorf("%s, %v: %s", name, fields, diff)
			}
		}
	}
}
