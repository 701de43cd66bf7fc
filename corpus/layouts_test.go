package corpus

import (
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"
)

// Real transcript layouts that once gave wrong or no speakers without a
// word (issue 11). Each fixture is fictional words in the layout an
// exporter or a transcriber really produces. For each: the speakers turn by
// turn, the warnings (kind and line), and the number of turns checked
// against an independent count of the lines that start a turn.

type layoutCase struct {
	file string
	// body is the docx's document body, for the independent count.
	body string
	// speakers of the turns in order ("" for none).
	speakers []string
	// texts checks some turns' text exactly (turn number → text).
	texts map[int]string
	// warnings are "kind@line" in order.
	warnings []string
	// turnStart counts, independently of the parser, the lines that start
	// a turn; it must equal the number of turns.
	turnStart *regexp.Regexp
	// header, if not nil, is the header expected.
	header *Header
}

func layoutCases() []layoutCase {
	return []layoutCase{
		{
			file:     "note_label.txt",
			speakers: []string{"", "INTERVIEWER", "DANA WEBB", "INTERVIEWER", "DANA WEBB", "INTERVIEWER", "DANA WEBB"},
			texts: map[int]string{
				6: "[laughing] Did anyone?",
				7: "[interrupting] Yeah… one regular did. He said, welcome home.",
			},
			turnStart: regexp.MustCompile(`(?m)^(?:[A-Z][A-Za-z ]+(?: \[[a-z]+\])?:|Interview transcript)`),
		},
		{
			file:     "tight.txt",
			speakers: []string{"Interviewer", "Okonkwo", "Interviewer", "Okonkwo", "Interviewer", "Okonkwo"},
			texts: map[int]string{
				1: "We met at 10:30 last time, right?",
				2: "well, closer to eleven. The bus was late again.",
				3: "And the notes are at https://example.org/notes as usual.",
				4: "Yes. Ratio:2 to 1, people to chairs, that morning.\nRoom:2B was booked, and Https://example.org had the list.",
				5: "11:15 is when the group starts?",
			},
			turnStart: regexp.MustCompile(`(?m)^(?:Interviewer|Okonkwo):`),
		},
		{
			file:     "typo.txt",
			speakers: []string{"Interviewer 2", "Respondent 2", "Interviewer2 2", "Respondent 2", "Interviewer 2", "Respondent 2"},
			texts: map[int]string{
				6: "Because my supervisor told me once:\nMarguerite: you cannot pour from an empty cup.\nThat stayed with me.",
			},
			warnings:  []string{"label-once@5", "label-as-text@12"},
			turnStart: regexp.MustCompile(`(?m)^[A-Za-z]+2? 2:`),
		},
		{
			file:     "headings.md",
			speakers: []string{"", "Interviewer", "Lena Marsh", "Interviewer", "Lena Marsh"},
			texts: map[int]string{
				1: "# Interview P12 (fictional)",
				3: "I say I am the person who has been there.\nThen they usually ask where \"there\" is.",
			},
			turnStart: regexp.MustCompile(`(?m)^#{1,3} `),
		},
		{
			file:      "boldnames.md",
			speakers:  []string{"Interviewer", "Tomás Ruiz", "Interviewer", "Tomás Ruiz"},
			texts:     map[int]string{2: "The moments when someone calls back.\nNot to complain, just to say they are okay."},
			turnStart: regexp.MustCompile(`(?m)^\*\*[^*]+\*\*$`),
		},
		{
			file: "otter_header.txt",
			// The footer is Otter's note, not speech: no turn, a warning.
			speakers: []string{"Interviewer", "QR04", "Interviewer", "QR04", "Interviewer", "QR04"},
			warnings: []string{"header@29", "header@1"},
			header: &Header{Line: 1, EndLine: 8, Title: "QR04 Interview", Details: []string{"Tue, 11/3 2:02PM • 41:17"},
				Keywords: []string{"peer support", "shift", "supervisor", "boundaries", "phone", "clients", "training"},
				Speakers: []string{"Interviewer", "QR04"}},
			turnStart: regexp.MustCompile(`(?m)^(?:Interviewer|QR04)(?: +\d+:\d\d)?$`),
		},
		{
			file:      "otter_loose.txt",
			speakers:  []string{"QR07", "Interviewer", "QR07", "Interviewer", "QR07"},
			texts:     map[int]string{1: "Can I start with a story?", 5: "Then someone knocked on the window with a coffee.\nNobody does that at 7:45\nin the morning, you know?"},
			turnStart: regexp.MustCompile(`(?m)^\w+ \d+:\d\d$`),
		},
		{
			file:      "zoom_unlabelled.vtt",
			speakers:  []string{"Interviewer", "Rosa Diaz", "", "Rosa Diaz", "Interviewer"},
			texts:     map[int]string{3: "Sorry, the dog."},
			warnings:  []string{"unlabelled-cue@12"},
			turnStart: regexp.MustCompile(`(?m)-->`),
		},
		{
			// Microsoft Teams "Download as .docx": a title block, then per
			// turn a paragraph "Last, First   m:ss" and the text.
			file: "teams.docx",
			body: docxParas(
				"Check-in call-20261103_140212-Meeting Recording",
				"November 3, 2026, 2:02PM",
				"41m 17s",
				"Webb, Dana   0:03", "Hi, can you hear me?",
				"Nakamura, Ken   0:07", "Yes, loud and clear.",
				"Webb, Dana   0:12", "Good. Let us start with your week.",
				"Nakamura, Ken   0:20", "It was a lot of phone calls.",
				"Most of them about housing.",
			),
			speakers: []string{"", "", "", "Webb, Dana", "Nakamura, Ken", "Webb, Dana", "Nakamura, Ken"},
			texts:    map[int]string{7: "It was a lot of phone calls.\nMost of them about housing."},
			// three title paragraphs and four speaker lines
			turnStart: regexp.MustCompile(`<w:t xml:space="preserve">(?:[A-Z][a-z]+, [A-Z][a-z]+ +\d+:\d\d|Check-in|November|41m)`),
		},
		{
			// Otter.ai's .docx export: the header block, each speaker line and
			// each paragraph of an answer in a paragraph of its own.
			file: "otter.docx",
			body: docxParas(
				"QR09 Interview", "Wed, 11/4 9:30AM • 12:02",
				"SUMMARY KEYWORDS", "peer, group, trust",
				"SPEAKERS", "Interviewer, QR09",
				"Interviewer  0:01", "Where should we start?",
				"QR09  0:04", "With the group, I think.", "It was the first place I felt trusted.", "Even before I trusted myself.",
				"Interviewer  1:10", "What changed?",
				"QR09  1:14", "Someone asked me to run it.",
				"Transcribed by https://otter.ai",
			),
			speakers: []string{"Interviewer", "QR09", "Interviewer", "QR09"},
			texts:    map[int]string{2: "With the group, I think.\nIt was the first place I felt trusted.\nEven before I trusted myself."},
			warnings: []string{"header@17", "header@1"},
			header: &Header{Line: 1, EndLine: 6, Title: "QR09 Interview", Details: []string{"Wed, 11/4 9:30AM • 12:02"},
				Keywords: []string{"peer", "group", "trust"}, Speakers: []string{"Interviewer", "QR09"}},
			turnStart: regexp.MustCompile(`>\w+  \d+:\d\d<`),
		},
		{
			// Teams "Download as .docx" with its transcription notes: the
			// title block ends with "NAME started transcription", and
			// "NAME stopped transcription" closes the file. Neither is
			// speech: a header, and a warning naming the closing note.
			file: "teams_notes.docx",
			body: docxParas(
				"Drop-in check-in-20261104_100000-Meeting Recording",
				"November 4, 2026, 10:00AM",
				"12m 5s",
				"Okafor, Chidi started transcription",
				"Okafor, Chidi   0:03", "What does a good morning look like?",
				"Brennan, Siobhán   0:09", "Coffee on, door open.",
				"Okafor, Chidi stopped transcription",
			),
			speakers: []string{"Okafor, Chidi", "Brennan, Siobhán"},
			texts:    map[int]string{2: "Coffee on, door open."},
			warnings: []string{"header@9", "header@1"},
			header: &Header{Line: 1, EndLine: 4, Title: "Drop-in check-in-20261104_100000-Meeting Recording",
				Details: []string{"November 4, 2026, 10:00AM", "12m 5s", "Okafor, Chidi started transcription"}},
			turnStart: regexp.MustCompile(`<w:t xml:space="preserve">[A-Z][a-z]+, [A-Z][a-zá]+ +\d+:\d\d<`),
		},
	}
}

