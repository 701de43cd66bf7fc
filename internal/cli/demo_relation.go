package cli

import (
	"encoding/json"
	"fmt"
)

// demoDescription is the demo project's stated intentions, which
// 'grounded export audit' opens with. The study is fictional.
const demoDescription = `A fictional replication, for demonstration only, of a grounded theory of how peer support workers (PSWs) in addiction services create connection with clients. Aims: to test whether the four stages of the Creating Connection model (building trust, fostering the relationship, bridging to services, launching toward independence) describe eight PSWs' accounts across hospital, residential, outreach and community settings, and to note where they do not. Two coders code independently; the codebook starts from the model and grows by open coding.`

// demoRelation is the relation the demo states, and the code whose
// codings (alice's) it cites as evidence.
var demoRelation = struct{ from, to, as, evidenceCode string }{
	"Following through", "Building Trust", "condition", "Following through",
}

// relateWithEvidence states a relation between a code and its stage,
// citing alice's codings of the code, as a coder grounds a relation.
func (d *demo) relateWithEvidence() error {
	r := demoRelation
	out, err := d.run(false, "codings", "list", "--code", r.evidenceCode, "--coder", "alice", "--json")
	if err != nil {
		return err
	}
	var cs []struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal([]byte(out), &cs); err != nil {
		return fmt.Errorf("demo: reading the codings of %q: %w", r.evidenceCode, err)
	}
	if len(cs) == 0 {
		return fmt.Errorf("demo: alice has no codings of %q to cite", r.evidenceCode)
	}
	args := []string{"relate", r.from, r.to, "--as", r.as, "--reason", "PSWs speak of keeping small promises before they speak of trust"}
	for _, c := range cs[:min(3, len(cs))] {
		args = append(args, "--evidence", c.ID)
	}
	if _, err := d.run(true, args...); err != nil {
		return err
	}
	_, err = d.run(true, "relate", "list")
	return err
}
