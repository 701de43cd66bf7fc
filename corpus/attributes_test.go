package corpus

import (
	"errors"
	"strings"
	"testing"
)

func TestParseAttributesCSV(t *testing.T) {
	in := "participant,role,setting\r\nP01,PSW,\"Outreach, downtown\"\r\nP02, Peer navigator ,\r\n\r\n"
	tab, err := ParseAttributesCSV("p.csv", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(tab.Attributes, "|"); got != "role|setting" {
		t.Fatalf("attributes = %q", got)
	}
	if len(tab.Rows) != 2 {
		t.Fatalf("%d rows", len(tab.Rows))
	}
	if v := tab.Rows[0].Attributes["setting"]; v != "Outreach, downtown" {
		t.Errorf("quoted comma: %q", v)
	}
	if v := tab.Rows[1].Attributes["role"]; v != "Peer navigator" {
		t.Errorf("trimmed value: %q", v)
	}
	if _, ok := tab.Rows[1].Attributes["setting"]; ok {
		t.Errorf("empty cell should leave the attribute unrecorded")
	}
}

func TestParseAttributesCSVWindows1252Semicolons(t *testing.T) {
	// Excel in many European locales: semicolons and Windows-1252 (0xE9 = é).
	in := []byte("id;r\xe9gion\nP01;Qu\xe9bec\n")
	tab, err := ParseAttributesCSV("p.csv", in)
	if err != nil {
		t.Fatal(err)
	}
	if tab.Attributes[0] != "région" || tab.Rows[0].Attributes["région"] != "Québec" {
		t.Fatalf("got %q %v", tab.Attributes, tab.Rows[0].Attributes)
	}
}

func TestParseAttributesCSVErrors(t *testing.T) {
	for _, tc := range []struct {
		name, in   string
		line, col  int
		msgPattern string
	}{
		{"empty", "", 0, 0, "empty"},
		{"ragged row", "p,a,b\nP1,x,y\nP2,x\n", 3, 0, "different number of cells"},
		{"bad quote", "p,a\nP1,\"x\n", 2, 0, "quote"},
		{"duplicate attribute", "p,a,A\nP1,x,y\n", 1, 3, "appears twice"},
		{"unnamed attribute", "p,,b\n", 1, 2, "no name"},
		{"id attribute", "p,id\n", 1, 2, "id"},
		{"hostile id", "p,a\n../x,1\n", 2, 1, "participant id"},
		{"duplicate participant", "p,a\nP1,x\nP1,y\n", 3, 1, "appears twice"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseAttributesCSV("p.csv", []byte(tc.in))
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want *ParseError", err)
			}
			if pe.Line != tc.line || (tc.col != 0 && pe.Column != tc.col) {
				t.Errorf("position %d:%d, want %d:%d (%v)", pe.Line, pe.Column, tc.line, tc.col, err)
			}
			if !strings.Contains(err.Error(), tc.msgPattern) {
				t.Errorf("error %q does not mention %q", err, tc.msgPattern)
			}
			if !strings.Contains(err.Error(), "p.csv") {
				t.Errorf("error %q does not name the file", err)
			}
		})
	}
}

func FuzzParseAttributesCSV(f *testing.F) {
	f.Add([]byte("participant,role\nP01,PSW\n"))
	f.Add([]byte("id;a;b\nP1;\"x;y\";z\n"))
	f.Add([]byte("\xef\xbb\xbfp,a\r\nP1,\"multi\nline\"\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := ParseAttributesCSV("f.csv", data)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error is %T, not *ParseError: %v", err, err)
			}
			return
		}
		seen := map[string]bool{}
		for _, r := range tab.Rows {
			if ValidateID(r.ID) != nil {
				t.Fatalf("accepted invalid participant id %q", r.ID)
			}
			if seen[r.ID] {
				t.Fatalf("participant %q twice", r.ID)
			}
			seen[r.ID] = true
			for k := range r.Attributes {
				found := false
				for _, a := range tab.Attributes {
					found = found || a == k
				}
				if !found {
					t.Fatalf("attribute %q not in header %q", k, tab.Attributes)
				}
			}
		}
	})
}
