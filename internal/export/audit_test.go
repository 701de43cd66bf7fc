package export

import (
	"strings"
	"testing"
	"time"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
)

func TestAudit(t *testing.T) {
	cb, err := codebook.Decode("codebook.yaml", []byte(versionsBase+"core:\n  name: Creating Connection\n  stages: [Building Trust]\nrelations:\n  - {from: Building Trust, to: Paperwork, as: condition}\n  - {from: Paperwork, to: Leftovers, as: consequence}\n"))
	if err != nil {
		t.Fatal(err)
	}
	day := func(d int) time.Time { return time.Date(2026, 11, d, 12, 0, 0, 0, time.UTC) }
	old := cb.Clone()
	renamed := cb.Clone()
	if _, err := renamed.RenameCode("Showing up", "Reliability"); err != nil {
		t.Fatal(err)
	}
	added := renamed.Clone()
	if _, err := added.AddCode("Hope", ""); err != nil {
		t.Fatal(err)
	}
	history := []HistoryEntry{
		{Time: day(2), Coder: "alice", Summary: `renamed code "Showing up" to "Reliability"`, Reason: "participants' word", Codebook: codebook.Diff(old, renamed)},
		{Time: day(5), Coder: "bob", Summary: `added code "Hope"`, Codebook: codebook.Diff(renamed, added)},
	}
	turns := map[string][]corpus.Turn{"P01": {{N: 1, Text: "The forms came after trust."}}}
	in := AuditInput{
		Name:     "PSW study",
		Sources:  []*corpus.Source{{ID: "P10", Participant: "P10", OriginalName: "p10.vtt", OriginalSHA256: "abc123", Ingested: day(1), Turns: 3}, {ID: "P01", OriginalName: "p01.docx", OriginalSHA256: "def456", Ingested: day(1), Turns: 9}},
		Codebook: added,
		History:  history,
		Tags:     []CodebookTag{{Name: "round-1", Time: day(3), Message: "after open coding"}},
		Evidence: []RelationEvidence{{From: "building trust", To: "Paperwork", As: "condition", Refs: []string{"P01#1:0-9", "P99#1"}}},
		Memos: []coding.Memo{
			{ID: "m1", Type: coding.MemoReflexive, Author: "alice", Created: day(4), Body: "My own recovery colours this."},
			{ID: "m2", Type: coding.MemoNegativeCase, Author: "bob", Created: day(4), Target: coding.Target{Kind: coding.TargetRef, Name: "P01#1:4-9"}, Body: "Forms first, trust later."},
			{ID: "m3", Type: coding.MemoAnalytic, Author: "bob", Created: day(4), Body: "Not a process note."},
		},
		Passages: PassagesFrom(turns),
	}
	doc, problems := Audit(in)
	out := string(doc)
	order := []string{"# Audit trail: PSW study", "## 1. Intentions", "No project description is recorded.", "## 2. Raw data",
		"| P01 | P01 | p01.docx | `def456` | 2026-11-01 12:00 UTC | 9 |", "| P10 |", "## 3. Data reduction",
		"### Version round-1 (2026-11-03): after open coding", "- Renamed code *Showing up* to *Reliability* — because: participants' word",
		"### Changes since the last version", "- Added code *Hope*", "### Every change to the codebook", "*no reason recorded*",
		"## 4. Reconstruction", "Core category: **Creating Connection**, in stages: 1. Building Trust.",
		"- *Building Trust* is a condition of *Paperwork*.", "  - “The forms” (P01#1:0-9)", "  - P99#1 (could not be quoted",
		"- *Leftovers* is a consequence of *Paperwork*.", "  No passages are cited for it.",
		"## 5. Process notes", "### My own recovery colours this.", "## 6. Negative cases", "- “forms” (P01#1:4-9)", "Forms first, trust later."}
	rest := out
	for _, w := range order {
		i := strings.Index(rest, w)
		if i < 0 {
			t.Fatalf("%q missing or out of order in:\n%s", w, out)
		}
		rest = rest[i+len(w):]
	}
	since := out[strings.Index(out, "### Changes since the last version"):strings.Index(out, "### Every change")]
	if strings.Contains(since, "Renamed") {
		t.Errorf("a change before the last version is shown after it:\n%s", since)
	}
	if strings.Contains(out, "Not a process note.") {
		t.Error("an analytic memo is shown as a process note")
	}
	if len(problems) != 2 || !strings.Contains(problems[0], "1 of 2 changes to the codebook have no reason") || !strings.Contains(problems[1], "P99#1") {
		t.Errorf("problems %q", problems)
	}
}