// docxParas makes one Word paragraph of each string.
func docxParas(ps ...string) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(para(run(html.EscapeString(p), false)))
	}
	return b.String()
}

func TestLayouts(t *testing.T) {
	for _, tc := range layoutCases() {
		t.Run(tc.file, func(t *testing.T) {
			var data, src []byte
			if tc.body != "" {
				data, src = buildDocx(t, tc.body, nil), []byte(tc.body)
			} else {
				data = readFixture(t, tc.file)
				src = data
			}
			tr, err := Parse(tc.file, data)
			if err != nil {
				t.Fatal(err)
			}
			checkTurns(t, tr.Turns)
			var got []string
			for _, tu := range tr.Turns {
				got = append(got, tu.Speaker)
			}
			if strings.Join(got, "|") != strings.Join(tc.speakers, "|") {
				t.Errorf("speakers\n got %q\nwant %q", got, tc.speakers)
			}
			for n, want := range tc.texts {
				if n > len(tr.Turns) || tr.Turns[n-1].Text != want {
					t.Errorf("turn %d text: got %q, want %q", n, textOf(tr.Turns, n), want)
				}
			}
			if n := len(tc.turnStart.FindAll(src, -1)); n != len(tr.Turns) {
				t.Errorf("%d turns, but %d lines start one (independent count)", len(tr.Turns), n)
			}
			var warns []string
			for _, w := range tr.Diagnostics.Warnings {
				warns = append(warns, fmt.Sprintf("%s@%d", w.Kind, w.Line))
				if w.Message == "" {
					t.Errorf("warning without a message: %+v", w)
				}
			}
			if strings.Join(warns, " ") != strings.Join(tc.warnings, " ") {
				t.Errorf("warnings\n got %v\nwant %v\n%v", warns, tc.warnings, tr.Diagnostics.Warnings)
			}
			if tc.header != nil || tr.Diagnostics.Header != nil {
				if fmt.Sprintf("%+v", tr.Diagnostics.Header) != fmt.Sprintf("%+v", tc.header) {
					t.Errorf("header\n got %+v\nwant %+v", tr.Diagnostics.Header, tc.header)
				}
			}
			checkDiagnosticCounts(t, tr)
		})
	}
}

