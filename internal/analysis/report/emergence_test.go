package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
)

var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

func at(h int) time.Time { return t0.Add(time.Duration(h) * time.Hour) }

func cod(id, code, src string) coding.Coding {
	return coding.Coding{ID: id, Code: code, Source: src, Turn: 1, Start: 0, End: 4, Coder: "ana"}
}

// TestEmergenceFollowsAnalysis: the analysis codes T1, T2, T3 in that
// order; "Braiding" is found in T3 and then used to recode T1;
// "Showing up" is renamed "Being there", and "Calls" merged into it;
// one coding is undone; one coding predates the history.
func TestEmergenceFollowsAnalysis(t *testing.T) {
	renamed := func(c coding.Coding, code string) coding.Coding { c.Code = code; return c }
	h := []HistoryEntry{
		{ID: "h1", Time: at(1), Added: []coding.Coding{cod("a", "Trust", "T1"), cod("b", "Showing up", "T1")}},
		{ID: "h2", Time: at(2), Added: []coding.Coding{cod("c", "Calls", "T2")}},
		{ID: "h3", Time: at(3), Added: []coding.Coding{cod("d", "Braiding", "T3"), cod("e", "Mistake", "T3")}},
		{ID: "h4", Time: at(4), Undoes: "h3x"},                                      // undoes nothing listed: harmless
		{ID: "h5", Time: at(5), Added: []coding.Coding{cod("f", "Braiding", "T1")}}, // recoding T1 later
		{ID: "h6", Time: at(6), Removed: []coding.Coding{cod("b", "Showing up", "T1")}, Added: []coding.Coding{renamed(cod("b", "Showing up", "T1"), "Being there")}},
		{ID: "h7", Time: at(7), Removed: []coding.Coding{cod("c", "Calls", "T2")}, Added: []coding.Coding{renamed(cod("c", "Calls", "T2"), "Being there")}},
		{ID: "h8", Time: at(8), Added: []coding.Coding{cod("g", "Oops", "T2")}},
		{ID: "h9", Time: at(9), Undoes: "h8", Removed: []coding.Coding{cod("g", "Oops", "T2")}},
	}
	old := cod("z", "Paperwork", "T0")
	old.Created = at(0)
	current := []coding.Coding{
		cod("a", "Trust", "T1"), renamed(cod("b", "Showing up", "T1"), "Being there"),
		renamed(cod("c", "Calls", "T2"), "Being there"), cod("d", "Braiding", "T3"),
		cod("f", "Braiding", "T1"), old,
	}
	em := EmergenceOf(h, current)
	if want := []string{"T0", "T1", "T2", "T3"}; !slices.Equal(em.Transcripts, want) {
		t.Errorf("analysis order %v, want %v", em.Transcripts, want)
	}
	got := map[string]string{}
	for _, c := range em.Codes {
		got[c.Code] = fmt.Sprintf("%s@%d as %s", c.Source, c.Step, c.AsNamed)
	}
	want := map[string]string{
		"Paperwork":   "T0@1 as Paperwork",
		"Trust":       "T1@2 as Trust",
		"Being there": "T1@2 as Showing up", // renamed; merged Calls came later
		"Braiding":    "T3@4 as Braiding",   // not T1: T1 was recoded later
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %q, want %q", k, got[k], v)
		}
	}
	if len(em.Codes) != 4 || em.FromCreated != 1 {
		t.Errorf("codes %v, from created %d", got, em.FromCreated)
	}
	if !slices.Equal(em.Dropped, []string{"Mistake"}) {
		t.Errorf("dropped %v (the undone Oops must not appear)", em.Dropped)
	}
	// In interview order T0..T3, Braiding would count at T1 (step 2).
	iv := InterviewSteps([]string{"T0", "T1", "T2", "T3"}, current)
	if !slices.Contains(iv[1].New, "Braiding") || len(iv[3].New) != 0 {
		t.Errorf("interview order steps %+v", iv)
	}
	if !slices.Contains(em.Steps[3].New, "Braiding") {
		t.Errorf("analysis order steps %+v", em.Steps)
	}
}

