package corpus

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestDecodeEntitiesWorked pins the character references of cue text.
func TestDecodeEntitiesWorked(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a &amp; b", "a & b"},
		{"&lt;v&gt;", "<v>"},
		{"&#233;t&#xE9;&#XE9;", "étéé"},
		{"&#65;", "A"},
		{"&#;", "&#;"},
		{"&#x;", "&#x;"},
		{"&;", "&;"},
		{"&a;", "&a;"},
		{"&unknown;", "&unknown;"},
		{"&#1114112;", "\uFFFD"}, // past U+10FFFF
		{"&#xD800;", "\uFFFD"},   // a surrogate
		{"&#xZZ;", "&#xZZ;"},
		{"&amp", "&amp"},
		{"&&amp;", "&&"},
		{"x &#0000000065; y", "x &#0000000065; y"}, // the ';' is past the 12-byte window
		{"x &#000000065; y", "x A y"},              // 11 bytes before the ';'
		{"&nbsp;&quot;&apos;", "\u00a0\"'"},
		{"end &", "end &"},
	}
	for _, tc := range tests {
		if got := decodeEntities(tc.in); got != tc.want {
			t.Errorf("decodeEntities(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestReadTagWorked pins what counts as a markup tag in cue text.
func TestReadTagWorked(t *testing.T) {
	tests := []struct {
		in  string
		tag string
		n   int
	}{
		{"<i>x", "i", 3},
		{"<v Ann>hi", "v Ann", 7},
		{"</v>", "/v", 4},
		{"<00:01.000>a", "00:01.000", 11},
		{"<a>", "a", 3},
		{"<z>", "z", 3},
		{"<A>", "A", 3},
		{"<Z>", "Z", 3},
		{"<9>", "9", 3},
		{"<>", "", 0},
		{"< i>", "", 0},
		{"<@>", "", 0},
		{"<[>", "", 0},
		{"<`>", "", 0},
		{"<{>", "", 0},
		{"<:>", "", 0},
		{"<.>", "", 0},
		{"<i<b>", "", 0},
		{"<i\n>", "", 0},
		{"<i", "", 0},
		{"<" + strings.Repeat("b", 509) + ">", strings.Repeat("b", 509), 511},
		{"<" + strings.Repeat("b", 510) + ">", strings.Repeat("b", 510), 512},
		{"<" + strings.Repeat("b", 511) + ">", "", 0},
	}
	for _, tc := range tests {
		tag, n := readTag(tc.in)
		if tag != tc.tag || n != tc.n {
			t.Errorf("readTag(%.20q) = %.20q, %d; want %.20q, %d", tc.in, tag, n, tc.tag, tc.n)
		}
	}
}

// TestVoiceTagWorked pins the WebVTT voice tags.
func TestVoiceTagWorked(t *testing.T) {
	tests := []struct {
		in   string
		name string
		ok   bool
	}{
		{"v Ann", "Ann", true},
		{"V Ann Lee", "Ann Lee", true},
		{"v.loud Ann", "Ann", true},
		{"v\tAnn", "Ann", true},
		{"v", "", true},
		{"v.loud", "", true},
		{"vx Ann", "", false},
		{"i", "", false},
		{"", "", false},
		{"v Zo&euml;", "Zo&euml;", true},
		{"v Ann &amp; Bo", "Ann & Bo", true},
	}
	for _, tc := range tests {
		name, ok := voiceTag(tc.in)
		if name != tc.name || ok != tc.ok {
			t.Errorf("voiceTag(%q) = %q, %v; want %q, %v", tc.in, name, ok, tc.name, tc.ok)
		}
	}
}

// TestCutDashWorked pins the dialogue dashes.
func TestCutDashWorked(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"- Yes", "Yes", true},
		{"– Yes", "Yes", true},
		{"— Yes", "Yes", true},
		{"-Yes", "Yes", true},
		{"-yes", "yes", true},
		{"-a", "a", true},
		{"-z", "z", true},
		{"-A", "A", true},
		{"-Z", "Z", true},
		{"-5 degrees", "-5 degrees", false},
		{"-@", "-@", false},
		{"-[", "-[", false},
		{"-`", "-`", false},
		{"-{", "-{", false},
		{"-", "-", false},
		{"Yes", "Yes", false},
	}
	for _, tc := range tests {
		got, ok := cutDash(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("cutDash(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// TestStripASSWorked pins the removal of SubStation Alpha override blocks.
func TestStripASSWorked(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{\an8}Hello`, "Hello"},
		{`a{\i1}b{\i0}c`, "abc"},
		{`{\an8`, `{\an8`},
		{`{x}`, `{x}`},
		{`a{\b1}`, "a"},
	}
	for _, tc := range tests {
		if got := stripASS(tc.in); got != tc.want {
			t.Errorf("stripASS(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestCueLineKinds pins the small predicates of the cue scanner.
func TestCueLineKinds(t *testing.T) {
	for _, tc := range []struct {
		in  string
		vtt bool
		ok  bool
	}{
		{"12", false, true},
		{"1a2b-3/12-0", true, true},
		{"AZaz09-_./", true, true},
		{"1a2b-3/12-0", false, false},
		{"abc-def", true, false},
		{"123abc", true, false},
		{"1a2b 3/12-0", true, false},
		{"1a@b-3", true, false},
		{"1a[b-3", true, false},
		{"1a`b-3", true, false},
		{"1a{b-3", true, false},
		{"1a:b-3", true, false},
	} {
		if got := idLike(tc.in, tc.vtt); got != tc.ok {
			t.Errorf("idLike(%q, %v) = %v, want %v", tc.in, tc.vtt, got, tc.ok)
		}
	}
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{"WEBVTT", true},
		{"\ufeffWEBVTT - title", true},
		{"webvtt\tx", true},
		{"WEBVTT-x", true},
		{"WEBVTTX", false},
		{"WEBVT", false},
		{"", false},
	} {
		if got := isWebVTTHeader(tc.in); got != tc.ok {
			t.Errorf("isWebVTTHeader(%q) = %v, want %v", tc.in, got, tc.ok)
		}
	}
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{"NOTE", true},
		{"NOTE this", true},
		{"STYLE\tx", true},
		{"REGION", true},
		{"NOTES", false},
		{"NOT", false},
	} {
		if got := isBlockKeyword(tc.in); got != tc.ok {
			t.Errorf("isBlockKeyword(%q) = %v, want %v", tc.in, got, tc.ok)
		}
	}
	for _, tc := range []struct {
		in     string
		inside bool
		ok     bool
	}{
		{"00:01 --> 00:02", false, true},
		{"a --> b", false, true},
		{"a --> b", true, false},
		{"0 --> b", true, true},
		{"9 --> b", true, true},
		{"00:01 -> 00:02", false, true},
		{"00:01 -> 00:02", true, false},
		{"x:01 -> 00:02", false, false},
		{"0001 -> 0002", false, false},
		{"/:01 -> 00:02", false, false},
		{"::01 -> 00:02", false, false},
	} {
		if got := timingAttempt(tc.in, tc.inside); got != tc.ok {
			t.Errorf("timingAttempt(%q, %v) = %v, want %v", tc.in, tc.inside, got, tc.ok)
		}
	}
}

// TestParseTimingColumns pins the column (in code points, 1-based) that a
// malformed timing line's error names, and the times it reads.
func TestParseTimingColumns(t *testing.T) {
	bad := []struct {
		in   string
		col  int
		want string
	}{
		{"00:01.000 -> 00:02.000", 11, `the arrow must be "-->"`},
		{"00:01.000 00:02.000", 1, `the arrow must be "-->"`},
		{" --> 00:02.000", 2, "the start time is missing"},
		{"  0x:01.000 --> 00:02.000", 3, `start time "0x:01.000"`},
		{"\ufeff0x:01 --> 00:02", 2, "start time"},
		{"00:01.000 -->", 14, "the end time is missing"},
		{"00:01.000 -->  \t 0x", 18, `end time "0x"`},
		{"\ufeff00:01 --> 0x", 12, `end time "0x"`},
		{"00:01.000 -->00:0x align:start", 14, `end time "00:0x"`},
	}
	for _, tc := range bad {
		_, _, err := parseTiming(tc.in, 7, true)
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Line != 7 || pe.Column != tc.col || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("parseTiming(%q) = %v (%+v), want line 7, column %d, %q", tc.in, err, pe, tc.col, tc.want)
		}
	}
	long := "00:01.000 --> " + strings.Repeat("9", 70)
	_, _, err := parseTiming(long, 1, false)
	if err == nil || !strings.Contains(err.Error(), `"00:01.000 --> `+strings.Repeat("9", 46)+`…"`) {
		t.Errorf("long line: %v, want the line cut at 60 bytes", err)
	}
	if err == nil || !strings.Contains(err.Error(), "00:00:01,000 --> 00:00:04,500") {
		t.Errorf("SubRip error without the SubRip example: %v", err)
	}
	s, e, err := parseTiming("  01:02.5 --> 1:00:00.250 line:0", 1, true)
	if err != nil || s != 62_500 || e != 3_600_250 {
		t.Errorf("parseTiming = %d, %d, %v; want 62500, 3600250", s, e, err)
	}
}

// vttTurns parses a WebVTT text and returns "speaker|start|end|text" per
// turn.
func vttTurns(t *testing.T, text string) ([]string, *Transcript) {
	t.Helper()
	tr, err := Parse("P1.vtt", []byte(text))
	if err != nil {
		t.Fatalf("%q: %v", text, err)
	}
	var out []string
	for _, tu := range tr.Turns {
		out = append(out, tu.Speaker+"|"+tu.Start+"|"+tu.End+"|"+tu.Text)
	}
	return out, tr
}

// TestScanCuesEdges pins the cue scanner where a file or a block ends early:
// leading blank lines, header metadata up to the end, a NOTE block at the
// end or right before a timing line, two timing lines in a row.
func TestScanCuesEdges(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"leading blank lines", "\n\nWEBVTT\n\n00:01.000 --> 00:02.000\nhello\n", []string{"|00:00:01.000|00:00:02.000|hello"}},
		{"note at the end", "WEBVTT\n\n00:01.000 --> 00:02.000\nhello\n\nNOTE the end", []string{"|00:00:01.000|00:00:02.000|hello"}},
		{"note before a timing line", "WEBVTT\n\nNOTE x\n00:01.000 --> 00:02.000\nhello\n", []string{"|00:00:01.000|00:00:02.000|hello"}},
		{"two timing lines", "WEBVTT\n\n00:01.000 --> 00:02.000\n00:02.000 --> 00:03.000\nhello\n", []string{"|00:00:02.000|00:00:03.000|hello"}},
	}
	for _, tc := range tests {
		got, _ := vttTurns(t, tc.text)
		if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	if _, err := Parse("P1.vtt", []byte("WEBVTT\nKind: captions")); !errors.Is(err, ErrNoText) {
		t.Errorf("header metadata to the end: %v, want ErrNoText", err)
	}
}

// TestCueTimesAtZero pins cue times of 00:00:00.000: a start and an end at
// zero are times, not "no time".
func TestCueTimesAtZero(t *testing.T) {
	got, _ := vttTurns(t, "WEBVTT\n\nAnn: hi\n\n00:00.000 --> 00:00.000\nAnn: more\n\n00:01.000 --> 00:02.000\nBo: yo\n\n00:02.000 --> 00:03.000\nBo: ok\n")
	want := []string{"Ann|00:00:00.000|00:00:00.000|hi more", "Bo|00:00:01.000|00:00:03.000|yo ok"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got %q, want %q", got, want)
	}
	got, tr := vttTurns(t, "WEBVTT\n\n00:00.000 --> 00:01.000\nno label\n\n00:01.000 --> 00:02.000\nAnn: hi\n\n00:02.000 --> 00:03.000\nBo: yo\n\n00:03.000 --> 00:04.000\nAnn: ok\n\n00:04.000 --> 00:05.000\nBo: fine\n")
	if len(got) != 5 || got[0] != "|00:00:00.000|00:00:01.000|no label" {
		t.Errorf("unlabelled cue at zero: %q", got)
	}
	n := 0
	for _, w := range tr.Diagnostics.Warnings {
		if w.Kind == WarnUnlabelledCue {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d unlabelled-cue warnings, want 1: %+v", n, tr.Diagnostics.Warnings)
	}
}

// TestCueStartLabelsShare pins the Zoom rule: when at least two cues have
// text and at least half of them start with a label, labels used once are
// speakers.
func TestCueStartLabelsShare(t *testing.T) {
	cue := func(i int, text string) string {
		return fmt.Sprintf("00:%02d.000 --> 00:%02d.500\n%s\n\n", i, i, text)
	}
	two := "WEBVTT\n\n" + cue(1, "Ann: hi") + cue(2, "Bo: yo")
	if got, _ := vttTurns(t, two); len(got) != 2 || !strings.HasPrefix(got[0], "Ann|") || !strings.HasPrefix(got[1], "Bo|") {
		t.Errorf("two labelled cues: %q", got)
	}
	half := "WEBVTT\n\n" + cue(1, "Ann: hi") + cue(2, "so") + cue(3, "Bo: yo") + cue(4, "then")
	got, tr := vttTurns(t, half)
	if len(got) != 4 || !strings.HasPrefix(got[0], "Ann|") || !strings.HasPrefix(got[2], "Bo|") {
		t.Errorf("half the cues labelled: %q", got)
	}
	// The file counts as labelled, so each unlabelled cue is said.
	n := 0
	for _, w := range tr.Diagnostics.Warnings {
		if w.Kind == WarnUnlabelledCue {
			n++
		}
	}
	if n != 2 {
		t.Errorf("half the cues labelled: %d unlabelled-cue warnings, want 2", n)
	}
	less := "WEBVTT\n\n" + cue(1, "Ann: hi") + cue(2, "so") + cue(3, "Bo: yo") + cue(4, "then") + cue(5, "and")
	if got, _ := vttTurns(t, less); strings.Contains(strings.Join(got, "\n"), "Ann|") {
		t.Errorf("fewer than half labelled: %q, want no speakers", got)
	}
}

// TestParseTimingEdges pins a line that starts with the arrow and the
// shortening of long lines at exactly 60 bytes.
func TestParseTimingEdges(t *testing.T) {
	_, _, err := parseTiming("--> 00:02.000", 1, true)
	if err == nil || !strings.Contains(err.Error(), "the start time is missing") {
		t.Errorf("line starting with the arrow: %v", err)
	}
	sixty := "00:01.000 --> " + strings.Repeat("9", 46)
	_, _, err = parseTiming(sixty, 1, true)
	if err == nil || strings.Contains(err.Error(), "…") || !strings.Contains(err.Error(), `"`+sixty+`"`) {
		t.Errorf("a 60-byte line is shown whole: %v", err)
	}
}
