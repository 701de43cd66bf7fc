package gen

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"time"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/fsx"
	"github.com/grounded-qda/grounded/internal/project"
)

// Codes are the code names AddCodings uses.
var Codes = []string{
	"Building rapport", "Sharing lived experience", "Showing up", "Being non-judgemental",
	"Meeting clients where they are", "Setting boundaries", "Warm handoff", "Navigating services",
	"Advocating with staff", "Harm reduction", "Responding to relapse", "Celebrating milestones",
	"Stepping back", "Building independence", "Self-care", "Burnout", "Supervision", "Stigma",
	"Disclosure", "Family involvement", "Housing first", "Crisis response", "Listening",
	"Honesty", "Trust repaired", "Trust broken", "Role clarity", "Team integration",
	"Client autonomy", "Hope", "Safety planning", "Referral", "Discharge planning",
	"Peer mentoring", "Community connection", "Cravings", "Withdrawal", "Grief", "Humour",
	"Small wins",
}

// CodingOptions configure AddCodings.
type CodingOptions struct {
	Seed uint64
	// N is the number of codings to add.
	N int
	// Coders share the codings in turn (alice and bob when empty).
	Coders []string
	// Created is the creation time of the first coding; the others follow
	// a second apart.
	Created time.Time
}

// AddCodings adds o.N codings to the ingested project at root, spread
// evenly over its sources and over the turns of each (one code, coder and
// span at a time, never the same coder, code and span twice), and adds
// their codes to the codebook. Each quote is exactly its span's text. It
// holds the project's write lock while it writes, and returns the number
// of codings written.
func AddCodings(root string, o CodingOptions) (int, error) {
	if len(o.Coders) == 0 {
		o.Coders = []string{"alice", "bob"}
	}
	if o.Created.IsZero() {
		o.Created = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	}
	p, err := project.Open(root)
	if err != nil {
		return 0, err
	}
	lock, err := p.Lock()
	if err != nil {
		return 0, err
	}
	defer lock.Unlock()
	srcs, err := p.ListSources()
	if err != nil {
		return 0, err
	}
	if len(srcs) == 0 {
		return 0, fmt.Errorf("%s has no sources; ingest transcripts first", root)
	}
	// The codebook.
	cb, err := p.ReadCodebook()
	if err != nil {
		return 0, err
	}
	changed := false
	for _, name := range Codes {
		if cb.Code(name) == nil {
			if _, err := cb.AddCode(name, ""); err != nil {
				return 0, err
			}
			changed = true
		}
	}
	if changed {
		data, err := cb.Encode()
		if err != nil {
			return 0, err
		}
		if err := fsx.WriteFile(p.Path(project.CodebookFile), data, 0o644); err != nil {
			return 0, err
		}
	}
	r := rand.New(rand.NewPCG(o.Seed, 0xC0D1))
	shards := map[string][]coding.Coding{}
	seen := map[string]bool{}
	written := 0
	for si, s := range srcs {
		want := o.N / len(srcs)
		if si < o.N%len(srcs) {
			want++
		}
		turns, err := p.ReadTurns(s)
		if err != nil {
			return written, err
		}
		if len(turns) == 0 {
			continue
		}
		for got, tries := 0, 0; got < want; tries++ {
			if tries > 100*want+100 {
				return written, fmt.Errorf("%s: cannot place %d distinct codings", s.ID, want)
			}
			t := turns[r.IntN(len(turns))]
			n := t.Len()
			if n == 0 {
				continue
			}
			length := min(n, 10+r.IntN(190))
			start := r.IntN(n - length + 1)
			quote, ok := corpus.Slice(t.Text, start, start+length)
			if !ok {
				return written, fmt.Errorf("%s#%d: cannot slice %d-%d", s.ID, t.N, start, start+length)
			}
			c := coding.Coding{
				ID:      fmt.Sprintf("%012x", r.Uint64()&0xffffffffffff),
				Code:    Codes[r.IntN(len(Codes))],
				Source:  s.ID,
				Turn:    t.N,
				Start:   start,
				End:     start + length,
				Quote:   quote,
				Coder:   o.Coders[written%len(o.Coders)],
				Created: o.Created.Add(time.Duration(written) * time.Second),
			}
			key := fmt.Sprintf("%s|%s|%d|%d|%d|%s", c.Coder, c.Source, c.Turn, c.Start, c.End, c.Code)
			if seen[key] {
				continue
			}
			seen[key] = true
			rel := project.ShardRel(c.Coder, c.Source)
			shards[rel] = append(shards[rel], c)
			written++
			got++
		}
	}
	for rel, cs := range shards {
		path := p.Path(filepath.FromSlash(rel))
		old, err := p.ReadShard(cs[0].Coder, cs[0].Source)
		if err != nil {
			return 0, err
		}
		if err := fsx.WriteFile(path, coding.EncodeJSONL(append(old, cs...)), 0o644); err != nil {
			return 0, err
		}
	}
	return written, nil
}