func TestEmergenceCodebookRename(t *testing.T) {
	raw := func(name string) json.RawMessage { b, _ := json.Marshal(map[string]string{"name": name}); return b }
	h := []HistoryEntry{
		{ID: "h1", Time: at(1), Added: []coding.Coding{cod("a", "Old", "T1")}},
		// The rename shows as codebook changes and the coding moved.
		{ID: "h2", Time: at(2), Codebook: []codebook.Change{
			{Kind: "code", Key: "old", Index: 0, Before: raw("Old")},
			{Kind: "code", Key: "new", Index: 0, After: raw("New")},
		}},
	}
	later := cod("a2", "New", "T2") // made outside the history, later
	later.Created = at(3)
	em := EmergenceOf(h, []coding.Coding{later})
	if len(em.Codes) != 1 || em.Codes[0].Code != "New" || em.Codes[0].Source != "T1" {
		t.Errorf("codes %+v; want New first in T1 through the codebook rename", em.Codes)
	}
}

// steps builds emergence steps T01.. with the given numbers of new codes.
func steps(news ...int) []EmergenceStep {
	var out []EmergenceStep
	k := 0
	for i, n := range news {
		st := EmergenceStep{N: i + 1, Source: fmt.Sprintf("T%02d", i+1), New: []string{}}
		for range n {
			k++
			st.New = append(st.New, fmt.Sprintf("c%d", k))
		}
		out = append(out, st)
	}
	return out
}

// TestGuest follows the worked example of Guest, Namey & Chen (2020):
// a base of 4 interviews with 37 unique codes, whose first run of 2
// (interviews 5 and 6) adds 7 new codes, 7/37 = 19% new information.
// The rest is computed by hand: runs 6-7 4/37 = 10.8%, 7-8 2/37 = 5.4%
// (above 5%), 8-9 1/37 = 2.7%: saturation after interview 7, and
// interview 8 still brought a new code.
func TestGuest(t *testing.T) {
	r, err := Guest(steps(20, 8, 5, 4, 4, 3, 1, 1, 0, 0), DefaultGuestParams)
	if err != nil {
		t.Fatal(err)
	}
	if r.BaseCodes != 37 || len(r.Runs) != 4 {
		t.Fatalf("base %d runs %+v", r.BaseCodes, r.Runs)
	}
	if r.Runs[0].New != 7 || fmt.Sprintf("%.0f%%", 100*r.Runs[0].Share) != "19%" {
		t.Errorf("first run %+v, want 7 new, 19%%", r.Runs[0])
	}
	if !r.Reached || r.Point != 7 || r.After != "T07" {
		t.Errorf("reached %v point %d after %s, want after T07 (7)", r.Reached, r.Point, r.After)
	}
	if len(r.LateNew) != 1 || r.LateNew[0].Source != "T08" {
		t.Errorf("late new %+v", r.LateNew)
	}
	for _, w := range []string{"after transcript T07 (7 of 10)", "transcripts 8-9 added 1 new code(s), 2.7% of the 37", "1 new code(s) appeared after the point, at T08 (1)"} {
		if !strings.Contains(r.Summary, w) {
			t.Errorf("summary %q lacks %q", r.Summary, w)
		}
	}
	// A zero threshold needs a run with no new code at all.
	r, _ = Guest(steps(20, 8, 5, 4, 4, 3, 1, 1, 0, 0), GuestParams{Base: 4, Run: 2, Threshold: 0})
	if !r.Reached || r.Point != 8 || len(r.LateNew) != 0 || !strings.Contains(r.Summary, "No new code appeared after it") {
		t.Errorf("threshold 0: point %d, late %v, %q", r.Point, r.LateNew, r.Summary)
	}
	r, _ = Guest(steps(3, 1, 1, 1, 1, 1, 1), DefaultGuestParams)
	if r.Reached || !strings.Contains(r.Summary, "not reached") {
		t.Errorf("never quiet: %+v", r)
	}
	if _, err := Guest(steps(1, 1, 1), DefaultGuestParams); err == nil {
		t.Error("no error for too few transcripts")
	}
	if _, err := Guest(steps(0, 0, 0, 0, 1, 1), DefaultGuestParams); err == nil {
		t.Error("no error for an empty base")
	}
}

