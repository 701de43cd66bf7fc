package index

import (
	"encoding/binary"
	"errors"
	"hash/fnv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Synthetic bolt files, written by hand after the layout that checkBolt's
// doc gives, so that each rule of the check is pinned at its boundary: a
// valid file at the limit is accepted, the first invalid one is refused
// with the message that names what is wrong (the notice of a rebuilt index
// quotes it).

type boltFile struct {
	ps   int
	data []byte
}

func newBoltFile(ps, pages int) *boltFile {
	return &boltFile{ps: ps, data: make([]byte, ps*pages)}
}

// meta writes a valid meta page at byte off.
func (b *boltFile) meta(off int, ps uint32, root, pgid, txid uint64) {
	le := binary.LittleEndian
	b.header(off, uint64(off/max(b.ps, 1)), 0x04, 0, 0)
	m := b.data[off+boltPageHeader : off+boltPageHeader+boltMetaSize]
	le.PutUint32(m[0:], boltMagic)
	le.PutUint32(m[4:], boltVersion)
	le.PutUint32(m[8:], ps)
	le.PutUint64(m[16:], root)
	le.PutUint64(m[32:], 2) // freelist
	le.PutUint64(m[40:], pgid)
	le.PutUint64(m[48:], txid)
	h := fnv.New64a()
	h.Write(m[:56])
	le.PutUint64(m[56:], h.Sum64())
}

func (b *boltFile) header(off int, id uint64, flags, count uint16, overflow uint32) {
	le := binary.LittleEndian
	le.PutUint64(b.data[off:], id)
	le.PutUint16(b.data[off+8:], flags)
	le.PutUint16(b.data[off+10:], count)
	le.PutUint32(b.data[off+12:], overflow)
}

// leaf writes page id as a leaf of count plain elements with empty keys
// and values.
func (b *boltFile) leaf(id uint64, count uint16) {
	b.header(int(id)*b.ps, id, boltLeaf, count, 0)
}

// branch writes page id as a branch with one element pointing to child.
func (b *boltFile) branch(id, child uint64) {
	off := int(id) * b.ps
	b.header(off, id, boltBranch, 1, 0)
	binary.LittleEndian.PutUint64(b.data[off+boltPageHeader+8:], child)
}

// bucketPage writes page id as a leaf with one element: a bucket whose
// value is val (root page and sequence, then an inline page when the root
// is 0), after a one-byte key.
func (b *boltFile) bucketPage(id uint64, val []byte) {
	off := int(id) * b.ps
	b.header(off, id, boltLeaf, 1, 0)
	copy(b.data[off+boltPageHeader:], bucketElem(val))
}

// bucketElem is a leaf element (flags, pos, ksize, vsize) followed by its
// key "k" and value.
func bucketElem(val []byte) []byte {
	le := binary.LittleEndian
	e := make([]byte, boltElementSize, boltElementSize+1+len(val))
	le.PutUint32(e[0:], boltBucketLeaf)
	le.PutUint32(e[4:], boltElementSize) // the key right after the element
	le.PutUint32(e[8:], 1)
	le.PutUint32(e[12:], uint32(len(val)))
	e = append(e, 'k')
	return append(e, val...)
}

// bucketAt is a bucket value with its own root page.
func bucketAt(root uint64) []byte {
	v := make([]byte, 16)
	binary.LittleEndian.PutUint64(v, root)
	return v
}

// inline is an inline bucket's value: root 0, sequence 0, then a leaf page
// holding one bucket element with value inner, or no element when inner is
// nil.
func inline(inner []byte) []byte {
	v := make([]byte, 32)
	binary.LittleEndian.PutUint16(v[16+8:], boltLeaf)
	if inner == nil {
		return v
	}
	binary.LittleEndian.PutUint16(v[16+10:], 1)
	return append(v, bucketElem(inner)...)
}

// valid is a file of pages of ps bytes: metas 0 and 1 (txids 1 and 2),
// the freelist at page 2 and a leaf root at page 3, the last page.
func validBolt(ps int) *boltFile {
	b := newBoltFile(ps, 4)
	b.meta(0, uint32(ps), 3, 4, 1)
	b.meta(ps, uint32(ps), 3, 4, 2)
	b.leaf(3, 1)
	return b
}

func TestCheckBoltSynthetic(t *testing.T) {
	cases := []struct {
		name string
		file func() []byte
		want string // "" for valid, else the message after "damaged bolt file: "
	}{
		{"valid, root on the last page", func() []byte { return validBolt(4096).data }, ""},
		{"page size 1024 (the least)", func() []byte { return validBolt(1024).data }, ""},
		{"page size 1 MiB (the most)", func() []byte {
			b := validBolt(1 << 20)
			b.meta(0, 1<<20, 9, 4, 1) // meta 0 older and bad: meta 1 is found one such page in
			return b.data
		}, ""},
		{"page size 512", func() []byte {
			b := newBoltFile(512, 8)
			b.meta(0, 512, 3, 8, 1)
			b.meta(512, 512, 3, 8, 2)
			b.leaf(3, 0)
			return b.data
		}, "page size 512"},
		{"page size 2 MiB", func() []byte {
			b := newBoltFile(4096, 4)
			b.meta(0, 2<<20, 3, 4, 1)
			return b.data
		}, "page size 2097152"},
		{"root at page 2", func() []byte {
			b := validBolt(4096)
			b.meta(0, 4096, 2, 4, 1)
			b.meta(4096, 4096, 2, 4, 2)
			b.leaf(2, 0)
			return b.data
		}, ""},
		{"meta 1 newer, meta 0 bad", func() []byte {
			b := validBolt(4096)
			b.meta(0, 4096, 99, 4, 1)
			return b.data
		}, ""},
		{"meta 0 newer, meta 1 bad", func() []byte {
			b := validBolt(4096)
			b.meta(0, 4096, 3, 4, 3)
			b.meta(4096, 4096, 99, 4, 2)
			return b.data
		}, ""},
		{"equal txids: meta 0, as bolt", func() []byte {
			b := validBolt(4096)
			b.meta(0, 4096, 3, 4, 2)
			b.meta(4096, 4096, 99, 4, 2)
			return b.data
		}, ""},
		{"equal txids, meta 0 bad", func() []byte {
			b := validBolt(4096)
			b.meta(0, 4096, 99, 4, 2)
			return b.data
		}, "root page 99 out of range"},
		{"meta 1 found at meta 0's page size of 80", func() []byte {
			b := validBolt(4096)
			b.meta(0, 80, 3, 4, 1)
			b.meta(80, 4096, 3, 4, 2)
			clear(b.data[4096 : 2*4096])
			return b.data
		}, ""},
		{"cut short at 50 bytes", func() []byte { return validBolt(4096).data[:50] }, "it is cut short (50 bytes, needs 80)"},
		{"pgid 2", func() []byte {
			b := validBolt(4096)
			b.meta(0, 4096, 3, 2, 1)
			b.meta(4096, 4096, 3, 2, 2)
			return b.data
		}, "root page 3 out of range"},
		{"meta needs more pages than the file has", func() []byte {
			b := validBolt(4096)
			b.meta(0, 4096, 3, 6, 1)
			b.meta(4096, 4096, 3, 6, 2)
			return b.data
		}, "it is cut short (16384 bytes, its meta page needs 6 pages of 4096)"},
		{"root at pgid", func() []byte {
			b := validBolt(4096)
			b.meta(0, 4096, 4, 4, 1)
			b.meta(4096, 4096, 4, 4, 2)
			return b.data
		}, "root page 4 out of range"},
		{"branch to page pgid", func() []byte {
			b := newBoltFile(4096, 5)
			b.meta(0, 4096, 3, 4, 1)
			b.meta(4096, 4096, 3, 4, 2)
			b.branch(3, 4)
			b.leaf(4, 0)
			return b.data
		}, "page 4 out of range (4 pages)"},
		{"branch key ending at the page's end", func() []byte { return branchKey(1000, 8) }, ""},
		{"branch key past the page's end", func() []byte { return branchKey(1000, 20) }, "branch element out of its page"},
		{"overflow up to pgid", func() []byte {
			b := validBolt(4096)
			b.header(3*4096, 3, boltLeaf, 0, 1)
			return b.data
		}, "page 3 has id 3 and 1 overflow pages"},
		{"branches 64 deep", func() []byte { return deepBranches(64) }, ""},
		{"branches 65 deep", func() []byte { return deepBranches(65) }, "pages nested too deep"},
		{"buckets 65 deep", func() []byte {
			const n = 66
			b := newBoltFile(1024, 3+n)
			b.meta(0, 1024, 3, 3+n, 1)
			b.meta(1024, 1024, 3, 3+n, 2)
			for i := range uint64(n - 1) {
				b.bucketPage(3+i, bucketAt(4+i))
			}
			b.leaf(3+n-1, 0)
			return b.data
		}, "pages nested too deep"},
		{"a bucket's page 65 deep under inline buckets", func() []byte {
			b := newBoltFile(4096, 5)
			b.meta(0, 4096, 3, 5, 1)
			b.meta(4096, 4096, 3, 5, 2)
			v := bucketAt(4) // at depth 65: inline levels 1..64 above it
			for range 64 {
				v = inline(v)
			}
			b.bucketPage(3, v)
			b.leaf(4, 0)
			return b.data
		}, "pages nested too deep"},
		{"inline bucket of an empty page", func() []byte {
			b := validBolt(4096)
			b.bucketPage(3, inline(nil))
			return b.data
		}, ""},
		{"inline bucket holding too many elements", func() []byte {
			b := validBolt(4096)
			v := inline(nil)
			binary.LittleEndian.PutUint16(v[16+10:], 100)
			b.bucketPage(3, v)
			return b.data
		}, "page 0 holds 100 elements"},
		{"too many elements", func() []byte {
			b := validBolt(1024)
			b.leaf(3, 300)
			return b.data
		}, "page 3 holds 300 elements"},
		{"elements filling the page", func() []byte {
			b := validBolt(1024)
			b.leaf(3, (1024-boltPageHeader)/boltElementSize)
			return b.data
		}, ""},
		{"second element a bucket out of range", func() []byte {
			b := validBolt(4096)
			b.leaf(3, 2)
			copy(b.data[3*4096+boltPageHeader+boltElementSize:], bucketElem(bucketAt(99)))
			return b.data
		}, "page 99 out of range (4 pages)"},
	}
	dir := t.TempDir()
	for _, c := range cases {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			path := filepath.Join(dir, "root.bolt")
			if err := os.WriteFile(path, c.file(), 0o644); err != nil {
				t.Fatal(err)
			}
			err := checkBolt(path)
			switch {
			case c.want == "" && err != nil:
				t.Fatalf("valid file refused: %v", err)
			case c.want == "":
			case err == nil:
				t.Fatalf("accepted, want %q", c.want)
			case !errors.Is(err, errBoltDamaged) || err.Error() != path+": damaged bolt file: "+c.want:
				t.Fatalf("got %q, want %q", err, c.want)
			}
		})
	}
}

