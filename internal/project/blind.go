package project

import (
	"strings"

	"github.com/grounded-qda/grounded/coding"
)

// SetViewer names the coder who reads the project. While blind coding is
// on (Config.Blind), a snapshot holds only the viewer's codings unless it
// is taken WithAllCoders; with no viewer it holds none.
func (p *Project) SetViewer(coder string) { p.viewer = coder }

// Blinded reports whether reads are limited to the viewer's codings, and
// whose they are.
func (p *Project) Blinded() (bool, string) { return p.Config.Blind, p.viewer }

// blindFilter keeps the viewer's codings when blind coding is on.
func (p *Project) blindFilter(cs []coding.Coding) []coding.Coding {
	if !p.Config.Blind {
		return cs
	}
	k := strings.ToLower(strings.TrimSpace(p.viewer))
	out := []coding.Coding{}
	if k == "" {
		return out
	}
	for _, c := range cs {
		if strings.ToLower(strings.TrimSpace(c.Coder)) == k {
			out = append(out, c)
		}
	}
	return out
}

// SetBlind turns blind coding on or off; Commit writes grounded.yaml and
// records the new setting in the history entry, so undo can flip it back.
func (e *Edit) SetBlind(on bool) error {
	cfg := e.p.Config
	if cfg.Blind == on {
		return nil
	}
	cfg.Blind = on
	data, err := marshalConfig(cfg)
	if err != nil {
		return err
	}
	e.Tx.WriteFile(ConfigFile, data)
	e.entry.Blind = &on
	return nil
}

// VisibleCodings reads the codings of a source ("" for all) as the
// viewer may see them: only their own while blind coding is on. Every
// read for display goes through it or a Snapshot; changes and agreement
// read every coder's codings.
func (p *Project) VisibleCodings(source string) ([]coding.Coding, error) {
	cs, err := p.ReadCodings(source)
	if err != nil {
		return nil, err
	}
	return p.blindFilter(cs), nil
}

// BlindOn reports whether blind coding is on.
func (e *Edit) BlindOn() bool { return e.p.Config.Blind }
