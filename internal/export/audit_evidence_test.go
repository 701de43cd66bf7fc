package export

import (
	"strings"
	"testing"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
)

func TestAuditQuotesCitedCodings(t *testing.T) {
	cb, err := codebook.Decode("codebook.yaml", []byte(`version: 1
categories: [{name: Building Trust}, {name: Paperwork}]
codes: [{name: Forms, category: Paperwork}]
relations:
  - {from: Building Trust, to: Paperwork, as: condition, evidence: [P01#1:0-9, c0ffee000001, deadbeef0000]}
`))
	if err != nil {
		t.Fatal(err)
	}
	turns := map[string][]corpus.Turn{"P01": {{N: 1, Text: "The forms came after trust."}}}
	in := AuditInput{
		Codebook: cb,
		Evidence: []RelationEvidence{{From: "Building Trust", To: "Paperwork", As: "condition", Refs: cb.Relations[0].Evidence}},
		Codings:  []coding.Coding{{ID: "c0ffee000001", Code: "Forms", Source: "P01", Turn: 1, Start: 4, End: 9, Coder: "alice"}},
		Passages: PassagesFrom(turns),
	}
	doc, problems := Audit(in)
	out := string(doc)
	for _, w := range []string{
		"- *Building Trust* is a condition of *Paperwork*.\n",
		"  - “The forms” (P01#1:0-9)\n",
		"  - “forms” (P01#1:4-9, coding c0ffee000001 of *Forms* by alice)\n",
		"  - coding deadbeef0000 (no longer in the project)\n",
	} {
		if !strings.Contains(out, w) {
			t.Errorf("%q missing in:\n%s", w, out)
		}
	}
	if len(problems) != 1 || !strings.Contains(problems[0], "deadbeef0000") {
		t.Errorf("problems %q, want the missing coding", problems)
	}
}
