package zap

import (
	"bytes"
	"io"
	"math/rand"
	"testing"
)

// grounded's patch (PATCHES.md): chunkedIntCoder.Write to a FileWriter
// without a processor writes what it writes to any other writer, without
// copying the encoded postings.

// fillCoder encodes n documents' values, as the merge encodes one term's
// frequencies and positions.
func fillCoder(c *chunkedIntCoder, r *rand.Rand, n int) {
	for d := 0; d < n; d++ {
		doc := uint64(d * 3)
		_ = c.Add(doc, uint64(r.Intn(5)+1), uint64(r.Intn(1<<20)))
	}
	c.Close()
}

func TestChunkedIntCoderFileWriterSameBytes(t *testing.T) {
	r := rand.New(rand.NewSource(17))
	for _, n := range []int{1, 2, 1023, 1024, 1025, 5000} {
		for _, chunk := range []uint64{1, 7, 1024} {
			maxDoc := uint64(3 * n)
			plain := newChunkedIntCoder(chunk, maxDoc)
			viaFile := newChunkedIntCoder(chunk, maxDoc)
			seed := r.Int63()
			fillCoder(plain, rand.New(rand.NewSource(seed)), n)
			fillCoder(viaFile, rand.New(rand.NewSource(seed)), n)

			var want, got bytes.Buffer
			nw, err := plain.Write(&want)
			if err != nil {
				t.Fatal(err)
			}
			fw := NewFileWriterEmpty(NewCountHashWriter(&got))
			ng, err := viaFile.Write(fw)
			if err != nil {
				t.Fatal(err)
			}
			if nw != ng || !bytes.Equal(want.Bytes(), got.Bytes()) {
				t.Fatalf("n=%d chunk=%d: a FileWriter without processor got %d bytes, a plain writer %d (equal: %v)",
					n, chunk, ng, nw, bytes.Equal(want.Bytes(), got.Bytes()))
			}
		}
	}
}

func TestChunkedIntCoderFileWriterNoCopy(t *testing.T) {
	const n = 20000 // docs of one term: about 80 KB of encoded values
	c := newChunkedIntCoder(1024, 3*n)
	fw := NewFileWriterEmpty(NewCountHashWriter(io.Discard))
	r := rand.New(rand.NewSource(1))
	term := func() {
		fillCoder(c, r, n)
		if _, err := c.Write(fw); err != nil {
			t.Fatal(err)
		}
		c.Reset()
	}
	term() // grows the coder's buffers once
	if a := testing.AllocsPerRun(20, term); a > 0 {
		t.Errorf("%.1f allocations per term once the buffers have grown, want 0: Write copies the postings", a)
	}
}
