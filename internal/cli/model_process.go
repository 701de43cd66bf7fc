package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/analysis/model"
	"github.com/grounded-qda/grounded/internal/analysis/whose"
	"github.com/grounded-qda/grounded/internal/ops"
	"github.com/grounded-qda/grounded/internal/project"
)

// rolesFor gives the speaker role of every turn (ops.RolesFor, shared
// with the workbench).
func rolesFor(s *project.Snapshot) func(source string, turn int) model.Role {
	return ops.RolesFor(s)
}

// countedCodings applies --coders and --count to a snapshot's codings:
// the codings of the chosen coders (all when none), and with passages one
// coding per passage, so that a passage double-coded counts once.
func countedCodings(cs []coding.Coding, coders []string, count string) ([]coding.Coding, error) {
	mode, err := whose.ParseMode(count)
	if err != nil {
		return nil, usageErrorf("--count: %v", err)
	}
	if cs, err = whose.FilterCoders(cs, coders); err != nil {
		return nil, err
	}
	if mode == whose.ModePassages {
		cs = whose.Distinct(cs)
	}
	return cs, nil
}

// participantOf maps a source to its participant (the source id when the
// source names none).
func participantOf(srcs []*corpus.Source) func(string) string {
	m := map[string]string{}
	for _, s := range srcs {
		if s.Participant != "" {
			m[s.ID] = s.Participant
		}
	}
	return func(id string) string {
		if p, ok := m[id]; ok {
			return p
		}
		return id
	}
}

func modelProcessRun(opts *ModelCheckOptions) error {
	f := opts.F
	mode, err := whose.ParseMode(opts.Count)
	if err != nil {
		return usageErrorf("--count: %v", err)
	}
	var r *model.ProcessCheck
	err = readLocked(f, func(p *project.Project) error {
		var err error
		r, err = ops.ProcessCheck(f.ctx(), p, ops.ProcessCheckRequest{Coders: splitList(opts.Coders), Count: mode,
			MinParticipants: opts.MinParticipants, Permutations: opts.Permutations, Seed: opts.Seed})
		if errors.Is(err, model.ErrNoCore) {
			return fmt.Errorf("%w: the model check needs the core category and its ordered stages; start from the four-stage model with 'grounded codebook apply-template creating-connection', or set your own with 'grounded core set NAME --stages \"A,B,C\"'", err)
		}
		return err
	})
	if err != nil {
		return err
	}
	for _, nc := range r.Unplaced {
		fmt.Fprintf(f.IO.ErrOut, "grounded: warning: the negative case on %s is against %q, which is neither a stage nor a category under one; it is not shown beside a stage (rename it with 'grounded negative rm' and 'grounded negative add')\n", nc.Ref, nc.Against)
	}
	if opts.JSON {
		if err := writeJSON(f.IO.Out, r); err != nil {
			return err
		}
	} else if err := printProcessCheck(f, r); err != nil {
		return err
	}
	return strictCheck(f, opts, r.Report)
}

// computeModelCheck is the model check of a project, as 'model check' and
// 'export methods' compute it: the one operation (ops.ProcessCheck).
func computeModelCheck(p *project.Project, opts *ModelCheckOptions) (*model.ProcessCheck, error) {
	mode, err := whose.ParseMode(opts.Count)
	if err != nil {
		return nil, usageErrorf("--count: %v", err)
	}
	return ops.ProcessCheck(context.Background(), p, ops.ProcessCheckRequest{Coders: splitList(opts.Coders), Count: mode,
		MinParticipants: opts.MinParticipants, Permutations: opts.Permutations, Seed: opts.Seed})
}

func strictCheck(f *Factory, opts *ModelCheckOptions, r *model.Report) error {
	if !opts.Strict {
		return nil
	}
	var under []string
	for _, s := range r.Stages {
		if !s.MeetsThreshold {
			under = append(under, fmt.Sprintf("%d. %s (%d/%d)", s.Order, s.Name, s.Participants, r.Participants))
		}
	}
	if len(under) > 0 {
		fmt.Fprintf(f.IO.ErrOut, "grounded: %d stage(s) under the threshold of %d participant(s): %s\n", len(under), r.MinParticipants, strings.Join(under, "; "))
		return errProblems
	}
	return nil
}

