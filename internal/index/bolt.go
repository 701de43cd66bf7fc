package index

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
)

// checkBolt checks the root bolt file of a generation before bleve opens
// it. bolt maps the file in memory and follows the page numbers it finds
// there: a file cut short, or a page number changed by a flipped bit, makes
// it read past the end of the file, which is a fatal signal (SIGBUS) that
// no recover can catch. So the file is read here with plain reads, as
// bolt's format (go.etcd.io/bbolt, version 2) has it:
//
//   - pages 0 and 1 each hold a meta page: a page header of 16 bytes
//     (id uint64, flags uint16, count uint16, overflow uint32), then magic
//     0xED0CDAED, version 2, page size, flags (uint32 each), the root
//     bucket (root page and sequence, uint64 each), the freelist page, the
//     high water mark pgid, the txid, and the FNV-64a checksum of the
//     meta's bytes before it (uint64 each), all little-endian on the
//     machines bolt supports;
//   - bolt uses the valid meta page with the greater txid: it must be
//     valid, and the file must hold its pgid pages;
//   - from its root bucket, every branch and leaf page reached (and the
//     buckets nested in leaves, inline or on their own pages) must have its
//     own id, lie below pgid, and hold its elements within its bytes.
//
// The error names what is wrong; it is never a permission error unless the
// file could not be read for one.
func checkBolt(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	c := &boltCheck{f: f, size: fi.Size(), seen: map[uint64]bool{}}
	m, err := c.meta()
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := c.walk(m.root, 0); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

const (
	boltMagic       = 0xED0CDAED
	boltVersion     = 2
	boltPageHeader  = 16
	boltMetaSize    = 64
	boltElementSize = 16
	boltBranch      = 0x01
	boltLeaf        = 0x02
	boltBucketLeaf  = 0x01 // a leaf element whose value is a bucket
	boltMaxDepth    = 64
)

var errBoltDamaged = errors.New("damaged bolt file")

type boltMeta struct {
	pageSize   uint32
	root, pgid uint64
	txid       uint64
}

type boltCheck struct {
	f        *os.File
	size     int64
	pageSize uint32
	pgid     uint64
	seen     map[uint64]bool
}

func (c *boltCheck) read(off int64, n int) ([]byte, error) {
	if off < 0 || n < 0 || off+int64(n) > c.size {
		return nil, fmt.Errorf("%w: it is cut short (%d bytes, needs %d)", errBoltDamaged, c.size, off+int64(n))
	}
	b := make([]byte, n)
	if _, err := c.f.ReadAt(b, off); err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	return b, nil
}

// parseMeta reads the meta page at off; ok is false when it is not valid.
func parseMeta(b []byte) (boltMeta, bool) {
	le := binary.LittleEndian
	m := b[boltPageHeader:]
	if le.Uint32(m[0:]) != boltMagic || le.Uint32(m[4:]) != boltVersion {
		return boltMeta{}, false
	}
	h := fnv.New64a()
	h.Write(m[:56])
	if h.Sum64() != le.Uint64(m[56:]) {
		return boltMeta{}, false
	}
	return boltMeta{pageSize: le.Uint32(m[8:]), root: le.Uint64(m[16:]), pgid: le.Uint64(m[40:]), txid: le.Uint64(m[48:])}, true
}

// meta returns the meta page bolt would use, checked against the file.
func (c *boltCheck) meta() (boltMeta, error) {
	b0, err := c.read(0, boltPageHeader+boltMetaSize)
	if err != nil {
		return boltMeta{}, err
	}
	m0, ok0 := parseMeta(b0)
	var m1 boltMeta
	ok1 := false
	// Page 1 is one page size in: that of meta 0, or the usual ones.
	for _, ps := range []uint32{m0.pageSize, uint32(os.Getpagesize()), 4096} {
		if ps < boltPageHeader+boltMetaSize || ps > 1<<20 {
			continue
		}
		if b1, err := c.read(int64(ps), boltPageHeader+boltMetaSize); err == nil {
			if m1, ok1 = parseMeta(b1); ok1 {
				break
			}
		}
	}
	m := m0
	switch {
	case !ok0 && !ok1:
		return m, fmt.Errorf("%w: no valid meta page", errBoltDamaged)
	case !ok0 || ok1 && m1.txid > m0.txid:
		m = m1
	}
	if m.pageSize < 1024 || m.pageSize > 1<<20 || m.pageSize&(m.pageSize-1) != 0 {
		return m, fmt.Errorf("%w: page size %d", errBoltDamaged, m.pageSize)
	}
	if m.pgid < 2 || m.pgid > uint64(c.size)/uint64(m.pageSize) {
		return m, fmt.Errorf("%w: it is cut short (%d bytes, its meta page needs %d pages of %d)", errBoltDamaged, c.size, m.pgid, m.pageSize)
	}
	if m.root < 2 || m.root >= m.pgid {
		return m, fmt.Errorf("%w: root page %d out of range", errBoltDamaged, m.root)
	}
	c.pageSize, c.pgid = m.pageSize, m.pgid
	return m, nil
}

// walk checks the page id and what it reaches.
func (c *boltCheck) walk(id uint64, depth int) error {
	if depth > boltMaxDepth {
		return fmt.Errorf("%w: pages nested too deep", errBoltDamaged)
	}
	if id < 2 || id >= c.pgid {
		return fmt.Errorf("%w: page %d out of range (%d pages)", errBoltDamaged, id, c.pgid)
	}
	if c.seen[id] {
		return nil
	}
	c.seen[id] = true
	head, err := c.read(int64(id)*int64(c.pageSize), boltPageHeader)
	if err != nil {
		return err
	}
	le := binary.LittleEndian
	overflow := uint64(le.Uint32(head[12:]))
	if le.Uint64(head) != id || id+overflow >= c.pgid {
		return fmt.Errorf("%w: page %d has id %d and %d overflow pages", errBoltDamaged, id, le.Uint64(head), overflow)
	}
	page, err := c.read(int64(id)*int64(c.pageSize), int((overflow+1)*uint64(c.pageSize)))
	if err != nil {
		return err
	}
	return c.walkPage(page, depth)
}

// walkPage checks the elements of a branch or leaf page (or an inline
// bucket's page) held in b.
func (c *boltCheck) walkPage(b []byte, depth int) error {
	le := binary.LittleEndian
	if len(b) < boltPageHeader {
		return fmt.Errorf("%w: short page", errBoltDamaged)
	}
	flags, count := le.Uint16(b[8:]), int(le.Uint16(b[10:]))
	if boltPageHeader+count*boltElementSize > len(b) {
		return fmt.Errorf("%w: page %d holds %d elements", errBoltDamaged, le.Uint64(b), count)
	}
	for i := range count {
		off := boltPageHeader + i*boltElementSize
		e := b[off : off+boltElementSize]
		switch {
		case flags&boltBranch != 0:
			pos, ksize := int(le.Uint32(e[0:])), int(le.Uint32(e[4:]))
			if off+pos+ksize > len(b) || pos < 0 {
				return fmt.Errorf("%w: branch element out of its page", errBoltDamaged)
			}
			if err := c.walk(le.Uint64(e[8:]), depth+1); err != nil {
				return err
			}
		case flags&boltLeaf != 0:
			eflags, pos, ksize, vsize := le.Uint32(e[0:]), int(le.Uint32(e[4:])), int(le.Uint32(e[8:])), int(le.Uint32(e[12:]))
			start, end := off+pos+ksize, off+pos+ksize+vsize
			if pos < 0 || end > len(b) || start > end {
				return fmt.Errorf("%w: leaf element out of its page", errBoltDamaged)
			}
			if eflags&boltBucketLeaf == 0 {
				continue
			}
			v := b[start:end]
			if len(v) < 16 {
				return fmt.Errorf("%w: short bucket", errBoltDamaged)
			}
			if root := le.Uint64(v); root != 0 {
				if err := c.walk(root, depth+1); err != nil {
					return err
				}
			} else if err := c.walkPage(v[16:], depth+1); err != nil { // inline
				return err
			}
		default:
			return fmt.Errorf("%w: page %d of kind %#x where a branch or leaf should be", errBoltDamaged, le.Uint64(b), flags)
		}
	}
	return nil
}
