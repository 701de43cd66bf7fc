package corpus

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func addFixtures(f *testing.F, glob string) {
	files, _ := filepath.Glob(filepath.Join("testdata", glob))
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err == nil {
			f.Add(data)
		}
	}
}

// checkParse checks Parse's contract on any input: a *ParseError or turns
// that keep the invariants.
func checkParse(t *testing.T, name string, data []byte) {
	tr, err := Parse(name, data)
	if err != nil {
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Fatalf("error %T is not a *ParseError: %v", err, err)
		}
		if pe.File != name || pe.Line < 0 || pe.Column < 0 {
			t.Fatalf("bad error position: %#v", pe)
		}
		return
	}
	if len(tr.Turns) == 0 {
		t.Fatal("no turns and no error")
	}
	checkTurns(t, tr.Turns)
	checkDiagnostics(t, tr)
	if tr.Format == "txt" || tr.Format == "md" || tr.Format == "docx" {
		checkRoundTrip(t, tr.Turns)
	}
}

// checkDiagnostics checks the report against the turns: its counts, and
// warnings with a kind, a message and a line inside the file.
func checkDiagnostics(t *testing.T, tr *Transcript) {
	t.Helper()
	d := tr.Diagnostics
	unl := 0
	for _, tu := range tr.Turns {
		if tu.Speaker == "" {
			unl++
		}
	}
	sum := 0
	for _, s := range d.Speakers {
		sum += s.Turns
	}
	if d.Turns != len(tr.Turns) || d.Unlabelled != unl || sum+unl != d.Turns || len(d.Speakers) != len(Speakers(tr.Turns)) {
		t.Fatalf("diagnostics %+v do not match the turns", d)
	}
	few := false
	for _, w := range d.Warnings {
		if w.Kind == "" || w.Message == "" || w.Line < 0 {
			t.Fatalf("bad warning %+v", w)
		}
		few = few || w.Kind == WarnFewSpeakers
	}
	if few != (unl*2 > len(tr.Turns)) {
		t.Fatalf("few-speakers warning %v with %d of %d turns unlabelled", few, unl, len(tr.Turns))
	}
}

// checkRoundTrip checks the documented round trip (see the package
// comment's "Plain text"): when every turn has a speaker the label
// detection accepts and no line of a turn's text reads as a label or a
// speaker line itself, the plain text parses back to the same speakers and
// texts.
func checkRoundTrip(t *testing.T, turns []Turn) {
	t.Helper()
	if !roundTrips(turns) {
		return
	}
	text, _ := PlainText(turns)
	got, err := ParseText("txt", text)
	if err != nil {
		t.Fatalf("plain text does not parse: %v\n%q", err, text)
	}
	if len(got) != len(turns) {
		t.Fatalf("round trip: %d turns, want %d\n%q\n%#v", len(got), len(turns), text, got)
	}
	for i := range got {
		if got[i].Speaker != turns[i].Speaker || got[i].Text != turns[i].Text {
			t.Fatalf("round trip: turn %d\n got %q %q\nwant %q %q", i+1, got[i].Speaker, got[i].Text, turns[i].Speaker, turns[i].Text)
		}
	}
}

// roundTrips reports whether turns are in the domain where PlainText
// documents the round trip.
func roundTrips(turns []Turn) bool {
	count := map[string]int{}
	for _, tu := range turns {
		if tu.Speaker == "" {
			return false
		}
		count[strings.ToLower(tu.Speaker)]++
	}
	for _, tu := range turns {
		sp := tu.Speaker
		if stopWords[strings.ToLower(sp)] || !(isRole(sp) || (count[strings.ToLower(sp)] >= 2 && caseOK(sp)) || (len(turns) >= 2 && paraLabelOK(sp))) {
			return false
		}
		if _, _, _, ok := splitLabel(sp + ": x"); !ok {
			return false
		}
		for _, line := range strings.Split(tu.Text, "\n") {
			if labelLike(line, count) {
				return false
			}
		}
	}
	return true
}

// labelLike reports whether a line of turn text would read as something
// other than text: a label, a name alone in emphasis, a speaker line, a
// header keyword or Otter's footer.
func labelLike(line string, speakers map[string]int) bool {
	if _, _, _, ok := splitLabel(line); ok {
		return true
	}
	if _, ok := standaloneName(line, false); ok {
		return true
	}
	if c, ok := otterLine(line); ok && (c.ts != "" || speakers[strings.ToLower(c.name)] > 0) {
		return true
	}
	return line == "SUMMARY KEYWORDS" || line == "SPEAKERS" || otterFooter(line)
}

func FuzzParseVTT(f *testing.F) {
	addFixtures(f, "*.vtt")
	f.Add([]byte("WEBVTT\n\n00:01.000 --> 00:02.000\n<v A>x"))
	f.Add([]byte("WEBVTT\n\n1\n00:01.000 --> 00:02.000\nAmy: x\n\n2\n00:02.000 --> 00:03.000\ny\n\n00:03.000 --> 00:04.000\nAmy: z"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkParse(t, "f.vtt", data)
	})
}

func FuzzParseSRT(f *testing.F) {
	addFixtures(f, "*.srt")
	f.Add([]byte("1\n00:00:01,000 --> 00:00:02,000\n- A: x\n- y"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkParse(t, "f.srt", data)
	})
}

