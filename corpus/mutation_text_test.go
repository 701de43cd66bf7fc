package corpus

import (
	"strings"
	"testing"
)

// TestStandaloneNameWorked pins speaker names alone on a line: emphasis
// and, in Markdown, ATX headings of one to six '#'.
func TestStandaloneNameWorked(t *testing.T) {
	tests := []struct {
		in   string
		md   bool
		name string
		ok   bool
	}{
		{"**Ann**", false, "Ann", true},
		{"__Ann__", false, "Ann", true},
		{"**Ann:**", false, "Ann", true},
		{"**Ann**:", false, "", false},
		{"**A**", false, "A", true},
		{"****", false, "", false},
		{"**", false, "", false},
		{"***", false, "", false},
		{"__", false, "", false},
		{"**a**b**", false, "", false},
		{"Ann", false, "", false},
		{"# Ann", true, "Ann", true},
		{"###### Ann", true, "Ann", true},
		{"####### Ann", true, "", false},
		{"#Ann", true, "", false},
		{"## **Ann** ##", true, "Ann", true},
		{"#", true, "", false},
		{"# Ann", false, "", false},
		{"## Ann：", true, "Ann", true},
	}
	for _, tc := range tests {
		name, ok := standaloneName(tc.in, tc.md)
		if name != tc.name || ok != tc.ok {
			t.Errorf("standaloneName(%q, %v) = %q, %v; want %q, %v", tc.in, tc.md, name, ok, tc.name, tc.ok)
		}
	}
}

// TestLineHeadCut pins the part of a line searched for a label: the first
// labelScan+64 bytes after leading blanks, cut at a character boundary.
func TestLineHeadCut(t *testing.T) {
	n := labelScan + 64
	ascii := strings.Repeat("a", n)
	if got := lineHead("  \t" + ascii); got != ascii {
		t.Errorf("exactly %d bytes: got %d", n, len(got))
	}
	if got := lineHead(ascii + "b"); got != ascii {
		t.Errorf("%d+1 bytes: got %d", n, len(got))
	}
	// é is 2 bytes: n-1 ASCII bytes then é straddles the cut.
	s := strings.Repeat("a", n-1) + "é" + "x"
	if got := lineHead(s); got != strings.Repeat("a", n-1) {
		t.Errorf("cut inside é: got %d bytes, %q", len(got), got[len(got)-2:])
	}
	if got := lineHead(strings.Repeat("\x80", n+10)); got != "" {
		t.Errorf("no character boundary: %q, want empty", got)
	}
	s = strings.Repeat("a", n-2) + "é" + "x"
	if got := lineHead(s); got != strings.Repeat("a", n-2)+"é" {
		t.Errorf("é before the cut: got %d bytes", len(got))
	}
}

// TestOtterLineWorked pins Otter.ai speaker lines: a name and a time, the
// time strict after two spaces or a tab.
func TestOtterLineWorked(t *testing.T) {
	tests := []struct {
		in string
		c  otterCand
		ok bool
	}{
		{"Jordan Lee  0:03", otterCand{name: "Jordan Lee", ts: "00:00:03.000", strict: true}, true},
		{"Jordan Lee\t0:03", otterCand{name: "Jordan Lee", ts: "00:00:03.000", strict: true}, true},
		{"Jordan Lee 0:03", otterCand{name: "Jordan Lee", ts: "00:00:03.000"}, true},
		{"Jordan Lee", otterCand{name: "Jordan Lee"}, true},
		{"Lee, Jordan  1:02:03", otterCand{name: "Lee, Jordan", ts: "01:02:03.000", strict: true}, true},
		{"Jordan Lee  0:03.5", otterCand{name: "Jordan Lee  0:03.5"}, false},
		{"Hello, how are you today?", otterCand{}, false},
		{"Ann " + strings.Repeat("b", 196), otterCand{name: "Ann " + strings.Repeat("b", 196)}, false},
		{"Ann  0:03 \u00a0", otterCand{name: "Ann", ts: "00:00:03.000", strict: true}, true},
	}
	for _, tc := range tests {
		c, ok := otterLine(tc.in)
		if ok != tc.ok || (ok && c != tc.c) {
			t.Errorf("otterLine(%q) = %+v, %v; want %+v, %v", tc.in, c, ok, tc.c, tc.ok)
		}
	}
	// A line of 200 bytes is read; one of 201 is not (a name with a time
	// after many spaces).
	if c, ok := otterLine("Ann" + strings.Repeat(" ", 193) + "0:03"); !ok || c.name != "Ann" {
		t.Errorf("200 bytes: %+v, %v", c, ok)
	}
	if c, ok := otterLine("Ann" + strings.Repeat(" ", 194) + "0:03"); ok {
		t.Errorf("201 bytes: %+v, want no speaker line", c)
	}
}

