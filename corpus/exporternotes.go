package corpus

import (
	"fmt"
	"strings"
)

// Exporters write notes about the recording into the transcript's text:
// Microsoft Teams opens with the meeting's title, date and length and the
// line "NAME started transcription", and closes with "NAME stopped
// transcription"; Otter.ai closes with "Transcribed by https://otter.ai".
// None of them is speech. readExporterNotes blanks those lines (keeping
// the line count, so that line numbers stay), returns the Teams header
// block as a Header, and warns about every other note with its line, so
// that nothing leaves the transcript unsaid.

// transcriptionNote reports whether line is a Teams transcription note.
func transcriptionNote(line string) bool {
	t := strings.TrimSuffix(line, ".")
	return (strings.HasSuffix(t, " started transcription") || strings.HasSuffix(t, " stopped transcription")) &&
		!strings.Contains(t, ":")
}

// exporterNote reports whether line is a note an exporter writes.
func exporterNote(line string) bool {
	return transcriptionNote(line) || otterFooter(line)
}

// teamsHeaderLines is how many lines may stand above "started
// transcription" in a Teams header (title, date, length).
const teamsHeaderLines = 3

// readExporterNotes returns text with the exporters' notes blanked, and
// the Teams header when the text opens with one (nil otherwise).
func readExporterNotes(text string, d *diagSink) (*Header, string) {
	if !strings.Contains(text, " transcription") && !strings.Contains(text, "otter.ai") {
		return nil, text
	}
	lines := strings.Split(text, "\n")
	var hdr *Header
	// The header: at most teamsHeaderLines non-blank lines, none of them
	// a speaker label, then "started transcription".
	var above []int
	for i, raw := range lines {
		t := cleanLine(raw)
		if t == "" {
			continue
		}
		if transcriptionNote(t) && strings.HasSuffix(strings.TrimSuffix(t, "."), " started transcription") {
			hdr = &Header{Line: i + 1, EndLine: i + 1}
			if len(above) > 0 {
				hdr.Line = above[0] + 1
				hdr.Title = cleanLine(lines[above[0]])
				for _, k := range above[1:] {
					hdr.Details = append(hdr.Details, cleanLine(lines[k]))
				}
			}
			hdr.Details = append(hdr.Details, t)
			for k := hdr.Line - 1; k <= i; k++ {
				lines[k] = ""
			}
			break
		}
		if _, _, _, ok := splitLabel(t); ok || len(above) == teamsHeaderLines {
			break
		}
		above = append(above, i)
	}
	for i, raw := range lines {
		t := cleanLine(raw)
		if t != "" && exporterNote(t) {
			lines[i] = ""
			d.warn(i+1, WarnHeader, t, "this line is the transcription program's note, not speech, so it was left out of the turns")
		}
	}
	if hdr == nil {
		return nil, strings.Join(lines, "\n")
	}
	return hdr, strings.Join(lines, "\n")
}

// headerMessage says what a header block was read as.
func headerMessage(h *Header) string {
	return fmt.Sprintf("the block at the top of the file was read as the source's metadata (%s), not as turns", strings.Join(h.Fields(), ", "))
}
