package corpus

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// tt is a compact expected turn: speaker, text, start, end.
type tt struct{ sp, text, start, end string }

func turnsOf(exp []tt) []Turn {
	out := make([]Turn, len(exp))
	for i, e := range exp {
		out[i] = Turn{N: i + 1, Speaker: e.sp, Text: e.text, Start: e.start, End: e.end}
	}
	return out
}

func sameTurns(t *testing.T, name string, got []Turn, exp []tt) {
	t.Helper()
	want := turnsOf(exp)
	if reflect.DeepEqual(got, want) {
		return
	}
	t.Errorf("%s: got %d turns, want %d", name, len(got), len(want))
	for i := 0; i < max(len(got), len(want)); i++ {
		var g, w Turn
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			t.Errorf("%s: turn %d\n got: %#v\nwant: %#v", name, i+1, g, w)
		}
	}
}

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestParseFixtures(t *testing.T) {
	tests := []struct {
		file     string
		format   string
		encoding string
		want     []tt
	}{
		{"zoom.vtt", "vtt", "utf-8", []tt{
			{"Interviewer", "Thanks for joining me today. Could you tell me how you came to peer support work?", "00:00:03.120", "00:00:12.000"},
			{"Sam Okafor", "Sure. It started when I was in recovery myself & a worker said something that stuck. She said “you’re not your diagnosis”.", "00:00:12.500", "00:00:24.000"},
			{"Interviewer", "Hm.", "00:00:24.500", "00:00:27.250"},
		}},
		{"teams.vtt", "vtt", "utf-8-bom", []tt{
			{"Maria Lopez", "Okay, so the first thing is trust.", "00:00:00.500", "00:00:06.200"},
			{norm.NFC.String("Dr. Zoë Adébáyọ̀"), "Trust <with whom>?", "00:00:06.200", "00:00:09.000"},
			{"Maria Lopez", "With the people we support.", "00:00:09.000", "00:01:02.345"},
		}},
		{"subtitles.srt", "srt", "utf-8", []tt{
			{"PSW 3", "I never planned to do this work. It found me.", "00:00:01.000", "00:00:06.000"},
			{"Interviewer", "When was that?", "00:00:06.100", "00:00:08.000"},
			{"PSW 3", "About five years ago, after my second admission.", "00:00:08.000", "00:00:11.000"},
			{"", "Right.", "00:00:11.500", "00:00:13.000"},
			{"", "And then the training.", "00:00:11.500", "00:00:13.000"},
		}},
		{"otter.txt", "txt", "utf-8", []tt{
			{"Jordan Lee", "Welcome back. Last time we talked about boundaries.", "00:00:03.000", ""},
			{"Priya Natarajan", "Yes, and I have been thinking about it\na lot since then.\nIt is hard when you were once in the same place.", "00:00:09.000", ""},
			{"Jordan Lee", "Say more?", "01:03:00.000", ""},
		}},
		{"bold.md", "md", "utf-8", []tt{
			{"", "# Interview P07 (fictional)", "", ""},
			{"Interviewer", "What does a typical shift look like?", "", ""},
			{"P07", "Honestly, no shift is typical. Some days I sit with people\nin the waiting room.\nOther days I am on the phone for hours.", "", ""},
			{"Interviewer", "And how do you *look after* yourself?", "", ""},
			{"P07", "I go for walks. **Really** long ones.", "", ""},
		}},
		{"nolabels.txt", "txt", "utf-8", []tt{
			{"", "The interview took place in a quiet room at the drop-in centre.", "", ""},
			{"", "The participant arrived early and asked\nwhether the recording would be shared.", "", ""},
			{"", "Consent was confirmed verbally.", "", ""},
		}},
		{"note.txt", "txt", "utf-8", []tt{
			{"", "Interview P04 (fictional)", "", ""},
			{"Interviewer", "Can you describe a hard day?", "00:00:05.000", ""},
			{"P04", "There was one day when a client relapsed.\nNote: the client had been doing well for months.\nI felt responsible, which I know I wasn't.", "", ""},
			{"Interviewer", "What helped?", "", ""},
			{"P04", "Supervision. Example: my supervisor just listened.", "00:02:10.000", ""},
		}},
		{"messy.vtt", "vtt", "utf-8", []tt{
			{"Alex", "first cue continues after a stray blank line", "00:00:01.000", "00:00:02.000"},
			{"Sam", "no blank line before me and me neither", "00:00:02.000", "00:00:04.000"},
			{"Alex", "last words trailing garbage 42", "00:00:04.000", "00:00:05.000"},
		}},
		{"unlabelled.vtt", "vtt", "utf-8", []tt{
			{"", "A cue without a label.", "00:00:00.000", "00:00:01.500"},
			{"", "Another one, its own turn.", "00:00:01.500", "00:00:03.000"},
		}},
		{"table.md", "md", "utf-8", []tt{
			{"INTERVIEWER", "Where do you work?", "", ""},
			{"Zoë van der Berg", "At the clinic.", "", ""},
			{"INTERVIEWER", "Since when?", "", ""},
			{"Zoë van der Berg", "Since 2019: a long time.", "", ""},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			tr, err := Parse(tc.file, readFixture(t, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			if tr.Format != tc.format || tr.Encoding != tc.encoding {
				t.Errorf("format %q encoding %q, want %q %q", tr.Format, tr.Encoding, tc.format, tc.encoding)
			}
			sameTurns(t, tc.file, tr.Turns, tc.want)
			checkTurns(t, tr.Turns)
		})
	}
}

func TestParseTextFormats(t *testing.T) {
	tests := []struct {
		name, format, text string
		want               []tt
	}{
		{"labels need two uses", "txt", "Jane Smith: hello there\nsome more\n\nJane Smith: again\nBob: once", []tt{
			{"Jane Smith", "hello there\nsome more\nagain\nBob: once", "", ""},
		}},
		{"phrase is no label", "txt", "Q: Why?\nAnd then I said: no\nA: Because.\nAnd then I said: yes", []tt{
			{"Q", "Why?\nAnd then I said: no", "", ""},
			{"A", "Because.\nAnd then I said: yes", "", ""},
		}},
		{"times are no labels", "txt", "10:30 we met\n10:45: left", []tt{{"", "10:30 we met\n10:45: left", "", ""}}},
		{"url is no label", "txt", "Interviewer: see\nhttps://example.org and http://x", []tt{{"Interviewer", "see\nhttps://example.org and http://x", "", ""}}},
		{"label alone on its line", "txt", "Interviewer:\n\nSo tell me.\nParticipant 22:\nWell.", []tt{
			{"Interviewer", "So tell me.", "", ""},
			{"Participant 22", "Well.", "", ""},
		}},
		{"same speaker merged", "txt", "PSW: one\n\nPSW: two\nI: three", []tt{{"PSW", "one\ntwo", "", ""}, {"I", "three", "", ""}}},
		{"empty label dropped then merged", "txt", "R1: one\nR2:\nR1: two", []tt{{"R1", "one\ntwo", "", ""}}},
		{"rev style label time", "txt", "Speaker 1 (00:12): Hi.\nSpeaker 2 [01:02:03]: Hello.", []tt{
			{"Speaker 1", "Hi.", "00:00:12.000", ""},
			{"Speaker 2", "Hello.", "01:02:03.000", ""},
		}},
		{"leading bare time", "txt", "00:01:02 Interviewer: Go on.\n00:01:09.5 Respondent: Right.", []tt{
			{"Interviewer", "Go on.", "00:01:02.000", ""},
			{"Respondent", "Right.", "00:01:09.500", ""},
		}},
		{"spaces collapsed", "txt", "  Interviewer:\t Hello \u00a0 there  \n\t next\u200a line ", []tt{{"Interviewer", "Hello there\nnext line", "", ""}}},
		{"case kept", "txt", "INTERVIEWER: Hi\ninterviewee: hey", []tt{{"INTERVIEWER", "Hi", "", ""}, {"interviewee", "hey", "", ""}}},
		{"full width colon", "txt", "采访者：你好\n参与者：你好\n采访者：再见\n参与者：再见", []tt{
			{"采访者", "你好", "", ""}, {"参与者", "你好", "", ""}, {"采访者", "再见", "", ""}, {"参与者", "再见", "", ""},
		}},
		{"stop word twice", "txt", "Note: one\nNote: two", []tt{{"", "Note: one\nNote: two", "", ""}}},
		{"md labels", "md", "*Interviewer:* a\n_Participant_: b\n**Note:** c", []tt{{"Interviewer", "a", "", ""}, {"Participant", "b\n**Note:** c", "", ""}}},
		{"md label without space", "md", "**Interviewer:**Hello\n**P2**:Hi", []tt{{"Interviewer", "Hello\n**P2**:Hi", "", ""}}},
		{"bold name alone, used once", "md", "**Interviewer:**\n\nWhy?\n\n**Sam Lee**\n\nBecause.\n\n## Part two\n\nEnd.", []tt{
			{"Interviewer", "Why?", "", ""}, {"Sam Lee", "Because.", "", ""}, {"", "## Part two\nEnd.", "", ""},
		}},
		{"md heading splits", "md", "I: a\n## Part two\nmore\nI: b", []tt{{"I", "a", "", ""}, {"", "## Part two\nmore", "", ""}, {"I", "b", "", ""}}},
		{"txt hash is text", "txt", "I: a\n## not a heading\nI: b", []tt{{"I", "a\n## not a heading\nb", "", ""}}},
		{"vtt no header", "vtt", "00:01.000 --> 00:02.000\nP1: hi\n", []tt{{"P1", "hi", "00:00:01.000", "00:00:02.000"}}},
		{"vtt karaoke and entities", "vtt", "WEBVTT - title\nKind: captions\n\n00:00:01.000 --> 00:00:02.000 line:0\n<b>Bold</b> &lt;3 &#233;&#x301; &unknown; a&nbsp;b &lrm;x<00:00:01.500>y", []tt{
			{"", "Bold <3 é́ &unknown; a b \u200exy", "00:00:01.000", "00:00:02.000"},
		}},
		{"vtt two voices in a cue", "vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v A>hi</v>\n<v B>ho</v>\n", []tt{
			{"A", "hi", "00:00:01.000", "00:00:02.000"}, {"B", "ho", "00:00:01.000", "00:00:02.000"},
		}},
		// An unlabelled cue in a labelled file is a turn of its own without
		// a speaker (issue 11): joining it to the speaker before was a guess.
		{"vtt unlabelled cue is its own turn", "vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\nAmy: one\n\n00:02.000 --> 00:03.000\ntwo\n\n00:03.000 --> 00:04.000\nAmy: three\n\n00:04.000 --> 00:05.000\nInterviewer: four", []tt{
			{"Amy", "one", "00:00:01.000", "00:00:02.000"}, {"", "two", "00:00:02.000", "00:00:03.000"},
			{"Amy", "three", "00:00:03.000", "00:00:04.000"}, {"Interviewer", "four", "00:00:04.000", "00:00:05.000"},
		}},
		{"vtt zoom speaker once", "vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\nAmy Wu: a\n\n00:02.000 --> 00:03.000\nBen Ode: b\n\n00:03.000 --> 00:04.000\nAmy Wu: c\n\n00:04.000 --> 00:05.000\nNote: d", []tt{
			{"Amy Wu", "a", "00:00:01.000", "00:00:02.000"}, {"Ben Ode", "b", "00:00:02.000", "00:00:03.000"}, {"Amy Wu", "c", "00:00:03.000", "00:00:04.000"},
			{"", "Note: d", "00:00:04.000", "00:00:05.000"},
		}},
		{"vtt few labels need two uses", "vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\nAmy Wu: a\n\n00:02.000 --> 00:03.000\nb\n\n00:03.000 --> 00:04.000\nc", []tt{
			{"", "Amy Wu: a", "00:00:01.000", "00:00:02.000"}, {"", "b", "00:00:02.000", "00:00:03.000"}, {"", "c", "00:00:03.000", "00:00:04.000"},
		}},
		{"vtt style region note skipped", "vtt", "WEBVTT\n\nSTYLE\n::cue { color: red }\n\nREGION\nid:fred\n\nNOTE a\nb\n\n00:01.000 --> 00:02.000\ntext", []tt{
			{"", "text", "00:00:01.000", "00:00:02.000"},
		}},
		{"srt no index", "srt", "00:00:01,000 --> 00:00:02,000\nhello\n\n00:00:02,000 --> 00:00:03,000\n<font color=\"red\">world</font>", []tt{
			{"", "hello", "00:00:01.000", "00:00:02.000"}, {"", "world", "00:00:02.000", "00:00:03.000"},
		}},
		{"srt text before first cue", "srt", "Title line\n\n1\n00:00:01,000 --> 00:00:02,000\nhello", []tt{
			{"", "Title line", "", ""}, {"", "hello", "00:00:01.000", "00:00:02.000"},
		}},
		{"srt dash with label", "srt", "1\n00:00:01,000 --> 00:00:02,000\n- Interviewer: why?\n- Participant: because", []tt{
			{"Interviewer", "why?", "00:00:01.000", "00:00:02.000"}, {"Participant", "because", "00:00:01.000", "00:00:02.000"},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseText(tc.format, tc.text)
			if err != nil {
				t.Fatal(err)
			}
			for i := range tc.want {
				tc.want[i].sp = norm.NFC.String(tc.want[i].sp)
				tc.want[i].text = norm.NFC.String(tc.want[i].text)
			}
			sameTurns(t, tc.name, got, tc.want)
			checkTurns(t, got)
		})
	}
}

func TestDecodeText(t *testing.T) {
	utf16le := func(s string, bom bool) []byte {
		var b []byte
		if bom {
			b = []byte{0xFF, 0xFE}
		}
		for _, u := range utf16.Encode([]rune(s)) {
			b = append(b, byte(u), byte(u>>8))
		}
		return b
	}
	utf16be := func(s string) []byte {
		b := []byte{0xFE, 0xFF}
		for _, u := range utf16.Encode([]rune(s)) {
			b = append(b, byte(u>>8), byte(u))
		}
		return b
	}
	sample := "Interviewer: “Hi” — café 😀\nP1: ‘ok’"
	tests := []struct {
		name     string
		data     []byte
		text     string
		encoding string
	}{
		{"windows-1252 crlf", []byte("Interviewer: \x93Hello\x94 \x97 caf\xe9 \x91ok\x92 \x85\r\nP04: Fine \x80 5.\r\n"),
			"Interviewer: “Hello” — café ‘ok’ …\nP04: Fine € 5.\n", "windows-1252"},
		{"utf-8", []byte(sample), sample, "utf-8"},
		{"utf-8 bom crlf", append([]byte{0xEF, 0xBB, 0xBF}, strings.ReplaceAll(sample, "\n", "\r\n")...), sample, "utf-8-bom"},
		{"utf-16le bom", utf16le(sample+"\r\n", true), sample + "\n", "utf-16le"},
		{"utf-16be bom", utf16be(sample), sample, "utf-16be"},
		{"utf-16le no bom", utf16le("Interviewer: hello there\r\nP1: hi", false), "Interviewer: hello there\nP1: hi", "utf-16le"},
		{"cr only", []byte("a\rb\r\rc"), "a\nb\n\nc", "utf-8"},
		{"nfd to nfc", []byte("Zoe\u0308 Ade\u0301"), "Zoë Adé", "utf-8"},
		{"ctrl-z at end", []byte("hello\r\n\x1a"), "hello\n", "utf-8"},
		{"line separators", []byte("a\u2028b\u2029c"), "a\nb\nc", "utf-8"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			text, enc, err := DecodeText(tc.data)
			if err != nil {
				t.Fatal(err)
			}
			if text != tc.text || enc != tc.encoding {
				t.Errorf("got %q %q, want %q %q", text, enc, tc.text, tc.encoding)
			}
		})
	}

	// The Windows-1252 file parses into the right turns too.
	tr, err := Parse("P04.txt", []byte("Interviewer: \x93Hello\x94 \x97 caf\xe9\r\n\r\nP04: Fine.\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	sameTurns(t, "cp1252", tr.Turns, []tt{{"Interviewer", "“Hello” — café", "", ""}, {"P04", "Fine.", "", ""}})
	tr, err = Parse("P05.TXT", utf16le("INTERVIEWER: Grüße\r\nPSW 2: ça va", true))
	if err != nil {
		t.Fatal(err)
	}
	if tr.Encoding != "utf-16le" {
		t.Errorf("encoding %q", tr.Encoding)
	}
	sameTurns(t, "utf16", tr.Turns, []tt{{"INTERVIEWER", "Grüße", "", ""}, {"PSW 2", "ça va", "", ""}})
}

func TestErrors(t *testing.T) {
	docxBody := func(body string) []byte { return buildDocx(t, body, nil) }
	tests := []struct {
		name      string
		file      string
		data      []byte
		sentinel  error  // nil: check msg only
		msg       string // substring of Error()
		line, col int
	}{
		{"zero bytes", "P1.txt", nil, ErrEmpty, "P1.txt: the file is empty", 0, 0},
		{"only white space", "P1.vtt", []byte(" \r\n\t\n\u00a0"), ErrEmpty, "empty", 0, 0},
		{"empty docx", "P1.docx", nil, ErrEmpty, "empty", 0, 0},
		{"nul byte", "P1.txt", []byte("hello\nworld\nab\x00cd\n"), ErrBinary, "P1.txt:3: the file is not text", 3, 0},
		{"nul in srt", "P1.srt", []byte("1\n00:00:01,000 --> 00:00:02,000\n\x00"), ErrBinary, "", 3, 0},
		{"control chars", "P1.md", []byte("ok\nab\x01\x02\x03\x04\x05\x06cd\n"), ErrBinary, "", 2, 0},
		{"unknown extension", "P1.pdf", []byte("%PDF"), ErrUnknownFormat, `P1.pdf: unknown format ".pdf": grounded reads .txt, .md, .vtt, .srt and .docx; convert the file to one of these`, 0, 0},
		{"no extension", "P1", []byte("x"), ErrUnknownFormat, "no extension", 0, 0},
		{"vtt header only", "P1.vtt", []byte("WEBVTT\n\n"), ErrNoText, "P1.vtt: no transcript text found", 0, 0},
		{"vtt header note only", "P1.vtt", []byte("WEBVTT\nKind: captions\n\nNOTE hi\nthere\n"), ErrNoText, "", 0, 0},
		{"vtt empty cues", "P1.vtt", []byte("WEBVTT\n\n00:01.000 --> 00:02.000\n<i></i>\n"), ErrNoText, "", 0, 0},
		{"docx no paragraphs", "P1.docx", docxBody(""), ErrNoText, "P1.docx: no transcript text found", 0, 0},
		{"docx empty paragraphs", "P1.docx", docxBody("<w:p/><w:p><w:r><w:t> </w:t></w:r></w:p>"), ErrNoText, "", 0, 0},
		{"docx not zip", "P1.docx", []byte("Interviewer: hello"), ErrNotZip, "P1.docx: not a Word .docx file", 0, 0},
		{"docx is ole", "P1.docx", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...), ErrNotZip, "old Word .doc", 0, 0},
		{"vtt bad end time", "P21.vtt", []byte("WEBVTT\n\n1\n00:00:01.000 --> 00:00:0x.000\nhi\n"), nil, `P21.vtt:4:18: malformed timing line "00:00:01.000 --> 00:00:0x.000": end time "00:00:0x.000"`, 4, 18},
		{"vtt bad start time", "P21.vtt", []byte("WEBVTT\n\n1\n00:01.000 --> 00:02.000\nA\n\n2\n 00:xx.000 --> 00:03.000\nB\n"), nil, "P21.vtt:8:2: malformed timing line", 8, 2},
		{"vtt missing end", "P21.vtt", []byte("WEBVTT\n\n00:01.000 -->\nA\n"), nil, "end time is missing", 3, 14},
		{"vtt minutes over 59", "P21.vtt", []byte("WEBVTT\n\n00:61:00.000 --> 01:02:00.000\nA\n"), nil, "start time", 3, 1},
		{"srt single arrow", "P7.srt", []byte("1\n00:00:01,000 -> 00:00:02,000\nhi\n"), nil, `the arrow must be "-->"`, 2, 14},
		{"srt bad time inside cue", "P7.srt", []byte("1\n00:00:01,000 --> 00:00:02,000\nhi\n2\n00:00:03,000 --> 00:00:0\nyo\n"), nil, "P7.srt:5:18:", 5, 18},
		{"srt without cues", "P7.srt", []byte("just a paragraph\nof text"), nil, "P7.srt:1:1: text outside any cue", 1, 1},
		{"vtt without header or cues", "P7.vtt", []byte("\n\njust text\n"), nil, "P7.vtt:3:1: no WEBVTT header", 3, 1},
		{"docx damaged xml", "P3.docx", docxBody("<w:p><w:r><w:t>a</w:t></w:r></w:p><w:p><w:r><w:t>b</w:r></w:p>"), nil, "P3.docx: paragraph 2: word/document.xml is damaged", 2, 0},
		{"zip without document", "P3.docx", buildZip(t, map[string]string{"a.txt": "hi"}), nil, "no word/document.xml", 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tr, err := Parse(tc.file, tc.data)
			if err == nil {
				t.Fatalf("no error; turns %#v", tr.Turns)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T %v is not a *ParseError", err, err)
			}
			if tc.sentinel != nil && !errors.Is(err, tc.sentinel) {
				t.Errorf("error %v does not wrap %v", err, tc.sentinel)
			}
			if pe.File != tc.file || pe.Line != tc.line || pe.Column != tc.col {
				t.Errorf("position %q:%d:%d, want %q:%d:%d (%v)", pe.File, pe.Line, pe.Column, tc.file, tc.line, tc.col, err)
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %q does not contain %q", err, tc.msg)
			}
		})
	}
}

func TestDocxTooLarge(t *testing.T) {
	old := maxDocxXML
	maxDocxXML = 1000
	defer func() { maxDocxXML = old }()
	body := strings.Repeat("<w:p><w:r><w:t>Interviewer: hello</w:t></w:r></w:p>", 100)
	_, err := Parse("big.docx", buildDocx(t, body, nil))
	if err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Fatalf("got %v", err)
	}
	// A size field that lies is caught while reading too.
	_, err = docxBody(&limitedReader{r: strings.NewReader("<w:document><w:body>" + body), n: 100})
	if err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Fatalf("limited reader: got %v", err)
	}
}

