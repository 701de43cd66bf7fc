package serve

import (
	"context"

	"github.com/grounded-qda/grounded/internal/analysis/coderagree"
	"github.com/grounded-qda/grounded/internal/analysis/report"
	"github.com/grounded-qda/grounded/internal/project"
)

// AgreementQuery is GET /api/agreement?coders=A,B&level=&unit= and GET
// /api/agreement/disagreements?coders=A,B&code=.
type AgreementQuery struct {
	Coders []string
	Level  string // code (default), category or stage
	Unit   string // turn (default) or span
	Code   string // disagreements: only this code
}

// agreeInput reads what inter-coder agreement is computed from, as the
// command line's analyses read it: every coder's codings, which blind
// coding never hides from agreement.
func agreeInput(p *project.Project) (*coderagree.Input, error) {
	s, err := p.ReadSnapshot(project.WithParticipants | project.WithTurns | project.WithAllCoders)
	if err != nil {
		return nil, err
	}
	return &coderagree.Input{Codebook: s.Codebook, Codings: s.Codings, Sources: s.Sources, Texts: report.NewTexts(s.Turns)}, nil
}

// Agreement implements Backend: 'agreement --coders A,B --level L --unit U
// --json'.
func (b *ProjectBackend) Agreement(ctx context.Context, q AgreementQuery) (*coderagree.Report, error) {
	level, err := report.ParseLevel(orDefault(q.Level, "code"))
	if err != nil {
		return nil, invalidf("level", "%v", err)
	}
	unit, err := coderagree.ParseUnit(orDefault(q.Unit, "turn"))
	if err != nil {
		return nil, invalidf("unit", "%v", err)
	}
	var r *coderagree.Report
	err = b.read(func(p *project.Project) error {
		in, err := agreeInput(p)
		if err != nil {
			return err
		}
		r, err = coderagree.ComputeUnit(in, coderagree.Options{Coders: q.Coders, Level: level, Unit: unit}, 0)
		return coderError(err)
	})
	return r, err
}

// Disagreements implements Backend: 'agreement disagreements --coders A,B
// [--code C] --json'.
func (b *ProjectBackend) Disagreements(ctx context.Context, q AgreementQuery) (*coderagree.DisagreementList, error) {
	if len(q.Coders) != 2 {
		return nil, invalidf("coders", "disagreements compare two coders")
	}
	var dl *coderagree.DisagreementList
	err := b.read(func(p *project.Project) error {
		in, err := agreeInput(p)
		if err != nil {
			return err
		}
		code := ""
		if q.Code != "" {
			c := in.Codebook.Code(q.Code)
			if c == nil {
				return &Error{Kind: KindNotFound, Field: "code", Msg: "no code " + q.Code}
			}
			code = c.Name
		}
		dl, err = coderagree.Disagreements(in, q.Coders[0], q.Coders[1], code)
		return coderError(err)
	})
	return dl, err
}

// coderError makes an untyped error of the agreement computation (too few
// coders, a coder without codings, no source coded by both) the request's
// fault; what it reads was read before it ran.
func coderError(err error) error { return fieldError(err, "coders") }

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
