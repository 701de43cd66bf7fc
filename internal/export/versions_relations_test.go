package export

import (
	"testing"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
)

func TestCodebookChangesRelations(t *testing.T) {
	cb, err := codebook.Decode("codebook.yaml", []byte(versionsBase+`relations:
  - {from: Showing up, to: Paperwork, as: condition}
  - {from: Leftovers, to: Paperwork, as: context}
`))
	if err != nil {
		t.Fatal(err)
	}
	h := &history{t: t, cb: cb}
	must := func(_ any, _ bool, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	h.step("P03 and P05 say so", func(cb *codebook.Codebook) ([]coding.Coding, []coding.Coding) {
		_, err := cb.Relation("Showing up", "Paperwork", "condition").AddEvidence("P03#4", "0123456789ab")
		must(nil, false, err)
		return nil, nil
	})
	h.step("", func(cb *codebook.Codebook) ([]coding.Coding, []coding.Coding) {
		must(cb.Relate("Filling forms", "Paperwork", "action", ""))
		return nil, nil
	})
	h.step("added and dropped", func(cb *codebook.Codebook) ([]coding.Coding, []coding.Coding) {
		must(cb.Relate("Being there", "Paperwork", "action", ""))
		return nil, nil
	})
	h.step("not grounded", func(cb *codebook.Codebook) ([]coding.Coding, []coding.Coding) {
		cb.Relations = cb.Relations[:1] // removes Leftovers → Paperwork and both additions
		return nil, nil
	})
	h.step("a better name", func(cb *codebook.Codebook) ([]coding.Coding, []coding.Coding) {
		_, err := cb.RenameCode("Showing up", "Reliability")
		must(nil, false, err)
		return nil, nil
	})
	d := CodebookChanges(h.es)
	if got, want := names2(filterKind(d.Redefined, "relation")), "relation Reliability → Paperwork (condition) [evidence]"; got != want {
		t.Errorf("redefined %q, want %q", got, want)
	}
	if got, want := names2(filterKind(d.Removed, "relation")), "relation Leftovers → Paperwork (context)"; got != want {
		t.Errorf("removed %q, want %q", got, want)
	}
	if got := names2(filterKind(d.Added, "relation")); got != "" {
		t.Errorf("added %q, want none (both additions were removed again)", got)
	}
	if r := filterKind(d.Redefined, "relation"); len(r) != 1 || len(r[0].Reasons) != 1 || r[0].Reasons[0] != "P03 and P05 say so" {
		t.Errorf("reasons %+v", r)
	}
	if got, want := names2(d.Renamed), "code Reliability Showing up→Reliability"; got != want {
		t.Errorf("renamed %q, want %q", got, want)
	}

	// From after the first step: the relation added in step 2 shows as added.
	d = CodebookChanges(h.es[1:2])
	if got, want := names2(d.Added), "relation Filling forms → Paperwork (action)"; got != want {
		t.Errorf("added %q, want %q", got, want)
	}
}

func filterKind(cs []ItemChange, kind string) []ItemChange {
	var out []ItemChange
	for _, c := range cs {
		if c.Kind == kind {
			out = append(out, c)
		}
	}
	return out
}
