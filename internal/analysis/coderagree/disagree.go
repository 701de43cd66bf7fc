package coderagree

import (
	"fmt"
	"slices"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/internal/analysis/report"
)

// Disagreement is a turn where one of two coders applied a code and the
// other did not.
type Disagreement struct {
	Ref     string `json:"ref"`
	Source  string `json:"source"`
	Turn    int    `json:"turn"`
	Code    string `json:"code"`
	CodedBy string `json:"coded_by"`
	NotBy   string `json:"not_by"`
	// Quotes are the words CodedBy coded there.
	Quotes  []string `json:"quotes"`
	Speaker string   `json:"speaker"`
	// Text is the whole text of the turn.
	Text string `json:"text"`
}

// DisagreementList is the result of [Disagreements].
type DisagreementList struct {
	Coders []string `json:"coders"`
	// Sources are the sources both coded; Skipped the others.
	Sources       []string       `json:"sources"`
	Skipped       []Skipped      `json:"skipped"`
	Disagreements []Disagreement `json:"disagreements"`
}

// Disagreements lists the turns of the sources both coders coded where
// exactly one of them applied a code, ordered by source (ingest order),
// turn and code (codebook order), optionally only for the code named only
// (compared as code names are).
func Disagreements(in *Input, a, b string, only string) (*DisagreementList, error) {
	coders, err := ResolveCoders(in.Codings, []string{a, b})
	if err != nil {
		return nil, err
	}
	use, skipped, _ := joint(in, coders, 2)
	if len(use) == 0 {
		return nil, noJoint(coders, skipped, 2)
	}
	dl := &DisagreementList{Coders: coders, Sources: []string{}, Skipped: skipped, Disagreements: []Disagreement{}}
	if dl.Skipped == nil {
		dl.Skipped = []Skipped{}
	}
	g := report.NewGrouping(in.Codebook, report.LevelCode)
	type key struct {
		source string
		turn   int
		item   int
	}
	quotes := map[key][2][]string{}
	order := map[string]int{}
	for i, s := range use {
		order[s.ID] = i
		dl.Sources = append(dl.Sources, s.ID)
	}
	for _, c := range in.Codings {
		if c.Orphaned {
			continue
		}
		if _, ok := order[c.Source]; !ok {
			continue
		}
		if only != "" && codebook.Key(c.Code) != codebook.Key(only) {
			continue
		}
		ci := slices.IndexFunc(coders, func(n string) bool { return coderKey(n) == coderKey(c.Coder) })
		if ci < 0 {
			continue
		}
		for _, t := range in.Texts.TurnsOf(c) {
			for _, it := range g.Of(c.Code) {
				k := key{c.Source, t, it}
				q := quotes[k]
				if !slices.Contains(q[ci], c.Quote) {
					q[ci] = append(q[ci], c.Quote)
				}
				quotes[k] = q
			}
		}
	}
	var keys []key
	for k, q := range quotes {
		if (len(q[0]) > 0) != (len(q[1]) > 0) {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(x, y key) int {
		if d := order[x.source] - order[y.source]; d != 0 {
			return d
		}
		if x.turn != y.turn {
			return x.turn - y.turn
		}
		return x.item - y.item
	})
	for _, k := range keys {
		q := quotes[k]
		by, not := 0, 1
		if len(q[0]) == 0 {
			by, not = 1, 0
		}
		d := Disagreement{Ref: fmt.Sprintf("%s#%d", k.source, k.turn), Source: k.source, Turn: k.turn, Code: g.Names[k.item],
			CodedBy: coders[by], NotBy: coders[not], Quotes: q[by]}
		if turns := in.Texts.Turns(k.source); k.turn >= 1 && k.turn <= len(turns) {
			d.Speaker, d.Text = turns[k.turn-1].Speaker, turns[k.turn-1].Text
		}
		dl.Disagreements = append(dl.Disagreements, d)
	}
	return dl, nil
}