func printProcessCheck(f *Factory, r *model.ProcessCheck) error {
	w := f.IO.Out
	how := fmt.Sprintf("at least %d", r.MinParticipants)
	if r.DefaultThreshold {
		how = fmt.Sprintf("at least %d, half of %d rounded up", r.MinParticipants, r.Participants)
	}
	fmt.Fprintf(w, "Core category: %s. %d participant(s) with coded transcripts; a stage needs %s.\n\n",
		f.IO.Style(ansiBold, r.Core), r.Participants, how)

	challenged := map[string]model.Challenge{}
	for _, c := range r.Challenges {
		challenged[c.Stage] = c
	}
	t := newTable(f.IO, "STAGE", "CODES", "CODINGS", "PARTICIPANTS", "THRESHOLD", "NEGATIVE CASES").alignRight(1, 2, 3, 5)
	for _, s := range r.Stages {
		ok := "met"
		if !s.MeetsThreshold {
			ok = f.IO.Style(ansiRed, "under")
		}
		t.add(fmt.Sprintf("%d. %s", s.Order, s.Name), s.Codes, s.Codings, fmt.Sprintf("%d/%d", s.Participants, r.Participants), ok, len(challenged[s.Name].NegativeCases))
	}
	if err := t.render(w); err != nil {
		return err
	}

	o := r.Order
	fmt.Fprintln(w, "\nOrder in narrated time (within episodes, volunteered codings only):")
	fmt.Fprintf(w, "%s.\n", upperFirst(o.Verdict))
	if o.Episodes > 0 {
		fmt.Fprintf(w, "Stage codings in episodes: %d volunteered, %d prompted (left out), %d in interviewer turns, %d with unknown speaker role.\n",
			o.Volunteered, o.Prompted, o.InterviewerCodings, o.UnknownRole)
		t := newTable(f.IO, "EPISODE", "SOURCE", "FIRST APPEARANCE", "CONCORDANT", "DISCORDANT", "TIED", "TAU-B").alignRight(3, 4, 5, 6)
		for _, e := range o.PerEpisode {
			t.add(e.Episode, e.Source, orDash(strings.Join(e.FirstAppearance, " > ")), e.Concordant, e.Discordant, e.Tied, fmtFloat(e.TauB, "%.2f"))
		}
		if err := t.render(w); err != nil {
			return err
		}
	}

	if o.Episodes > 0 && len(r.Conditions.Tables) > 0 {
		fmt.Fprintf(w, "\nConditions across %d episode(s): is %s coded where each later stage is?\n", o.Episodes, r.Conditions.First)
		t := newTable(f.IO, "LATER STAGE", "BOTH", "LATER ONLY", "FIRST ONLY", "NEITHER", "FISHER P", "LATER STAGE WITHOUT "+strings.ToUpper(r.Conditions.First)).alignRight(1, 2, 3, 4, 5)
		for _, c := range r.Conditions.Tables {
			tb := c.Table
			t.add(c.Stage, tb.A, tb.C, tb.B, tb.D, fmtFloat(c.P, "%.3g"), orDash(strings.Join(c.Contradicting, "; ")))
		}
		if err := t.render(w); err != nil {
			return err
		}
	}

	if len(r.Transitions) > 0 {
		fmt.Fprintln(w, "\nTransitions between consecutive stage mentions in episodes:")
		t := newTable(f.IO, "FROM", "TO", "COUNT").alignRight(2)
		for _, tr := range r.Transitions {
			t.add(tr.From, tr.To, tr.Count)
		}
		if err := t.render(w); err != nil {
			return err
		}
	}

	var anyChallenge bool
	for _, c := range r.Challenges {
		anyChallenge = anyChallenge || len(c.NegativeCases) > 0 || len(c.DisconfirmingCodes) > 0
	}
	if anyChallenge {
		fmt.Fprintln(w, "\nWhat challenges the stages (negative cases and disconfirming codes):")
		t := newTable(f.IO, "STAGE", "KIND", "WHERE", "AGAINST", "WHY")
		for _, c := range r.Challenges {
			for _, nc := range c.NegativeCases {
				t.add(c.Stage, "negative case", nc.Ref, nc.Against, firstLine(nc.Why))
			}
			for _, dc := range c.DisconfirmingCodes {
				t.add(c.Stage, "disconfirming code", dc.Code, c.Stage, fmt.Sprintf("%d coding(s), %d participant(s)", dc.Codings, dc.Participants))
			}
		}
		if err := t.render(w); err != nil {
			return err
		}
	}

	fmt.Fprintf(w, "\nOrder of mention across whole interviews is not shown: it follows the interview guide, so it is not evidence for the order of the process (kept in --json as order_of_mention, with this note).\n")

	fmt.Fprintln(w, "\nDrift: what lies outside the model.")
	if r.Drift.Empty() {
		fmt.Fprintln(w, "None: every code and category sits under a stage, and every stage has codes.")
		return nil
	}
	t = newTable(f.IO, "KIND", "NAME", "IN", "CODES", "CODINGS").alignRight(3, 4)
	for _, sec := range []struct {
		kind  string
		items []model.Item
	}{
		{"code outside the stages", r.Drift.CodesOutsideStages},
		{"category outside the core", r.Drift.CategoriesOutsideCore},
		{"stage with no codes", r.Drift.StagesWithoutCodes},
		{"provisional, no codes", r.Drift.ProvisionalWithoutCodes},
		{"emergent category", r.Drift.EmergentCategories},
	} {
		for _, it := range sec.items {
			t.add(sec.kind, it.Name, it.Category, it.Codes, it.Codings)
		}
	}
	return t.render(w)
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// rolledUpCodings counts, per category key, the codings of the codes in
// it and in every category below it (as the hierarchy counts).
func rolledUpCodings(cb *codebook.Codebook, cs []coding.Coding) map[string]int {
	out := map[string]int{}
	for _, c := range cs {
		code := cb.Code(c.Code)
		if c.Orphaned || code == nil || code.Category == "" {
			continue
		}
		for _, cat := range append([]string{code.Category}, cb.Ancestors(code.Category)...) {
			out[codebook.Key(cat)]++
		}
	}
	return out
}
