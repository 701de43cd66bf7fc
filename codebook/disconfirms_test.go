package codebook

import (
	"strings"
	"testing"
)

const disconfirmsYAML = `version: 1
core:
  name: Creating Connection
  stages: [Building Trust, Bridging]
categories:
  - name: Building Trust
  - name: Bridging
codes:
  - name: Trust never finished
    # a comment that must survive
    category: Building Trust
    disconfirms: building trust
  - name: Showing up
`

func TestDisconfirmsRoundTrip(t *testing.T) {
	cb, err := Decode("codebook.yaml", []byte(disconfirmsYAML))
	if err != nil {
		t.Fatal(err)
	}
	if got := cb.Code("Trust never finished").Disconfirms; got != "building trust" {
		t.Fatalf("Disconfirms = %q", got)
	}
	if err := cb.SetDisconfirms("Showing up", "BRIDGING"); err != nil {
		t.Fatal(err)
	}
	if got := cb.Code("Showing up").Disconfirms; got != "Bridging" {
		t.Errorf("SetDisconfirms stored %q, want the stage's own spelling", got)
	}
	out, err := cb.Encode()
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	for _, want := range []string{"disconfirms: building trust", "disconfirms: Bridging", "# a comment that must survive"} {
		if !strings.Contains(s, want) {
			t.Errorf("encoded codebook lacks %q:\n%s", want, s)
		}
	}
	if err := cb.SetDisconfirms("Showing up", "Nope"); err == nil || !strings.Contains(err.Error(), "not a stage") {
		t.Errorf("SetDisconfirms(non-stage) = %v", err)
	}
	if err := cb.RemoveCategory("Bridging"); err != nil {
		t.Fatal(err)
	}
	if got := cb.Code("Showing up").Disconfirms; got != "" {
		t.Errorf("after removing the stage Disconfirms = %q, want empty", got)
	}
	if err := cb.Validate(); err != nil {
		t.Errorf("Validate after removing the stage: %v", err)
	}
}

func TestDisconfirmsNotAStage(t *testing.T) {
	y := strings.Replace(disconfirmsYAML, "disconfirms: building trust", "disconfirms: Trusting", 1)
	_, err := Decode("codebook.yaml", []byte(y))
	if err == nil {
		t.Fatal("no error for disconfirms naming no stage")
	}
	if !strings.Contains(err.Error(), "codebook.yaml:9:5:") || !strings.Contains(err.Error(), `disconfirms "Trusting" is not a stage`) {
		t.Errorf("error = %v; want file:line and the reason", err)
	}
}

// TestDisconfirmsStageDropped: dropping a stage from the core that a code
// disconfirms is refused by Validate (the researcher decides what the
// mark should become), not silently cleared.
func TestDisconfirmsStageDropped(t *testing.T) {
	cb, err := Decode("codebook.yaml", []byte(disconfirmsYAML))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cb.SetCore("Creating Connection", []string{"Bridging"}); err != nil {
		t.Fatal(err)
	}
	if err := cb.Validate(); err == nil || !strings.Contains(err.Error(), `disconfirms "building trust" is not a stage`) {
		t.Errorf("Validate after dropping the stage: %v", err)
	}
}
