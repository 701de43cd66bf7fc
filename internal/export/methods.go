package export

import (
	"fmt"
	"strconv"
	"strings"
)

// # The methods paragraph
//
// Methods writes the figures a methods section reports as sentences, each
// followed by the command that reproduces it. It states only what the
// figures show: no judgement of a value ("good agreement"), no figure
// that was not given. A figure that is absent (a nil pointer, an empty
// list) leaves its sentence out; it is never filled with a guess. A
// figure that cannot be right (a negative count, an agreement outside
// -1..1) is an error, not a sentence.

// MethodsFigures are the figures of a project, each optional.
type MethodsFigures struct {
	Interviews   *int     // transcripts
	Participants *int     // distinct participants
	Coders       []string // coders with codings
	Codebook     *CodebookSize
	Agreement    *AgreementFigure
	Saturation   *SaturationFigure
	ModelCheck   *ModelCheckFigure
}

// CodebookSize counts the codebook by level.
type CodebookSize struct {
	Codes, Categories, Stages int
	Core                      string // the core category's name, "" when none
}

// AgreementFigure is one pooled agreement coefficient.
type AgreementFigure struct {
	Measure string   // e.g. "Krippendorff's alpha"
	Value   float64  // -1..1
	Unit    string   // "turn" or "span"
	Level   string   // "code", "category" or "stage"; "" for code
	Coders  []string // at least two
	Units   int      // units compared; 0 when not known
}

// SaturationFigure is the saturation point and how it was defined.
type SaturationFigure struct {
	K          int    // consecutive transcripts with no new code
	Order      string // "ingest" or "attr:KEY"
	Point      int    // 1-based position of the transcript after which it held; 0: not reached
	PointID    string // that transcript's id
	Transcript int    // transcripts walked
}

// ModelCheckFigure is the check of the data against the core's stages.
type ModelCheckFigure struct {
	Stages          int      // stages in the model
	StagesMeeting   int      // stages coded for at least Threshold participants
	Threshold       int      // participants a stage needs
	Participants    int      // participants with coded transcripts
	MeanTau         *float64 // mean Kendall's tau-b of stage order; nil when undefined
	TauParticipants int      // participants the mean is over
}

// Sentence is one sentence of the paragraph and its command.
type Sentence struct {
	Text    string `json:"text"`
	Command string `json:"command"`
}

