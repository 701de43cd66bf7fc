package zap

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
	index "github.com/blevesearch/bleve_index_api"
	seg "github.com/blevesearch/scorch_segment_api/v2"
)

// grounded: compact locations (loc_grounded.go).

// wantLoc is a location as it must read back.
type wantLoc struct {
	field           string
	pos, start, end uint64
	ap              []uint64
}

// locField is a field of text split at spaces, with term vectors; zero
// leaves out the byte offsets (as grounded's analyzer does).
func locField(name string, ap []uint64, value string, zero bool) *stubField {
	f := newStubFieldSplitString(name, ap, value, false, false, true)
	if zero {
		for _, tf := range f.analyzedFreqs {
			for _, l := range tf.Locations {
				l.Start, l.End = 0, 0
			}
		}
	}
	return f
}

// readLocs reads every location of every term of field in s, as
// "docNum term" → locations.
func readLocs(t *testing.T, s seg.Segment, field string) map[string][]wantLoc {
	t.Helper()
	d, err := s.Dictionary(field)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]wantLoc{}
	it := d.AutomatonIterator(nil, nil, nil)
	for e, err := it.Next(); e != nil; e, err = it.Next() {
		if err != nil {
			t.Fatal(err)
		}
		pl, err := d.PostingsList([]byte(e.Term), nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		pit := pl.Iterator(true, true, true, nil)
		for p, err := pit.Next(); p != nil; p, err = pit.Next() {
			if err != nil {
				t.Fatal(err)
			}
			key := fmt.Sprintf("%d %s", p.Number(), e.Term)
			for _, l := range p.Locations() {
				out[key] = append(out[key], wantLoc{l.Field(), l.Pos(), l.Start(), l.End(), slices.Clone(l.ArrayPositions())})
			}
		}
	}
	return out
}

// wantLocs is what readLocs must give for docs (in segment order) in field.
func wantLocs(docs []*stubDocument, field string, composite bool) map[string][]wantLoc {
	out := map[string][]wantLoc{}
	for n, d := range docs {
		fields := d.fields
		if composite {
			fields = d.composite
		}
		for _, f := range fields {
			if f.name != field {
				continue
			}
			for term, tf := range f.analyzedFreqs {
				key := fmt.Sprintf("%d %s", n, term)
				for _, l := range tf.Locations {
					lf := l.Field
					if lf == "" {
						lf = field
					}
					var ap []uint64
					if len(l.ArrayPositions) > 0 {
						ap = slices.Clone(l.ArrayPositions)
					}
					out[key] = append(out[key], wantLoc{lf, uint64(l.Position), uint64(l.Start), uint64(l.End), ap})
				}
			}
		}
	}
	for k := range out {
		slices.SortFunc(out[k], func(a, b wantLoc) int { return int(a.pos) - int(b.pos) })
	}
	return out
}

