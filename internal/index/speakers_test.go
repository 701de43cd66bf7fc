package index

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/project"
)

// checkSpeakers compares SpeakerRoles with ReadSpeakerRoles (by their
// cache encoding, which holds every role in order).
func checkSpeakers(t *testing.T, p *project.Project) {
	t.Helper()
	want, werr := p.ReadSpeakerRoles()
	got, gerr := SpeakerRoles(p)
	if (werr == nil) != (gerr == nil) || werr != nil && werr.Error() != gerr.Error() {
		t.Fatalf("error %v, want %v", gerr, werr)
	}
	if werr == nil && !bytes.Equal(encodeSpeakersCache(got, ""), encodeSpeakersCache(want, "")) {
		t.Fatalf("SpeakerRoles = %#v\nReadSpeakerRoles = %#v", got, want)
	}
}

// The speakers' cache answers what speakers.yaml says, never what it said
// (a change of one byte is seen, a damaged cache is not used, a file that
// cannot be decoded gives the decoder's error), and is what answers when
// speakers.yaml has not changed.
func TestSpeakersCache(t *testing.T) {
	p := fixture(t)
	ix, _ := openSync(t, p)
	ix.Close()
	cache := filepath.Join(p.IndexDir(), SpeakersCacheFile)
	write := func(yaml string) {
		t.Helper()
		if err := os.WriteFile(p.Path(project.SpeakersFile), []byte(yaml), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	files := []string{
		"version: 1\nspeakers:\n  Interviewer: interviewer\nsources:\n  P1:\n    Jordan Lee: participant\n    \"Dr. \\\"Q\\\"\": other\n  P2:\n    Interviewer: other\n",
		// The same size, one role changed.
		"version: 1\nspeakers:\n  Interviewer: interviewer\nsources:\n  P1:\n    Jordan Lee: participant\n    \"Dr. \\\"Q\\\"\": other\n  P2:\n    Interviewer: other\n",
		"version: 1\nspeakers: {}\nsources: {}\n",
		"version: 1\n",
	}
	files[1] = string(bytes.Replace([]byte(files[1]), []byte("Jordan Lee: participant"), []byte("Jordan Lee: other      "), 1))
	for i, f := range files {
		write(f)
		checkSpeakers(t, p) // decoded, cache written
		if _, err := os.Stat(cache); err != nil {
			t.Fatalf("file %d: no cache: %v", i, err)
		}
		checkSpeakers(t, p) // from the cache
	}
	// What answers is the cache: one planted for the file's content, with
	// a payload that hashes right, is believed.
	write(files[0])
	data, err := os.ReadFile(p.Path(project.SpeakersFile))
	if err != nil {
		t.Fatal(err)
	}
	planted := &project.SpeakerRoles{}
	planted.Set("P7", "Zed", corpus.RoleOther)
	if err := os.WriteFile(cache, encodeSpeakersCache(planted, project.SHA256(data)), 0o644); err != nil {
		t.Fatal(err)
	}
	if r, err := SpeakerRoles(p); err != nil || r.Role("P7", "Zed") != corpus.RoleOther || r.Role("P1", "Jordan Lee") != "" {
		t.Fatalf("a cache for this content was not used: %#v, %v", r, err)
	}
	// A damaged cache is not used.
	c, err := os.ReadFile(cache)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cache, bytes.Replace(c, []byte("Zed"), []byte("Zee"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	checkSpeakers(t, p)
	// A speakers.yaml that cannot be decoded; none.
	write("version: 1\nsources: {\n")
	checkSpeakers(t, p)
	if err := os.Remove(p.Path(project.SpeakersFile)); err != nil {
		t.Fatal(err)
	}
	checkSpeakers(t, p)
}

// The cache holds what it was written for.
func TestSpeakersCacheRoundTrip(t *testing.T) {
	r := &project.SpeakerRoles{}
	r.Set("", "Interviewer", corpus.RoleInterviewer)
	r.Set("P1", "Sam \"S\"\n", corpus.RoleParticipant)
	r.Set("P1", "Interviewer", corpus.RoleOther)
	c := encodeSpeakersCache(r, "k")
	got, ok := decodeSpeakersCache(c, "k")
	if !ok || !bytes.Equal(encodeSpeakersCache(got, "k"), c) {
		t.Fatalf("round trip: %v %#v, want %#v", ok, got, r)
	}
	if _, ok := decodeSpeakersCache(c, "other"); ok {
		t.Error("a cache of another key was used")
	}
	if _, ok := decodeSpeakersCache(c[:len(c)-2], "k"); ok {
		t.Error("a cache cut short was used")
	}
}
