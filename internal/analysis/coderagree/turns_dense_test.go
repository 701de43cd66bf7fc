package coderagree

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/analysis/agreement"
	"github.com/grounded-qda/grounded/internal/analysis/report"
)

// TestBuildTurnDataSameAsDense compares BuildTurnData with the dense
// table it replaced (buildTurnDataDense, kept here as the reference) on
// random projects: two to four coders, sources coded by some of them,
// turns left out by Include, orphaned codings, every level.
func TestBuildTurnDataSameAsDense(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for trial := range 200 {
		in := randomInput(r)
		coders := []string{"a", "b", "c", "d"}[:2+r.IntN(3)]
		for _, level := range []report.Level{report.LevelCode, report.LevelCategory, report.LevelStage} {
			got, gerr := BuildTurnData(in, coders, level)
			want, werr := buildTurnDataDense(in, coders, level)
			if fmt.Sprint(gerr) != fmt.Sprint(werr) {
				t.Fatalf("trial %d: error %v, dense %v", trial, gerr, werr)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("trial %d level %v: TurnData differs\ngot  %+v\nwant %+v", trial, level, got, want)
			}
			if gerr != nil {
				continue
			}
			// And the figures computed from them, bit for bit.
			for i := range got.Data {
				gr, ge := turnRow(got.Items[i], got.Data[i])
				wr, we := turnRow(want.Items[i], want.Data[i])
				if fmt.Sprint(ge) != fmt.Sprint(we) || !reflect.DeepEqual(gr, wr) {
					t.Fatalf("trial %d: row %s differs: %+v vs %+v", trial, got.Items[i], gr, wr)
				}
			}
		}
	}
}

func randomInput(r *rand.Rand) *Input {
	cb, err := codebook.Decode("codebook.yaml", []byte(fixtureCodebook))
	if err != nil {
		panic(err)
	}
	turns := map[string][]corpus.Turn{}
	var sources []*corpus.Source
	for s := range 1 + r.IntN(4) {
		id := fmt.Sprint("S", s+1)
		sources = append(sources, &corpus.Source{ID: id})
		for i := 1; i <= 1+r.IntN(6); i++ {
			turns[id] = append(turns[id], corpus.Turn{N: i, Speaker: []string{"A", "I"}[r.IntN(2)], Text: "abcdefghij"})
		}
	}
	var cs []coding.Coding
	for i := range r.IntN(40) {
		s := sources[r.IntN(len(sources))]
		n := 1 + r.IntN(len(turns[s.ID]))
		st := r.IntN(9)
		cs = append(cs, coding.Coding{ID: fmt.Sprint(i), Code: []string{"X", "Y", "x"}[r.IntN(3)], Source: s.ID, Turn: n,
			Start: st, End: st + 1, Coder: []string{"a", "B", "c", "d", "e"}[r.IntN(5)], Orphaned: r.IntN(10) == 0})
	}
	in := &Input{Codebook: cb, Codings: cs, Sources: sources, Texts: report.NewTexts(turns)}
	if r.IntN(2) == 0 {
		in.Include = func(_ string, turn int) bool { return turn%3 != 0 }
	}
	return in
}

