package codebook

import "testing"

func TestNormColor(t *testing.T) {
	for in, want := range map[string]string{
		"#1f77b4": "#1f77b4", "#ABC": "#AABBCC", "#0a9": "#00aa99",
	} {
		if got, ok := NormColor(in); !ok || got != want {
			t.Errorf("NormColor(%q) = %q %v, want %q", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "#", "red", "#12", "#1234", "#12345g", "1f77b4"} {
		if _, ok := NormColor(bad); ok {
			t.Errorf("NormColor(%q) accepted", bad)
		}
	}
}

// A codebook may write #RGB; it reads as #RRGGBB.
func TestDecodeShortColour(t *testing.T) {
	cb, err := Decode("codebook.yaml", []byte("version: 1\ncodes:\n  - name: Trust\n    color: \"#f90\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := cb.Code("Trust").Color; got != "#ff9900" {
		t.Errorf("colour %q, want #ff9900", got)
	}
}
