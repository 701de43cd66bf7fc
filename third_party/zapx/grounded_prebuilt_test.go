package zap

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	index "github.com/blevesearch/bleve_index_api"
)

// prebuiltStub is a PrebuiltField.
type prebuiltStub struct {
	*stubField
	p *Prebuilt
}

func (f prebuiltStub) Prebuilt() *Prebuilt { return f.p }

// TestGroundedPrebuilt checks the fifth patch: New given one document with a PrebuiltField (and an _id field, as
// scorch's builder adds) returns that segment itself; Prebuilt's Persist
// writes the file SegmentBase's Persist writes, which opens with the
// documents; and New given one ordinary document, or a PrebuiltField
// among several documents, builds a segment as before.
func TestGroundedPrebuilt(t *testing.T) {
	docs := groundedDocs(7, 300)
	pre, err := zapPlugin.NewPrebuilt(docs)
	if err != nil {
		t.Fatal(err)
	}
	seg, _, err := zapPlugin.New(groundedDocs(7, 300))
	if err != nil {
		t.Fatal(err)
	}
	marker := &stubDocument{id: "_segment", fields: []*stubField{
		newStubFieldSplitString("_id", nil, "_segment", true, false, false)}}
	doc := &prebuiltDoc{stubDocument: marker, pre: prebuiltStub{newStubFieldSplitString("_segment", nil, "", false, false, false), pre}}
	got, size, err := zapPlugin.New([]index.Document{doc})
	if err != nil {
		t.Fatal(err)
	}
	if got != segmentOf(pre) || size != uint64(len(pre.mem)) {
		t.Fatalf("New returned %T of %d bytes, not the prebuilt segment of %d", got, size, len(pre.mem))
	}
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.zap"), filepath.Join(dir, "b.zap")
	if err := got.(interface{ Persist(string) error }).Persist(a); err != nil {
		t.Fatal(err)
	}
	if err := seg.(*SegmentBase).Persist(b); err != nil {
		t.Fatal(err)
	}
	ab, _ := os.ReadFile(a)
	bb, _ := os.ReadFile(b)
	if len(ab) == 0 || !bytes.Equal(groundedCanonical(t, ab), groundedCanonical(t, bb)) {
		t.Fatalf("NewPrebuilt and Prebuilt.Persist wrote %d bytes, New and SegmentBase.Persist %d, not the same (once canonical)", len(ab), len(bb))
	}
	opened, err := zapPlugin.Open(a)
	if err != nil {
		t.Fatal(err)
	}
	defer opened.Close()
	if n := opened.Count(); n != 300 {
		t.Fatalf("the persisted segment has %d documents, want 300", n)
	}

	// Not a prebuilt segment: built as before.
	one, _, err := zapPlugin.New([]index.Document{marker})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := one.(*Prebuilt); ok || one.Count() != 1 {
		t.Fatalf("one ordinary document: %T of %d documents", one, one.Count())
	}
	two, _, err := zapPlugin.New([]index.Document{doc, marker})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := two.(*Prebuilt); ok || two.Count() != 2 {
		t.Fatalf("a PrebuiltField among two documents: %T of %d documents", two, two.Count())
	}
}

// segmentOf is p as New returns it.
func segmentOf(p *Prebuilt) any { return p }

// prebuiltDoc is a stub document with a PrebuiltField besides its fields.
type prebuiltDoc struct {
	*stubDocument
	pre prebuiltStub
}

func (d *prebuiltDoc) VisitFields(visitor index.FieldVisitor) {
	visitor(d.pre)
	d.stubDocument.VisitFields(visitor)
}

