package coding_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/internal/errs"
)

// The codebook operations and memo-target parsing that no test reached in
// the first mutation run (docs/mutation/coding.md): results, summaries and
// refusals.

func TestDescribeCreatesCodeAndSetsDisconfirms(t *testing.T) {
	s := newFake(t, "ann")
	if _, err := coding.SetCore(ctx, s, coding.CoreRequest{Name: "Finding a place", Stages: []string{"Arriving", "Staying"}}); err != nil {
		t.Fatal(err)
	}
	d, stage := "being turned away", "staying"
	res, err := coding.Describe(ctx, s, coding.DescribeRequest{Code: "Turned away", Description: &d, Disconfirms: &stage})
	if err != nil {
		t.Fatal(err)
	}
	c := s.cb.Code("Turned away")
	if c == nil || c.Description != d || c.Disconfirms != "Staying" || res.Summary != `described code "Turned away"` {
		t.Errorf("after describe: %+v, %+v", c, res)
	}
	bad := "Leaving"
	_, err = coding.Describe(ctx, s, coding.DescribeRequest{Code: "Turned away", Disconfirms: &bad})
	var inv *errs.Invalid
	if !errors.As(err, &inv) || inv.Field != "disconfirms" || inv.Value != "Leaving" {
		t.Errorf("disconfirming a stage that does not exist: %v", err)
	}
	if _, err := coding.Describe(ctx, s, coding.DescribeRequest{Code: "  ", Description: &d}); err == nil {
		t.Error("describing a code with an empty name was accepted")
	}
}

func TestCategoryOperations(t *testing.T) {
	s := newFake(t, "ann", "Trust", "Fear")
	res, err := coding.AddCategory(ctx, s, coding.CategoryRequest{Name: "Feelings"})
	if err != nil || res.Summary != `added category "Feelings"` {
		t.Errorf("add category: %+v, %v", res, err)
	}
	if _, err := coding.AddCategory(ctx, s, coding.CategoryRequest{Name: "feelings"}); err == nil {
		t.Error("adding a category twice was accepted")
	}
	if _, err := coding.AddCategory(ctx, s, coding.CategoryRequest{Name: "Inner"}); err != nil {
		t.Fatal(err)
	}
	res, err = coding.MoveCategory(ctx, s, coding.CategoryRequest{Name: "Inner", Parent: "Feelings"})
	if err != nil || res.Summary != `moved category "Inner" under "Feelings"` {
		t.Errorf("move under: %+v, %v", res, err)
	}
	res, err = coding.MoveCategory(ctx, s, coding.CategoryRequest{Name: "Inner"})
	if err != nil || res.Summary != `moved category "Inner" to the top level` {
		t.Errorf("move to the top: %+v, %v", res, err)
	}
	res, err = coding.AssignCategory(ctx, s, coding.AssignRequest{Codes: []string{"trust", "Fear"}, To: "feelings"})
	if err != nil || s.cb.Code("Trust").Category != "Feelings" || s.cb.Code("Fear").Category != "Feelings" ||
		res.Summary != `assigned 2 code(s) to "Feelings"` {
		t.Errorf("assign: %+v, %v", res, err)
	}
	if _, err := coding.AssignCategory(ctx, s, coding.AssignRequest{Codes: []string{"Trust"}}); err != nil || s.cb.Code("Trust").Category != "" {
		t.Errorf("assign to no category: %v, category %q", err, s.cb.Code("Trust").Category)
	}
	var nf *errs.NotFound
	if _, err := coding.AssignCategory(ctx, s, coding.AssignRequest{Codes: []string{"Trust"}, To: "Nowhere"}); !errors.As(err, &nf) || nf.Kind != errs.KindCategory {
		t.Errorf("assign to a missing category: %v", err)
	}
	if _, err := coding.AssignCategory(ctx, s, coding.AssignRequest{Codes: []string{"Nope"}, To: "Feelings"}); !errors.As(err, &nf) || nf.Kind != errs.KindCode {
		t.Errorf("assign a missing code: %v", err)
	}
}

func TestSetCoreKeepsStagesAndDescribes(t *testing.T) {
	s := newFake(t, "ann")
	res, err := coding.SetCore(ctx, s, coding.CoreRequest{Name: "Finding a place", Stages: []string{"Arriving", "Staying"}})
	if err != nil || strings.Join(res.Created, ",") != "Arriving,Staying" || res.Summary != `set core category "Finding a place" with 2 stages` {
		t.Fatalf("set core: %+v, %v", res, err)
	}
	desc := "how peers make a place their own"
	res, err = coding.SetCore(ctx, s, coding.CoreRequest{Name: "Making a place", KeepStages: true, Description: &desc})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(s.cb.Core.Stages, ","); got != "Arriving,Staying" || s.cb.Core.Name != "Making a place" || s.cb.Core.Description != desc ||
		strings.Join(res.Stages, ",") != "Arriving,Staying" {
		t.Errorf("renamed core: %+v; result %+v", s.cb.Core, res)
	}
	if _, err := coding.SetCore(ctx, s, coding.CoreRequest{Name: " "}); err == nil {
		t.Error("a core without a name was accepted")
	}
	if s.cb.Core.Name != "Making a place" {
		t.Errorf("a refused core changed it: %+v", s.cb.Core)
	}
}

func TestParseTarget(t *testing.T) {
	for in, want := range map[string]string{
		"project":          "project:",
		" code:Trust ":     "code:Trust",
		"category: Fears":  "category:Fears",
		"source:P01":       "source:P01",
		"ref:P01#4":        "ref:P01#4",
		"P01#4:10-42":      "ref:P01#4:10-42",
		"project:anything": "",
		"Trust":            "",
		"P01#x":            "",
	} {
		got, ok := coding.ParseTarget(in)
		s := got.Kind + ":" + got.Name
		if !ok {
			s = ""
		}
		if s != want {
			t.Errorf("ParseTarget(%q) = %q, want %q", in, s, want)
		}
	}
}

func TestFilterMemosAbout(t *testing.T) {
	ms := []coding.Memo{
		{ID: "1", Target: coding.Target{Kind: coding.TargetCode, Name: "Trust"}},
		{ID: "2", Target: coding.Target{Kind: coding.TargetSource, Name: "Trust"}},
		{ID: "3", Target: coding.Target{Kind: coding.TargetRef, Name: "P1#2"}, Targets: []coding.Target{{Kind: coding.TargetCategory, Name: "trust"}}},
		{ID: "4", Target: coding.Target{Kind: coding.TargetProject}},
	}
	ids := func(ms []coding.Memo) string {
		var out []string
		for _, m := range ms {
			out = append(out, m.ID)
		}
		return strings.Join(out, ",")
	}
	for about, want := range map[string]string{"": "1,2,3,4", "Trust": "1,2,3", "code:trust": "1", "project": "4", "P1#2": "3", "Nope": ""} {
		if got := ids(coding.FilterMemosAbout(ms, about, coding.MemoFilter{})); got != want {
			t.Errorf("FilterMemosAbout(%q) = %s, want %s", about, got, want)
		}
	}
}

func TestResolveArgBadBareSource(t *testing.T) {
	s := newFake(t, "ann")
	if _, err := coding.ResolveArg(s, "P 1", "How"); err == nil || !strings.HasPrefix(err.Error(), "source ") {
		t.Errorf("a bare source id that is not valid: %v", err)
	}
	if sp, err := coding.ResolveArg(s, "P1", "showing"); err != nil || sp.Turn != 2 {
		t.Errorf("a quote in a whole source: %+v, %v", sp, err)
	}
}
