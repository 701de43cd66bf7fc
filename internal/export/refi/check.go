package refi

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// This file is a structural check of REFI-QDA documents written in Go,
// run on every export before it is written (WriteQDPX, MarshalCodebook)
// and by the tests without xmllint: element order and
// multiplicity as the schemas define them, required attributes, GUID,
// colour and date formats, unique GUIDs, references that resolve to an
// element of the right kind, and selections inside their text.

// content is one element's content model: its children in schema order.
// Names in one group (joined by '|') are a choice at the same place.
type content struct {
	seq      []string
	single   map[string]bool // children that may occur at most once
	required []string        // children that must occur
}

func model(seq []string, single, required string) content {
	c := content{seq: seq, single: map[string]bool{}}
	for _, s := range strings.Fields(single) {
		c.single[s] = true
	}
	c.required = strings.Fields(required)
	return c
}

var textSourceModel = model([]string{"Description", "PlainTextContent", "PlainTextSelection", "Coding", "NoteRef", "VariableValue"}, "Description PlainTextContent", "")

var projectModels = map[string]content{
	"Project":            model([]string{"Users", "CodeBook", "Variables", "Cases", "Sources", "Notes", "Links", "Sets", "Graphs", "Description", "NoteRef"}, "Users CodeBook Variables Cases Sources Notes Links Sets Graphs Description", ""),
	"Users":              model([]string{"User"}, "", "User"),
	"User":               model(nil, "", ""),
	"CodeBook":           model([]string{"Codes"}, "Codes", "Codes"),
	"Codes":              model([]string{"Code"}, "", "Code"),
	"Code":               model([]string{"Description", "NoteRef", "Code"}, "Description", ""),
	"Variables":          model([]string{"Variable"}, "", "Variable"),
	"Variable":           model([]string{"Description"}, "Description", ""),
	"Cases":              model([]string{"Case"}, "", "Case"),
	"Case":               model([]string{"Description", "CodeRef", "VariableValue", "SourceRef", "SelectionRef"}, "Description", ""),
	"VariableValue":      model([]string{"VariableRef", "TextValue|BooleanValue|IntegerValue|FloatValue|DateValue|DateTimeValue"}, "VariableRef TextValue BooleanValue IntegerValue FloatValue DateValue DateTimeValue", "VariableRef"),
	"Sources":            model([]string{"TextSource|PictureSource|PDFSource|AudioSource|VideoSource"}, "", ""),
	"TextSource":         textSourceModel,
	"Note":               textSourceModel,
	"PlainTextSelection": model([]string{"Description", "Coding", "NoteRef"}, "Description", ""),
	"Coding":             model([]string{"CodeRef", "NoteRef"}, "CodeRef", "CodeRef"),
	"Notes":              model([]string{"Note"}, "", "Note"),
	"Links":              model([]string{"Link"}, "", "Link"),
	"Link":               model([]string{"NoteRef"}, "", ""),
}

var codebookModels = map[string]content{
	"CodeBook":   model([]string{"Codes", "Sets"}, "Codes Sets", "Codes"),
	"Codes":      model([]string{"Code"}, "", "Code"),
	"Code":       model([]string{"Description", "Code"}, "Description", ""),
	"Sets":       model([]string{"Set"}, "", "Set"),
	"Set":        model([]string{"Description", "MemberCode"}, "Description", ""),
	"MemberCode": model(nil, "", ""),
}

// leaves are elements with text or attributes only.
var leaves = map[string]bool{
	"Description": true, "PlainTextContent": true, "NoteRef": true, "CodeRef": true, "SourceRef": true,
	"SelectionRef": true, "VariableRef": true, "TextValue": true, "BooleanValue": true, "IntegerValue": true,
	"FloatValue": true, "DateValue": true, "DateTimeValue": true,
}

