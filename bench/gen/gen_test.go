package gen

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/project"
)

func TestVocabularyHasNoDuplicates(t *testing.T) {
	seen := map[string]bool{}
	for _, list := range [][]string{Common, Domain, Phrases} {
		for _, w := range list {
			if seen[w] {
				t.Errorf("word %q appears twice", w)
			}
			seen[w] = true
		}
	}
}

func TestTranscriptIsDeterministicAndParses(t *testing.T) {
	a := Transcript(7, 3, 200)
	if b := Transcript(7, 3, 200); a != b {
		t.Fatal("the same seed and number gave different transcripts")
	}
	if Transcript(8, 3, 200) == a {
		t.Fatal("another seed gave the same transcript")
	}
	tr, err := corpus.Parse("P0003.txt", []byte(a))
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Turns) != 200 {
		t.Fatalf("parsed %d turns, want 200", len(tr.Turns))
	}
	name := Speaker(7, 3)
	words := 0
	for i, turn := range tr.Turns {
		want := "Interviewer"
		if i%2 == 1 {
			want = name
		}
		if turn.Speaker != want {
			t.Fatalf("turn %d: speaker %q, want %q", i+1, turn.Speaker, want)
		}
		n := len(strings.Fields(turn.Text))
		if n < 5 || n > 250+6 { // phrases count as two words
			t.Errorf("turn %d has %d words", i+1, n)
		}
		words += n
	}
	// About 10,000 words: an hour-long interview.
	if words < 6000 || words > 16000 {
		t.Errorf("%d words in 200 turns", words)
	}
	if !strings.Contains(a, "trust") {
		t.Error("no domain word 'trust' in a whole transcript")
	}
}

func TestLongTurn(t *testing.T) {
	tr, err := corpus.Parse("long.txt", []byte(LongTurnTranscript(1, 300_000)))
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Turns) != 5 || tr.Turns[LongTurn-1].Len() < 300_000 {
		t.Fatalf("got %d turns, the long one %d characters", len(tr.Turns), tr.Turns[min(LongTurn, len(tr.Turns))-1].Len())
	}
}

func TestParticipantsCSV(t *testing.T) {
	csv := ParticipantsCSV(1, 3)
	lines := strings.Split(strings.TrimSpace(csv), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[1], "P0001,") || !strings.HasPrefix(lines[3], "P0003,") {
		t.Fatalf("participants.csv:\n%s", csv)
	}
}

// TestAddCodings ingests two generated transcripts through the project
// package and checks that the codings written are exact and pass Check.
func TestAddCodings(t *testing.T) {
	dir := t.TempDir()
	p, err := project.Init(filepath.Join(dir, "p"), project.InitOptions{Coder: "gen"})
	if err != nil {
		t.Fatal(err)
	}
	paths, err := WriteCorpus(dir, Options{Seed: 1, Transcripts: 2, Turns: 20})
	if err != nil {
		t.Fatal(err)
	}
	lock, err := p.Lock()
	if err != nil {
		t.Fatal(err)
	}
	var files []project.IngestFile
	for _, path := range paths {
		data, _ := os.ReadFile(path)
		files = append(files, project.IngestFile{Path: path, Data: data})
	}
	plans, err := p.PlanIngest(files, false, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	e, err := p.Edit(lock, "gen", "ingest")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.ApplyIngest(plans); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Commit("ingest"); err != nil {
		t.Fatal(err)
	}
	lock.Unlock()

	n, err := AddCodings(p.Root, CodingOptions{Seed: 1, N: 301})
	if err != nil || n != 301 {
		t.Fatalf("AddCodings = %d, %v", n, err)
	}
	cs, err := p.ReadCodings("")
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 301 {
		t.Fatalf("%d codings in the project, want 301", len(cs))
	}
	r, err := p.Check(false)
	if err != nil {
		t.Fatal(err)
	}
	if r.Errors() != 0 || r.Codings != 301 {
		t.Fatalf("check: %d codings, problems %+v", r.Codings, r.Problems)
	}
	// The files are in grounded's own order.
	data, _ := os.ReadFile(p.Path(filepath.FromSlash(project.ShardRel("alice", "P0001"))))
	var again []coding.Coding
	again, err = coding.ReadJSONL[coding.Coding]("x", strings.NewReader(string(data)))
	if err != nil || string(coding.EncodeJSONL(again)) != string(data) {
		t.Fatalf("shard is not sorted as EncodeJSONL writes it (%v)", err)
	}
}
