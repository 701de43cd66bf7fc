package corpus

import "strings"

// Format is a transcript format Parse reads. A format is one parser file
// (text.go, cue.go, docx.go) plus one line in registry; the extension map,
// Formats, and the lists of formats in error messages are derived from it.
type Format struct {
	// Name is the format's name, as in Transcript.Format and ParseText.
	Name string
	// Exts are its file extensions, lower case with the dot; the first is
	// the one named in messages.
	Exts []string
	// Aliases are other names ParseText accepts for it.
	Aliases []string
	// Text parses decoded text, noting what it was unsure of in d; nil for
	// a binary format.
	Text func(text string, d *diagSink) ([]Turn, error)
	// Binary parses the file's bytes; nil for a text format.
	Binary func(data []byte, d *diagSink) ([]Turn, error)
	// NoText says what a well-formed file without text lacks (wrapped with
	// ErrNoText); empty for the generic "only white space and markup".
	NoText string
}

// registry lists the formats, in the order messages name them, and formats
// maps file extensions to format names. They are set by init because the
// parsers refer back to the registry (for their messages).
var (
	registry []Format
	formats  map[string]string
)

func init() {
	registry = []Format{
		{Name: "txt", Exts: []string{".txt"}, Text: func(s string, d *diagSink) ([]Turn, error) { return parseTxt(s, false, d), nil }},
		{Name: "md", Exts: []string{".md", ".markdown"}, Aliases: []string{"markdown"}, Text: func(s string, d *diagSink) ([]Turn, error) { return parseTxt(s, true, d), nil }},
		{Name: "vtt", Exts: []string{".vtt"}, Text: parseVTT, NoText: "the file has no cues with text; check that the export finished"},
		{Name: "srt", Exts: []string{".srt"}, Text: parseSRT, NoText: "the file has no cues with text; check that the export finished"},
		{Name: "docx", Exts: []string{".docx"}, Binary: parseDocx, NoText: "the document has no paragraphs with text"},
	}
	formats = map[string]string{}
	for _, f := range registry {
		for _, e := range f.Exts {
			formats[e] = f.Name
		}
	}
}

// Formats lists the file extensions Parse accepts (compared
// case-insensitively).
func Formats() []string {
	var out []string
	for _, f := range registry {
		out = append(out, f.Exts...)
	}
	return out
}

// lookupFormat returns the format with the name or alias (lower case).
func lookupFormat(name string) (Format, bool) {
	for _, f := range registry {
		if f.Name == name {
			return f, true
		}
		for _, a := range f.Aliases {
			if a == name {
				return f, true
			}
		}
	}
	return Format{}, false
}

// readList is ".txt, .md, .vtt, .srt and .docx": the main extension of
// every format.
func readList() string {
	var exts []string
	for _, f := range registry {
		exts = append(exts, f.Exts[0])
	}
	return andList(exts)
}

// textFormatList is "txt, md, vtt and srt": the formats ParseText reads.
func textFormatList() string {
	var names []string
	for _, f := range registry {
		if f.Text != nil {
			names = append(names, f.Name)
		}
	}
	return andList(names)
}

func andList(s []string) string {
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}