// checkStructure walks the document and reports children out of order,
// unexpected, repeated or missing, and a root or namespace that is not
// the schema's.
func checkStructure(data []byte, root, ns string, models map[string]content) []error {
	var errs []error
	dec := xml.NewDecoder(bytes.NewReader(data))
	type frame struct {
		name  string
		pos   int
		count map[string]int
	}
	var stack []*frame
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return append(errs, err)
		}
		line, _ := dec.InputPos()
		switch t := tok.(type) {
		case xml.StartElement:
			name := t.Name.Local
			if t.Name.Space != ns {
				errs = append(errs, fmt.Errorf("line %d: <%s> is in namespace %q, not %q", line, name, t.Name.Space, ns))
			}
			if len(stack) == 0 {
				if name != root {
					errs = append(errs, fmt.Errorf("line %d: root <%s>, want <%s>", line, name, root))
				}
			} else {
				parent := stack[len(stack)-1]
				m, ok := models[parent.name]
				switch {
				case leaves[parent.name]:
					errs = append(errs, fmt.Errorf("line %d: <%s> inside <%s>, which has no child elements", line, name, parent.name))
				case ok:
					idx := -1
					for i, g := range m.seq {
						for _, alt := range strings.Split(g, "|") {
							if alt == name {
								idx = i
							}
						}
					}
					switch {
					case idx < 0:
						errs = append(errs, fmt.Errorf("line %d: <%s> is not allowed in <%s>", line, name, parent.name))
					case idx < parent.pos:
						errs = append(errs, fmt.Errorf("line %d: <%s> comes too late in <%s> (want the order %s)", line, name, parent.name, strings.Join(m.seq, ", ")))
					default:
						parent.pos = idx
					}
					parent.count[name]++
					if m.single[name] && parent.count[name] > 1 {
						errs = append(errs, fmt.Errorf("line %d: <%s> occurs more than once in <%s>", line, name, parent.name))
					}
				}
			}
			if _, ok := models[name]; !ok && !leaves[name] {
				errs = append(errs, fmt.Errorf("line %d: unknown element <%s>", line, name))
			}
			stack = append(stack, &frame{name: name, count: map[string]int{}})
		case xml.EndElement:
			f := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, r := range models[f.name].required {
				if f.count[r] == 0 {
					errs = append(errs, fmt.Errorf("line %d: <%s> lacks a <%s>", line, f.name, r))
				}
			}
		}
	}
	return errs
}

// checker collects the semantic problems of a decoded document.
type checker struct {
	errs  []error
	kinds map[string]string // GUID -> element kind
}

func (c *checker) errf(format string, args ...any) {
	c.errs = append(c.errs, fmt.Errorf(format, args...))
}

func (c *checker) guid(kind, s string) {
	if !ValidGUID(s) {
		c.errf("%s guid %q does not match the GUID pattern", kind, s)
		return
	}
	id, _ := NormGUID(s)
	if old, dup := c.kinds[id]; dup {
		c.errf("guid %s is used by a %s and a %s", s, old, kind)
		return
	}
	c.kinds[id] = kind
}

func (c *checker) ref(what, s string, kinds ...string) {
	if s == "" {
		return
	}
	if !ValidGUID(s) {
		c.errf("%s %q does not match the GUID pattern", what, s)
		return
	}
	id, _ := NormGUID(s)
	for _, k := range kinds {
		if c.kinds[id] == k {
			return
		}
	}
	c.errf("%s %s refers to no %s", what, s, strings.Join(kinds, " or "))
}

func (c *checker) date(what, s string) {
	if s == "" {
		return
	}
	if _, ok := parseTime(s); !ok || !strings.Contains(s, "T") {
		c.errf("%s %q is not an xsd:dateTime", what, s)
	}
}

func (c *checker) codes(cs []XCode, notes bool) {
	for _, x := range cs {
		c.guid("Code", x.GUID)
		if x.Name == "" {
			c.errf("code %s has no name", x.GUID)
		}
		if x.IsCodable != "true" && x.IsCodable != "false" && x.IsCodable != "1" && x.IsCodable != "0" {
			c.errf("code %q: isCodable %q is not a boolean", x.Name, x.IsCodable)
		}
		if x.Color != "" && !validColor(x.Color) {
			c.errf("code %q: color %q is not #RRGGBB", x.Name, x.Color)
		}
		if !notes && len(x.NoteRefs) > 0 {
			c.errf("code %q: a codebook's codes have no NoteRef", x.Name)
		}
		c.codes(x.Codes, notes)
	}
}

func (c *checker) codeRefs(cs []XCode) {
	for _, x := range cs {
		for _, r := range x.NoteRefs {
			c.ref("NoteRef", r.TargetGUID, "Note")
		}
		c.codeRefs(x.Codes)
	}
}

// CheckCodebookXML checks a .qdc document against the structure of
// Codebook.xsd.
func CheckCodebookXML(data []byte) []error {
	errs := checkStructure(data, "CodeBook", CodebookNS, codebookModels)
	x, err := DecodeCodebook("codebook", data)
	if err != nil {
		return append(errs, err)
	}
	c := &checker{kinds: map[string]string{}}
	c.codes(x.Codes.Code, false)
	return append(errs, c.errs...)
}

