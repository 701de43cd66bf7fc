package corpus

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf16"
)

// Tests for behaviours that a planted bug once slipped past (issue 18).
// Each names the bug it catches.

// TestParsersNormaliseNFC catches the parsers no longer putting turn text
// and speakers in NFC: ParseText and .docx do not go through DecodeText, so
// only the parsers' own normalisation makes decomposed input NFC.
func TestParsersNormaliseNFC(t *testing.T) {
	const nfd = "Zoe\u0308 Ade\u0301: cafe\u0301 au lait\nZoe\u0308 Ade\u0301: de\u0301ja\u0300"
	wantSp, wantText := "Zoë Adé", "café au lait\ndéjà"
	for _, format := range []string{"txt", "md"} {
		turns, err := ParseText(format, nfd)
		if err != nil {
			t.Fatal(err)
		}
		if len(turns) != 1 || turns[0].Speaker != wantSp || turns[0].Text != wantText {
			t.Errorf("%s: got %+v, want one NFC turn %q %q", format, turns, wantSp, wantText)
		}
	}
	turns, err := ParseText("vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Zoe\u0308>cafe\u0301")
	if err != nil {
		t.Fatal(err)
	}
	if turns[0].Speaker != "Zoë" || turns[0].Text != "café" {
		t.Errorf("vtt: got %q %q", turns[0].Speaker, turns[0].Text)
	}
	tr, err := Parse("d.docx", buildDocx(t, para(run("Zoe\u0308: cafe\u0301", false))+para(run("Zoe\u0308: the\u0301", false)), nil))
	if err != nil {
		t.Fatal(err)
	}
	if tr.Turns[0].Speaker != "Zoë" || tr.Turns[0].Text != "café\nthé" {
		t.Errorf("docx: got %q %q", tr.Turns[0].Speaker, tr.Turns[0].Text)
	}
}

// TestDecodeUTF16BigEndianWithoutBOM catches big-endian UTF-16 without a
// byte order mark being sniffed as little-endian.
func TestDecodeUTF16BigEndianWithoutBOM(t *testing.T) {
	const s = "Interviewer: hello there\r\nP1: Grüße"
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u>>8), byte(u))
	}
	text, enc, err := DecodeText(b)
	if err != nil {
		t.Fatal(err)
	}
	if enc != "utf-16be" || text != "Interviewer: hello there\nP1: Grüße" {
		t.Errorf("got %q %q, want utf-16be and the text", enc, text)
	}
}

// TestDecodeNELLineEnds catches U+0085 (NEL, written by some IBM and
// EBCDIC-derived tools) no longer being turned into a line feed. (In
// Windows-1252 the byte 0x85 is an ellipsis, so only Unicode text has NEL.)
func TestDecodeNELLineEnds(t *testing.T) {
	text, enc, err := DecodeText([]byte("Interviewer: one\u0085P1: two\u0085"))
	if err != nil {
		t.Fatal(err)
	}
	if enc != "utf-8" || text != "Interviewer: one\nP1: two\n" {
		t.Errorf("got %q %q", enc, text)
	}
	tr, err := Parse("n.txt", []byte("Interviewer: one\u0085P1: two"))
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Turns) != 2 || tr.Turns[1].Speaker != "P1" {
		t.Errorf("NEL did not end the line: %+v", tr.Turns)
	}
}

// TestDecodeEncodingBeyond512Bytes catches UTF-8 versus Windows-1252 being
// decided on a prefix of the file: the first non-ASCII byte comes after
// byte 512 (a long English preamble, then a name with an accent).
func TestDecodeEncodingBeyond512Bytes(t *testing.T) {
	pre := strings.Repeat("Interviewer: a long question in plain ASCII.\n", 30) // > 1 KB
	text, enc, err := DecodeText([]byte(pre + "P1: caf\xe9\n"))
	if err != nil {
		t.Fatal(err)
	}
	if enc != "windows-1252" || !strings.HasSuffix(text, "P1: café\n") {
		t.Errorf("Windows-1252 after the prefix: got %q, ends %q", enc, text[len(text)-12:])
	}
	text, enc, err = DecodeText([]byte(pre + "P1: café “ok”\n"))
	if err != nil {
		t.Fatal(err)
	}
	if enc != "utf-8" || !strings.HasSuffix(text, "P1: café “ok”\n") {
		t.Errorf("UTF-8 after the prefix: got %q, ends %q", enc, text[len(text)-20:])
	}
}

// TestAttributesUpperCaseIDHeader catches an "ID" header cell (any case)
// being accepted as an attribute: the first column is the id column, and
// "ID" elsewhere is refused; "ID" as the first cell names the id column.
func TestAttributesUpperCaseIDHeader(t *testing.T) {
	for _, h := range []string{"ID", "Id", "id"} {
		_, err := ParseAttributesCSV("a.csv", []byte("participant,age,"+h+"\nP01,34,x\n"))
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Line != 1 || pe.Column != 3 {
			t.Errorf("header %q as an attribute: err = %v, want a refusal at 1:3", h, err)
		}
	}
	tab, err := ParseAttributesCSV("a.csv", []byte("ID,age\nP01,34\n"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(tab.Attributes, ",") != "age" || tab.Rows[0].ID != "P01" || tab.Rows[0].Attributes["age"] != "34" {
		t.Errorf("ID first: got %+v", tab)
	}
}

// TestAttributesErrorLineMultilineCells catches an error on a row after
// quoted cells spanning several lines reporting the row's index instead of
// its line in the file.
func TestAttributesErrorLineMultilineCells(t *testing.T) {
	in := "participant,notes\n" + // line 1
		"P01,\"first line\nsecond line\nthird line\"\n" + // lines 2-4
		"P02,\"a\nb\"\n" + // lines 5-6
		"P01,again\n" // line 7: duplicate
	_, err := ParseAttributesCSV("a.csv", []byte(in))
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("err = %v", err)
	}
	if pe.Line != 7 || !strings.Contains(err.Error(), "lines 2 and 7") {
		t.Errorf("got %v (line %d), want line 7 naming lines 2 and 7", err, pe.Line)
	}
	_, err = ParseAttributesCSV("a.csv", []byte("participant,notes\nP01,\"x\ny\"\n../bad,z\n"))
	if !errors.As(err, &pe) || pe.Line != 4 {
		t.Errorf("bad id after a two-line cell: got %v, want line 4", err)
	}
}