// TestGroundedOpenPrebuilt: a segment file opened with OpenPrebuilt is
// what New returns when given it, and its Persist renames the file,
// bytes unchanged, and closes it (a second Close does nothing); a file
// that is not a segment is refused.
func TestGroundedOpenPrebuilt(t *testing.T) {
	pre, err := zapPlugin.NewPrebuilt(groundedDocs(9, 120))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.zap"), filepath.Join(dir, "b.zap")
	if err := pre.Persist(a); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(a)
	opened, err := zapPlugin.OpenPrebuilt(a)
	if err != nil {
		t.Fatal(err)
	}
	if n := opened.Count(); n != 120 {
		t.Fatalf("opened with %d documents, want 120", n)
	}
	marker := &stubDocument{id: "_segment", fields: []*stubField{
		newStubFieldSplitString("_id", nil, "_segment", true, false, false)}}
	doc := &prebuiltDoc{stubDocument: marker, pre: prebuiltStub{newStubFieldSplitString("_segment", nil, "", false, false, false), opened}}
	got, size, err := zapPlugin.New([]index.Document{doc})
	if err != nil {
		t.Fatal(err)
	}
	if got != segmentOf(opened) || size == 0 {
		t.Fatalf("New returned %T of %d bytes, not the opened segment", got, size)
	}
	if err := got.(interface{ Persist(string) error }).Persist(b); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(a); !os.IsNotExist(err) {
		t.Errorf("%s still there after Persist: %v", a, err)
	}
	after, _ := os.ReadFile(b)
	if len(after) == 0 || !bytes.Equal(before, after) {
		t.Errorf("the persisted file has %d bytes, not the %d of the file opened", len(after), len(before))
	}
	if err := opened.Close(); err != nil {
		t.Errorf("a second Close: %v", err)
	}
	seg, err := zapPlugin.Open(b)
	if err != nil {
		t.Fatal(err)
	}
	defer seg.Close()
	if n := seg.Count(); n != 120 {
		t.Errorf("the renamed file has %d documents, want 120", n)
	}
	junk := filepath.Join(dir, "junk.zap")
	if err := os.WriteFile(junk, []byte("not a segment"), 0o600); err != nil {
		t.Fatal(err)
	}
	if p, err := zapPlugin.OpenPrebuilt(junk); err == nil {
		p.Close()
		t.Error("a file that is not a segment opened")
	}
}

// TestGroundedOpenPrebuiltClosedBeforeRename: Persist of a Prebuilt
// opened from a file closes and unmaps the file before it renames it
// (Windows refuses to rename a file open or mapped without
// FILE_SHARE_DELETE, which Go's os.Open does not ask for), and leaves
// nothing of it open; checked through /proc on Linux.
func TestGroundedOpenPrebuiltClosedBeforeRename(t *testing.T) {
	if _, err := os.Stat("/proc/self/fd"); err != nil {
		t.Skip("no /proc/self/fd")
	}
	pre, err := zapPlugin.NewPrebuilt(groundedDocs(3, 50))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.zap"), filepath.Join(dir, "b.zap")
	if err := pre.Persist(a); err != nil {
		t.Fatal(err)
	}
	opened, err := zapPlugin.OpenPrebuilt(a)
	if err != nil {
		t.Fatal(err)
	}
	if !procHolds(t, a) {
		t.Fatal("the opened file is not seen in /proc: the check proves nothing")
	}
	old := renameFile
	t.Cleanup(func() { renameFile = old })
	held := false
	renameFile = func(from, to string) error {
		held = procHolds(t, from)
		return old(from, to)
	}
	if err := opened.Persist(b); err != nil {
		t.Fatal(err)
	}
	if held {
		t.Error("the file was open or mapped when renamed")
	}
	if procHolds(t, b) {
		t.Error("the file is open or mapped after Persist")
	}
}

// procHolds tells whether this process has path open (/proc/self/fd) or
// mapped (/proc/self/maps).
func procHolds(t *testing.T, path string) bool {
	t.Helper()
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	for _, fd := range fds {
		if l, err := os.Readlink(filepath.Join("/proc/self/fd", fd.Name())); err == nil && l == path {
			return true
		}
	}
	maps, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Contains(maps, []byte(" "+path+"\n"))
}
