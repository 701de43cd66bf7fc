package coding

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/grounded-qda/grounded/corpus"
)

// The tests in this file pin what the fast JSON Lines path promises beyond
// "same result as encoding/json" (which fastjsonl_test.go checks): that it
// is actually taken for the lines grounded writes, so that opening a large
// project does not silently fall back to the slow reader, and that it
// refuses a torn line without reading past its end.

// canonicalCodingLines are coding lines in the layout EncodeJSONL writes,
// with the awkward parts the fast parser must still take: escapes, spaces
// after an escape, negative numbers, zero, the digit 9, an 18-digit
// number, a memo, orphaned.
var canonicalCodingLines = []string{
	`{"id":"a","code":"Peer trust","source":"P1","turn":1,"start":0,"end":29,"quote":"we just kept showing up","coder":"alice","created":"2026-01-15T10:00:00Z"}`,
	`{"id":"b","code":"C","source":"P1","turn":-3,"start":-90,"end":123456789012345678,"quote":"\"hi\" \\ a\/b\n\tc\r\b\f end","coder":"bob","created":"2026-01-15T10:00:00.5+01:00","memo":"a memo","orphaned":true}`,
	`{"id":"c","code":"Zoë","source":"P2","turn":9,"start":10,"end":99,"quote":"naïve 王芳","coder":"ann","created":"0001-01-01T00:00:00Z","memo":"m"}`,
}

// TestFastPathTakesCanonicalLines: every line in grounded's own layout is
// parsed by the fast parser (not handed to encoding/json), to exactly the
// coding encoding/json decodes.
func TestFastPathTakesCanonicalLines(t *testing.T) {
	for _, line := range canonicalCodingLines {
		got, ok := parseCodingLine([]byte(line), &interner{})
		if !ok {
			t.Errorf("the fast parser refused a canonical line: %s", line)
			continue
		}
		if !isCodingLine([]byte(line)) {
			t.Errorf("isCodingLine refused a canonical line: %s", line)
		}
		var want Coding
		if err := json.Unmarshal([]byte(line), &want); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("fast parse of %s\n got %#v\nwant %#v", line, got, want)
		}
	}
}

// TestFastPathTakesTurnLines is TestFastPathTakesCanonicalLines for turns.
func TestFastPathTakesTurnLines(t *testing.T) {
	for _, line := range []string{
		`{"n":1,"speaker":"Interviewer","text":"So, \"trust\"? \\ yes\n"}`,
		`{"n":12,"speaker":"P","text":"plain words","start":"00:00:01.000","end":"00:00:02.500"}`,
		`{"n":9,"speaker":"P","text":"","start":"00:00:01.000"}`,
	} {
		got, ok := parseTurnLine([]byte(line), &interner{})
		if !ok {
			t.Errorf("the fast parser refused a canonical turn line: %s", line)
			continue
		}
		var want corpus.Turn
		if err := json.Unmarshal([]byte(line), &want); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("fast parse of %s\n got %#v\nwant %#v", line, got, want)
		}
	}
}

// TestFastPathRefusesTornLines: a line cut anywhere (a crash, a full disk)
// is refused by the fast parsers, without reading past its end, so the
// general reader reports it.
func TestFastPathRefusesTornLines(t *testing.T) {
	lines := append([]string{
		`{"id":"a","code":"C","source":"P1","turn":1,"start":0,"end":2,"quote":"a\\b\"c","coder":"x","created":"2026-01-15T10:00:00Z"}`,
	}, canonicalCodingLines...)
	for _, line := range lines {
		for n := range len(line) {
			b := []byte(line[:n])
			b = b[:n:n] // nothing readable past the end
			if _, ok := parseCodingLine(b, &interner{}); ok {
				t.Errorf("the fast parser took the torn line %s", b)
			}
			if isCodingLine(b) {
				t.Errorf("isCodingLine took the torn line %s", b)
			}
		}
	}
	turn := `{"n":1,"speaker":"P","text":"a \"b\\","start":"1","end":"2"}`
	for n := range len(turn) {
		b := []byte(turn[:n])
		if _, ok := parseTurnLine(b[:n:n], &interner{}); ok {
			t.Errorf("the fast parser took the torn turn line %s", b)
		}
	}
}

