package corpus

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// lower sets a limit for one test.
func lower[T any](t *testing.T, p *T, v T) {
	old := *p
	*p = v
	t.Cleanup(func() { *p = old })
}

func TestFileTooLarge(t *testing.T) {
	data := make([]byte, MaxFileSize+1)
	for i := range data {
		data[i] = 'a'
	}
	_, err := Parse("huge.txt", data)
	var pe *ParseError
	if !errors.As(err, &pe) || !errors.Is(err, ErrTooLarge) || pe.File != "huge.txt" {
		t.Fatalf("got %v", err)
	}
	if !strings.Contains(err.Error(), "64 MB") {
		t.Errorf("the message does not name the limit: %v", err)
	}
	if _, err := Parse("ok.txt", data[:1000]); err != nil {
		t.Errorf("small file: %v", err)
	}
}

// alternating returns a text transcript of n turns of two speakers.
func alternating(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "%s: turn %d\n", []string{"Interviewer", "Participant"}[i%2], i+1)
	}
	return b.String()
}

func TestTooManyTurns(t *testing.T) {
	lower(t, &maxTurns, 10)
	var vtt, docx strings.Builder
	vtt.WriteString("WEBVTT\n\n")
	for i := range 11 {
		fmt.Fprintf(&vtt, "00:00:%02d.000 --> 00:00:%02d.500\n<v %s>turn %d\n\n", i, i, []string{"Ann", "Bo"}[i%2], i)
		docx.WriteString(para(run(fmt.Sprintf("%s: turn %d", []string{"Interviewer", "Participant"}[i%2], i), false)))
	}
	cases := map[string][]byte{
		"many.txt":  []byte(alternating(11)),
		"many.md":   []byte(alternating(11)),
		"many.vtt":  []byte(vtt.String()),
		"many.docx": buildDocx(t, docx.String(), nil),
	}
	for name, data := range cases {
		_, err := Parse(name, data)
		var pe *ParseError
		if !errors.As(err, &pe) || !errors.Is(err, ErrTooLarge) || pe.File != name || !strings.Contains(err.Error(), "more than 10 turns") {
			t.Errorf("%s: got %v", name, err)
		}
	}
	tr, err := Parse("ten.txt", []byte(alternating(10)))
	if err != nil || len(tr.Turns) != 10 {
		t.Fatalf("10 turns: %v", err)
	}
}

