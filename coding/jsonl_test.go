package coding

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

func TestReadJSONL(t *testing.T) {
	good := `{"id":"a","code":"C","source":"P1","turn":1,"start":0,"end":2,"quote":"hi","coder":"alice","created":"2026-01-15T10:00:00Z"}
{"id":"b","code":"C","source":"P1","turn":2,"start":0,"end":2,"quote":"ho","coder":"alice","created":"2026-01-15T10:00:00Z"}
`
	t.Run("good, blank lines and CRLF", func(t *testing.T) {
		in := strings.ReplaceAll(good, "\n", "\r\n") + "\n  \n"
		cs, err := ReadJSONL[Coding]("f.jsonl", strings.NewReader(in))
		if err != nil || len(cs) != 2 || cs[1].ID != "b" || cs[1].Created.Year() != 2026 {
			t.Fatalf("got %+v, %v", cs, err)
		}
	})
	t.Run("last line without a line end but complete", func(t *testing.T) {
		cs, err := ReadJSONL[Coding]("f.jsonl", strings.NewReader(strings.TrimSuffix(good, "\n")))
		if err != nil || len(cs) != 2 {
			t.Fatalf("got %d, %v", len(cs), err)
		}
	})
	t.Run("torn last line", func(t *testing.T) {
		in := good + `{"id":"c","code":"C","sou`
		cs, err := ReadJSONL[Coding]("codings/alice/P1.jsonl", strings.NewReader(in))
		var le *LineError
		if !errors.As(err, &le) {
			t.Fatalf("err = %v", err)
		}
		if !le.Torn || le.Line != 3 || le.File != "codings/alice/P1.jsonl" {
			t.Errorf("LineError = %+v", le)
		}
		if len(cs) != 2 || cs[0].ID != "a" || cs[1].ID != "b" {
			t.Errorf("the lines before the torn one were not returned: %+v", cs)
		}
		for _, want := range []string{"codings/alice/P1.jsonl:3: the last line is incomplete", "the lines before it are intact"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%q does not contain %q", err, want)
			}
		}
	})
	t.Run("bad middle line", func(t *testing.T) {
		lines := strings.SplitAfter(good, "\n")
		in := lines[0] + "\n{not json}\n" + lines[1]
		cs, err := ReadJSONL[Coding]("f.jsonl", strings.NewReader(in))
		var le *LineError
		if !errors.As(err, &le) || le.Torn || le.Line != 3 {
			t.Fatalf("err = %#v", err)
		}
		if len(cs) != 1 {
			t.Errorf("returned %d codings", len(cs))
		}
		if !strings.Contains(err.Error(), "f.jsonl:3: ") || !strings.Contains(err.Error(), "every line must be one JSON object") {
			t.Errorf("message %q", err)
		}
	})
	t.Run("unknown field", func(t *testing.T) {
		in := `{"id":"a","code":"C","colour":"red"}` + "\n"
		_, err := ReadJSONL[Coding]("f.jsonl", strings.NewReader(in))
		var le *LineError
		if !errors.As(err, &le) || le.Line != 1 || !strings.Contains(err.Error(), `unknown field "colour"`) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("two values on a line", func(t *testing.T) {
		_, err := ReadJSONL[Coding]("f.jsonl", strings.NewReader(`{"id":"a"} {"id":"b"}`+"\n"))
		if err == nil || !strings.Contains(err.Error(), "more than one JSON value") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("wrong type", func(t *testing.T) {
		_, err := ReadJSONL[Coding]("f.jsonl", strings.NewReader(`{"turn":"four"}`+"\n"))
		var le *LineError
		if !errors.As(err, &le) || le.Line != 1 {
			t.Fatalf("err = %v", err)
		}
	})
}

func sample() []Coding {
	t0 := time.Date(2026, 1, 15, 11, 0, 0, 0, time.FixedZone("CET", 3600))
	return []Coding{
		{ID: "z1", Code: "B", Source: "P2", Turn: 1, Start: 0, End: 3, Quote: "abc", Coder: "bob", Created: t0},
		{ID: "a1", Code: "A", Source: "P1", Turn: 3, Start: 5, End: 9, Quote: "<&>\"", Coder: "alice", Created: t0, Memo: "m"},
		{ID: "a2", Code: "A", Source: "P1", Turn: 3, Start: 5, End: 9, Quote: "<&>\"", Coder: "alice", Created: t0, Orphaned: true},
		{ID: "a0", Code: "B", Source: "P1", Turn: 3, Start: 5, End: 9, Quote: "<&>\"", Coder: "alice", Created: t0},
		{ID: "a3", Code: "A", Source: "P1", Turn: 0, Start: 50, End: 60, Quote: "Zoë’s “tr", Coder: "alice", Created: t0},
		{ID: "a4", Code: "A", Source: "P1", Turn: 3, Start: 2, End: 9, Quote: "x", Coder: "alice", Created: t0},
		{ID: "a5", Code: "A", Source: "P1", Turn: 3, Start: 2, End: 8, Quote: "x", Coder: "alice", Created: t0},
	}
}

func TestEncodeJSONL(t *testing.T) {
	cs := sample()
	out := EncodeJSONL(cs)
	want := `{"id":"a3","code":"A","source":"P1","turn":0,"start":50,"end":60,"quote":"Zoë’s “tr","coder":"alice","created":"2026-01-15T10:00:00Z"}
{"id":"a5","code":"A","source":"P1","turn":3,"start":2,"end":8,"quote":"x","coder":"alice","created":"2026-01-15T10:00:00Z"}
{"id":"a4","code":"A","source":"P1","turn":3,"start":2,"end":9,"quote":"x","coder":"alice","created":"2026-01-15T10:00:00Z"}
{"id":"a1","code":"A","source":"P1","turn":3,"start":5,"end":9,"quote":"<&>\"","coder":"alice","created":"2026-01-15T10:00:00Z","memo":"m"}
{"id":"a2","code":"A","source":"P1","turn":3,"start":5,"end":9,"quote":"<&>\"","coder":"alice","created":"2026-01-15T10:00:00Z","orphaned":true}
{"id":"a0","code":"B","source":"P1","turn":3,"start":5,"end":9,"quote":"<&>\"","coder":"alice","created":"2026-01-15T10:00:00Z"}
{"id":"z1","code":"B","source":"P2","turn":1,"start":0,"end":3,"quote":"abc","coder":"bob","created":"2026-01-15T10:00:00Z"}
`
	if string(out) != want {
		t.Errorf("EncodeJSONL =\n%s\nwant\n%s", out, want)
	}
	if cs[0].ID != "z1" {
		t.Error("EncodeJSONL sorted its argument in place")
	}
	// Any input order gives the same bytes.
	for i := range 20 {
		r := rand.New(rand.NewPCG(uint64(i), 1))
		shuffled := sample()
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		if got := EncodeJSONL(shuffled); !bytes.Equal(got, out) {
			t.Fatalf("order %d gives different bytes:\n%s", i, got)
		}
	}
	// And it reads back to the same codings.
	back, err := ReadJSONL[Coding]("f", bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(EncodeJSONL(back), out) {
		t.Error("round trip differs")
	}
	if EncodeJSONL(nil) != nil {
		t.Error("no codings should encode to nothing")
	}
}

func TestSameSpanOverlaps(t *testing.T) {
	a := Coding{Code: "Trust", Source: "P1", Turn: 2, Start: 0, End: 5, Coder: "Alice"}
	b := a
	b.Code, b.Coder, b.ID = " trust ", "alice", "other"
	if !SameSpan(a, b) {
		t.Error("SameSpan should ignore case and spacing of code and coder")
	}
	b.End = 6
	if SameSpan(a, b) {
		t.Error("different spans are not the same")
	}
	if !Overlaps(a, b) {
		t.Error("0-5 and 0-6 overlap")
	}
	c := a
	c.Start, c.End = 5, 9
	if Overlaps(a, c) {
		t.Error("0-5 and 5-9 do not overlap")
	}
	c.Turn = 3
	if Overlaps(a, b) == Overlaps(a, c) {
		t.Error("different turns never overlap")
	}
	if id := NewID(); len(id) != 12 || id == NewID() {
		t.Errorf("NewID = %q", id)
	}
}
