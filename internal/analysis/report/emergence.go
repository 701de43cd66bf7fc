package report

import (
	"cmp"
	"encoding/json"
	"slices"
	"time"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
)

// HistoryEntry is the part of one project history entry that saturation
// in analysis order reads: when, by whom, and what changed. It mirrors
// the store's history record without depending on the store.
type HistoryEntry struct {
	ID    string    `json:"id"`
	Time  time.Time `json:"time"`
	Coder string    `json:"coder"`
	// Undoes is the id of the entry this one reverted.
	Undoes   string            `json:"undoes,omitempty"`
	Codebook []codebook.Change `json:"codebook,omitempty"`
	Added    []coding.Coding   `json:"added,omitempty"`
	Removed  []coding.Coding   `json:"removed,omitempty"`
}

// Emergence is when each code first appeared in the analysis (see
// [EmergenceOf]).
type Emergence struct {
	// Transcripts are the sources in the order their coding began.
	Transcripts []string `json:"transcripts"`
	// Codes are the codes of the current codings, by first appearance.
	Codes []FirstAppearance `json:"codes"`
	// Steps has one step per transcript of Transcripts, with the codes
	// that first appeared while it was the latest transcript begun.
	Steps []EmergenceStep `json:"steps"`
	// FromCreated counts the codes whose first appearance comes from a
	// coding's creation time because the history has no record of it
	// (codings made before the history began, or imported).
	FromCreated int `json:"from_created"`
	// Dropped lists codes that appeared in the history but have no
	// coding now (deleted, not merged); they are not counted.
	Dropped []string `json:"dropped"`
}

// FirstAppearance is the first coding of one code in the analysis.
type FirstAppearance struct {
	// Code is the code's current name (renames and merges followed).
	Code string `json:"code"`
	// AsNamed is the name it had when first applied.
	AsNamed string    `json:"as_named"`
	Source  string    `json:"source"`
	Time    time.Time `json:"time"`
	Coder   string    `json:"coder"`
	// Step is the number of transcripts begun by then (1-based): a code
	// found while recoding an early transcript late in the analysis
	// counts at the step the analysis had reached.
	Step        int  `json:"step"`
	FromCreated bool `json:"from_created,omitempty"`
}

// EmergenceStep is one transcript in analysis order.
type EmergenceStep struct {
	N      int    `json:"n"`
	Source string `json:"source"`
	// New are the codes first appearing at this step (in whatever
	// transcript they were coded; see FirstAppearance.Source).
	New []string `json:"new"`
}

// event is one coding applied, in history order.
type event struct {
	seq    int // position in the replayed history
	name   string
	source string
	time   time.Time
	coder  string
	// entry is the history entry's position; renames in later entries
	// apply to the name.
	entry   int
	created bool
}

// alias is a code renamed or merged in one history entry.
type alias struct {
	entry    int
	from, to string
}

