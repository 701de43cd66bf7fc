package refi

import (
	"regexp"
	"strings"

	"github.com/grounded-qda/grounded/codebook"
)

// Labels of the paragraphs that carry a code's or category's guidance
// inside its REFI <Description>, which has room for one text only.
const (
	labelWhenToUse    = "When to use: "
	labelWhenNotToUse = "When not to use: "
	labelExample      = "Example: "
	markProvisional   = "(provisional)"
)

// describe joins a definition and its guidance into one Description text:
// the description, then one paragraph per field that is set.
func describe(desc, whenToUse, whenNotToUse, example string, provisional bool) string {
	var parts []string
	if desc = strings.TrimSpace(desc); desc != "" {
		parts = append(parts, desc)
	}
	for _, f := range [][2]string{{labelWhenToUse, whenToUse}, {labelWhenNotToUse, whenNotToUse}, {labelExample, example}} {
		if v := strings.TrimSpace(f[1]); v != "" {
			parts = append(parts, f[0]+v)
		}
	}
	if provisional {
		parts = append(parts, markProvisional)
	}
	return strings.Join(parts, "\n\n")
}

// guidance is a Description split back into its fields.
type guidance struct {
	Description, WhenToUse, WhenNotToUse, Example string
	Provisional                                   bool
}

// parseDescription splits a Description written by describe. Paragraphs
// before the first labelled one are the description; an unlabelled
// paragraph after a labelled one continues it.
func parseDescription(s string) guidance {
	var g guidance
	s = strings.ReplaceAll(strings.TrimSpace(s), "\r\n", "\n")
	field := &g.Description
	for _, para := range strings.Split(s, "\n\n") {
		var next *string
		rest := para
		switch {
		case para == markProvisional:
			g.Provisional = true
			continue
		case strings.HasPrefix(para, labelWhenToUse):
			next, rest = &g.WhenToUse, para[len(labelWhenToUse):]
		case strings.HasPrefix(para, labelWhenNotToUse):
			next, rest = &g.WhenNotToUse, para[len(labelWhenNotToUse):]
		case strings.HasPrefix(para, labelExample):
			next, rest = &g.Example, para[len(labelExample):]
		}
		if next != nil {
			field = next
		}
		if *field != "" {
			*field += "\n\n"
		}
		*field += rest
	}
	return g
}

var rgbRE = regexp.MustCompile(`^#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})$`)

// validColor reports whether s fits the schemas' RGBType.
func validColor(s string) bool { return rgbRE.MatchString(s) }

// codeTree renders the codebook as nested <Code>s: the core category
// first, holding its stages in order, each holding its sub-categories
// (recursively) and then its codes; then the categories outside the core
// (top-level ones in file order, each with its own tree); then the codes
// without a category. Categories and the core are not codable; codes are.
// notes maps "code\x00KEY", "category\x00KEY" and "core\x00KEY" to the
// GUIDs of the notes about them (nil for a .qdc, whose schema has no
// NoteRef). extra are codes used by codings but missing from the codebook.
func codeTree(cb *codebook.Codebook, g guids, notes map[string][]string, extra []string) []XCode {
	var out []XCode
	refs := func(kind, name string) []XRef {
		var rs []XRef
		for _, id := range notes[kind+"\x00"+key(name)] {
			rs = append(rs, XRef{TargetGUID: id})
		}
		return rs
	}
	seen := map[string]bool{}
	var category func(c *codebook.Category) XCode
	category = func(c *codebook.Category) XCode {
		seen[key(c.Name)] = true
		codable := "false"
		if g.foreign != nil && g.foreign.Codable[key(c.Name)] {
			codable = "true" // it was codable in the tool it came from
		}
		x := XCode{GUID: g.of(kindCategory, key(c.Name)), Name: c.Name, IsCodable: codable,
			Description: describe(c.Description, c.WhenToUse, "", "", c.Provisional), NoteRefs: refs(kindCategory, c.Name)}
		for _, ch := range cb.Children(c.Name) {
			if !seen[key(ch.Name)] {
				x.Codes = append(x.Codes, category(ch))
			}
		}
		for _, code := range cb.CodesIn(c.Name) {
			x.Codes = append(x.Codes, codeElem(code, g, refs(kindCode, code.Name)))
		}
		return x
	}
	if cb.Core != nil {
		core := XCode{GUID: CoreGUID(cb.Core.Name), Name: cb.Core.Name, IsCodable: "false",
			Description: strings.TrimSpace(cb.Core.Description), NoteRefs: refs("core", cb.Core.Name)}
		for _, s := range cb.Core.Stages {
			if c := cb.Category(s); c != nil && !seen[key(c.Name)] {
				core.Codes = append(core.Codes, category(c))
			}
		}
		out = append(out, core)
	}
	for _, c := range cb.Categories {
		if !seen[key(c.Name)] && (c.Parent == "" || cb.Category(c.Parent) == nil) {
			out = append(out, category(c))
		}
	}
	for _, c := range cb.Categories { // left over only in a codebook with a cycle
		if !seen[key(c.Name)] {
			out = append(out, category(c))
		}
	}
	for _, code := range cb.Codes {
		if code.Category == "" || cb.Category(code.Category) == nil {
			out = append(out, codeElem(code, g, refs(kindCode, code.Name)))
		}
	}
	for _, name := range extra {
		out = append(out, XCode{GUID: g.of(kindCode, key(name)), Name: name, IsCodable: "true", NoteRefs: refs(kindCode, name)})
	}
	return out
}

func codeElem(c *codebook.Code, g guids, notes []XRef) XCode {
	x := XCode{GUID: g.of(kindCode, key(c.Name)), Name: c.Name, IsCodable: "true",
		Description: describe(c.Description, c.WhenToUse, c.WhenNotToUse, c.Example, false), NoteRefs: notes}
	if validColor(c.Color) {
		x.Color = c.Color
	}
	return x
}

// stripNoteRefs removes the NoteRefs of a code tree (for a .qdc).
func stripNoteRefs(cs []XCode) []XCode {
	out := make([]XCode, len(cs))
	for i, c := range cs {
		c.NoteRefs = nil
		c.Codes = stripNoteRefs(c.Codes)
		out[i] = c
	}
	return out
}
