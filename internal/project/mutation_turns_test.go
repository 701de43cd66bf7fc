package project

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
)

// TestReadTurnsCRLF: a turns file that differs from its checksum only by
// CRLF line ends is reported as git's line-end conversion; any other
// change as a plain tamper.
func TestReadTurnsCRLF(t *testing.T) {
	p := setup(t)
	s, err := p.ReadSource("P1")
	if err != nil {
		t.Fatal(err)
	}
	file := p.Path(SourcesDir, "P1", SourceTurnsFile)
	orig, _ := os.ReadFile(file)
	if err := os.WriteFile(file, bytes.ReplaceAll(orig, []byte("\n"), []byte("\r\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = p.ReadTurns(s)
	var te *TamperError
	if !errors.As(err, &te) || !te.CRLF || !strings.Contains(err.Error(), "has Windows line ends (CRLF) where grounded wrote LF") {
		t.Errorf("CRLF only: %v", err)
	}
	changed := bytes.Replace(orig, []byte("Tuesday"), []byte("Monday"), 1)
	if err := os.WriteFile(file, bytes.ReplaceAll(changed, []byte("\n"), []byte("\r\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = p.ReadTurns(s)
	if !errors.As(err, &te) || te.CRLF || !strings.Contains(err.Error(), "was changed outside grounded") {
		t.Errorf("CRLF and a changed word: %v", err)
	}
	if crlfOnly([]byte("a\r\n"), "") || crlfOnly([]byte("a\n"), SHA256([]byte("a\n"))) {
		t.Error("crlfOnly without a checksum or without CRLF")
	}
}

// TestReadTurnsNumbering: a turns file whose numbers skip is refused at
// the line of the first wrong number, with the number it wants.
func TestReadTurnsNumbering(t *testing.T) {
	p := setup(t)
	s, err := p.ReadSource("P1")
	if err != nil {
		t.Fatal(err)
	}
	s.TextSHA256 = ""
	writeTestFile(t, p.Path(SourcesDir, "P1", SourceTurnsFile), `{"n":1,"speaker":"A","text":"x"}`+"\n"+`{"n":2,"speaker":"A","text":"y"}`+"\n"+`{"n":4,"speaker":"A","text":"z"}`+"\n")
	_, err = p.ReadTurns(s)
	if err == nil || !strings.HasSuffix(err.Error(), SourceTurnsFile+":3: turn number 4, want 3") {
		t.Errorf("skipped number: %v", err)
	}
}