func TestParseErrorFormat(t *testing.T) {
	base := errors.New("boom")
	tests := []struct {
		e    ParseError
		want string
	}{
		{ParseError{File: "P21.vtt", Line: 12, Column: 1, Err: base}, "P21.vtt:12:1: boom"},
		{ParseError{File: "P21.vtt", Line: 12, Err: base}, "P21.vtt:12: boom"},
		{ParseError{File: "P21.vtt", Err: base}, "P21.vtt: boom"},
		{ParseError{File: "P3.DOCX", Line: 4, Err: base}, "P3.DOCX: paragraph 4: boom"},
		{ParseError{Line: 2, Column: 3, Err: base}, "line 2, column 3: boom"},
		{ParseError{Err: base}, "boom"},
	}
	for _, tc := range tests {
		if got := tc.e.Error(); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
		if !errors.Is(&tc.e, base) {
			t.Errorf("%q does not unwrap", tc.want)
		}
	}
}

func TestFormats(t *testing.T) {
	for _, ext := range Formats() {
		if _, ok := formats[ext]; !ok {
			t.Errorf("Formats lists %q, which Parse does not read", ext)
		}
		if _, err := Parse("X"+strings.ToUpper(ext), []byte("I: hi")); errors.Is(err, ErrUnknownFormat) {
			t.Errorf("%s: %v", ext, err)
		}
	}
	if len(Formats()) != len(formats) {
		t.Errorf("Formats and formats differ")
	}
	if _, err := ParseText("pdf", "x"); !errors.Is(err, ErrUnknownFormat) {
		t.Errorf("ParseText pdf: %v", err)
	}
	if _, err := ParseText("docx", "x"); !errors.Is(err, ErrUnknownFormat) {
		t.Errorf("ParseText docx: %v", err)
	}
	if got, err := ParseText(".Markdown", "**I:** x"); err != nil || got[0].Speaker != "I" {
		t.Errorf("ParseText .Markdown: %v %v", got, err)
	}
	if _, err := ParseText("txt", " \n "); !errors.Is(err, ErrEmpty) {
		t.Errorf("ParseText blank: %v", err)
	}
}