// CheckProjectXML checks a project.qde document against the structure of
// Project-mrt2019.xsd. text returns the text of a plainTextPath (nil: the
// files are not checked).
func CheckProjectXML(data []byte, text func(path string) (string, bool)) []error {
	errs := checkStructure(data, "Project", ProjectNS, projectModels)
	x, err := DecodeProject("project.qde", data)
	if err != nil {
		return append(errs, err)
	}
	c := &checker{kinds: map[string]string{}}
	if x.Name == "" {
		c.errf("the project has no name")
	}
	c.date("project creationDateTime", x.CreationDateTime)
	if x.Users != nil {
		for _, u := range x.Users.User {
			c.guid("User", u.GUID)
		}
	}
	if x.CodeBook != nil {
		c.codes(x.CodeBook.Codes.Code, true)
	}
	if x.Variables != nil {
		for _, v := range x.Variables.Variable {
			c.guid("Variable", v.GUID)
			switch v.TypeOfVariable {
			case "Text", "Boolean", "Integer", "Float", "Date", "DateTime":
			default:
				c.errf("variable %q: typeOfVariable %q is not one of the schema's", v.Name, v.TypeOfVariable)
			}
		}
	}
	var cases []XCase
	if x.Cases != nil {
		cases = x.Cases.Case
		for _, cs := range cases {
			c.guid("Case", cs.GUID)
		}
	}
	var sources []XTextSource
	if x.Sources != nil {
		sources = x.Sources.Text
	}
	for _, s := range sources {
		c.guid("TextSource", s.GUID)
		for _, sel := range s.Selections {
			c.guid("PlainTextSelection", sel.GUID)
			for _, cd := range sel.Codings {
				c.guid("Coding", cd.GUID)
			}
		}
	}
	var notes []XTextSource
	if x.Notes != nil {
		notes = x.Notes.Note
	}
	for _, n := range notes {
		c.guid("Note", n.GUID)
	}
	var links []XLink
	if x.Links != nil {
		links = x.Links.Link
	}
	for _, l := range links {
		c.guid("Link", l.GUID)
	}
	// References.
	if x.CodeBook != nil {
		c.codeRefs(x.CodeBook.Codes.Code)
	}
	for _, cs := range cases {
		for _, v := range cs.VariableValues {
			c.ref("VariableRef", v.VariableRef.TargetGUID, "Variable")
			if _, ok := v.Value(); !ok {
				c.errf("case %q: a VariableValue has no value", cs.Name)
			}
		}
		for _, r := range cs.SourceRefs {
			c.ref("SourceRef", r.TargetGUID, "TextSource")
		}
		for _, r := range cs.CodeRefs {
			c.ref("CodeRef", r.TargetGUID, "Code")
		}
	}
	for _, s := range sources {
		c.textSource("source "+s.Name, s, text)
	}
	for _, n := range notes {
		c.textSource("note "+n.Name, n, text)
	}
	for _, l := range links {
		c.ref("link originGUID", l.OriginGUID, "Code")
		c.ref("link targetGUID", l.TargetGUID, "Code")
		switch l.Direction {
		case "", "Associative", "OneWay", "Bidirectional":
		default:
			c.errf("link %q: direction %q is not one of the schema's", l.Name, l.Direction)
		}
		for _, r := range l.NoteRefs {
			c.ref("NoteRef", r.TargetGUID, "Note")
		}
	}
	for _, r := range x.NoteRefs {
		c.ref("NoteRef", r.TargetGUID, "Note")
	}
	return append(errs, c.errs...)
}

func (c *checker) textSource(what string, s XTextSource, text func(string) (string, bool)) {
	c.ref(what+" creatingUser", s.CreatingUser, "User")
	c.date(what+" creationDateTime", s.CreationDateTime)
	hasPath, hasContent := s.PlainTextPath != "", s.PlainTextContent != nil
	if hasPath == hasContent {
		c.errf("%s: give either PlainTextContent or plainTextPath, not both or neither", what)
	}
	length := -1
	if hasContent {
		length = utf8.RuneCountInString(*s.PlainTextContent)
	} else if text != nil {
		if t, ok := text(s.PlainTextPath); ok {
			length = utf8.RuneCountInString(t)
		} else {
			c.errf("%s: %s is not in the archive", what, s.PlainTextPath)
		}
	}
	for _, r := range s.NoteRefs {
		c.ref(what+" NoteRef", r.TargetGUID, "Note")
	}
	for _, sel := range s.Selections {
		a, err1 := strconv.Atoi(sel.StartPosition)
		b, err2 := strconv.Atoi(sel.EndPosition)
		switch {
		case err1 != nil || err2 != nil:
			c.errf("%s: selection %s has positions %q-%q that are not integers", what, sel.GUID, sel.StartPosition, sel.EndPosition)
		case a < 0 || b < a || length >= 0 && b > length:
			c.errf("%s: selection %s spans %d-%d, outside the text of %d code points", what, sel.GUID, a, b, length)
		}
		c.ref(what+" selection creatingUser", sel.CreatingUser, "User")
		c.date(what+" selection creationDateTime", sel.CreationDateTime)
		for _, cd := range sel.Codings {
			c.ref(what+" CodeRef", cd.CodeRef.TargetGUID, "Code")
			c.ref(what+" coding creatingUser", cd.CreatingUser, "User")
			c.date(what+" coding creationDateTime", cd.CreationDateTime)
			for _, r := range cd.NoteRefs {
				c.ref(what+" coding NoteRef", r.TargetGUID, "Note")
			}
		}
		for _, r := range sel.NoteRefs {
			c.ref(what+" selection NoteRef", r.TargetGUID, "Note")
		}
	}
}
