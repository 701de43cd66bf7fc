package zap

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"maps"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	index "github.com/blevesearch/bleve_index_api"
)

// grounded's third patch (PATCHES.md): a new segment is built with less
// work, and its bytes are those the unpatched code wrote. The reference is
// the unpatched inverted text index section, kept under other names in
// orig_section_grounded_test.go.

// groundedWords is a vocabulary with a few frequent words and many rare
// ones, as in text.
var groundedWords = func() []string {
	var w []string
	for i := 0; i < 400; i++ {
		w = append(w, fmt.Sprintf("w%d", i))
	}
	return w
}()

func groundedWord(r *rand.Rand) string {
	// about Zipf: small indexes are much more frequent
	i := int(float64(len(groundedWords)) * r.Float64() * r.Float64() * r.Float64())
	return groundedWords[i]
}

func groundedText(r *rand.Rand, n int) string {
	ws := make([]string, n)
	for i := range ws {
		ws[i] = groundedWord(r)
	}
	return strings.Join(ws, " ")
}

// groundedPlainField is an indexed field without term vectors: its terms
// have a frequency and no locations (or, if noFreq, neither).
func groundedPlainField(name, value string, stored, noFreq bool) *stubField {
	tfs := make(index.TokenFrequencies)
	n := 0
	for _, w := range strings.Split(value, " ") {
		if w == "" {
			continue
		}
		n++
		tf, ok := tfs[w]
		if !ok {
			tf = &index.TokenFreq{Term: []byte(w)}
			tfs[w] = tf
		}
		if !noFreq {
			tf.SetFrequency(tf.Frequency() + 1)
		}
	}
	opts := index.IndexField
	if stored {
		opts |= index.StoreField
	}
	if noFreq {
		opts |= index.SkipFreqNorm
	}
	return &stubField{name: name, value: []byte(value), encodedType: 't',
		options: opts, analyzedLen: n, analyzedFreqs: tfs}
}

// groundedPositionsField is a field as grounded's text field: term
// vectors with positions only (offsets 0), no doc values, not stored.
func groundedPositionsField(name, value string) *stubField {
	f := newStubFieldSplitString(name, nil, value, false, false, true)
	for _, tf := range f.analyzedFreqs {
		for _, l := range tf.Locations {
			l.Start, l.End = 0, 0
		}
	}
	f.options = index.IndexField | index.IncludeTermVectors
	return f
}

// groundedDocs makes n new documents (building a segment changes them:
// the frequencies of a field given twice are merged into the first's), of
// varied kinds: several fields, repeated terms, empty fields, fields given
// twice with array positions, term vectors on and off, doc values, stored
// or not, a composite field in some.
func groundedDocs(seed int64, n int) []index.Document {
	r := rand.New(rand.NewSource(seed))
	docs := make([]index.Document, 0, n)
	ids := map[string]uint32{} // the fourth patch's term ids
	for d := 0; d < n; d++ {
		id := fmt.Sprintf("d%05d", d)
		fields := []*stubField{newStubFieldSplitString("_id", nil, id, true, false, false)}
		kind := r.Intn(10)
		// grounded's kind of document: a text, a speaker, a sort key
		fields = append(fields,
			groundedPositionsField("text", groundedText(r, 1+r.Intn(300))),
			newStubFieldSplitString("speaker", nil, fmt.Sprintf("s%d", r.Intn(7)), true, true, false),
			newStubFieldSplitString("sort", nil, fmt.Sprintf("k%06d", r.Intn(1000000)), false, true, false))
		switch kind {
		case 0: // an empty field
			fields = append(fields, groundedPlainField("empty", "", false, false))
		case 1: // a field given twice, with array positions
			fields = append(fields,
				newStubFieldSplitString("tag", []uint64{0}, groundedText(r, 1+r.Intn(4)), true, false, true),
				newStubFieldSplitString("tag", []uint64{1}, groundedText(r, 1+r.Intn(4)), true, false, true))
		case 2: // offsets and positions, stored, doc values
			fields = append(fields, newStubFieldSplitString("full", nil, groundedText(r, 1+r.Intn(40)), true, true, true))
		case 3: // without term vectors
			fields = append(fields, groundedPlainField("plain", groundedText(r, 1+r.Intn(20)), true, false))
		case 4: // without frequencies
			fields = append(fields, groundedPlainField("nofreq", groundedText(r, 1+r.Intn(20)), false, true))
		case 5: // a field given three times, one of them empty
			fields = append(fields,
				groundedPositionsField("text2", groundedText(r, 1+r.Intn(10))),
				groundedPlainField("text2", "", false, false),
				groundedPositionsField("text2", groundedText(r, 1+r.Intn(10))))
		case 6: // only the id and an empty text
			fields = []*stubField{fields[0], groundedPositionsField("text", "")}
		}
		var doc *stubDocument
		if r.Intn(4) == 0 {
			doc = newStubDocument(id, fields, "_all")
		} else {
			doc = &stubDocument{id: id, fields: fields}
		}
		if r.Intn(3) == 0 {
			docs = append(docs, doc)
			continue
		}
		// The fourth patch: its fields of term vectors list their terms
		// with ids (some without).
		idDoc := &idStubDocument{stubDocument: doc, ided: map[*stubField]*idStubField{}}
		for _, f := range fields {
			if f.options.IncludeTermVectors() && f.name != "_id" {
				idDoc.ided[f] = newIDStubField(r, ids, f)
			}
		}
		docs = append(docs, idDoc)
	}
	return docs
}

