package coding

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

func randomCodings(r *rand.Rand, n int) []Coding {
	codes := []string{"Trust", "Showing up", "Warm handoff", "Zoë’s “code” <&>"}
	coders := []string{"alice", "bob"}
	var cs []Coding
	for i := 0; i < n; i++ {
		start := r.IntN(50)
		cs = append(cs, Coding{
			ID: fmt.Sprintf("%012x", r.Uint64()&0xffffffffffff), Code: codes[r.IntN(len(codes))], Source: "P01",
			Turn: 1 + r.IntN(5), Start: start, End: start + 1 + r.IntN(20), Quote: fmt.Sprintf("quote %d “x”", i),
			Coder: coders[r.IntN(2)], Created: time.Date(2026, 1, 1, 0, 0, i, 0, time.FixedZone("X", 3600)),
		})
	}
	return cs
}

// TestInsertSortedMatchesEncode: inserting into the canonical file gives
// exactly what encoding everything would.
func TestInsertSortedMatchesEncode(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 300; trial++ {
		cs := randomCodings(r, r.IntN(40))
		c := randomCodings(r, 1)[0]
		dup := false
		for _, x := range cs {
			dup = dup || SameSpan(x, c)
		}
		got, added, err := InsertSorted(EncodeJSONL(cs), c)
		if err != nil {
			t.Fatal(err)
		}
		if added == dup {
			t.Fatalf("trial %d: added = %v with duplicate = %v", trial, added, dup)
		}
		want := EncodeJSONL(cs)
		if added {
			want = EncodeJSONL(append(cs, c))
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("trial %d:\n got %s\nwant %s", trial, got, want)
		}
	}
}

func TestInsertSortedFindsDuplicates(t *testing.T) {
	c := Coding{ID: "aaaaaaaaaaaa", Code: "Trust", Source: "P01", Turn: 2, Start: 3, End: 9, Quote: "abcdef", Coder: "alice"}
	data := EncodeJSONL([]Coding{c})
	other := c
	other.ID, other.Code, other.Coder = "bbbbbbbbbbbb", "TRUST", "Alice" // same code and coder, other case
	out, added, err := InsertSorted(data, other)
	if err != nil || added || !bytes.Equal(out, data) {
		t.Fatalf("a duplicate was added: %v %v\n%s", added, err, out)
	}
}

func TestInsertSortedRefusesNonCanonical(t *testing.T) {
	c := Coding{ID: "aaaaaaaaaaaa", Code: "Trust", Source: "P01", Turn: 2, Start: 3, End: 9, Quote: "abcdef", Coder: "alice"}
	good := EncodeJSONL([]Coding{c})
	for name, data := range map[string][]byte{
		"torn":        good[:len(good)-5],
		"no line end": bytes.TrimSuffix(good, []byte("\n")),
		"bad line":    append(append([]byte{}, good...), "{\"id\":\"x\", oops\n"...),
		"other order": []byte(`{"code":"Trust","id":"x"}` + "\n"),
	} {
		if _, _, err := InsertSorted(data, c); !errors.Is(err, ErrNotCanonical) {
			t.Errorf("%s: err = %v, want ErrNotCanonical", name, err)
		}
	}
}