// deepBranches is a file whose root is a chain of branch pages, the leaf
// at its end depth pages below the root.
func deepBranches(depth int) []byte {
	b := newBoltFile(1024, 3+depth+1)
	pgid := uint64(3 + depth + 1)
	b.meta(0, 1024, 3, pgid, 1)
	b.meta(1024, 1024, 3, pgid, 2)
	for i := range uint64(depth) {
		b.branch(3+i, 4+i)
	}
	b.leaf(pgid-1, 0)
	return b.data
}

// The root bolt file of a generation bleve really wrote passes the check.
func TestCheckBoltReal(t *testing.T) {
	p := fixture(t)
	ix, _ := openSync(t, p)
	ix.Close()
	if err := checkBolt(filepath.Join(curGen(t, indexDir(p)), "store", "root.bolt")); err != nil {
		t.Fatal(err)
	}
}

// branchKey is a file whose root (page 3, of 1024 bytes) is a branch with
// one element, its key pos bytes after the element and ksize long, whose
// child is the leaf at page 4.
func branchKey(pos, ksize uint32) []byte {
	b := newBoltFile(1024, 5)
	b.meta(0, 1024, 3, 5, 1)
	b.meta(1024, 1024, 3, 5, 2)
	b.branch(3, 4)
	le := binary.LittleEndian
	le.PutUint32(b.data[3*1024+boltPageHeader:], pos)
	le.PutUint32(b.data[3*1024+boltPageHeader+4:], ksize)
	b.leaf(4, 0)
	return b.data
}