func TestLongTurn(t *testing.T) {
	word := "recovery é “quoted” "
	long := strings.TrimSpace(strings.Repeat(word, 300000/utf8.RuneCountInString(word)+1))
	for _, format := range []string{"txt", "md"} {
		turns, err := ParseText(format, "Interviewer: "+long+"\nP1: short")
		if err != nil {
			t.Fatal(err)
		}
		if len(turns) != 2 || turns[0].Text != long || turns[0].Len() < 300000 {
			t.Fatalf("%s: long turn not kept (%d turns)", format, len(turns))
		}
	}
	// Many lines of one speaker in VTT cues and in text.
	var vtt, txt strings.Builder
	vtt.WriteString("WEBVTT\n\n")
	for i := range 20000 {
		vtt.WriteString(formatClock(int64(i)*1000) + " --> " + formatClock(int64(i+1)*1000) + "\nAlex: some words here\n\n")
		txt.WriteString("Alex: some words here\n")
	}
	turns, err := ParseText("vtt", vtt.String())
	if err != nil || len(turns) != 1 || turns[0].End != "05:33:20.000" {
		t.Fatalf("vtt: %d turns, %v", len(turns), err)
	}
	turns, err = ParseText("txt", txt.String())
	if err != nil || len(turns) != 1 || strings.Count(turns[0].Text, "\n") != 19999 {
		t.Fatalf("txt: %d turns, %v", len(turns), err)
	}
}

