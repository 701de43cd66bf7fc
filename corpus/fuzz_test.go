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
}

func FuzzParseVTT(f *testing.F) {
	addFixtures(f, "*.vtt")
	f.Add([]byte("WEBVTT\n\n00:01.000 --> 00:02.000\n<v A>x"))
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