func textOf(turns []Turn, n int) string {
	if n > len(turns) {
		return "<no such turn>"
	}
	return turns[n-1].Text
}

// checkDiagnosticCounts checks the report's counts against the turns.
func checkDiagnosticCounts(t *testing.T, tr *Transcript) {
	t.Helper()
	d := tr.Diagnostics
	if d.Turns != len(tr.Turns) {
		t.Errorf("diagnostics count %d turns of %d", d.Turns, len(tr.Turns))
	}
	count := map[string]int{}
	unl := 0
	for _, tu := range tr.Turns {
		if tu.Speaker == "" {
			unl++
		} else {
			count[tu.Speaker]++
		}
	}
	if d.Unlabelled != unl {
		t.Errorf("diagnostics: %d unlabelled, counted %d", d.Unlabelled, unl)
	}
	if len(d.Speakers) != len(count) {
		t.Errorf("diagnostics: %d speakers, counted %d", len(d.Speakers), len(count))
	}
	for _, s := range d.Speakers {
		if count[s.Speaker] != s.Turns {
			t.Errorf("diagnostics: %s has %d turns, counted %d", s.Speaker, s.Turns, count[s.Speaker])
		}
	}
}

// TestFewSpeakersWarning checks that a file where fewer than half of the
// turns have a speaker is warned about, with the likely cause, and that one
// where half have a speaker is not.
func TestFewSpeakersWarning(t *testing.T) {
	for _, tc := range []struct {
		name, format, text string
		cause              string // "" for no warning
	}{
		{"no labels", "txt", "First paragraph.\n\nSecond one.\n\nThird.", "no speaker labels were found"},
		{"labels used once", "txt", "Ann Lee: one\n\nplain\n\nmore\n\nBo Ode: two\n\nend", "2 lines look like labels but were read as text (first at line 1)"},
		{"cues without labels", "vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\nAmy: a\n\n00:02.000 --> 00:03.000\nAmy: b\n\n00:03.000 --> 00:04.000\nc\n\n00:04.000 --> 00:05.000\nd\n\n00:05.000 --> 00:06.000\ne", "3 cues have no speaker label"},
		{"half labelled", "txt", "Title\n\nInterviewer: a", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, d, err := ParseTextDiagnostics(tc.format, tc.text)
			if err != nil {
				t.Fatal(err)
			}
			var few []Warning
			for _, w := range d.Warnings {
				if w.Kind == WarnFewSpeakers {
					few = append(few, w)
				}
			}
			switch {
			case tc.cause == "" && len(few) > 0:
				t.Errorf("unexpected warning %v", few)
			case tc.cause != "" && (len(few) != 1 || !strings.Contains(few[0].Message, tc.cause)):
				t.Errorf("warnings %v, want one naming %q", d.Warnings, tc.cause)
			}
		})
	}
}