// idStubField is a field that lists its terms with ids (the fourth
// patch): a TermIDField.
type idStubField struct {
	*stubField
	terms []IDTerm
}

func (f *idStubField) IDTerms() []IDTerm { return f.terms }

// newIDStubField gives the terms of f ids from ids (by field name and
// term; the count of each field name's ids under its name), in a random
// order, one in ten without an id.
func newIDStubField(r *rand.Rand, ids map[string]uint32, f *stubField) *idStubField {
	terms := slices.Sorted(maps.Keys(f.analyzedFreqs))
	r.Shuffle(len(terms), func(i, j int) { terms[i], terms[j] = terms[j], terms[i] })
	out := &idStubField{stubField: f}
	for _, term := range terms {
		// ids are per field name: the same id stands for other terms
		// in other fields
		id, ok := ids[f.name+"\x00"+term]
		if !ok {
			ids[f.name]++
			id = ids[f.name]
			ids[f.name+"\x00"+term] = id
		}
		if r.Intn(10) == 0 {
			id = 0
		}
		out.terms = append(out.terms, IDTerm{ID: id, Term: term, Freq: f.analyzedFreqs[term]})
	}
	return out
}

// idStubDocument is a document some of whose fields are idStubFields.
type idStubDocument struct {
	*stubDocument
	ided map[*stubField]*idStubField
}

func (d *idStubDocument) VisitFields(visitor index.FieldVisitor) {
	for _, f := range d.fields {
		if w := d.ided[f]; w != nil {
			visitor(w)
		} else {
			visitor(f)
		}
	}
}

// groundedSegmentBytes builds segments of the given sizes one after the
// other (the pooled interim reused from one to the next, as by the
// index), with the patched section or the unpatched one (orig), and
// returns the bytes of each persisted segment.
func groundedSegmentBytes(t *testing.T, orig bool, seed int64, sizes []int) [][]byte {
	t.Helper()
	// a pool of its own: a pooled interim holds its section's opaque
	interimPool = sync.Pool{New: func() interface{} { return &interim{} }}
	if orig {
		patched := segmentSections[SectionInvertedTextIndex]
		segmentSections[SectionInvertedTextIndex] = &origInvertedTextIndexSection{}
		defer func() { segmentSections[SectionInvertedTextIndex] = patched }()
	}
	defer func() { interimPool = sync.Pool{New: func() interface{} { return &interim{} }} }()

	var out [][]byte
	dir := t.TempDir()
	for i, n := range sizes {
		docs := groundedDocs(seed+int64(i), n)
		seg, _, err := zapPlugin.newWithChunkMode(docs, DefaultChunkMode, nil)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, fmt.Sprintf("%v-%d.zap", orig, i))
		if err := PersistSegmentBase(seg.(*SegmentBase), path); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, groundedCanonical(t, b))
	}
	return out
}

