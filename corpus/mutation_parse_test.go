package corpus

import (
	"errors"
	"strings"
	"testing"
)

// TestAttributesCSVEdges pins the attributes table at its edges: a tie of
// commas and semicolons in the header (commas win), a header with the id
// column only, a line of spaces among the rows, the columns a duplicate
// attribute names.
func TestAttributesCSVEdges(t *testing.T) {
	tab, err := ParseAttributesCSV("a.csv", []byte("participant,role;note\nP1,x;y\n"))
	if err != nil || strings.Join(tab.Attributes, "|") != "role;note" || tab.Rows[0].Attributes["role;note"] != "x;y" {
		t.Errorf("tie of separators: %+v, %v", tab, err)
	}
	tab, err = ParseAttributesCSV("a.csv", []byte("participant\nP1\n   \nP2\n"))
	if err != nil || len(tab.Attributes) != 0 || len(tab.Rows) != 2 || tab.Rows[0].ID != "P1" || tab.Rows[1].ID != "P2" {
		t.Errorf("id column only: %+v, %v", tab, err)
	}
	_, err = ParseAttributesCSV("a.csv", []byte("participant,role,age,Role\nP1,a,b,c\n"))
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Line != 1 || pe.Column != 4 || !strings.Contains(err.Error(), `attribute "Role" appears twice (columns 2 and 4)`) {
		t.Errorf("duplicate attribute: %v", err)
	}
}

// TestParseErrorPositions pins the position part of an error without a
// file name.
func TestParseErrorPositions(t *testing.T) {
	tests := []struct {
		e    ParseError
		want string
	}{
		{ParseError{Line: 3, Err: ErrBinary}, "line 3: "},
		{ParseError{Line: 3, Column: 1, Err: ErrBinary}, "line 3, column 1: "},
		{ParseError{File: "a.txt", Line: 3, Err: ErrBinary}, "a.txt:3: "},
		{ParseError{File: "a.txt", Line: 3, Column: 2, Err: ErrBinary}, "a.txt:3:2: "},
	}
	for _, tc := range tests {
		if got := tc.e.Error(); !strings.HasPrefix(got, tc.want) {
			t.Errorf("%+v: %q, want it to start with %q", tc.e, got, tc.want)
		}
	}
}

// TestFormatMessages pins the lists of formats in messages, and the
// format's own words when a file has no text.
func TestFormatMessages(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want string
	}{
		{nil, ""},
		{[]string{"a"}, "a"},
		{[]string{"a", "b"}, "a and b"},
		{[]string{"a", "b", "c"}, "a, b and c"},
	} {
		if got := andList(tc.in); got != tc.want {
			t.Errorf("andList(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	_, err := ParseText("pdf", "x")
	if err == nil || !strings.HasSuffix(err.Error(), "the formats are txt, md, vtt and srt") {
		t.Errorf("unknown text format: %v", err)
	}
	_, err = Parse("P1.vtt", []byte("WEBVTT\n\n"))
	if !errors.Is(err, ErrNoText) || !strings.Contains(err.Error(), "the file has no cues with text") {
		t.Errorf("vtt without cues: %v", err)
	}
}

// TestFileSizeExactlyTheLimit pins MaxFileSize: a file of exactly that
// many bytes is read (here it is then refused as binary, not as too large).
func TestFileSizeExactlyTheLimit(t *testing.T) {
	_, err := Parse("P1.txt", make([]byte, MaxFileSize))
	if !errors.Is(err, ErrBinary) {
		t.Errorf("%d zero bytes: %v, want ErrBinary", MaxFileSize, err)
	}
}

// TestMergedTurnEnd pins the end of turns merged after an empty turn
// between them was dropped: the end of the last one.
func TestMergedTurnEnd(t *testing.T) {
	tr, err := Parse("P1.vtt", []byte("WEBVTT\n\n00:00.000 --> 00:01.000\nAnn: one\n\n00:01.000 --> 00:02.000\nBo:\n\n00:02.000 --> 00:03.000\nAnn: two\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Turns) != 1 || tr.Turns[0].Start != "00:00:00.000" || tr.Turns[0].End != "00:00:03.000" || tr.Turns[0].Text != "one two" {
		t.Errorf("turns %+v", tr.Turns)
	}
}

// TestParticipantsMergeCounts pins Merge: new attributes added once, new
// participants counted as added, changed ones as updated, an empty cell
// (absent from the row) leaving a value alone.
func TestParticipantsMergeCounts(t *testing.T) {
	ps := &Participants{
		Attributes: []string{"role"},
		List: []Participant{
			{ID: "P1", Attributes: map[string]string{"role": "PSW"}},
			{ID: "P2", Attributes: map[string]string{"role": "PSW"}},
			{ID: "P3", Attributes: map[string]string{"role": "PSW", "site": "A"}},
		},
	}
	tab := &AttributeTable{
		Attributes: []string{"role", "site"},
		Rows: []Participant{
			{ID: "P1", Attributes: map[string]string{"role": "PSW"}},              // unchanged
			{ID: "P2", Attributes: map[string]string{"role": "Lead"}},             // updated
			{ID: "P3", Attributes: map[string]string{"site": "A"}},                // unchanged, role left alone
			{ID: "P4", Attributes: map[string]string{"role": "PSW", "site": "B"}}, // added
		},
	}
	added, updated := ps.Merge(tab)
	if added != 1 || updated != 1 {
		t.Errorf("added %d, updated %d; want 1 and 1", added, updated)
	}
	if strings.Join(ps.Attributes, ",") != "role,site" || len(ps.List) != 4 {
		t.Errorf("attributes %q, %d participants", ps.Attributes, len(ps.List))
	}
	if ps.Get("P2").Attributes["role"] != "Lead" || ps.Get("P3").Attributes["role"] != "PSW" || ps.Get("P4").Attributes["site"] != "B" {
		t.Errorf("values %+v", ps.List)
	}
}

// TestGuessRolesLetteredNames pins role names with a letter after them
// ("Interviewer A"), at both ends of the alphabet.
func TestGuessRolesLetteredNames(t *testing.T) {
	turns := []Turn{{Speaker: "Interviewer A", Text: "How?"}, {Speaker: "Participant Z", Text: "Well."}, {Speaker: "Interviewer b", Text: "And?"}}
	g := GuessRoles(turns)
	if g["Interviewer A"].Role != RoleInterviewer || g["Participant Z"].Role != RoleParticipant || g["Interviewer b"].Role != RoleInterviewer {
		t.Errorf("guesses %+v", g)
	}
}
