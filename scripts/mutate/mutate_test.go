package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fixture runs the tester on testdata/fixture/calc with the tests that
// match run.
func fixture(t *testing.T, run string) *report {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("testdata", "fixture"))
	if err != nil {
		t.Fatal(err)
	}
	o := &options{pkg: "./calc", dir: dir, run: run, workers: 2, short: true,
		minTimeout: 10_000_000_000, factor: 10, work: t.TempDir()}
	r, err := mutate(o, io.Discard, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func byKind(r *report) map[string]int {
	n := map[string]int{}
	for _, m := range r.Mutants {
		n[m.Kind]++
	}
	return n
}

// TestFixtureKinds checks the mutation points found in the fixture, kind
// by kind, and that a test that checks nothing kills nothing.
func TestFixtureKinds(t *testing.T) {
	r := fixture(t, "^TestAlwaysTrue$")
	want := map[string]int{kindBoundary: 3, kindNegation: 4, kindArithmetic: 5, kindIncDec: 2, kindNegatives: 1}
	got := byKind(r)
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%s: %d mutants, want %d", k, got[k], n)
		}
	}
	if len(r.Mutants) != 15 {
		t.Errorf("%d mutants, want 15", len(r.Mutants))
	}
	c := r.Counts
	if c[statusKilled] != 0 || c[statusTimedOut] != 0 || c[statusLived] != 14 || c[statusNotViable] != 1 {
		t.Errorf("an always-true test: counts %v, want 0 killed, 14 lived, 1 not viable", c)
	}
	for _, m := range r.Mutants {
		if m.Status == statusNotViable && !strings.Contains(m.Source, "func Same") {
			t.Errorf("%s is not viable; only Same's == should be", m.key())
		}
	}
}

// TestFixtureKilled checks that a test that pins every result kills every
// viable mutant, and that each mutant's tests are the ones reaching it.
func TestFixtureKilled(t *testing.T) {
	r := fixture(t, "^TestStrong$")
	c := r.Counts
	if c[statusKilled] != 14 || c[statusLived] != 0 || c[statusNotViable] != 1 {
		var lived []string
		for _, m := range r.Mutants {
			if m.Status != statusKilled {
				lived = append(lived, m.key()+" "+m.Status)
			}
		}
		t.Errorf("counts %v, want 14 killed, 1 not viable; not killed: %v", c, lived)
	}
	for _, m := range r.Mutants {
		if m.Status == statusKilled && strings.Join(m.Tests, ",") != "TestStrong" {
			t.Errorf("%s: tests %v, want [TestStrong]", m.key(), m.Tests)
		}
	}
}

// TestRewriteKeepsLines checks that the rewritten file keeps every line
// where it was (compiler errors and stack traces point at the original).
func TestRewriteKeepsLines(t *testing.T) {
	src := []byte("package p\n\nfunc f(a, b int) int {\n\tif a < b {\n\t\treturn -a + b*2\n\t}\n\treturn a\n}\n")
	at := func(sub string) int { return strings.Index(string(src), sub) }
	cmp, sum := at("a < b"), at("-a + b*2")
	s1 := &site{start: cmp, end: cmp + 5, at: cmp + 2, op: [2]int{cmp + 2, cmp + 3}, open: "mutantrt.Lt({ID}, {ID2}, ", sep: ", ", close: ")",
		mutants: []*mutant{{ID: 0}, {ID: 1}}}
	s2 := &site{start: sum, end: sum + 8, at: sum + 3, op: [2]int{sum + 3, sum + 4}, open: "mutantrt.Add({ID}, ", sep: ", ", close: ")",
		mutants: []*mutant{{ID: 2}}}
	s3 := &site{start: sum, end: sum + 2, at: sum, op: [2]int{sum, sum + 1}, sep: "mutantrt.Neg({ID}, ", close: ")",
		mutants: []*mutant{{ID: 3}}}
	out, spans := rewriteFile(src, []*site{s1, s2, s3}, "rt")
	want := "package p; import mutantrt \"rt\"\n\nfunc f(a, b int) int {\n\tif mutantrt.Lt(0, 1, a ,  b) {\n\t\treturn mutantrt.Add(2, mutantrt.Neg(3, a) ,  b*2)\n\t}\n\treturn a\n}\n"
	if string(out) != want {
		t.Errorf("rewritten:\n%s\nwant:\n%s", out, want)
	}
	if len(spans) != 3 {
		t.Errorf("%d spans, want 3", len(spans))
	}
}

// TestEquivalents checks the equivalent-mutant list: entries of other
// packages are ignored, a line without a reason is refused with its
// position, and a listed mutant that is killed is reported as stale.
func TestEquivalents(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.txt")
	writeFile(t, good, "# comment\n\ncalc/calc.go:10:39 CONDITIONALS_BOUNDARY  # x == lo cannot happen\nother/a.go:1:2 ARITHMETIC_BASE # elsewhere\n")
	eq, err := readEquivalents(good, "calc")
	if err != nil {
		t.Fatal(err)
	}
	if len(eq) != 1 || eq["calc.go:10:39 CONDITIONALS_BOUNDARY"] != "x == lo cannot happen" {
		t.Errorf("entries %v", eq)
	}
	bad := filepath.Join(dir, "bad.txt")
	writeFile(t, bad, "calc/calc.go:10:39 CONDITIONALS_BOUNDARY  # fine\ncalc/calc.go:13:41 CONDITIONALS_BOUNDARY\n")
	if _, err := readEquivalents(bad, "calc"); err == nil || !strings.Contains(err.Error(), "bad.txt:2:") {
		t.Errorf("a line without a reason: error %v, want one naming bad.txt:2", err)
	}

	m := &mutant{File: "calc.go", Line: 10, Col: 39, Kind: kindBoundary, Status: statusKilled, site: &site{}}
	m.Equiv = eq[m.key()]
	r := newReport("calc", []*mutant{m}, nil, eq)
	if len(r.Stale) != 1 || r.Counts["equivalent"] != 0 || r.Counts[statusKilled] != 1 {
		t.Errorf("a killed 'equivalent' mutant: stale %v, counts %v", r.Stale, r.Counts)
	}
	m.Status = statusLived
	r = newReport("calc", []*mutant{m}, nil, eq)
	if len(r.Stale) != 0 || r.Counts["equivalent"] != 1 || r.Counts[statusLived] != 0 || r.Efficacy != 0 {
		t.Errorf("a surviving equivalent mutant: stale %v, counts %v", r.Stale, r.Counts)
	}
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
