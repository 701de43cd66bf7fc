package corpus

import (
	"errors"
	"strings"
	"testing"
)

// TestParseRefColumns pins the column each ParseRef error names: the byte
// (1-based) where the faulty part starts, so that a researcher can find it in
// what they typed.
func TestParseRefColumns(t *testing.T) {
	tests := []struct {
		in   string
		col  int
		want string // substring of the message
	}{
		{"P21", 4, "missing '#TURN'"},
		{"../x#1", 1, "source"},
		{"#4", 1, "source id is empty"},
		{":1-2", 1, "source id is empty"},
		{"P21#x", 5, `turn "x"`},
		{"P21#", 5, "empty number"},
		{"P21#0", 5, "numbered from 1"},
		{"P21#4:10", 7, `span "10"`},
		{"P21#4:a-42", 7, `span start "a"`},
		{"P21#4:10-x", 10, `span end "x"`},
		{"P21#12:10-", 11, `span end ""`},
		{"P21#4:42-10", 7, "span start 42 is after its end 10"},
		{"P21:5-", 7, `span end ""`},
		{"P21:-3", 5, `span start ""`},
		{"P21:10-3", 5, "after its end"},
		{"P21:1/2-3", 5, "not a whole number"},
		{"P21#4:1:2-3", 7, "not a whole number"},
		{"P21:1234567890-1234567891", 5, "too large"},
	}
	for _, tc := range tests {
		_, err := ParseRef(tc.in)
		var re *RefError
		if !errors.As(err, &re) {
			t.Errorf("ParseRef(%q) = %v, want a *RefError", tc.in, err)
			continue
		}
		if re.Column != tc.col || re.Input != tc.in || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseRef(%q): column %d, %q; want column %d and %q", tc.in, re.Column, err, tc.col, tc.want)
		}
	}
}

// TestParseRefAccepts pins the forms that parse, at the edges of the number
// and digit rules.
func TestParseRefAccepts(t *testing.T) {
	tests := []struct {
		in   string
		want Ref
	}{
		{"P21#1", Ref{Source: "P21", Turn: 1}},
		{"P21#999999999", Ref{Source: "P21", Turn: 999999999}},
		{"P21#4:0-9", Ref{Source: "P21", Turn: 4, HasSpan: true, Start: 0, End: 9}},
		{"P21#4:7-7", Ref{Source: "P21", Turn: 4, HasSpan: true, Start: 7, End: 7}},
		{"P21:120-300", Ref{Source: "P21", HasSpan: true, Start: 120, End: 300}},
		{"a.b_c-9:000-0010", Ref{Source: "a.b_c-9", HasSpan: true, Start: 0, End: 10}},
	}
	for _, tc := range tests {
		got, err := ParseRef(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseRef(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
}

// TestValidateIDEdges pins the id alphabet at each range's ends, the
// position the error names, and the length limit.
func TestValidateIDEdges(t *testing.T) {
	for _, ok := range []string{"a", "z", "A", "Z", "0", "9", "azAZ09", "a.b", "a_b", "a-b", "a-", strings.Repeat("x", MaxIDLen)} {
		if err := ValidateID(ok); err != nil {
			t.Errorf("ValidateID(%q) = %v, want nil", ok, err)
		}
	}
	bad := []struct {
		in   string
		want string
	}{
		{"", "empty"},
		{strings.Repeat("x", MaxIDLen+1), "longer than 64"},
		{"`", "position 1"},
		{"{", "position 1"},
		{"@", "position 1"},
		{"[", "position 1"},
		{"/", "position 1"},
		{":", "position 1"},
		{".a", "position 1"},
		{"_a", "position 1"},
		{"-a", "position 1"},
		{"ab/c", "character '/' at position 3"},
		{"abcé", "position 4"},
		{"a..b", `must not contain ".."`},
	}
	for _, tc := range bad {
		err := ValidateID(tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ValidateID(%q) = %v, want an error with %q", tc.in, err, tc.want)
		}
	}
}

// TestDiagnosticsText pins the header's field list and a warning's text
// with and without a line.
func TestDiagnosticsText(t *testing.T) {
	h := &Header{Title: "Call", Speakers: []string{}}
	if got := strings.Join(h.Fields(), ","); got != "title" {
		t.Errorf("Fields = %q, want title", got)
	}
	h = &Header{Details: []string{"3 May"}, Keywords: []string{"trust"}, Speakers: []string{"Ann"}}
	if got := strings.Join(h.Fields(), ","); got != "details,keywords,speakers" {
		t.Errorf("Fields = %q", got)
	}
	if got := (Warning{Message: "m", Text: "t"}).String(); got != `m: "t"` {
		t.Errorf("file-level warning %q", got)
	}
	if got := (Warning{Line: 1, Message: "m"}).String(); got != "line 1: m" {
		t.Errorf("line warning %q", got)
	}
}
