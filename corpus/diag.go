package corpus

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Diagnostics is what a parser found in one file and where it was unsure,
// so that nothing it guessed goes unsaid. Parse fills it on every
// Transcript; it is data (JSON-ready) that callers print as they see fit.
type Diagnostics struct {
	// Turns is the number of turns.
	Turns int `json:"turns"`
	// Speakers are the distinct non-empty speakers in order of first
	// appearance, with their turn counts.
	Speakers []SpeakerCount `json:"speakers"`
	// Unlabelled is the number of turns without a speaker.
	Unlabelled int `json:"unlabelled"`
	// Header is the metadata block read at the top of the file (an Otter.ai
	// title, keywords and speakers list), or nil. Its lines are not turns.
	Header *Header `json:"header,omitempty"`
	// Warnings are the places where the parser was unsure, in line order,
	// followed by file-level warnings (Line 0).
	Warnings []Warning `json:"warnings"`
}

// UnlabelledShare returns the share of turns without a speaker, from 0 to 1
// (0 for no turns).
func (d Diagnostics) UnlabelledShare() float64 {
	if d.Turns == 0 {
		return 0
	}
	return float64(d.Unlabelled) / float64(d.Turns)
}

// SpeakerCount is one speaker of a file and how many turns they have.
type SpeakerCount struct {
	Speaker string `json:"speaker"`
	Turns   int    `json:"turns"`
}

// Header is a metadata block that an exporter writes above the transcript.
// Otter.ai writes a title line, a date and duration line, "SUMMARY
// KEYWORDS" and a keyword list, and "SPEAKERS" and a comma-separated list
// of the speakers.
type Header struct {
	// Line and EndLine are the first and last line of the block (for
	// .docx, paragraphs).
	Line    int `json:"line"`
	EndLine int `json:"end_line"`
	// Title is the block's first line; Details the other lines before the
	// keywords (Otter writes the date and duration there).
	Title   string   `json:"title,omitempty"`
	Details []string `json:"details,omitempty"`
	// Keywords and Speakers are the lists under SUMMARY KEYWORDS and
	// SPEAKERS.
	Keywords []string `json:"keywords,omitempty"`
	Speakers []string `json:"speakers,omitempty"`
}

// Fields names the fields the header holds, in a fixed order: "title",
// "details", "keywords", "speakers".
func (h *Header) Fields() []string {
	var out []string
	if h.Title != "" {
		out = append(out, "title")
	}
	if len(h.Details) > 0 {
		out = append(out, "details")
	}
	if len(h.Keywords) > 0 {
		out = append(out, "keywords")
	}
	if len(h.Speakers) > 0 {
		out = append(out, "speakers")
	}
	return out
}

// WarningKind classifies a Warning. The kinds are stable identifiers, fit
// for JSON and for tests.
type WarningKind string

const (
	// WarnLabelAsText: a line starts like a speaker label ("Name: …"), but
	// the name is used only once and is not a role word, so the line was
	// read as text of the turn before it.
	WarnLabelAsText WarningKind = "label-as-text"
	// WarnLabelOnce: a label used only once that looks like a misspelling
	// of a known speaker was kept as a speaker of its own, as written.
	WarnLabelOnce WarningKind = "label-once"
	// WarnUnlabelledCue: a WebVTT or SubRip cue without a label in a file
	// whose other cues have labels was kept as a turn without a speaker.
	WarnUnlabelledCue WarningKind = "unlabelled-cue"
	// WarnHeader: a block at the top of the file was read as metadata (see
	// Header), not as turns.
	WarnHeader WarningKind = "header"
	// WarnTurnSplit: a turn longer than MaxTurnChars was split into turns
	// of the same speaker; the message names them.
	WarnTurnSplit WarningKind = "turn-split"
	// WarnFewSpeakers: fewer than half of the turns have a speaker; the
	// message names the likely cause.
	WarnFewSpeakers WarningKind = "few-speakers"
)

// Warning is one place where a parser was unsure. Line is the 1-based line
// of the decoded text (for .docx, the paragraph), 0 for the whole file;
// Text is the line as written, shortened to 80 characters; Message says
// what was done and what to check, without naming the file.
type Warning struct {
	Line    int         `json:"line"`
	Kind    WarningKind `json:"kind"`
	Text    string      `json:"text,omitempty"`
	Message string      `json:"message"`
}

// String formats the warning as "line N: message: “text”".
func (w Warning) String() string {
	var b strings.Builder
	if w.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", w.Line)
	}
	b.WriteString(w.Message)
	if w.Text != "" {
		fmt.Fprintf(&b, ": %q", w.Text)
	}
	return b.String()
}

// diagSink collects what the parsers notice while they run. A nil sink
// ignores everything.
type diagSink struct {
	warnings       []Warning
	header         *Header
	unlabelledCues int
}

func (d *diagSink) warn(line int, kind WarningKind, text, msg string) {
	if d == nil {
		return
	}
	d.warnings = append(d.warnings, Warning{Line: line, Kind: kind, Text: shorten(text, 80), Message: msg})
}

// shorten cuts s to n code points, marking the cut with "…".
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i, k := 0, 0
	for i = range s {
		if k == n-1 {
			break
		}
		k++
	}
	return s[:i] + "…"
}

// diagnose completes the sink's findings with the counts of turns.
func diagnose(turns []Turn, d *diagSink) Diagnostics {
	out := Diagnostics{Turns: len(turns), Speakers: []SpeakerCount{}, Warnings: []Warning{}}
	idx := map[string]int{}
	for _, t := range turns {
		if t.Speaker == "" {
			out.Unlabelled++
			continue
		}
		i, ok := idx[t.Speaker]
		if !ok {
			i = len(out.Speakers)
			idx[t.Speaker] = i
			out.Speakers = append(out.Speakers, SpeakerCount{Speaker: t.Speaker})
		}
		out.Speakers[i].Turns++
	}
	if d != nil {
		out.Header = d.header
		out.Warnings = append(out.Warnings, d.warnings...)
	}
	if len(turns) > 0 && out.Unlabelled*2 > len(turns) {
		out.Warnings = append(out.Warnings, Warning{Kind: WarnFewSpeakers, Message: fewSpeakersCause(out, d)})
	}
	return out
}

// fewSpeakersCause explains why most turns have no speaker.
func fewSpeakersCause(dg Diagnostics, d *diagSink) string {
	head := fmt.Sprintf("%d of %d turns have no speaker", dg.Unlabelled, dg.Turns)
	var asText []int
	if d != nil {
		for _, w := range d.warnings {
			if w.Kind == WarnLabelAsText {
				asText = append(asText, w.Line)
			}
		}
	}
	switch {
	case d != nil && d.unlabelledCues > 0:
		return fmt.Sprintf("%s: %d cues have no speaker label; the captions were probably exported without speaker names, so label the speakers in the captioning tool and export again", head, d.unlabelledCues)
	case len(asText) > 0:
		return fmt.Sprintf("%s: %d lines look like labels but were read as text (first at line %d); a label is taken as a speaker when it is a role word (Interviewer, Participant 3) or is used at least twice, so check the spelling of the labels", head, len(asText), asText[0])
	case len(dg.Speakers) == 0:
		return head + ": no speaker labels were found; if people speak in this transcript, write each turn as \"Name: text\" at the start of a line"
	}
	return head + ": most paragraphs do not start with a speaker label; check that every turn starts with \"Name: text\""
}
