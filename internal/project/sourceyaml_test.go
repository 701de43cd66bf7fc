package project

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/grounded-qda/grounded/corpus"
)

// decodeSourceYAML is ReadSource's decoding with yaml.v3.
func decodeSourceYAML(data []byte) (corpus.Source, error) {
	var s corpus.Source
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	err := dec.Decode(&s)
	return s, err
}

// sameAsYAML fails when decodeSourceFast accepts data and yaml.v3 does not
// give the same Source.
func sameAsYAML(t *testing.T, data []byte) (accepted bool) {
	t.Helper()
	fast, ok := decodeSourceFast(data)
	if !ok {
		return false
	}
	slow, err := decodeSourceYAML(data)
	if err != nil {
		t.Fatalf("fast reader accepted what yaml.v3 refuses (%v):\n%s", err, data)
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Fatalf("fast reader gives %#v, yaml.v3 %#v:\n%s", fast, slow, data)
	}
	return true
}

func sampleSource() *corpus.Source {
	return &corpus.Source{ID: "P0001", Participant: "P0001", Format: "txt", Encoding: "utf-8",
		Original: "original.txt", OriginalName: "P0001.txt",
		OriginalSHA256: "a2c28bdd7b877f69461ae7368d64cb431d43eaa9b6700abbd00e8c50a95a4ca0",
		TextSHA256:     "9b5c1910564f731c9715ca3327052631de8a5cd8e19060820f8c6f7828e0f1f2",
		Turns:          200, Chars: 51486, Speakers: []string{"Interviewer", "Jordan Cohen"},
		Ingested: time.Date(2026, 11, 27, 19, 33, 56, 123456789, time.UTC)}
}

// TestDecodeSourceFast: what EncodeSource writes for usual sources is
// read by the fast reader, to the same Source as yaml.v3; files in other
// forms are left to yaml.v3.
func TestDecodeSourceFast(t *testing.T) {
	s := sampleSource()
	variants := []func(*corpus.Source){
		func(*corpus.Source) {},
		func(s *corpus.Source) { s.Speakers = nil },
		func(s *corpus.Source) { s.Speakers = []string{} },
		func(s *corpus.Source) { s.Ingested = s.Ingested.Truncate(time.Second) },
		func(s *corpus.Source) { s.OriginalName = "Interview 3 (final) — Zoë.docx" },
		func(s *corpus.Source) { s.Speakers = []string{"王芳", "Zoë", "Dr. A. Smith-Jones"} },
		func(s *corpus.Source) { s.Turns, s.Chars = 0, 0 },
	}
	for i, v := range variants {
		c := *s
		v(&c)
		data := EncodeSource(&c)
		if i < 4 && !sameAsYAML(t, data) {
			t.Errorf("variant %d: the fast reader declined what EncodeSource wrote:\n%s", i, data)
		}
		sameAsYAML(t, data)
	}
	declined := []string{
		"id: P1\nid: P2\n",                      // a key twice: yaml.v3's error
		"id: P1\nfoo: bar\n",                    // an unknown key: yaml.v3's error
		"id: null\n",                            // null, not the word
		"id: 'P1'\n",                            // quoted
		"id: P1 # comment\n",                    // comment
		"id: P1\n\nformat: txt\n",               // blank line
		"id: P1",                                // no line end
		"speakers: [a, 'b, c']\n",               // quoted item
		"speakers: [a,b]\n",                     // not EncodeSource's form
		"turns: 010\n",                          // leading zero (octal in YAML 1.1)
		"turns: +1\n",                           // sign
		"turns: 1_000\n",                        // separator
		"ingested: 2026-11-27T19:33:56+01:00\n", // not UTC
		"ingested: 2026-11-27\n",                // a date
		"original_name: a: b\n",                 // ": " inside
		"participant: -x\n",                     // indicator first
	}
	for _, d := range declined {
		if sameAsYAML(t, []byte(d)) {
			t.Errorf("the fast reader accepted %q", d)
		}
	}
}

// FuzzDecodeSourceFast: whatever the fast reader accepts, yaml.v3 reads to
// the same Source; and what EncodeSource writes from any field values is
// either declined or read the same.
func FuzzDecodeSourceFast(f *testing.F) {
	f.Add(string(EncodeSource(sampleSource())), "Jordan Lee", "P 1.txt", 3)
	f.Add("id: P1\nspeakers: []\nturns: 0\n", "null", "", 0)
	f.Add("id: 0x1F\nformat: true\nencoding: 1e3\n", "~", "a,b", 12)
	f.Fuzz(func(t *testing.T, raw, speaker, name string, n int) {
		sameAsYAML(t, []byte(raw))
		s := sampleSource()
		s.Speakers = []string{speaker, strings.ToUpper(speaker)}
		s.OriginalName, s.Participant, s.Turns = name, speaker, n
		if n < 0 {
			s.Speakers = nil
		}
		sameAsYAML(t, EncodeSource(s))
	})
}