// checkTurns asserts the invariants every parse result has.
func checkTurns(t testing.TB, turns []Turn) {
	t.Helper()
	for i, tu := range turns {
		switch {
		case tu.N != i+1:
			t.Fatalf("turn %d numbered %d", i+1, tu.N)
		case tu.Text == "":
			t.Fatalf("turn %d is empty", tu.N)
		case !utf8.ValidString(tu.Text) || !utf8.ValidString(tu.Speaker):
			t.Fatalf("turn %d: invalid UTF-8", tu.N)
		case !norm.NFC.IsNormalString(tu.Text) || !norm.NFC.IsNormalString(tu.Speaker):
			t.Fatalf("turn %d: not NFC: %q %q", tu.N, tu.Speaker, tu.Text)
		case strings.ContainsAny(tu.Text, "\r\t\x00") || strings.Contains(tu.Text, "\n\n") || strings.Contains(tu.Text, "  "):
			t.Fatalf("turn %d: not normalised: %q", tu.N, tu.Text)
		case strings.TrimSpace(tu.Text) != tu.Text || strings.TrimSpace(tu.Speaker) != tu.Speaker:
			t.Fatalf("turn %d: not trimmed: %q %q", tu.N, tu.Speaker, tu.Text)
		case strings.ContainsAny(tu.Speaker, "\n\r"):
			t.Fatalf("turn %d: speaker %q has a line break", tu.N, tu.Speaker)
		case strings.IndexFunc(tu.Text, isControlButNewline) >= 0 || strings.IndexFunc(tu.Speaker, isControlButNewline) >= 0:
			t.Fatalf("turn %d: control character in %q %q", tu.N, tu.Speaker, tu.Text)
		}
		for _, ts := range []string{tu.Start, tu.End} {
			if ts == "" {
				continue
			}
			if _, ok := parseClock(ts); !ok || len(ts) < 12 || ts[len(ts)-4] != '.' {
				t.Fatalf("turn %d: bad time %q", tu.N, ts)
			}
		}
	}
}

