package coding

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/grounded-qda/grounded/corpus"
)

// sameAsSlow reads data with ReadJSONL (the fast path for codings) and
// with the general encoding/json reader, and fails unless both give the
// same codings and the same error.
func sameAsSlow(t *testing.T, data []byte) {
	t.Helper()
	fast, ferr := ReadJSONL[Coding]("f.jsonl", bytes.NewReader(data))
	slow, serr := readJSONLSlow[Coding]("f.jsonl", data)
	if fmt.Sprint(ferr) != fmt.Sprint(serr) {
		t.Fatalf("errors differ on %.300q:\nfast: %v\nslow: %v", data, ferr, serr)
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Fatalf("codings differ on %.300q:\nfast: %.300v\nslow: %.300v", data, fast, slow)
	}
}

// awkwardCodings returns codings with awkward strings: quotes, escapes,
// control characters, HTML characters, non-ASCII, U+2028, long numbers.
func awkwardCodings(r *rand.Rand, n int) []Coding {
	words := []string{"trust", "peer \"support\"", `back\slash`, "tab\there", "line\nbreak", "<b>&</b>", "Zoë", "王芳", "\u2028", "naïve", ""}
	pick := func() string { return words[r.IntN(len(words))] + words[r.IntN(len(words))] }
	cs := make([]Coding, n)
	for i := range cs {
		cs[i] = Coding{
			ID: NewID(), Code: pick(), Source: fmt.Sprintf("P%d", r.IntN(5)),
			Turn: r.IntN(300), Start: r.IntN(1000), End: r.IntN(100000), Quote: pick(), Coder: pick(),
			Created: time.Unix(r.Int64N(4e9), r.Int64N(3)*int64(r.IntN(1e9))).UTC(),
		}
		if r.IntN(3) == 0 {
			cs[i].Memo = pick()
		}
		cs[i].Orphaned = r.IntN(5) == 0
	}
	return cs
}

// TestEncodeJSONLSameAsEncodingJSON: the encoder without reflection writes
// the bytes encoding/json writes.
func TestEncodeJSONLSameAsEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	cs := awkwardCodings(r, 3000)
	cs = append(cs, Coding{ID: "x", Created: time.Date(2026, 1, 2, 3, 4, 5, 120000000, time.FixedZone("X", 3600))})
	got := EncodeJSONL(cs)
	sorted := append([]Coding(nil), cs...)
	Sort(sorted)
	var want []byte
	for _, c := range sorted {
		c.Created = c.Created.UTC()
		want = AppendJSONL(want, c)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := range gl {
			if gl[i] != wl[i] {
				t.Fatalf("line %d:\ngot  %s\nwant %s", i+1, gl[i], wl[i])
			}
		}
	}
	sameAsSlow(t, got)
}

// TestReadCodingsFastSameAsSlow compares the two readers on files written
// by grounded, edited by hand and broken.
func TestReadCodingsFastSameAsSlow(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	file := EncodeJSONL(awkwardCodings(r, 500))
	sameAsSlow(t, file)
	lines := strings.SplitAfter(string(file), "\n")
	edits := []func(string) string{
		func(l string) string { return strings.Replace(l, `"turn":`, `"Turn":`, 1) },                  // other case
		func(l string) string { return strings.Replace(l, `"turn":`, `"turn":1,"turn":`, 1) },         // duplicate key
		func(l string) string { return strings.Replace(l, `"start":`, `"start":1,"x":`, 1) },          // unknown field
		func(l string) string { return strings.Replace(l, `"start":`, `"start":1.`, 1) },              // fraction
		func(l string) string { return strings.Replace(l, `"end":`, `"end":1e`, 1) },                  // exponent
		func(l string) string { return strings.Replace(l, `"turn":`, `"turn":0`, 1) },                 // leading zero
		func(l string) string { return strings.Replace(l, `"turn":`, `"turn":-`, 1) },                 // negative
		func(l string) string { return strings.Replace(l, `"end":`, `"end":99999999999999999`, 1) },   // overflow
		func(l string) string { return strings.Replace(l, `"created":"`, `"created":"x`, 1) },         // bad time
		func(l string) string { return strings.Replace(l, `"created":`, `"memo":"m","created":`, 1) }, // order
		func(l string) string { return strings.Replace(l, `}`, `,"orphaned":false}`, 1) },
		func(l string) string { return strings.Replace(l, `}`, `,"memo":""}`, 1) },
		func(l string) string { return strings.Replace(l, `}`, `} {}`, 1) },                     // two values
		func(l string) string { return strings.Replace(l, `"quote":"`, "\"quote\":\"\xff", 1) }, // invalid UTF-8
		func(l string) string { return strings.Replace(l, `"quote":"`, "\"quote\":\"\x01", 1) }, // control
		func(l string) string { return strings.Replace(l, `"quote":"`, `"quote":"\u00e9`, 1) },  // escape
		func(l string) string { return "  \t" + strings.TrimSuffix(l, "\n") + " \r\n" },
		func(l string) string { return strings.Replace(l, `,"code"`, "\n,\"code\"", 1) }, // two lines
		func(l string) string { return strings.Replace(l, `{`, `{"id":"d",`, 1) },
		func(l string) string { return "null\n" },
		func(l string) string { return "[]\n" },
		func(l string) string { return "\n\n" },
		func(l string) string { return l[:len(l)/2] },
	}
	for i, edit := range edits {
		for _, at := range []int{0, len(lines) / 2, len(lines) - 2} {
			t.Run(fmt.Sprint(i, "/", at), func(t *testing.T) {
				ls := append([]string(nil), lines...)
				ls[at] = edit(ls[at])
				sameAsSlow(t, []byte(strings.Join(ls, "")))
			})
		}
	}
	sameAsSlow(t, []byte(strings.TrimSuffix(string(file), "\n")))
	sameAsSlow(t, nil)
}