func sameLocs(t *testing.T, what string, got, want map[string][]wantLoc) {
	t.Helper()
	for k := range got {
		slices.SortFunc(got[k], func(a, b wantLoc) int { return int(a.pos) - int(b.pos) })
		for i := range got[k] {
			if len(got[k][i].ap) == 0 {
				got[k][i].ap = nil
			}
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("%s: locations read back\n got %v\nwant %v", what, got, want)
	}
}

// locDocs are documents whose "text" has zero offsets and no array
// positions (compact), whose "tag" has array positions and offsets, and
// whose composite "_all" holds both fields' locations (field differs from
// the dictionary's: the full form).
func locDocs(words int, zero bool) []*stubDocument {
	var docs []*stubDocument
	for n := range 3 {
		var w []string
		for i := range words {
			w = append(w, fmt.Sprintf("w%d", (i*7+n)%11))
		}
		docs = append(docs, newStubDocument(fmt.Sprint("d", n), []*stubField{
			newStubFieldSplitString("_id", nil, fmt.Sprint("d", n), true, false, false),
			locField("text", nil, strings.Join(w, " "), zero),
			locField("tag", []uint64{uint64(n)}, "cold dark", false),
		}, "_all"))
	}
	return docs
}

func newLocSegment(t *testing.T, docs []*stubDocument, path string) seg.Segment {
	t.Helper()
	results := make([]index.Document, len(docs))
	for i, d := range docs {
		results[i] = d
	}
	sb, _, err := zapPlugin.newWithChunkMode(results, DefaultChunkMode, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := PersistSegmentBase(sb.(*SegmentBase), path); err != nil {
		t.Fatal(err)
	}
	s, err := zapPlugin.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func TestCompactLocationsReadBack(t *testing.T) {
	dir := t.TempDir()
	for _, zero := range []bool{true, false} {
		docs := locDocs(300, zero) // positions past 63 take two bytes
		s := newLocSegment(t, docs, filepath.Join(dir, fmt.Sprint("s", zero)))
		for _, f := range []string{"text", "tag"} {
			sameLocs(t, fmt.Sprintf("zero=%v %s", zero, f), readLocs(t, s, f), wantLocs(docs, f, false))
		}
		sameLocs(t, fmt.Sprintf("zero=%v _all", zero), readLocs(t, s, "_all"), wantLocs(docs, "_all", true))
	}
}

func TestCompactLocationsMerge(t *testing.T) {
	dir := t.TempDir()
	sizes := map[string][2]int{} // by case: with offsets, without
	for zi, zero := range []bool{false, true} {
		a := locDocs(100, zero)
		b := locDocs(80, zero)
		sa := newLocSegment(t, a, filepath.Join(dir, fmt.Sprint("a", zero)))
		sb := newLocSegment(t, b, filepath.Join(dir, fmt.Sprint("b", zero)))
		// c has a field the others lack: merging it with a is the path
		// that decodes and re-encodes each location (fields not the same).
		c := locDocs(50, zero)
		for _, d := range c {
			d.fields = append(d.fields, locField("extra", nil, "x y", zero))
		}
		sc := newLocSegment(t, c, filepath.Join(dir, fmt.Sprint("c", zero)))
		for _, tc := range []struct {
			name string
			segs []seg.Segment
			docs []*stubDocument
		}{
			{"same fields (bytes copied)", []seg.Segment{sa, sb}, append(slices.Clone(a), b...)},
			{"different fields (re-encoded)", []seg.Segment{sa, sc}, append(slices.Clone(a), c...)},
		} {
			path := filepath.Join(dir, fmt.Sprint(strings.ReplaceAll(tc.name, " ", "_"), zero))
			if _, _, err := zapPlugin.Merge(tc.segs, []*roaring.Bitmap{nil, nil}, path, nil, nil); err != nil {
				t.Fatal(err)
			}
			m, err := zapPlugin.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			what := fmt.Sprintf("%s, zero=%v", tc.name, zero)
			for _, f := range []string{"text", "tag"} {
				sameLocs(t, what+" "+f, readLocs(t, m, f), wantLocs(tc.docs, f, false))
			}
			sameLocs(t, what+" _all", readLocs(t, m, "_all"), wantLocs(tc.docs, "_all", true))
			sz := sizes[tc.name]
			sz[zi] = len(m.(*Segment).mem)
			sizes[tc.name] = sz
			_ = m.Close()
		}
	}
	// The merged text locations stay compact: at least four numbers fewer
	// each (field, start, end, number of array positions).
	for name, textLocs := range map[string]int{"same fields (bytes copied)": 3*100 + 3*80, "different fields (re-encoded)": 3*100 + 3*50} {
		if sz := sizes[name]; sz[0]-sz[1] < 4*textLocs {
			t.Errorf("%s: merged segment %d bytes with offsets, %d without: want at least %d fewer", name, sz[0], sz[1], 4*textLocs)
		}
	}
}

// A location without offsets in its dictionary's field is one number:
// four fewer than with offsets (all below 128 here).
func TestCompactLocationsSize(t *testing.T) {
	dir := t.TempDir()
	size := func(zero bool) int {
		docs := locDocs(20, zero)
		for _, d := range docs {
			d.composite = nil // no "_all"
		}
		s := newLocSegment(t, docs, filepath.Join(dir, fmt.Sprint("z", zero)))
		return len(s.(*Segment).mem)
	}
	full, compact := size(false), size(true)
	// 3 documents × 20 words; offsets below 128 are one byte each.
	if locs := 3 * 20; full-compact < 4*locs {
		t.Errorf("segment %d bytes with offsets, %d without: want at least %d fewer", full, compact, 4*locs)
	}
}