func FuzzParseText(f *testing.F) {
	addFixtures(f, "*.txt")
	addFixtures(f, "*.md")
	f.Add([]byte("**I:** x\n# h\nP1: y"))
	// The layouts of issue 11, small.
	f.Add([]byte("A B [laughs]: x\nA B: y\nOk:z\nOk:w 10:30 http://q"))
	f.Add([]byte("Int 2: a\n\nR 2: b\n\nInt2 2: c\n\nMia: d"))
	f.Add([]byte("### Mia\n\na\n\n**Bo**\nb\n### Mia\nc\n**Bo**\n"))
	f.Add([]byte("T\nd\n\nSUMMARY KEYWORDS\nk, l\n\nSPEAKERS\nMia, QR04\n\nMia\na\n\nQR04 21:04\nb\n\nLee, Ann   0:03\nc\n\nTranscribed by https://otter.ai"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkParse(t, "f.txt", data)
		checkParse(t, "f.md", data)
		// ParseText takes any string, valid UTF-8 or not.
		for _, format := range []string{"txt", "md", "vtt", "srt"} {
			turns, err := ParseText(format, string(data))
			if err == nil {
				checkTurns(t, turns)
			}
		}
	})
}

// FuzzParseDocx feeds the input as word/document.xml of a zip archive, and
// also as the raw file.
func FuzzParseDocx(f *testing.F) {
	f.Add([]byte(`<w:document xmlns:w="w"><w:body><w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Inter</w:t></w:r><w:r><w:t>viewer: a</w:t><w:tab/><w:t>b</w:t><w:br/></w:r>` +
		`<w:del><w:r><w:delText>x</w:delText></w:r></w:del><w:ins><w:r><w:t>y</w:t></w:r></w:ins></w:p>` +
		`<w:p><w:r><mc:AlternateContent xmlns:mc="m"><mc:Choice><w:p><w:r><w:t>box</w:t></w:r></w:p></mc:Choice><mc:Fallback><w:t>box</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p></w:body></w:document>`))
	f.Add([]byte(docxParas("T", "SUMMARY KEYWORDS", "k", "SPEAKERS", "Mia, Bo", "Mia  0:01", "a", "b", "Bo 0:02", "c", "Transcribed by https://otter.ai")))
	f.Add([]byte(docxParas("Lee, Ann   0:03", "a", "Ode, Bo   0:05", "b")))
	f.Add([]byte(`<w:p><w:r><w:t>I: a</w:t><w:tab/><w:br/></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>P1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc></w:tr></w:tbl>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		// Stored, not deflated: a flate writer per run would dominate.
		w, err := zw.CreateHeader(&zip.FileHeader{Name: "word/document.xml", Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
		zw.Close()
		checkParse(t, "f.docx", buf.Bytes())
		checkParse(t, "g.docx", data)
	})
}

func FuzzDecodeText(f *testing.F) {
	f.Add([]byte("caf\xe9 \x93q\x94\r\n"))
	f.Add([]byte("\xff\xfeh\x00i\x00\r\x00\n\x00"))
	f.Add([]byte("\xfe\xff\x00h\xd8\x3d\xde\x00"))
	f.Add([]byte("\xef\xbb\xbfZoe\u0308\r"))
	f.Fuzz(func(t *testing.T, data []byte) {
		text, enc, err := DecodeText(data)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || !(errors.Is(err, ErrEmpty) || errors.Is(err, ErrBinary)) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		switch {
		case enc == "":
			t.Fatal("no encoding")
		case !utf8.ValidString(text):
			t.Fatalf("invalid UTF-8 %q", text)
		case !norm.NFC.IsNormalString(text):
			t.Fatalf("not NFC %q", text)
		case strings.ContainsAny(text, "\r\x00\u2028\u2029"):
			t.Fatalf("line ending or NUL left: %q", text)
		case strings.TrimFunc(text, isBlankRune) == "":
			t.Fatalf("blank text without ErrEmpty: %q", text)
		}
		if utf8.Valid(data) && !bytes.ContainsAny(data, "\r\x00") && !bytes.HasPrefix(data, []byte{0xef, 0xbb, 0xbf}) && enc == "utf-8" &&
			!bytes.ContainsRune(data, 0x85) && !bytes.ContainsRune(data, 0x2028) && !bytes.ContainsRune(data, 0x2029) &&
			!bytes.HasSuffix(data, []byte{0x1a}) && text != norm.NFC.String(string(data)) {
			t.Fatalf("clean UTF-8 changed: %q -> %q", data, text)
		}
	})
}

func FuzzParseRef(f *testing.F) {
	for _, s := range []string{"P21#4", "P21#4:10-42", "P21:120-300", "a.b_c-d#007:0-0", "P21#0", "P#1:5-4", "x:1-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRef(s)
		if err != nil {
			var re *RefError
			if !errors.As(err, &re) || re.Column < 1 || re.Column > len(s)+1 {
				t.Fatalf("ParseRef(%q): bad error %#v", s, err)
			}
			return
		}
		r2, err := ParseRef(r.String())
		if err != nil || r2 != r {
			t.Fatalf("ParseRef(%q) = %#v, but ParseRef(%q) = %#v, %v", s, r, r.String(), r2, err)
		}
		if ValidateID(r.Source) != nil || (r.Turn == 0 && !r.HasSpan) || r.Start > r.End {
			t.Fatalf("ParseRef(%q) = %#v breaks the Ref invariants", s, r)
		}
	})
}