// groundedCanonical returns a copy of a persisted segment in which what
// zap leaves to chance is made canonical: for each field, the fields
// section lists its sections' (type, address) pairs in the order of a
// map's iteration (segmentSections, persistFieldsSection in write.go);
// they are sorted by type, and the CRC of the file, which depends on that
// order, is zeroed. Everything else is compared as written.
func groundedCanonical(t *testing.T, in []byte) []byte {
	t.Helper()
	b := bytes.Clone(in)
	n := len(b)
	if n < FooterSize || binary.BigEndian.Uint32(b[n-FooterSize:]) != 0 {
		t.Fatalf("segment of %d bytes: no footer without writer id", n)
	}
	sectionsIndex := binary.BigEndian.Uint64(b[n-20:])
	p := int(sectionsIndex)
	numFields, k := binary.Uvarint(b[p:])
	p += k
	for f := 0; f < int(numFields); f++ {
		q := int(binary.BigEndian.Uint64(b[p+8*f:]))
		nameLen, k := binary.Uvarint(b[q:])
		q += k + int(nameLen)
		_, k = binary.Uvarint(b[q:]) // options
		q += k
		numSections, k := binary.Uvarint(b[q:])
		q += k
		pairs := make([][]byte, numSections)
		for i := range pairs {
			pairs[i] = bytes.Clone(b[q+10*i : q+10*i+10])
		}
		slices.SortFunc(pairs, func(x, y []byte) int { return bytes.Compare(x[:2], y[:2]) })
		for i := range pairs {
			copy(b[q+10*i:], pairs[i])
		}
	}
	copy(b[n-4:], []byte{0, 0, 0, 0})
	return b
}

// The reference itself: two builds by the same code are equal (once
// made canonical).
func TestGroundedBuildCanonicalDeterministic(t *testing.T) {
	sizes := []int{300, 3}
	for _, orig := range []bool{true, false} {
		a := groundedSegmentBytes(t, orig, 3, sizes)
		b := groundedSegmentBytes(t, orig, 3, sizes)
		for i := range sizes {
			if !bytes.Equal(a[i], b[i]) {
				t.Fatalf("orig %v, segment %d: two builds of the same documents differ", orig, i)
			}
		}
	}
}

// With GROUNDED_ZAP_A and GROUNDED_ZAP_B set to two directories, the .zap
// files of one are compared with those of the same name in the other,
// once made canonical (see PATCHES.md, the third patch: an index built
// by the unpatched and the patched grounded).
func TestGroundedCompareSegmentFiles(t *testing.T) {
	dirA, dirB := os.Getenv("GROUNDED_ZAP_A"), os.Getenv("GROUNDED_ZAP_B")
	if dirA == "" || dirB == "" {
		t.Skip("GROUNDED_ZAP_A and GROUNDED_ZAP_B not set")
	}
	names, err := filepath.Glob(filepath.Join(dirA, "*.zap"))
	if err != nil {
		t.Fatal(err)
	}
	namesB, _ := filepath.Glob(filepath.Join(dirB, "*.zap"))
	if len(names) == 0 || len(names) != len(namesB) {
		t.Fatalf("%d segments in %s, %d in %s", len(names), dirA, len(namesB), dirB)
	}
	for _, a := range names {
		b := filepath.Join(dirB, filepath.Base(a))
		ba, err := os.ReadFile(a)
		if err != nil {
			t.Fatal(err)
		}
		bb, err := os.ReadFile(b)
		if err != nil {
			t.Fatal(err)
		}
		same := bytes.Equal(groundedCanonical(t, ba), groundedCanonical(t, bb))
		t.Logf("%s: %d bytes, %d bytes, equal once canonical: %v, equal as written: %v",
			filepath.Base(a), len(ba), len(bb), same, bytes.Equal(ba, bb))
		if !same {
			t.Errorf("%s differs", filepath.Base(a))
		}
	}
}

