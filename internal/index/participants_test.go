package index

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/grounded-qda/grounded/internal/project"
)

func writeParticipants(t *testing.T, p *project.Project, yaml string) {
	t.Helper()
	if err := os.WriteFile(p.Path(project.ParticipantsFile), []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
}

// checkParticipants compares Participants with ReadParticipants, and says
// whether the answer came from the cache (its file unchanged after).
func checkParticipants(t *testing.T, p *project.Project) {
	t.Helper()
	want, werr := p.ReadParticipants()
	got, gerr := Participants(p)
	if (werr == nil) != (gerr == nil) || werr != nil && werr.Error() != gerr.Error() {
		t.Fatalf("error %v, want %v", gerr, werr)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Participants = %#v\nReadParticipants = %#v", got, want)
	}
}

// The cache answers what participants.yaml says, never what it said: a
// change of one byte (with the same size and time stamps) is seen, a
// damaged or planted cache is not used, and a file that cannot be decoded
// gives the decoder's error.
func TestParticipantsCache(t *testing.T) {
	p := fixture(t)
	ix, _ := openSync(t, p)
	ix.Close()
	cache := filepath.Join(p.IndexDir(), ParticipantsCacheFile)
	files := []string{
		"version: 1\nattributes: [role, setting]\nparticipants:\n  - id: Ana\n    role: Peer support worker\n    setting: \"Shelter \\\"north\\\"\"\n  - id: Ben\n    role: Nurse\n    years: \"12\"\n  - id: Cy\n",
		// The same size, one letter changed.
		"version: 1\nattributes: [role, setting]\nparticipants:\n  - id: Ana\n    role: Peer support worker\n    setting: \"Shelter \\\"nurth\\\"\"\n  - id: Ben\n    role: Nurse\n    years: \"12\"\n  - id: Cy\n",
		"version: 1\nattributes: []\nparticipants: []\n",
		"version: 1\n",
		"version: 1\nattributes: [city, note]\nparticipants:\n  - id: P9\n    city: \"Montréal\\n\\t\"\n    note: 'a \"b\" c'\n",
	}
	for i, f := range files {
		writeParticipants(t, p, f)
		checkParticipants(t, p) // decoded, cache written
		if _, err := os.Stat(cache); err != nil {
			t.Fatalf("file %d: no cache: %v", i, err)
		}
		checkParticipants(t, p) // from the cache
	}
	// A damaged cache is not used.
	c, err := os.ReadFile(cache)
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(c), "Montréal", "Montreal", 1)
	if bad == string(c) {
		t.Fatal("the cache does not hold Montréal")
	}
	if err := os.WriteFile(cache, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	checkParticipants(t, p)
	// A participants.yaml that cannot be decoded.
	writeParticipants(t, p, "version: 1\nparticipants: {\n")
	checkParticipants(t, p)
	// No participants.yaml.
	if err := os.Remove(p.Path(project.ParticipantsFile)); err != nil {
		t.Fatal(err)
	}
	checkParticipants(t, p)
}

// The cache holds what it was written for.
func TestParticipantsCacheRoundTrip(t *testing.T) {
	p := fixture(t)
	writeParticipants(t, p, "version: 1\nattributes: [a]\nparticipants:\n  - id: P1\n    a: \"x y\"\n    b: \"\"\n")
	ps, err := p.ReadParticipants()
	if err != nil {
		t.Fatal(err)
	}
	c := encodeParticipantsCache(ps, "k")
	got, ok := decodeParticipantsCache(c, "k")
	if !ok || !reflect.DeepEqual(got, ps) {
		t.Fatalf("round trip: %v %#v, want %#v", ok, got, ps)
	}
	if _, ok := decodeParticipantsCache(c, "other"); ok {
		t.Error("a cache of another key was used")
	}
	if _, ok := decodeParticipantsCache(c[:len(c)-2], "k"); ok {
		t.Error("a cache cut short was used")
	}
}