func TestGuestRobustness(t *testing.T) {
	// Ten transcripts: the first four hold 20 codes between them, the
	// rest repeat them; one late transcript has a rare code.
	var sets [][]string
	for i := range 10 {
		var s []string
		for j := range 20 {
			if (i+j)%3 != 0 {
				s = append(s, fmt.Sprintf("c%d", j))
			}
		}
		if i == 9 {
			s = append(s, "rare")
		}
		sets = append(sets, s)
	}
	a, err := GuestRobustness(sets, DefaultGuestParams, 200, 11)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := GuestRobustness(sets, DefaultGuestParams, 200, 11)
	if *a.Median != *b.Median || *a.Low != *b.Low || *a.High != *b.High || a.Reached != b.Reached {
		t.Errorf("same seed, different results: %+v %+v", a, b)
	}
	if a.Reached != 200 || *a.Low < 4 || *a.High > 8 || *a.Low > *a.Median || *a.Median > *a.High {
		t.Errorf("robustness %+v: every order saturates between 4 and 8", a)
	}
}

func TestCategorySaturationAndThin(t *testing.T) {
	cb, err := codebook.Decode("codebook.yaml", []byte(`version: 1
categories:
  - name: Trust
  - name: Disclosure
    parent: Trust
  - name: Bridging
codes:
  - name: a
    category: Disclosure
  - name: b
    category: Disclosure
  - name: c
    category: Trust
  - name: d
    category: Bridging
`))
	if err != nil {
		t.Fatal(err)
	}
	cs := CategorySaturation(cb, []EmergenceStep{
		{N: 1, Source: "T1", New: []string{"a"}},
		{N: 2, Source: "T2", New: []string{"b", "d"}},
		{N: 3, Source: "T3", New: []string{"c"}},
	})
	if !slices.Equal(cs[0].NewCategories, []string{"Disclosure", "Trust"}) || len(cs[0].NewProperties) != 0 {
		t.Errorf("step 1 %+v", cs[0])
	}
	if !slices.Equal(cs[1].NewCategories, []string{"Bridging"}) || !slices.Equal(cs[1].NewProperties, []string{"Disclosure: b", "Trust: b"}) {
		t.Errorf("step 2 %+v", cs[1])
	}
	if len(cs[2].NewCategories) != 0 || !slices.Equal(cs[2].NewProperties, []string{"Trust: c"}) {
		t.Errorf("step 3 %+v", cs[2])
	}
	// Participants: P1 (hospital) and P2 (community) coded Disclosure;
	// only P1 coded Bridging; P3 (street) nothing.
	codings := []coding.Coding{cod("1", "a", "S1"), cod("2", "b", "S2"), cod("3", "d", "S1"), cod("4", "d", "S1x")}
	part := map[string]string{"S1": "P1", "S2": "P2", "S1x": "P1"}
	parts := []corpus.Participant{
		{ID: "P1", Attributes: map[string]string{"setting": "hospital"}},
		{ID: "P2", Attributes: map[string]string{"setting": "community"}},
		{ID: "P3", Attributes: map[string]string{"setting": "street"}},
	}
	thin := ThinCategories(cb, codings, func(s string) string { return part[s] }, parts, []string{"setting"}, 2)
	if len(thin) != 1 || thin[0].Category != "Bridging" || thin[0].Participants != 1 {
		t.Fatalf("thin %+v", thin)
	}
	if m := thin[0].Missing; len(m) != 1 || !slices.Equal(m[0].Values, []string{"community", "street"}) {
		t.Errorf("missing %+v", m)
	}
}

