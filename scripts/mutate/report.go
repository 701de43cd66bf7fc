package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// The status of a mutant.
const (
	statusKilled     = "KILLED"
	statusLived      = "LIVED"
	statusTimedOut   = "TIMED OUT"
	statusNotCovered = "NOT COVERED"
	statusNotViable  = "NOT VIABLE"
)

// report is the result for one package.
type report struct {
	Package  string            `json:"package"`
	Counts   map[string]int    `json:"counts"`
	Efficacy float64           `json:"efficacy"` // percent of the non-equivalent decided mutants killed (timed out counts as killed)
	Failing  map[string]string `json:"failing_tests,omitempty"`
	Stale    []string          `json:"stale_equivalents,omitempty"`
	Mutants  []*mutant         `json:"mutants"`
}

func newReport(pkg string, mutants []*mutant, failing map[string]string, equiv map[string]string) *report {
	r := &report{Package: pkg, Counts: map[string]int{}, Failing: failing, Mutants: mutants}
	if r.Mutants == nil {
		r.Mutants = []*mutant{}
	}
	found := map[string]bool{}
	for _, m := range mutants {
		if m.Equiv != "" {
			found[m.key()] = true
			switch m.Status {
			case statusLived:
				r.Counts["equivalent"]++
				continue
			case statusKilled, statusTimedOut:
				r.Stale = append(r.Stale, m.key()+" is listed as equivalent but was "+m.Status)
			}
		}
		r.Counts[m.Status]++
	}
	for k := range equiv {
		if !found[k] {
			r.Stale = append(r.Stale, k+" is listed as equivalent but is not a mutant of this run")
		}
	}
	sort.Strings(r.Stale)
	r.Counts["total"] = len(mutants)
	k, l, t := r.Counts[statusKilled], r.Counts[statusLived], r.Counts[statusTimedOut]
	if k+l+t > 0 {
		r.Efficacy = 100 * float64(k+t) / float64(k+l+t)
	}
	return r
}

func (r *report) writeJSON(path string) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return writeAtomic(path, append(b, '\n'))
}

// text is the summary line, the surviving mutants, and the warnings.
func (r *report) text() string {
	var b strings.Builder
	c := r.Counts
	eff := "n/a"
	if c[statusKilled]+c[statusLived]+c[statusTimedOut] > 0 {
		eff = fmt.Sprintf("%.1f%%", r.Efficacy)
	}
	fmt.Fprintf(&b, "%s killed %d lived %d timed-out %d not-covered %d not-viable %d equivalent %d efficacy %s\n",
		r.Package, c[statusKilled], c[statusLived], c[statusTimedOut], c[statusNotCovered], c[statusNotViable], c["equivalent"], eff)
	for _, m := range r.Mutants {
		if m.Status == statusLived && m.Equiv == "" {
			fmt.Fprintf(&b, "  %s/%s:%d:%d %s  %s → %s  (%s)\n", r.Package, m.File, m.Line, m.Col, m.Kind, m.Original, m.Mutated, m.Source)
		}
	}
	for _, m := range r.Mutants {
		if m.Status == statusTimedOut {
			fmt.Fprintf(&b, "  timed out: %s/%s:%d:%d %s  %s → %s  (%s)\n", r.Package, m.File, m.Line, m.Col, m.Kind, m.Original, m.Mutated, m.Source)
		}
	}
	var names []string
	for t := range r.Failing {
		names = append(names, t)
	}
	sort.Strings(names)
	for _, t := range names {
		fmt.Fprintf(&b, "  warning: %s fails with no mutant active; the mutants only it reaches are not covered\n", t)
	}
	for _, s := range r.Stale {
		fmt.Fprintf(&b, "  warning: %s\n", s)
	}
	return b.String()
}

var equivLine = regexp.MustCompile(`^(\S+):(\d+):(\d+)\s+([A-Z_]+)\s*(?:#\s*(.*))?$`)

// readEquivalents reads the equivalent-mutant list and keeps the entries
// of package pkg, keyed like mutant.key. Each line is
//
//	pkg/file.go:line:col KIND  # reason
//
// Blank lines and lines starting with # are ignored; the reason is
// required. An empty path is an empty list.
func readEquivalents(path, pkg string) (map[string]string, error) {
	if path == "" {
		return map[string]string{}, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		m := equivLine.FindStringSubmatch(line)
		if m == nil || strings.TrimSpace(m[5]) == "" {
			return nil, fmt.Errorf("%s:%d: want \"pkg/file.go:line:col KIND  # reason\", got %q", path, n, line)
		}
		dir, file := filepath.ToSlash(filepath.Dir(m[1])), filepath.Base(m[1])
		if dir != pkg {
			continue
		}
		out[fmt.Sprintf("%s:%s:%s %s", file, m[2], m[3], m[4])] = strings.TrimSpace(m[5])
	}
	return out, sc.Err()
}

// writeAtomic writes path through a temporary file and a rename.
func writeAtomic(path string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".mutate-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}