// TestReadHeaderWorked pins the Otter.ai header block: up to three lines
// before SUMMARY KEYWORDS or SPEAKERS, its first and last line, the lines
// blanked, and a file that ends inside the block.
func TestReadHeaderWorked(t *testing.T) {
	h, rest := readHeader("Title\nSUMMARY KEYWORDS\ntrust, care\nSPEAKERS\nAnn, Bo")
	if h == nil || h.Line != 1 || h.EndLine != 5 || h.Title != "Title" || strings.Join(h.Keywords, "|") != "trust|care" || strings.Join(h.Speakers, "|") != "Ann|Bo" {
		t.Fatalf("ends inside the block: %+v", h)
	}
	if rest != "\n\n\n\n\n" {
		t.Errorf("rest %q", rest)
	}
	text := "\nTitle\nMon, 2 Jan\n40 min\n\nSPEAKERS\nAnn, Bo\n\nAnn  0:01\nhello\n"
	h, rest = readHeader(text)
	if h == nil || h.Line != 2 || h.EndLine != 7 || strings.Join(h.Details, "|") != "Mon, 2 Jan|40 min" {
		t.Fatalf("three lines: %+v", h)
	}
	if want := strings.Repeat("\n", 7) + "\nAnn  0:01\nhello\n"; rest != want {
		t.Errorf("rest %q, want %q", rest, want)
	}
	if h, _ := readHeader("Title\nMon\n40 min\nmore\nSPEAKERS\nAnn, Bo\n"); h != nil {
		t.Errorf("four lines before SPEAKERS: %+v, want none", h)
	}
	if h, _ := readHeader("Title\nSUMMARY KEYWORDS\ntrust\n\nAnn  0:01\nhello\n"); h == nil || h.EndLine != 3 || h.Speakers != nil {
		t.Errorf("keywords only: %+v", h)
	}
	if h, _ := readHeader("SPEAKERS\nAnn, Bo\ntext\n"); h == nil || h.Line != 1 || h.EndLine != 2 || h.Title != "" {
		t.Errorf("no title: %+v", h)
	}
	// The block is looked for in the first 63 lines: the 64th is not read.
	long := "Title\n" + strings.Repeat("\n", 60) + "SPEAKERS\n\nAnn, Bo\ntext\n"
	if h, _ := readHeader(long); h == nil || h.EndLine != 62 || h.Speakers != nil {
		t.Errorf("SPEAKERS at line 62, list at line 64: %+v", h)
	}
	long = "Title\n" + strings.Repeat("\n", 59) + "SPEAKERS\n\nAnn, Bo\ntext\n"
	if h, _ := readHeader(long); h == nil || h.EndLine != 63 || strings.Join(h.Speakers, "|") != "Ann|Bo" {
		t.Errorf("SPEAKERS at line 61, list at line 63: %+v", h)
	}
}