// TestGuestSentenceNeverHidesLateCodes: over many random sequences, when
// saturation is reached, every transcript after the point that brought a
// new code is named in the sentence, and "No new code appeared after it"
// is said only when none did.
func TestGuestSentenceNeverHidesLateCodes(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for range 500 {
		news := make([]int, 6+rng.IntN(25))
		for i := range news {
			if i < 4 {
				news[i] = 1 + rng.IntN(15)
			} else if rng.IntN(3) == 0 {
				news[i] = rng.IntN(3)
			}
		}
		p := GuestParams{Base: 1 + rng.IntN(4), Run: 1 + rng.IntN(3), Threshold: float64(rng.IntN(3)) * 0.05}
		r, err := Guest(steps(news...), p)
		if err != nil {
			continue
		}
		if !r.Reached {
			continue
		}
		late := false
		for i := r.Point; i < len(news); i++ {
			if news[i] > 0 {
				late = true
				if !strings.Contains(r.Summary, fmt.Sprintf("T%02d (%d)", i+1, news[i])) {
					t.Fatalf("news %v %+v: sentence %q does not name T%02d", news, p, r.Summary, i+1)
				}
			}
		}
		if late == strings.Contains(r.Summary, "No new code appeared after it") {
			t.Fatalf("news %v %+v: sentence %q", news, p, r.Summary)
		}
	}
}

// TestSaturationAnalysisVersusInterview: four codes in T1..T4 (the base),
// then T5 and T6 coded with known codes only; late in the analysis "new"
// is found in T6 and used to recode T1. In interview order "new" counts
// at T1 and saturation comes right after the base; in analysis order it
// counts at T6 and the sentence says so.
func TestSaturationAnalysisVersusInterview(t *testing.T) {
	var h []HistoryEntry
	var current []coding.Coding
	id := 0
	add := func(hour int, src string, codes ...string) {
		e := HistoryEntry{ID: fmt.Sprint("h", hour), Time: at(hour)}
		for _, code := range codes {
			id++
			c := cod(fmt.Sprint(id), code, src)
			e.Added = append(e.Added, c)
			current = append(current, c)
		}
		h = append(h, e)
	}
	add(1, "T1", "a", "b", "c", "d", "e")
	add(2, "T2", "f", "g", "h", "i", "j")
	add(3, "T3", "k", "l", "m", "n", "o")
	add(4, "T4", "p", "q", "r", "s", "t")
	add(5, "T5", "a", "f")
	add(6, "T6", "k", "new")
	add(7, "T1", "new")
	p := GuestParams{Base: 4, Run: 2, Threshold: 0}
	srcs := []string{"T1", "T2", "T3", "T4", "T5", "T6"}
	iv, err := GuestSaturationOf(GuestInput{Codings: current, Sources: srcs, Order: OrderInterview, Params: p})
	if err != nil {
		t.Fatal(err)
	}
	an, err := GuestSaturationOf(GuestInput{Codings: current, History: h, Sources: srcs, Params: p, Permutations: 50, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if an.Order != OrderAnalysis || an.Robustness == nil || an.Robustness.Permutations != 50 {
		t.Errorf("default order %q, robustness %+v", an.Order, an.Robustness)
	}
	if !iv.Result.Reached || iv.Result.Point != 4 {
		t.Errorf("interview order: %s", iv.Result.Summary)
	}
	if an.Result.Reached {
		t.Errorf("analysis order: %s; want not reached (new code in T6)", an.Result.Summary)
	}
	if _, err := GuestSaturationOf(GuestInput{Codings: current, Order: OrderAnalysis, Params: p}); !errors.Is(err, ErrNoHistory) {
		t.Errorf("no history: %v", err)
	}
}
