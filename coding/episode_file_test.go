package coding

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

const episodesYAML = `version: 1
episodes:
  - name: K, first weeks   # a client story
    source: P07
    from: 12
    to: 30
    client: K
  - name: the ED night
    source: P02
    from: 4
    to: 4
`

func TestDecodeEpisodes(t *testing.T) {
	es, err := DecodeEpisodes("episodes.yaml", []byte(episodesYAML))
	if err != nil {
		t.Fatal(err)
	}
	want := []Episode{{Name: "K, first weeks", Source: "P07", From: 12, To: 30, Client: "K"}, {Name: "the ED night", Source: "P02", From: 4, To: 4}}
	if !reflect.DeepEqual(es, want) {
		t.Fatalf("decoded %+v", es)
	}
	back, err := DecodeEpisodes("re.yaml", EncodeEpisodes(es))
	if err != nil {
		t.Fatal(err)
	}
	SortEpisodes(want)
	if !reflect.DeepEqual(back, want) {
		t.Errorf("round trip %+v", back)
	}
	if es, err := DecodeEpisodes("e.yaml", []byte("\n")); err != nil || len(es) != 0 {
		t.Errorf("empty file: %v %v", es, err)
	}
}

func TestDecodeEpisodesErrors(t *testing.T) {
	for _, tc := range []struct{ yaml, pos, want string }{
		{"episodes: []\n", "1:1", "missing version"},
		{"version: 2\n", "1:10", "version 2"},
		{"version: 1\nepisode: []\n", "2:1", `unknown key "episode"`},
		{"version: 1\nepisodes:\n  - name: A\n    source: P1\n    from: 3\n", "3:5", "missing to"},
		{"version: 1\nepisodes:\n  - name: A\n    source: P1\n    from: x\n    to: 4\n", "5:11", "not a turn number"},
		{"version: 1\nepisodes:\n  - name: A\n    source: P1\n    from: 5\n    to: 4\n", "3:5", "1 <= FIRST <= LAST"},
		{"version: 1\nepisodes:\n  - name: A\n    source: ../x\n    from: 1\n    to: 4\n", "3:5", "source"},
		{"version: 1\nepisodes:\n  - name: A\n    source: P1\n    from: 1\n    to: 4\n    colour: red\n", "7:5", `unknown key "colour"`},
		{"version: 1\nepisodes:\n  - {name: A, source: P1, from: 1, to: 2}\n  - {name: a, source: P2, from: 1, to: 2}\n", "4:5", "duplicate episode"},
		{"version: 1\nepisodes: [\n", "", "not valid YAML"},
	} {
		_, err := DecodeEpisodes("episodes.yaml", []byte(tc.yaml))
		var fe *EpisodeFileError
		if !errors.As(err, &fe) {
			t.Errorf("%q: error %v is not an EpisodeFileError", tc.yaml, err)
			continue
		}
		if !strings.Contains(err.Error(), "episodes.yaml:"+tc.pos) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %q, want position %s and %q", tc.yaml, err, tc.pos, tc.want)
		}
	}
}

func TestParseEpisodeRange(t *testing.T) {
	src, a, b, err := ParseEpisodeRange("P07#12-30")
	if err != nil || src != "P07" || a != 12 || b != 30 {
		t.Errorf("P07#12-30: %s %d %d %v", src, a, b, err)
	}
	if _, a, b, err := ParseEpisodeRange("P07#4"); err != nil || a != 4 || b != 4 {
		t.Errorf("P07#4: %d %d %v", a, b, err)
	}
	for in, want := range map[string]string{
		"P07":              "column 4: missing",
		"P07#0-3":          "column 5: first turn",
		"P07#5-3":          "after the last",
		"P07#5-x":          "column 7: last turn",
		"../x#1-2":         "column 1: source",
		"P07#-3":           "first turn",
		"P07#1-2-3":        "last turn",
		"P07#999999999999": "first turn",
	} {
		_, _, _, err := ParseEpisodeRange(in)
		if !errors.Is(err, ErrBadRange) || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", in, err, want)
		}
	}
}

// FuzzDecodeEpisodes: never panics; an accepted file re-encodes to one
// that decodes to the same episodes. Seeds in testdata/fuzz.
func FuzzDecodeEpisodes(f *testing.F) {
	f.Add([]byte(episodesYAML))
	f.Add([]byte("version: 1\nepisodes: []\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		es, err := DecodeEpisodes("f.yaml", data)
		if err != nil {
			var fe *EpisodeFileError
			if es != nil || !errors.As(err, &fe) {
				t.Fatalf("episodes %v with error %T %v", es, err, err)
			}
			return
		}
		back, err := DecodeEpisodes("re.yaml", EncodeEpisodes(es))
		if err != nil {
			t.Fatalf("re-encoded file does not decode: %v\n%s", err, EncodeEpisodes(es))
		}
		SortEpisodes(es)
		if !reflect.DeepEqual(back, es) {
			t.Fatalf("round trip %+v != %+v", back, es)
		}
	})
}

func FuzzParseEpisodeRange(f *testing.F) {
	for _, s := range []string{"P07#12-30", "P07#4", "x#0", "#1-2", "P1#2-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		src, a, b, err := ParseEpisodeRange(s)
		if err != nil {
			return
		}
		e := Episode{Name: "x", Source: src, From: a, To: b}
		if err := e.Validate(0); err != nil {
			t.Fatalf("%q parsed to an invalid episode: %v", s, err)
		}
	})
}