// TestDocxWarningParagraph checks that warnings in a .docx name the
// paragraph, counting empty paragraphs too.
func TestDocxWarningParagraph(t *testing.T) {
	br := func(a, b string) string { return para(run(a, false) + `<w:r><w:br/></w:r>` + run(b, false)) }
	body := docxParas("Interviewer: one", "", "Participant: two") + br("more", "Marguerite: three") +
		docxParas("Interviewer: four") + br("line", "Zed Ox: five") + docxParas("Participant: six")
	tr, err := Parse("w.docx", buildDocx(t, body, nil))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range tr.Diagnostics.Warnings {
		got = append(got, fmt.Sprintf("%s@%d", w.Kind, w.Line))
	}
	if want := "label-as-text@4 label-as-text@6"; strings.Join(got, " ") != want {
		t.Errorf("warnings %v, want %s", got, want)
	}
}

// TestOtterDocxMatchesTxt checks that Otter's .docx export, which puts
// every paragraph of an answer in a Word paragraph of its own, gives the
// same turns as its .txt export of the same interview (once 217 turns
// without a speaker against 68).
func TestOtterDocxMatchesTxt(t *testing.T) {
	txt := "QR11 Interview\nMon, 11/2 4:00PM • 20:00\n\nSUMMARY KEYWORDS\nhousing, calls\n\nSPEAKERS\nInterviewer, QR11\n\n" +
		"Interviewer  0:02\nReady?\n\nQR11  0:04\nYes. First the calls.\nThen the housing forms.\nThen lunch, if there is time.\n\n" +
		"Interviewer  3:10\nAnd the forms?\n\nQR11  3:12\nEndless.\n\n\nTranscribed by https://otter.ai\n"
	var paras []string
	for _, l := range strings.Split(txt, "\n") {
		if l != "" {
			paras = append(paras, l)
		}
	}
	fromTxt, err := Parse("o.txt", []byte(txt))
	if err != nil {
		t.Fatal(err)
	}
	fromDocx, err := Parse("o.docx", buildDocx(t, docxParas(paras...), nil))
	if err != nil {
		t.Fatal(err)
	}
	if len(fromTxt.Turns) != 4 || fromTxt.Diagnostics.Unlabelled != 0 {
		t.Errorf(".txt: %d turns, %d unlabelled; want 4 and 0 (the footer is Otter's note, not a turn)", len(fromTxt.Turns), fromTxt.Diagnostics.Unlabelled)
	}
	sameTurns(t, "docx vs txt", fromDocx.Turns, func() []tt {
		var out []tt
		for _, tu := range fromTxt.Turns {
			out = append(out, tt{tu.Speaker, tu.Text, tu.Start, tu.End})
		}
		return out
	}())
}

