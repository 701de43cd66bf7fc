package codebook

import "fmt"

// SetDisconfirms marks a code as speaking against a stage of the core
// ("" clears the mark). The stage must be one of core.stages.
func (cb *Codebook) SetDisconfirms(code, stage string) error {
	c := cb.Code(code)
	if c == nil {
		return fmt.Errorf("%w %q", ErrNoCode, code)
	}
	if stage == "" {
		c.Disconfirms = ""
		return nil
	}
	i := cb.StageIndex(stage)
	if i < 0 {
		if cb.Core == nil || len(cb.Core.Stages) == 0 {
			return fmt.Errorf("%q is not a stage: the codebook has no core category with stages", stage)
		}
		return fmt.Errorf("%q is not a stage; the stages are %q", stage, cb.Core.Stages)
	}
	c.Disconfirms = cb.Core.Stages[i]
	return nil
}