// isControlButNewline reports a control character other than line feed
// (tab is refused by checkTurns already).
func isControlButNewline(r rune) bool { return r != '\n' && unicode.IsControl(r) }

func TestPathologicalInputs(t *testing.T) {
	const n = 1 << 20
	inputs := map[string]string{
		"tags.vtt":       "WEBVTT\n\n00:01.000 --> 00:02.000\n" + strings.Repeat("<a", n/2),
		"longtag.vtt":    "WEBVTT\n\n00:01.000 --> 00:02.000\n" + strings.Repeat("<v "+strings.Repeat("a", 400), n/404),
		"amps.srt":       "1\n00:00:01,000 --> 00:00:02,000\n" + strings.Repeat("&#x", n/3),
		"ass.srt":        "1\n00:00:01,000 --> 00:00:02,000\n" + strings.Repeat("{\\", n/2),
		"colons.txt":     strings.Repeat(":", n),
		"labels.txt":     strings.Repeat("A b c d e f g h i j k l m n o p q r s t u v w x y z ", n/52) + ":",
		"stars.md":       strings.Repeat("*", n),
		"manylabels.txt": strings.Repeat("Name: x\nOther Name: y\n", n/22),
		"ids.srt":        strings.Repeat("1\n", n/2),
		"notes.vtt":      "WEBVTT\n\n" + strings.Repeat("NOTE x\n", n/7),
		"cues.vtt":       "WEBVTT\n\n" + strings.Repeat("00:01.000 --> 00:02.000\nA: b\n", n/30),
		"otter.txt":      strings.Repeat("Jane Doe  0:03\nhi\n\n", n/20),
		"spaces.txt":     "I: " + strings.Repeat(" \t\u00a0", n/4) + "x",
	}
	// Each input is parsed in linear time (about a second of CPU for the
	// slowest, ids.srt, on a shared machine). This is a hang detector, not
	// a speed assertion: a loop that never ends, or work quadratic in the
	// 1 MB input (hours), fails after two minutes instead of stalling the
	// suite until go test's own timeout. The speed itself is measured by
	// the benchmarks, never asserted (docs/testing.md).
	for name, text := range inputs {
		done := make(chan struct{})
		go func() {
			defer close(done)
			_, _ = Parse(name, []byte(text)) // refusing the input is fine
		}()
		select {
		case <-done:
		case <-time.After(2 * time.Minute):
			t.Fatalf("%s: Parse did not finish in 2 minutes: a hang, or work that grows faster than the input", name)
		}
	}
}
