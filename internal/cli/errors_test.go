package cli

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/internal/analysis/agreement"
	"github.com/grounded-qda/grounded/internal/errs"
	"github.com/grounded-qda/grounded/internal/project"
)

// TestExplain checks the CLI's words for the typed errors of the domain
// packages and the store, which carry none themselves.
func TestExplain(t *testing.T) {
	tests := []struct {
		err   error
		want  string
		usage bool
	}{
		{&errs.NotFound{Kind: errs.KindCode, Name: "Trus", Near: []string{"Trust"}}, `no code "Trus" in the codebook; did you mean "Trust"?`, false},
		{&errs.NotFound{Kind: errs.KindCode, Name: "X"}, `no code "X" in the codebook ('grounded code list' shows the codes)`, false},
		{&errs.NotFound{Kind: errs.KindSource, Name: "P9", In: "this project"}, `no source "P9" in this project ('grounded sources list' shows them)`, false},
		{fmt.Errorf("reading: %w", &errs.NotFound{Kind: errs.KindMemo, Name: "m"}), `reading: no memo "m" ('grounded memo list' shows them)`, false},
		{&errs.Exists{Kind: errs.KindCode, Name: "A"}, `code "A" already exists; use 'grounded code merge' to combine two codes`, false},
		{&errs.InUse{Kind: errs.KindCode, Name: "A", Count: 2, What: "coding(s)"}, `code "A" has 2 coding(s); remove them first, merge the code into another ('grounded code merge'), or pass --force to delete them with it`, false},
		{&coding.LineError{File: "c/P1.jsonl", Line: 3, Torn: true}, `c/P1.jsonl:3: the last line is incomplete (the file was cut off, probably by a crash or a full disk); the lines before it are intact: run 'grounded check --repair' to move the broken line to c/P1.jsonl.rejected`, false},
		{&project.TamperError{File: "/p/sources/P1/turns.jsonl", Source: "P1"}, `/p/sources/P1/turns.jsonl was changed outside grounded (its checksum does not match source.yaml), so the offsets of its codings can no longer be trusted; restore it (e.g. 'git checkout -- sources/P1/turns.jsonl'), or correct the transcript with 'grounded ingest --replace --id P1 FILE', which re-anchors the codings`, false},
		{errs.WithRemedy(errors.New("x: not inside a grounded project"), errs.ActionInit, "x"), `x: not inside a grounded project: run 'grounded init x' to create one`, false},
		{&errs.Invalid{Rule: codebook.RuleRelationLabel, Reason: "a relation needs a label"}, `a relation needs a label (--as condition|context|action|consequence|strategy, or your own)`, false},
		{&errs.Invalid{Rule: coding.RuleInVivoWords, Reason: "r"}, `--in-vivo takes the code's name from the coded words: add --quote TEXT or give a span (SRC#N:S-E)`, true},
		{errors.New("plain"), "plain", false},
	}
	for _, tc := range tests {
		got := explain(tc.err)
		if got.Error() != tc.want {
			t.Errorf("explain(%v) =\n  %s\nwant\n  %s", tc.err, got, tc.want)
		}
		if usage := exitCode(got) == ExitUsage; usage != tc.usage {
			t.Errorf("explain(%v): usage error %v, want %v", tc.err, usage, tc.usage)
		}
		if again := explain(got); again.Error() != got.Error() {
			t.Errorf("explaining twice adds the hint twice: %s", again)
		}
	}
}

// TestAgreementComputeHelpNamesEveryMetric keeps the one hand-written list
// of metrics (the help's paragraph) in step with agreement.Metrics.
func TestAgreementComputeHelpNamesEveryMetric(t *testing.T) {
	cmd := NewCmdAgreementCompute(&Factory{}, nil)
	for _, m := range agreement.Metrics {
		if !strings.Contains(cmd.Long, m.Name+" (") {
			t.Errorf("the help of agreement compute does not describe the metric %q", m.Name)
		}
	}
}