func TestDiagnosticsValues(t *testing.T) {
	_, d, err := ParseTextDiagnostics("vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\nAmy Wu: a\n\n00:02.000 --> 00:03.000\nb\n\n00:03.000 --> 00:04.000\nc")
	if err != nil {
		t.Fatal(err)
	}
	if d.Turns != 3 || d.Unlabelled != 3 || d.UnlabelledShare() != 1 || len(d.Speakers) != 0 {
		t.Errorf("counts %+v", d)
	}
	if len(d.Warnings) != 2 || d.Warnings[0].Kind != WarnLabelAsText || d.Warnings[0].Line != 3 {
		t.Fatalf("warnings %v", d.Warnings)
	}
	if got := d.Warnings[0].String(); !strings.HasPrefix(got, "line 3: this cue line starts like a speaker label") || !strings.HasSuffix(got, `: "Amy Wu: a"`) {
		t.Errorf("String() = %q", got)
	}
	if (Diagnostics{}).UnlabelledShare() != 0 {
		t.Error("share of no turns")
	}
	h := &Header{Title: "t", Speakers: []string{"A"}}
	if got := strings.Join(h.Fields(), ","); got != "title,speakers" {
		t.Errorf("Fields() = %q", got)
	}
	if got := shorten(strings.Repeat("é", 100), 80); len([]rune(got)) != 80 || !strings.HasSuffix(got, "…") {
		t.Errorf("shorten: %q", got)
	}
}

// TestLooseTimesDoNotMakeOtter checks that paragraphs starting "Tuesday
// 9:30" in a labelled transcript do not switch it to the Otter layout,
// which would read its labels as text.
func TestLooseTimesDoNotMakeOtter(t *testing.T) {
	text := "Interviewer: How was the week?\n\nTuesday 9:30\nI went to group.\n\nTuesday 4:15\nI went again.\n\nParticipant: That is all.\n\nInterviewer: Thanks.\n\nParticipant: Bye."
	turns, err := ParseText("txt", text)
	if err != nil {
		t.Fatal(err)
	}
	var sp []string
	for _, tu := range turns {
		sp = append(sp, tu.Speaker)
	}
	if got := strings.Join(sp, "|"); got != "Interviewer|Participant|Interviewer|Participant" {
		t.Errorf("speakers %s", got)
	}
}

// TestOtterUnknownSpeakerLine checks the warnings for a speaker line with
// one space before the time whose name is not known: a lookalike of a
// known name starts a turn with a label-once warning, another name is text
// with a label-as-text warning.
func TestOtterUnknownSpeakerLine(t *testing.T) {
	text := "Interviewer  0:01\nHello.\n\nQR04  0:03\nHi.\n\nQR4 0:09\nSorry, hi.\n\nKim Tran 0:12\nwas at the door.\n\nInterviewer  0:20\nOk."
	turns, d, err := ParseTextDiagnostics("txt", text)
	if err != nil {
		t.Fatal(err)
	}
	var sp, warns []string
	for _, tu := range turns {
		sp = append(sp, tu.Speaker)
	}
	for _, w := range d.Warnings {
		warns = append(warns, fmt.Sprintf("%s@%d", w.Kind, w.Line))
	}
	if got := strings.Join(sp, "|"); got != "Interviewer|QR04|QR4|Interviewer" {
		t.Errorf("speakers %s", got)
	}
	if got := strings.Join(warns, " "); got != "label-once@7 label-as-text@10" {
		t.Errorf("warnings %s", got)
	}
	if !strings.Contains(d.Warnings[0].Message, `misspelling of "QR04"`) {
		t.Errorf("message %q does not name QR04 as written", d.Warnings[0].Message)
	}
	if turns[2].Text != "Sorry, hi.\nKim Tran 0:12\nwas at the door." {
		t.Errorf("turn 3 %q", turns[2].Text)
	}
}