func TestLongTurnSplit(t *testing.T) {
	lower(t, &maxTurnChars, 100)
	sentence := "We talked about trust, and the handoff went well. " // 50 code points
	long := strings.TrimSpace(strings.Repeat(sentence, 7))
	text := "[00:00:01] Interviewer: How was it?\n[00:00:05] Participant: " + long + "\nInterviewer: Thanks.\n"
	tr, err := Parse("long.txt", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i, tu := range tr.Turns {
		if tu.N != i+1 {
			t.Errorf("turn %d numbered %d", i+1, tu.N)
		}
		if tu.Len() > 100 {
			t.Errorf("turn %d has %d characters", tu.N, tu.Len())
		}
		if tu.Speaker == "Participant" {
			got = append(got, tu.Text)
			if !strings.HasSuffix(tu.Text, ".") {
				t.Errorf("turn %d not cut at a sentence end: %q", tu.N, tu.Text)
			}
		}
	}
	if len(tr.Turns) != 6 || len(got) != 4 {
		t.Fatalf("got %d turns, %d of the participant: %+v", len(tr.Turns), len(got), tr.Turns)
	}
	if j := strings.Join(got, " "); j != long {
		t.Errorf("the pieces do not give the turn back:\n%q\n%q", j, long)
	}
	if tr.Turns[1].Start != "00:00:05.000" || tr.Turns[2].Start != "" {
		t.Errorf("starts %q %q", tr.Turns[1].Start, tr.Turns[2].Start)
	}
	var w *Warning
	for i := range tr.Diagnostics.Warnings {
		if tr.Diagnostics.Warnings[i].Kind == WarnTurnSplit {
			w = &tr.Diagnostics.Warnings[i]
		}
	}
	if w == nil || !strings.Contains(w.Message, "turns 2 to 5") || !strings.Contains(w.Message, "of Participant had 349 characters") {
		t.Fatalf("warning %+v in %+v", w, tr.Diagnostics.Warnings)
	}
	if tr.Diagnostics.Turns != 6 {
		t.Errorf("diagnostics count %d turns", tr.Diagnostics.Turns)
	}
}

func TestCutText(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want []string
	}{
		{"aaaa bbbb cccc", 9, []string{"aaaa bbbb", "cccc"}},
		{"abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"Yes. No way at all", 12, []string{"Yes. No way", "at all"}},
		{"One. Two three. Four", 17, []string{"One. Two three.", "Four"}},
		{"äöü äöü", 3, []string{"äöü", "äöü"}},
	} {
		if got := cutText(tc.in, tc.n); strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("cutText(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
	}
}

// allocated returns the bytes f allocates.
func allocated(f func()) uint64 {
	var a, b runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&a)
	f()
	runtime.ReadMemStats(&b)
	return b.TotalAlloc - a.TotalAlloc
}

// TestParseAllocations bounds the bytes Parse allocates per byte of text,
// so that a copy too many (a string made of every token, a builder that
// copies the whole text again) fails here rather than in memory
// measurements of the binary.
func TestParseAllocations(t *testing.T) {
	var body strings.Builder
	for body.Len() < 4<<20 {
		body.WriteString(para(run("Participant: "+strings.Repeat("we talked about the handoff and trust. ", 40), false)))
		body.WriteString(para(run("Interviewer: go on.", false)))
	}
	docx := buildDocx(t, body.String(), nil)
	onePara := buildDocx(t, para(run("Participant: "+strings.Repeat("we talked about the handoff and trust. ", 100_000), false)), nil)
	text := []byte(alternating(100_000))
	long := []byte("Participant: " + strings.Repeat("we talked about the handoff and trust. ", 100_000))
	for _, tc := range []struct {
		name string
		data []byte
		size int
		max  float64 // allocated bytes per byte of document.xml or file
	}{
		{"long.docx", docx, body.Len(), 5},
		{"onepara.docx", onePara, 3900000, 5.5},
		{"many.txt", text, len(text), 14},
		{"long.txt", long, len(long), 4},
	} {
		n := allocated(func() {
			if _, err := Parse(tc.name, tc.data); err != nil {
				t.Fatal(err)
			}
		})
		per := float64(n) / float64(tc.size)
		t.Logf("%s: %d bytes, %.1f bytes allocated per byte", tc.name, tc.size, per)
		if per > tc.max {
			t.Errorf("%s: Parse allocated %.1f bytes per byte of input, more than %.0f", tc.name, per, tc.max)
		}
	}
}

// FuzzCutText: the pieces are non-empty, at most n code points long, and
// hold every character of the text but the white space at the cuts.
func FuzzCutText(f *testing.F) {
	f.Add("We talked. Then we went on and on", 10)
	f.Add("aaaa bbbb cccc", 9)
	f.Add("äöü\näöü  x", 3)
	f.Add("word", 1)
	f.Fuzz(func(t *testing.T, s string, n int) {
		if n < 1 || n > 200 || !utf8.ValidString(s) {
			t.Skip()
		}
		pieces := cutText(s, n)
		noSpace := func(s string) string {
			return strings.Map(func(r rune) rune {
				if unicode.IsSpace(r) {
					return -1
				}
				return r
			}, s)
		}
		for _, p := range pieces {
			if p == "" || utf8.RuneCountInString(p) > n {
				t.Fatalf("cutText(%q, %d): piece %q", s, n, p)
			}
		}
		if got, want := noSpace(strings.Join(pieces, "")), noSpace(s); got != want {
			t.Fatalf("cutText(%q, %d) = %q loses text", s, n, pieces)
		}
	})
}