// Methods returns the sentences the figures support, in the order a
// methods section gives them.
func Methods(f MethodsFigures) ([]Sentence, error) {
	var out []Sentence
	add := func(cmd, format string, args ...any) {
		out = append(out, Sentence{Text: fmt.Sprintf(format, args...), Command: cmd})
	}
	for what, n := range map[string]*int{"interviews": f.Interviews, "participants": f.Participants} {
		if n != nil && *n < 0 {
			return nil, fmt.Errorf("%s: %d is not a count", what, *n)
		}
	}
	switch {
	case f.Interviews != nil && f.Participants != nil:
		add("grounded sources list", "The analysis drew on %s with %s.", count(*f.Interviews, "interview transcript"), count(*f.Participants, "participant"))
	case f.Interviews != nil:
		add("grounded sources list", "The analysis drew on %s.", count(*f.Interviews, "interview transcript"))
	case f.Participants != nil:
		add("grounded attributes list", "The analysis drew on interviews with %s.", count(*f.Participants, "participant"))
	}
	if len(f.Coders) > 0 {
		add("grounded codings list --json", "The transcripts were coded by %s (%s).", count(len(f.Coders), "coder"), strings.Join(f.Coders, ", "))
	}
	if c := f.Codebook; c != nil {
		s := fmt.Sprintf("The codebook holds %s in %s", count(c.Codes, "open code"), count(c.Categories, "category"))
		if c.Core != "" {
			s += fmt.Sprintf(", under the core category %q with %s", c.Core, count(c.Stages, "stage"))
		}
		add("grounded export hierarchy --format markdown", "%s.", s)
	}
	if a := f.Agreement; a != nil {
		if a.Value < -1 || a.Value > 1 {
			return nil, fmt.Errorf("agreement %v is outside -1..1", a.Value)
		}
		if len(a.Coders) < 2 || a.Measure == "" || a.Unit == "" {
			return nil, fmt.Errorf("agreement needs its measure, unit and at least two coders")
		}
		level := a.Level
		if level == "" {
			level = "code"
		}
		units := ""
		if a.Units > 0 {
			units = fmt.Sprintf(" over %s", count(a.Units, a.Unit))
		}
		how := fmt.Sprintf("with each %s as the unit and each %s marked present or absent%s", a.Unit, level, units)
		if a.Unit == "span" {
			how = fmt.Sprintf("comparing where each %s was placed, character by character", level)
		}
		add(fmt.Sprintf("grounded agreement --coders %s --unit %s --level %s", strings.Join(a.Coders, ","), a.Unit, level),
			"Agreement between %s, %s, was %s = %s (pooled over all %ss).",
			andList(a.Coders), how, a.Measure, strconv.FormatFloat(a.Value, 'f', 2, 64), level)
	}
	if s := f.Saturation; s != nil {
		if s.K < 1 || s.Transcript < 0 || s.Point < 0 || s.Point > s.Transcript {
			return nil, fmt.Errorf("saturation figures do not fit: k %d, point %d of %d", s.K, s.Point, s.Transcript)
		}
		order := "in the order they were added"
		if attr, ok := strings.CutPrefix(s.Order, "attr:"); ok {
			order = fmt.Sprintf("ordered by the participants' %s", attr)
		}
		def := fmt.Sprintf("Taking saturation as %s in a row that brought no new code, with transcripts %s", count(s.K, "transcript"), order)
		cmd := fmt.Sprintf("grounded report saturation --k %d --order %s", s.K, orDefault(s.Order, "ingest"))
		if s.Point > 0 {
			add(cmd, "%s, it was reached after transcript %d of %d (%s).", def, s.Point, s.Transcript, s.PointID)
		} else {
			add(cmd, "%s, it was not reached within the %s coded.", def, count(s.Transcript, "transcript"))
		}
	}
	if m := f.ModelCheck; m != nil {
		if m.StagesMeeting > m.Stages || m.Threshold > m.Participants || m.Stages < 1 {
			return nil, fmt.Errorf("model check figures do not fit: %d of %d stages, threshold %d of %d participants", m.StagesMeeting, m.Stages, m.Threshold, m.Participants)
		}
		cmd := fmt.Sprintf("grounded model check --min-participants %d", m.Threshold)
		add(cmd, "Checked against the model, %d of its %s were coded in the transcripts of at least %d of the %s.",
			m.StagesMeeting, count(m.Stages, "stage"), m.Threshold, count(m.Participants, "participant"))
		if m.MeanTau != nil && m.TauParticipants > 0 {
			add(cmd, "The order in which the stages appeared within interviews, compared with the model's order, gave a mean Kendall's tau-b of %s over %s (1 would be the model's order in every interview).",
				strconv.FormatFloat(*m.MeanTau, 'f', 2, 64), count(m.TauParticipants, "participant"))
		}
	}
	return out, nil
}

// MethodsMarkdown writes the sentences as one paragraph, each followed by
// its command in code style, or (commands false) as plain prose.
func MethodsMarkdown(ss []Sentence, commands bool) []byte {
	var b strings.Builder
	for i, s := range ss {
		if i > 0 {
			b.WriteString(" ")
		}
		b.WriteString(s.Text)
		if commands {
			fmt.Fprintf(&b, " (`%s`)", s.Command)
		}
	}
	if len(ss) > 0 {
		b.WriteString("\n")
	}
	return []byte(b.String())
}

// count writes "1 stage", "3 stages", "2 categories".
func count(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	if strings.HasSuffix(word, "y") {
		return strconv.Itoa(n) + " " + strings.TrimSuffix(word, "y") + "ies"
	}
	return strconv.Itoa(n) + " " + word + "s"
}

func andList(xs []string) string {
	if len(xs) <= 2 {
		return strings.Join(xs, " and ")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}