// FuzzReadCodingsFast is the differential fuzz target of the fast reader:
// on any input it must give the codings and the error of encoding/json.
func FuzzReadCodingsFast(f *testing.F) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, c := range awkwardCodings(r, 8) {
		f.Add(EncodeJSONL([]Coding{c}))
	}
	f.Add([]byte(`{"id":"a","code":"C","source":"P1","turn":1,"start":0,"end":2,"quote":"hi","coder":"alice","created":"2026-01-15T10:00:00Z","memo":"m","orphaned":true}` + "\n"))
	f.Add([]byte(`{"id":"a","code":"C","source":"P1","turn":-0,"start":0,"end":2,"quote":"hi","coder":"alice","created":"2026-01-15T10:00:00.5+01:00"}`))
	f.Add([]byte("{\"id\":\"a\"}\n{\"id\":\"b\",\"code\":1}\n"))
	f.Add([]byte(`{"id":"a","code":"C\/D","source":"P1","turn":1,"start":0,"end":2,"quote":"\"hi\"\b\f\n\r\t\\ \u00e9","coder":"alice","created":"2026-01-15T10:00:00Z"}` + "\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sameAsSlow(t, data)
		// A line the fast parser accepts decodes to the same coding.
		for _, line := range bytes.Split(data, []byte{'\n'}) {
			c, ok := parseCodingLine(line, &interner{})
			if !ok {
				continue
			}
			var want Coding
			dec := json.NewDecoder(bytes.NewReader(line))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&want); err != nil || !reflect.DeepEqual(c, want) {
				t.Fatalf("fast parse of %q = %#v; encoding/json: %#v, %v", line, c, want, err)
			}
		}
	})
}

// sameTurnsAsSlow is sameAsSlow for turns.
func sameTurnsAsSlow(t *testing.T, data []byte) {
	t.Helper()
	fast, ferr := ReadJSONL[corpus.Turn]("t.jsonl", bytes.NewReader(data))
	slow, serr := readJSONLSlow[corpus.Turn]("t.jsonl", data)
	if fmt.Sprint(ferr) != fmt.Sprint(serr) || !reflect.DeepEqual(fast, slow) {
		t.Fatalf("turns differ on %.300q:\nfast: %.300v, %v\nslow: %.300v, %v", data, fast, ferr, slow, serr)
	}
}

// TestReadTurnsFastSameAsSlow compares the two readers on turns written by
// grounded and edited.
func TestReadTurnsFastSameAsSlow(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	var file []byte
	for i := range 200 {
		c := awkwardCodings(r, 1)[0]
		tu := corpus.Turn{N: i + 1, Speaker: c.Coder, Text: c.Quote + c.Memo}
		if r.IntN(3) == 0 {
			tu.Start, tu.End = "00:00:01.000", "00:00:02.500"
		}
		file = AppendJSONL(file, tu)
	}
	sameTurnsAsSlow(t, file)
	lines := strings.SplitAfter(string(file), "\n")
	for i, edit := range []func(string) string{
		func(l string) string { return strings.Replace(l, `"n":`, `"n":0`, 1) },
		func(l string) string { return strings.Replace(l, `"n":`, `"N":`, 1) },
		func(l string) string { return strings.Replace(l, `"text":`, `"x":1,"text":`, 1) },
		func(l string) string { return strings.Replace(l, `"text":"`, "\"text\":\"\xfe", 1) },
		func(l string) string { return strings.Replace(l, `}`, `,"end":""}`, 1) },
		func(l string) string { return strings.Replace(l, `}`, `,"start":1}`, 1) },
		func(l string) string { return strings.Replace(l, `"n":`, `"text":"a","n":`, 1) },
		func(l string) string { return l[:len(l)/2] },
	} {
		for _, at := range []int{0, 100, len(lines) - 2} {
			t.Run(fmt.Sprint(i, "/", at), func(t *testing.T) {
				ls := append([]string(nil), lines...)
				ls[at] = edit(ls[at])
				sameTurnsAsSlow(t, []byte(strings.Join(ls, "")))
			})
		}
	}
}

// FuzzReadTurnsFast is the differential fuzz target of the turn reader.
func FuzzReadTurnsFast(f *testing.F) {
	f.Add([]byte(`{"n":1,"speaker":"Interviewer","text":"So, \"trust\"?","start":"00:00:01.000","end":"00:00:02.000"}` + "\n"))
	f.Add([]byte(`{"n":2,"speaker":"A","text":"plain"}` + "\n" + `{"n":3,"speaker":"","text":""}`))
	f.Fuzz(func(t *testing.T, data []byte) { sameTurnsAsSlow(t, data) })
}

// FuzzIsCodingLine: the allocation-free check accepts exactly the lines
// the parser accepts.
func FuzzIsCodingLine(f *testing.F) {
	r := rand.New(rand.NewPCG(15, 16))
	for _, c := range awkwardCodings(r, 8) {
		f.Add(bytes.TrimSuffix(EncodeJSONL([]Coding{c}), []byte{'\n'}))
	}
	f.Add([]byte(`{"id":"a","code":"C","source":"P1","turn":1,"start":0,"end":2,"quote":"hi","coder":"alice","created":"2026-01-15T10:00:00Z","memo":"m","orphaned":true}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		_, ok := parseCodingLine(line, &interner{})
		if isCodingLine(line) != ok {
			t.Fatalf("isCodingLine(%q) = %v, parseCodingLine %v", line, !ok, ok)
		}
	})
}