// buildTurnDataDense is BuildTurnData as it was before the cells were
// shared: maps of maps of slices and one agreement.Binary per item.
func buildTurnDataDense(in *Input, coders []string, level report.Level) (*TurnData, error) {
	if len(coders) < 2 {
		return nil, ErrTooFewCoders
	}
	use, skipped, rated := joint(in, coders, 2)
	if len(use) == 0 {
		return nil, noJoint(coders, skipped, 2)
	}
	td := &TurnData{Coders: coders, Skipped: skipped}
	type turnKey struct {
		source string
		turn   int
	}
	unitIndex := map[turnKey]int{}
	var unitRated [][]bool
	for _, s := range use {
		td.Sources = append(td.Sources, s.ID)
		turns := in.Texts.Turns(s.ID)
		if len(turns) == 0 {
			return nil, fmt.Errorf("the turns of source %s are not loaded", s.ID)
		}
		for _, t := range turns {
			if in.Include != nil && !in.Include(s.ID, t.N) {
				continue
			}
			unitIndex[turnKey{s.ID, t.N}] = len(td.Units)
			td.Units = append(td.Units, fmt.Sprintf("%s#%d", s.ID, t.N))
			unitRated = append(unitRated, rated[s.ID])
		}
	}
	coderIndex := map[string]int{}
	for i, c := range coders {
		coderIndex[coderKey(c)] = i
	}
	g := report.NewGrouping(in.Codebook, level)
	// present[item][unit][coder]
	present := map[int]map[int][]bool{}
	for _, c := range in.Codings {
		ci, ok := coderIndex[coderKey(c.Coder)]
		if !ok || c.Orphaned {
			continue
		}
		for _, t := range in.Texts.TurnsOf(c) {
			u, ok := unitIndex[turnKey{c.Source, t}]
			if !ok {
				continue
			}
			for _, it := range g.Of(c.Code) {
				if present[it] == nil {
					present[it] = map[int][]bool{}
				}
				if present[it][u] == nil {
					present[it][u] = make([]bool, len(coders))
				}
				present[it][u][ci] = true
			}
		}
	}
	isRated := func(u, c int) bool { return unitRated[u][c] }
	var pooledUnits []string
	var pooledPresent [][]bool
	var pooledRated [][]bool
	for it, name := range g.Names {
		p := present[it]
		if p == nil {
			continue
		}
		td.Items = append(td.Items, name)
		td.Data = append(td.Data, agreement.Binary(td.Units, coders,
			func(u, c int) bool { return p[u] != nil && p[u][c] }, isRated))
		for u, unit := range td.Units {
			pooledUnits = append(pooledUnits, unit+" "+name)
			row := make([]bool, len(coders))
			if p[u] != nil {
				copy(row, p[u])
			}
			pooledPresent = append(pooledPresent, row)
			pooledRated = append(pooledRated, unitRated[u])
		}
	}
	td.Pooled = agreement.Binary(pooledUnits, coders,
		func(u, c int) bool { return pooledPresent[u][c] },
		func(u, c int) bool { return pooledRated[u][c] })
	return td, nil
}

// TestCountsSameAsData: for two coders the figures computed from counts
// equal, to the bit and with the same notes, those package agreement
// computes from the full reliability data (computeTurns before counts).
func TestCountsSameAsData(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	viaData := func(in *Input, coders []string, level report.Level) (*Report, error) {
		td, err := BuildTurnData(in, coders, level)
		if err != nil {
			return nil, err
		}
		rep := newReport(coders, level, UnitTurn, td.Sources, td.Skipped)
		for i, d := range td.Data {
			row, err := turnRow(td.Items[i], d)
			if err != nil {
				return nil, err
			}
			rep.Rows = append(rep.Rows, row)
		}
		if rep.Overall, err = turnRow("Overall (pooled)", td.Pooled); err != nil {
			return nil, err
		}
		if len(td.Items) == 0 {
			rep.Overall.Alpha = &Stat{Note: "none of the coders applied a code in the jointly coded sources"}
		}
		return rep, nil
	}
	undefinedSeen, valuesSeen := 0, 0
	for trial := range 500 {
		in := randomInput(r)
		coders := [][]string{{"a", "b"}, {"B", "c"}, {"a", "e"}}[r.IntN(3)]
		for _, level := range []report.Level{report.LevelCode, report.LevelCategory, report.LevelStage} {
			got, gerr := computeTurnsCounts(in, coders, level)
			want, werr := viaData(in, coders, level)
			if fmt.Sprint(gerr) != fmt.Sprint(werr) {
				t.Fatalf("trial %d: error %v, via data %v", trial, gerr, werr)
			}
			if gerr != nil {
				continue
			}
			if !reflect.DeepEqual(got, want) {
				for i := range got.Rows {
					if !reflect.DeepEqual(got.Rows[i], want.Rows[i]) {
						t.Errorf("row %d:\ngot  %s\nwant %s", i, showRow(got.Rows[i]), showRow(want.Rows[i]))
					}
				}
				t.Fatalf("trial %d level %v: overall\ngot  %s\nwant %s", trial, level, showRow(got.Overall), showRow(want.Overall))
			}
			for _, row := range append(got.Rows, got.Overall) {
				for _, s := range []*Stat{row.Percent, row.Cohen, row.Fleiss, row.Alpha} {
					if s.Value == nil {
						undefinedSeen++
					} else {
						valuesSeen++
					}
				}
			}
		}
	}
	if undefinedSeen == 0 || valuesSeen == 0 {
		t.Errorf("the random data never gave undefined (%d) or defined (%d) coefficients", undefinedSeen, valuesSeen)
	}
}

func showRow(r Row) string {
	s := fmt.Sprintf("%s units %d coded %v", r.Name, r.Units, r.Coded)
	for _, st := range []*Stat{r.Percent, r.Cohen, r.Fleiss, r.Alpha} {
		if st.Value != nil {
			s += fmt.Sprintf(" | %v o=%v e=%v n=%d %q", *st.Value, *st.Observed, *st.Expected, st.Units, st.Note)
		} else {
			s += fmt.Sprintf(" | n/a %q", st.Note)
		}
	}
	return s
}