func TestGroundedBuildSameBytes(t *testing.T) {
	// a large segment, then smaller and larger ones reusing its interim
	sizes := []int{600, 1, 2, 37, 1500, 5, 300}
	for _, seed := range []int64{1, 17, 1000} {
		want := groundedSegmentBytes(t, true, seed, sizes)
		got := groundedSegmentBytes(t, false, seed, sizes)
		for i := range sizes {
			if !bytes.Equal(want[i], got[i]) {
				t.Fatalf("seed %d, segment %d (%d docs): %d bytes, want the unpatched build's %d (equal: false)",
					seed, i, sizes[i], len(got[i]), len(want[i]))
			}
		}
	}
}

// The documents read back as they were given: a check that the
// reference is not trivially equal to the patched code (both built
// something with every kind of field).
func TestGroundedBuildReadsBack(t *testing.T) {
	interimPool = sync.Pool{New: func() interface{} { return &interim{} }}
	docs := groundedDocs(5, 200)
	seg, _, err := zapPlugin.newWithChunkMode(docs, DefaultChunkMode, nil)
	if err != nil {
		t.Fatal(err)
	}
	sb := seg.(*SegmentBase)
	fields := map[string]bool{}
	for _, f := range sb.Fields() {
		fields[f] = true
	}
	for _, f := range []string{"_id", "text", "speaker", "sort", "empty", "tag", "full", "plain", "nofreq", "text2", "_all"} {
		if !fields[f] {
			t.Errorf("no field %q in the segment (fields %v)", f, sb.Fields())
		}
	}
	dict, err := sb.Dictionary("text")
	if err != nil {
		t.Fatal(err)
	}
	pl, err := dict.PostingsList([]byte("w0"), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if pl.Count() == 0 {
		t.Fatal("no document has w0 in text")
	}
}

// groundedBenchDocs makes n documents like grounded's turns: a text with
// positions (a vocabulary of 5,000 words, about Zipf), a speaker and a
// sort key with doc values.
func groundedBenchDocs(seed int64, n int) []index.Document {
	r := rand.New(rand.NewSource(seed))
	z := rand.NewZipf(r, 1.1, 2, 4999)
	docs := make([]index.Document, 0, n)
	for d := 0; d < n; d++ {
		id := fmt.Sprintf("d%05d", d)
		ws := make([]string, 5+r.Intn(120))
		for i := range ws {
			ws[i] = fmt.Sprintf("w%d", z.Uint64())
		}
		docs = append(docs, &stubDocument{id: id, fields: []*stubField{
			newStubFieldSplitString("_id", nil, id, true, false, false),
			groundedPositionsField("text", strings.Join(ws, " ")),
			newStubFieldSplitString("speaker", nil, fmt.Sprintf("s%d", r.Intn(7)), true, true, false),
			newStubFieldSplitString("sort", nil, fmt.Sprintf("k%06d", r.Intn(1000000)), false, true, false),
		}})
	}
	return docs
}

// BenchmarkGroundedNew builds segments of 1,000 turns with the patched
// section (patched) and the unpatched one (orig), in alternation.
func BenchmarkGroundedNew(b *testing.B) {
	docs := groundedBenchDocs(1, 1000)
	for _, orig := range []bool{false, true, false, true} {
		name := "patched"
		if orig {
			name = "orig"
		}
		b.Run(name, func(b *testing.B) {
			interimPool = sync.Pool{New: func() interface{} { return &interim{} }}
			if orig {
				patched := segmentSections[SectionInvertedTextIndex]
				segmentSections[SectionInvertedTextIndex] = &origInvertedTextIndexSection{}
				defer func() { segmentSections[SectionInvertedTextIndex] = patched }()
			}
			defer func() { interimPool = sync.Pool{New: func() interface{} { return &interim{} }} }()
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, _, err := zapPlugin.newWithChunkMode(docs, DefaultChunkMode, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