// EmergenceOf replays the history (in time order; entries that were
// undone and the undo entries themselves are skipped) and finds, for each
// code of the current codings, the first coding of it or of any code
// later renamed or merged into it. Renames and merges are recognised by
// codings removed and added again under another name with the same id in
// one entry, and by a code removed and another added at the same
// position of the codebook in one entry (a rename of an unused code).
// Codings moved that way are not new appearances. Current codings with
// no record in the history count from their creation time. Orphaned
// codings are ignored.
func EmergenceOf(history []HistoryEntry, current []coding.Coding) *Emergence {
	hist := slices.Clone(history)
	slices.SortStableFunc(hist, func(a, b HistoryEntry) int { return a.Time.Compare(b.Time) })
	undone := map[string]bool{}
	for _, h := range hist {
		if h.Undoes != "" {
			undone[h.Undoes] = true
		}
	}
	var events []event
	var aliases []alias
	recorded := map[string]bool{} // coding ids seen added in the history
	for i, h := range hist {
		if h.Undoes != "" || undone[h.ID] {
			continue
		}
		removed := map[string]coding.Coding{}
		for _, c := range h.Removed {
			removed[c.ID] = c
		}
		for _, c := range h.Added {
			recorded[c.ID] = true
			if r, ok := removed[c.ID]; ok {
				if codebook.Key(r.Code) != codebook.Key(c.Code) {
					aliases = append(aliases, alias{i, r.Code, c.Code})
				}
				continue // moved, not new
			}
			if c.Orphaned {
				continue
			}
			events = append(events, event{name: c.Code, source: c.Source, time: h.Time, coder: h.Coder, entry: i})
		}
		aliases = append(aliases, codebookRenames(i, h.Codebook)...)
	}
	// Current codings the history does not know, by creation time, go
	// before everything recorded at or after that time.
	for _, c := range current {
		if c.Orphaned || recorded[c.ID] {
			continue
		}
		events = append(events, event{name: c.Code, source: c.Source, time: c.Created, coder: c.Coder, entry: len(hist), created: true})
	}
	slices.SortStableFunc(events, func(a, b event) int { return a.time.Compare(b.time) })
	for i := range events {
		events[i].seq = i
	}
	final := func(e event) string {
		cur := e.name
		for _, a := range aliases {
			if a.entry > e.entry && codebook.Key(a.from) == codebook.Key(cur) {
				cur = a.to
			}
		}
		return cur
	}
	now := map[string]string{} // key -> current name
	for _, c := range current {
		if !c.Orphaned {
			now[codebook.Key(c.Code)] = c.Code
		}
	}
	em := &Emergence{Transcripts: []string{}, Codes: []FirstAppearance{}, Steps: []EmergenceStep{}, Dropped: []string{}}
	step := map[string]int{} // source -> 1-based position in analysis order
	seen, dropped := map[string]bool{}, map[string]bool{}
	for _, e := range events {
		if _, ok := step[e.source]; !ok {
			em.Transcripts = append(em.Transcripts, e.source)
			step[e.source] = len(em.Transcripts)
			em.Steps = append(em.Steps, EmergenceStep{N: len(em.Transcripts), Source: e.source, New: []string{}})
		}
		name := final(e)
		k := codebook.Key(name)
		cur, ok := now[k]
		if !ok {
			if !dropped[k] {
				dropped[k] = true
				em.Dropped = append(em.Dropped, name)
			}
			continue
		}
		if seen[k] {
			continue
		}
		seen[k] = true
		fa := FirstAppearance{Code: cur, AsNamed: e.name, Source: e.source, Time: e.time, Coder: e.coder, Step: len(em.Transcripts), FromCreated: e.created}
		if e.created {
			em.FromCreated++
		}
		em.Codes = append(em.Codes, fa)
		em.Steps[fa.Step-1].New = append(em.Steps[fa.Step-1].New, cur)
	}
	slices.Sort(em.Dropped)
	return em
}

// codebookRenames finds codes removed and added at the same index of the
// codebook in one entry: the way a rename shows in codebook changes.
func codebookRenames(entry int, changes []codebook.Change) []alias {
	var out []alias
	name := func(raw json.RawMessage) string {
		var v struct {
			Name string `json:"name"`
		}
		_ = json.Unmarshal(raw, &v)
		return v.Name
	}
	for _, rm := range changes {
		if rm.Kind != "code" || rm.Before == nil || rm.After != nil {
			continue
		}
		for _, add := range changes {
			if add.Kind == "code" && add.Before == nil && add.After != nil && add.Index == rm.Index {
				if from, to := name(rm.Before), name(add.After); from != "" && to != "" {
					out = append(out, alias{entry, from, to})
				}
			}
		}
	}
	return out
}

// InterviewSteps is the interview-order view: for sources in the given
// order, the codes (current names) first coded in each. Sources without
// codings are left out.
func InterviewSteps(sources []string, current []coding.Coding) []EmergenceStep {
	by := map[string][]string{}
	for _, c := range current {
		if !c.Orphaned {
			by[c.Source] = append(by[c.Source], c.Code)
		}
	}
	seen := map[string]bool{}
	out := []EmergenceStep{}
	for _, s := range sources {
		names := by[s]
		if len(names) == 0 {
			continue
		}
		st := EmergenceStep{N: len(out) + 1, Source: s, New: []string{}}
		slices.SortFunc(names, func(a, b string) int { return cmp.Compare(codebook.Key(a), codebook.Key(b)) })
		for _, n := range names {
			if k := codebook.Key(n); !seen[k] {
				seen[k] = true
				st.New = append(st.New, n)
			}
		}
		out = append(out, st)
	}
	return out
}