// TestFastPathNumbers: integers as encoding/json reads them into an int,
// and the refusals that hand a number to encoding/json.
func TestFastPathNumbers(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
		ok   bool
	}{
		{"0,", 0, true}, {"9,", 9, true}, {"-7,", -7, true}, {"1090,", 1090, true},
		{"123456789012345678,", 123456789012345678, true},
		{"1234567890123456789,", 0, false}, // 19 digits: could overflow
		{"01,", 0, false}, {"-,", 0, false}, {",", 0, false},
		{"1.5,", 0, false}, {"1e3,", 0, false}, {"1E3,", 0, false},
	} {
		p := lineParser{b: []byte(tc.in), ok: true}
		got := p.int()
		if p.ok != tc.ok || got != tc.want {
			t.Errorf("int(%q) = %d, %v; want %d, %v", tc.in, got, p.ok, tc.want, tc.ok)
		}
		if p.ok && p.b[p.pos] != ',' {
			t.Errorf("int(%q) stopped at %d, want at the comma", tc.in, p.pos)
		}
	}
}

// TestPlainStringMatchesEncodingJSON: plainString is true exactly when
// encoding/json writes the string unchanged between quotes.
func TestPlainStringMatchesEncodingJSON(t *testing.T) {
	for _, s := range []string{
		"", "trust", "with space", "~", "Zoë", "王芳", "\uFFFD", "<b>&</b>",
		"\x1f", "\x7f", "tab\t", "q\"", `back\`, "\x80", "a\xffb", "\xe2\x80",
		"\u2028", "\u2029", "\u2027",
	} {
		enc, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		enc = bytes.ReplaceAll(enc, []byte(`\u003c`), []byte("<"))
		enc = bytes.ReplaceAll(enc, []byte(`\u003e`), []byte(">"))
		enc = bytes.ReplaceAll(enc, []byte(`\u0026`), []byte("&"))
		want := string(enc) == `"`+s+`"`
		if got := plainString(s); got != want {
			t.Errorf("plainString(%q) = %v, want %v (encoding/json writes %s)", s, got, want, enc)
		}
	}
}

// TestAppendCodingLineYears: the encoder without reflection writes every
// year encoding/json can write, with the same bytes.
func TestAppendCodingLineYears(t *testing.T) {
	for _, year := range []int{0, 1, 2026, 9999} {
		c := Coding{ID: "a", Code: "C", Source: "P1", Turn: 1, End: 2, Quote: "hi", Coder: "x",
			Created: time.Date(year, 3, 4, 5, 6, 7, 0, time.UTC)}
		got, ok := appendCodingLine(nil, c)
		if !ok {
			t.Errorf("year %d: the fast encoder refused it", year)
			continue
		}
		if want := AppendJSONL(nil, c); !bytes.Equal(got, want) {
			t.Errorf("year %d:\n got %s\nwant %s", year, got, want)
		}
	}
	if _, ok := appendCodingLine(nil, Coding{Created: time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC)}); ok {
		t.Error("year -1 was written by the fast encoder; encoding/json refuses it")
	}
}

// TestTrimSpaceAtTheEnd: trimming a line that ends in white space and has
// no room after it (the last line of a file without a line end).
func TestTrimSpaceAtTheEnd(t *testing.T) {
	for in, want := range map[string]string{"x ": "x", " \tx \r": "x", "  ": "", "": ""} {
		b := []byte(in)
		if got := string(trimSpace(b[:len(b):len(b)])); got != want {
			t.Errorf("trimSpace(%q) = %q, want %q", in, got, want)
		}
	}
	data := []byte(canonicalCodingLines[0] + " \t")
	sameAsSlow(t, data[:len(data):len(data)])
}

// TestSpreadValueAfterBlankLine: a JSON value spread over several lines is
// an error, also when a blank line comes before it (the fast reader must
// not take the rest of the file for one line).
func TestSpreadValueAfterBlankLine(t *testing.T) {
	spread := strings.Replace(canonicalCodingLines[0], `,"code"`, "\n,\"code\"", 1)
	for _, data := range []string{"\n" + spread, "\n\n" + spread + "\n", canonicalCodingLines[2] + "\n\n" + spread} {
		_, err := ReadJSONL[Coding]("f.jsonl", strings.NewReader(data))
		if err == nil || !strings.Contains(err.Error(), "spans several lines") {
			t.Errorf("a value spread over lines after a blank line: %v, want a 'spans several lines' error", err)
		}
		sameAsSlow(t, []byte(data))
	}
}
