package model

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/grounded-qda/grounded/corpus"
)

func TestCheckProcessJSON(t *testing.T) {
	cs, eps, _ := orderFixture()
	cb := processCB(t)
	pc, err := CheckProcess(
		Input{Codebook: cb, Codings: cs, Sources: []*corpus.Source{{ID: "S1", Turns: 6}, {ID: "S2", Turns: 12}, {ID: "S3", Turns: 9}}},
		ProcessInput{Episodes: eps, Seed: 3, Permutations: 99, NegativeCases: []NegativeCase{{Ref: "S2#10", Against: "Elsewhere"}}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(pc)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"core", "stages", "drift", "order", "order_of_mention", "conditions", "transitions", "challenges", "unplaced_negative_cases"} {
		if _, ok := m[k]; !ok {
			t.Errorf("JSON lacks %q", k)
		}
	}
	if !strings.Contains(string(m["order"]), `"statistic":0.857`) || strings.Contains(string(m["order"]), "mean_tau_b") {
		t.Errorf(`"order" is not the narrated order: %s`, m["order"])
	}
	if !strings.Contains(string(m["order_of_mention"]), "follows the interview guide") || !strings.Contains(string(m["order_of_mention"]), "mean_tau_b") {
		t.Errorf(`"order_of_mention" not labelled: %s`, m["order_of_mention"])
	}
	if len(pc.Unplaced) != 1 {
		t.Errorf("unplaced %+v", pc.Unplaced)
	}
}