// TestReadExporterNotesHeader pins the Teams header: its first line, and a
// file that opens with the transcription note itself.
func TestReadExporterNotesHeader(t *testing.T) {
	h, rest := readExporterNotes("Ann Lee started transcription\nAnn Lee: hello\n", nil)
	if h == nil || h.Line != 1 || h.EndLine != 1 || h.Title != "" || strings.Join(h.Details, "|") != "Ann Lee started transcription" {
		t.Fatalf("note on line 1: %+v", h)
	}
	if rest != "\nAnn Lee: hello\n" {
		t.Errorf("rest %q", rest)
	}
	h, rest = readExporterNotes("\nWeekly call\n3 May\nAnn Lee started transcription\nAnn Lee: hello\n", nil)
	if h == nil || h.Line != 2 || h.EndLine != 4 || h.Title != "Weekly call" || strings.Join(h.Details, "|") != "3 May|Ann Lee started transcription" {
		t.Fatalf("header on lines 2-4: %+v", h)
	}
	if rest != "\n\n\n\nAnn Lee: hello\n" {
		t.Errorf("rest %q", rest)
	}
}

// TestLabelOnceLookalike pins the warning for a label used once that
// misspells a speaker used twice, in both the line and the paragraph rule.
func TestLabelOnceLookalike(t *testing.T) {
	for text, line := range map[string]string{
		"Maria: a\nMaria: b\nMarie: c\n":     "line 3",
		"Maria: a\n\nMaria: b\n\nMarie: c\n": "line 5",
	} {
		tr, err := Parse("P1.txt", []byte(text))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, w := range tr.Diagnostics.Warnings {
			if w.Kind == WarnLabelOnce {
				got = append(got, w.String())
			}
		}
		if len(got) != 1 || !strings.Contains(got[0], line+`: the label "Marie" is used only once and looks like a misspelling of "Maria"`) {
			t.Errorf("%q: label-once warnings %q", text, got)
		}
		if sp := Speakers(tr.Turns); strings.Join(sp, "|") != "Maria|Marie" {
			t.Errorf("%q: speakers %q", text, sp)
		}
	}
}

// TestTurnStartFromLaterLabel pins a turn's Start when its first label had
// no time: the first time given by a later label of the same turn.
func TestTurnStartFromLaterLabel(t *testing.T) {
	tr, err := Parse("P1.txt", []byte("Interviewer: a\n[00:00:05] Interviewer: b\n[00:00:09] Interviewer: c\nParticipant: d\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Turns) != 2 || tr.Turns[0].Start != "00:00:05.000" || tr.Turns[0].Text != "a\nb\nc" {
		t.Errorf("turns %+v", tr.Turns)
	}
}

// TestDetectOtterCounts pins when a text file reads as an Otter.ai export:
// one strict speaker line opening the file is enough; loose speaker lines
// (one space before the time) give way to "Name:" labels only when the
// labelled paragraphs outnumber the speaker lines.
func TestDetectOtterCounts(t *testing.T) {
	speakers := func(text string) string {
		tr, err := Parse("P1.txt", []byte(text))
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(Speakers(tr.Turns), "|")
	}
	if got := speakers("Ann Lee  0:03\nhello there\n"); got != "Ann Lee" {
		t.Errorf("one strict line opening the file: speakers %q", got)
	}
	strict := "Ann Lee  0:01\nInterviewer: one\n\nInterviewer: two\n\nInterviewer: three\n\nInterviewer: four\n\nBo Smith  0:09\nfine\n"
	if got := speakers(strict); got != "Ann Lee|Bo Smith" {
		t.Errorf("strict lines among more labels: speakers %q", got)
	}
	loose := "Ann Lee 0:01\nhello\n\nQ: x\n\nBo Smith 0:05\nhi\n\nQ: y\n\nAnn Lee 0:09\nok\n\nQ: z\n\nBo Smith 0:12\nyes\n\nQ: w\n"
	if got := speakers(loose); got != "Ann Lee|Bo Smith" {
		t.Errorf("loose lines as many as labels: speakers %q", got)
	}
	if got := speakers(loose + "\nQ: v\n"); got != "Q" {
		t.Errorf("loose lines fewer than labels: speakers %q", got)
	}
}
