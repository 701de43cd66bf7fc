package refi

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	pathpkg "path"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/project"
)

// Markers older versions of grounded wrote in <Description>s; the
// importer still reads them. grounded now carries its ids in GUIDs (see
// idguid.go) and leaves <Description> to what the researcher wrote.
const (
	markCoding     = "grounded:coding:"      // + coding id, on a coding's selection
	markMemo       = "grounded:memo:"        // + memo id, on a note
	markTarget     = "grounded:target:"      // + kind:name, a memo target no NoteRef carries
	markRef        = "grounded:ref:"         // + reference, on a memo's selection
	markCodingMemo = "grounded:coding-memo:" // + coding id, on a coding's note
	markRelation   = "grounded:relation-note"
)

// IDMapPath is the archive file listing grounded ids that do not fit in an
// id GUID, and the targets of memos no NoteRef carries: one line each,
// "GUID<TAB>field<TAB>value", field "id.K" (K the idKind) or "target".
// Other tools ignore it.
const IDMapPath = "grounded-ids.tsv"

// turnsPath is the archive file holding the turns of the source text at
// path ("sources/GUID.txt" → "grounded-turns/GUID.jsonl"), outside
// sources/ so that no tool takes it for a source.
func turnsPath(path string) string {
	return "grounded-turns/" + strings.TrimSuffix(pathpkg.Base(path), ".txt") + ".jsonl"
}

// Export is a built project.qde and the source texts that go with it.
type Export struct {
	Project *XProject
	// Texts maps archive paths ("sources/GUID.txt") to UTF-8 text.
	Texts map[string][]byte
	// Warnings say what could not be exported (orphaned codings, memos
	// on references that no longer resolve).
	Warnings []string
	// Counts of what was written.
	Sources, Codes, Categories, Codings, Memos, Cases int
}

// ErrEmptyCodebook is returned by BuildCodebook for a codebook without
// codes or categories: the schema requires at least one <Code>.
var ErrEmptyCodebook = errors.New("the codebook has no codes or categories; a .qdc must hold at least one code")

// BuildCodebook renders the codebook as a .qdc document.
func BuildCodebook(d *Data) (*XCodeBook, error) {
	g := newGUIDs(d.Name, d.Created)
	g.foreign = d.Foreign
	codes := stripNoteRefs(codeTree(d.Codebook, g, nil, nil))
	if len(codes) == 0 {
		return nil, ErrEmptyCodebook
	}
	return &XCodeBook{Xmlns: CodebookNS, Origin: d.Origin, Codes: XCodes{codes}}, nil
}

// BuildProject renders a project as a REFI-QDA project. See the package
// comment for what maps to what.
func BuildProject(d *Data) (*Export, error) {
	g := newGUIDs(d.Name, d.Created)
	g.foreign = d.Foreign
	ex := &Export{Texts: map[string][]byte{}}
	var idMap []string
	idGUID := func(k idKind, kind, id string) string {
		if s, ok := g.idGUID(k, id); ok {
			return s
		}
		s := g.of(kind, id)
		idMap = append(idMap, fmt.Sprintf("%s\tid.%d\t%s", s, k, id))
		return s
	}
	noteGUID := func(memoID string) string { return idGUID(idNote, kindNote, memoID) }
	defer func() {
		if len(idMap) > 0 {
			slices.Sort(idMap)
			ex.Texts[IDMapPath] = []byte(strings.Join(slices.Compact(idMap), "\n") + "\n")
		}
	}()
	x := &XProject{Xmlns: ProjectNS, Name: d.Name, Origin: d.Origin, CreationDateTime: dateTime(d.Created)}
	ex.Project = x
	cb := d.Codebook
	var (
		xusers     []XUser
		xvariables []XVariable
		xcases     []XCase
		xnotes     []XTextSource
		xlinks     []XLink
	)
	defer func() {
		if len(xusers) > 0 {
			x.Users = &XUsers{xusers}
		}
		if len(xvariables) > 0 {
			x.Variables = &XVariables{xvariables}
		}
		if len(xcases) > 0 {
			x.Cases = &XCases{xcases}
		}
		if len(xnotes) > 0 {
			x.Notes = &XNotes{xnotes}
		}
		if len(xlinks) > 0 {
			x.Links = &XLinks{xlinks}
		}
	}()

	// Users: every coder and memo author.
	users := map[string]string{} // lower-case name -> GUID
	addUser := func(name string) string {
		k := strings.ToLower(name)
		if id, ok := users[k]; ok {
			return id
		}
		id := g.of(kindUser, k)
		users[k] = id
		xusers = append(xusers, XUser{GUID: id, Name: name})
		return id
	}
	for _, c := range d.Codings {
		addUser(c.Coder)
	}
	for _, m := range d.Memos {
		addUser(m.Author)
	}
	slices.SortFunc(xusers, func(a, b XUser) int { return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) })

	// Where each memo's NoteRef goes.
	noteOf := map[string][]string{}
	var projectNotes []string
	bySource := map[string][]coding.Memo{}
	refMemos := map[string][]coding.Memo{}
	unlinked := map[string]bool{}
	for _, m := range d.Memos {
		id := noteGUID(m.ID)
		switch m.Target.Kind {
		case coding.TargetCode:
			if cb.Code(m.Target.Name) != nil || usedCode(d.Codings, m.Target.Name) {
				noteOf[kindCode+"\x00"+key(m.Target.Name)] = append(noteOf[kindCode+"\x00"+key(m.Target.Name)], id)
				continue
			}
		case coding.TargetCategory:
			if cb.Category(m.Target.Name) != nil {
				noteOf[kindCategory+"\x00"+key(m.Target.Name)] = append(noteOf[kindCategory+"\x00"+key(m.Target.Name)], id)
				continue
			}
			if cb.Core != nil && key(cb.Core.Name) == key(m.Target.Name) {
				noteOf["core\x00"+key(m.Target.Name)] = append(noteOf["core\x00"+key(m.Target.Name)], id)
				continue
			}
		case coding.TargetSource:
			bySource[m.Target.Name] = append(bySource[m.Target.Name], m)
			continue
		case coding.TargetRef:
			if r, err := corpus.ParseRef(m.Target.Name); err == nil {
				refMemos[r.Source] = append(refMemos[r.Source], m)
				continue
			}
		case coding.TargetProject, "":
			projectNotes = append(projectNotes, id)
			continue
		}
		unlinked[m.ID] = true
		projectNotes = append(projectNotes, id)
	}

	// Codebook.
	var extra []string
	for _, c := range d.Codings {
		if cb.Code(c.Code) == nil && !slices.ContainsFunc(extra, func(e string) bool { return key(e) == key(c.Code) }) {
			extra = append(extra, c.Code)
		}
	}
	if codes := codeTree(cb, g, noteOf, extra); len(codes) > 0 {
		x.CodeBook = &XCodeBook{Codes: XCodes{codes}}
	}
	ex.Codes, ex.Categories = len(cb.Codes)+len(extra), len(cb.Categories)
	codeGUID := func(name string) string { return g.of(kindCode, key(name)) }

	// Variables and cases.
	ps := d.Participants
	if ps == nil {
		ps = &project.Participants{}
	}
	for _, a := range ps.Attributes {
		xvariables = append(xvariables, XVariable{GUID: g.of(kindVariable, a), Name: a, TypeOfVariable: "Text"})
	}
	srcOf := map[string][]string{}
	var partIDs []string
	for _, s := range d.Sources {
		pt := s.Meta.Participant
		if _, ok := srcOf[pt]; !ok {
			partIDs = append(partIDs, pt)
		}
		srcOf[pt] = append(srcOf[pt], g.of(kindSource, s.Meta.ID))
	}
	for _, pt := range ps.List {
		if _, ok := srcOf[pt.ID]; !ok {
			partIDs = append(partIDs, pt.ID)
			srcOf[pt.ID] = nil
		}
	}
	slices.SortFunc(partIDs, project.CompareIDs)
	for _, id := range partIDs {
		c := XCase{GUID: g.of(kindCase, id), Name: id}
		if pt := ps.Get(id); pt != nil {
			for _, a := range ps.Attributes {
				if v, ok := pt.Attributes[a]; ok {
					c.VariableValues = append(c.VariableValues, XVariableValue{VariableRef: XRef{g.of(kindVariable, a)}, TextValue: &v})
				}
			}
		}
		for _, s := range srcOf[id] {
			c.SourceRefs = append(c.SourceRefs, XRef{s})
		}
		xcases = append(xcases, c)
	}
	ex.Cases = len(xcases)

	// Sources, with one selection per coding and per memo on a reference.
	bySrcCodings := map[string][]coding.Coding{}
	for _, c := range d.Codings {
		bySrcCodings[c.Source] = append(bySrcCodings[c.Source], c)
	}
	srcIDs := map[string]bool{}
	x.Sources = &XSources{}
	for _, s := range d.Sources {
		id := s.Meta.ID
		srcIDs[id] = true
		text, offsets := corpus.PlainText(s.Turns)
		runes := []rune(text)
		guid := g.of(kindSource, id)
		path := "sources/" + guid + ".txt"
		ex.Texts[path] = []byte(text)
		// The turns as grounded holds them (speakers, times, where each
		// turn starts): other tools ignore the file; grounded's import
		// uses it while the text is unchanged, so that a round trip gives
		// the same turns and references whatever the layout.
		ex.Texts[turnsPath(path)] = project.EncodeTurns(s.Turns)
		ts := XTextSource{GUID: guid, Name: id, PlainTextPath: "internal://" + guid + ".txt", CreationDateTime: dateTime(s.Meta.Ingested)}
		for _, m := range bySource[id] {
			ts.NoteRefs = append(ts.NoteRefs, XRef{noteGUID(m.ID)})
		}
		type sel struct {
			start, end int
			x          XSelection
		}
		var sels []sel
		for _, c := range bySrcCodings[id] {
			if c.Orphaned {
				ex.Warnings = append(ex.Warnings, fmt.Sprintf("coding %s (%q at %s) is orphaned (its quote is no longer in the transcript) and was left out", c.ID, c.Code, c.Ref()))
				continue
			}
			start, end, ok := span(c.Ref(), s.Turns, offsets, len(runes))
			if !ok {
				ex.Warnings = append(ex.Warnings, fmt.Sprintf("coding %s (%q at %s) does not fit its transcript and was left out; run 'grounded check'", c.ID, c.Code, c.Ref()))
				continue
			}
			// The coding's memo is the selection's description: QualCoder,
			// MAXQDA and ATLAS.ti show it as the segment's memo or comment.
			xc := XCoding{GUID: idGUID(idCoding, kindCoding, c.ID), CreatingUser: users[strings.ToLower(c.Coder)], CreationDateTime: dateTime(c.Created), CodeRef: XRef{codeGUID(c.Code)}}
			k := idCodingSel
			if c.Turn == 0 {
				k = idCodingSelSrc
			}
			sels = append(sels, sel{start, end, XSelection{GUID: idGUID(k, kindSelection, c.ID), Name: string(runes[start:end]),
				StartPosition: itoa(start), EndPosition: itoa(end), CreatingUser: xc.CreatingUser, CreationDateTime: xc.CreationDateTime,
				Description: strings.TrimSpace(c.Memo), Codings: []XCoding{xc}}})
			ex.Codings++
		}
		for _, m := range refMemos[id] {
			r, _ := corpus.ParseRef(m.Target.Name)
			start, end, ok := span(r, s.Turns, offsets, len(runes))
			if !ok {
				ex.Warnings = append(ex.Warnings, fmt.Sprintf("memo %s is about %s, which does not fit the transcript; it is attached to the project instead", m.ID, m.Target.Name))
				unlinked[m.ID] = true
				projectNotes = append(projectNotes, noteGUID(m.ID))
				continue
			}
			// A selection without codings whose description is the memo:
			// QualCoder and MAXQDA read it as an annotation. The GUID's
			// kind says which form the reference had.
			k := idRefSpan
			switch {
			case r.Turn == 0:
				k = idRefSource
			case !r.HasSpan:
				k = idRefTurn
			}
			sels = append(sels, sel{start, end, XSelection{GUID: idGUID(k, kindRefSel, m.ID), Name: string(runes[start:end]),
				StartPosition: itoa(start), EndPosition: itoa(end), CreatingUser: users[strings.ToLower(m.Author)], CreationDateTime: dateTime(m.Created),
				Description: strings.TrimSpace(m.Body), NoteRefs: []XRef{{noteGUID(m.ID)}}}})
		}
		slices.SortStableFunc(sels, func(a, b sel) int {
			if a.start != b.start {
				return a.start - b.start
			}
			return a.end - b.end
		})
		for _, s := range sels {
			ts.Selections = append(ts.Selections, s.x)
		}
		x.Sources.Text = append(x.Sources.Text, ts)
	}
	ex.Sources = len(x.Sources.Text)
	if ex.Sources == 0 {
		x.Sources = nil
	}
	// Memos whose source is gone go to the project.
	for src, ms := range bySource {
		if !srcIDs[src] {
			for _, m := range ms {
				unlinked[m.ID] = true
				projectNotes = append(projectNotes, noteGUID(m.ID))
			}
		}
	}
	for src, ms := range refMemos {
		if !srcIDs[src] {
			for _, m := range ms {
				unlinked[m.ID] = true
				projectNotes = append(projectNotes, noteGUID(m.ID))
			}
		}
	}

	// Relations as links.
	var linkNotes []XTextSource
	endGUID := func(name string) string {
		if cb.Core != nil && key(cb.Core.Name) == key(name) {
			return CoreGUID(cb.Core.Name)
		}
		if cb.Category(name) != nil {
			return g.of(kindCategory, key(name))
		}
		if cb.Code(name) != nil {
			return codeGUID(name)
		}
		return ""
	}
	for _, r := range cb.Relations {
		from, to := endGUID(r.From), endGUID(r.To)
		if from == "" || to == "" {
			ex.Warnings = append(ex.Warnings, fmt.Sprintf("relation %s -> %s names no category or code and was left out", r.From, r.To))
			continue
		}
		k := key(r.From) + "\x00" + key(r.To) + "\x00" + strings.ToLower(r.As)
		l := XLink{GUID: g.of(kindLink, k), Name: r.As, Direction: "OneWay", OriginGUID: from, TargetGUID: to}
		if strings.TrimSpace(r.Note) != "" {
			nid := g.hashGUID(idRelNote, k)
			l.NoteRefs = []XRef{{nid}}
			ex.Texts["sources/"+nid+".txt"] = []byte(r.Note)
			linkNotes = append(linkNotes, XTextSource{GUID: nid, Name: r.From + " " + r.As + " " + r.To, PlainTextPath: "internal://" + nid + ".txt"})
		}
		xlinks = append(xlinks, l)
	}

	// Notes: the memos, then the notes on codings and relations.
	// Each memo is a note whose text is a file (QualCoder reads notes
	// only from files, as journals); the project's memos are also the
	// project's description.
	var projectDesc []string
	for _, m := range d.Memos {
		nid := noteGUID(m.ID)
		if unlinked[m.ID] && m.Target.Kind != coding.TargetProject && m.Target.Kind != "" {
			idMap = append(idMap, nid+"\ttarget\t"+m.Target.Kind+":"+m.Target.Name)
		}
		if m.Target.Kind == coding.TargetProject || m.Target.Kind == "" {
			projectDesc = append(projectDesc, strings.TrimSpace(m.Body))
		}
		name := m.Title()
		if name == "" {
			name = m.ID
		}
		ex.Texts["sources/"+nid+".txt"] = []byte(m.Body)
		xnotes = append(xnotes, XTextSource{GUID: nid, Name: name, PlainTextPath: "internal://" + nid + ".txt", CreatingUser: users[strings.ToLower(m.Author)],
			CreationDateTime: dateTime(m.Created)})
	}
	x.Description = strings.Join(projectDesc, "\n\n")
	ex.Memos = len(d.Memos)
	xnotes = append(xnotes, linkNotes...)
	slices.Sort(projectNotes)
	for _, id := range slices.Compact(projectNotes) {
		x.NoteRefs = append(x.NoteRefs, XRef{id})
	}
	return ex, nil
}

func usedCode(cs []coding.Coding, name string) bool {
	return slices.ContainsFunc(cs, func(c coding.Coding) bool { return key(c.Code) == key(name) })
}

// span converts a reference into code-point offsets in the source's plain
// text (end exclusive).
func span(r corpus.Ref, turns []corpus.Turn, offsets []int, n int) (int, int, bool) {
	if r.Turn == 0 {
		return r.Start, r.End, r.Start >= 0 && r.Start <= r.End && r.End <= n
	}
	if r.Turn < 1 || r.Turn > len(turns) {
		return 0, 0, false
	}
	l := utf8.RuneCountInString(turns[r.Turn-1].Text)
	start, end := 0, l
	if r.HasSpan {
		start, end = r.Start, r.End
	}
	if start < 0 || start > end || end > l {
		return 0, 0, false
	}
	base := offsets[r.Turn-1]
	return base + start, base + end, true
}

func dateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Truncate(time.Second).Format(time.RFC3339)
}

func itoa(n int) string { return fmt.Sprint(n) }

// MarshalProject renders project.qde.
func MarshalProject(x *XProject) ([]byte, error) { return marshal(x) }

// MarshalCodebook renders a .qdc file, checked against the structure of
// Codebook.xsd.
func MarshalCodebook(x *XCodeBook) ([]byte, error) {
	b, err := marshal(x)
	if err != nil {
		return nil, err
	}
	if err := invalidExport("the codebook", CheckCodebookXML(b)); err != nil {
		return nil, err
	}
	return b, nil
}

// invalidExport turns the problems CheckProjectXML or CheckCodebookXML
// found in an export into one error.
func invalidExport(what string, errs []error) error {
	if len(errs) == 0 {
		return nil
	}
	return fmt.Errorf("%s grounded built does not fit the REFI-QDA schema (a bug in grounded; nothing was written; please report it): %w", what, errors.Join(errs...))
}

func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

// WriteQDPX writes the archive: project.qde, then the source texts in
// path order. Entries are dated modTime so the same project gives the same
// bytes.
func WriteQDPX(w io.Writer, ex *Export, modTime time.Time) error {
	qde, err := MarshalProject(ex.Project)
	if err != nil {
		return err
	}
	// Check the document against the schema's structure before anything
	// is written, so that an export another program would reject is never
	// handed out.
	if err := invalidExport("project.qde", CheckProjectXML(qde, func(path string) (string, bool) {
		b, ok := ex.Texts["sources/"+strings.TrimPrefix(path, "internal://")]
		return string(b), ok
	})); err != nil {
		return err
	}
	zw := zip.NewWriter(w)
	add := func(name string, data []byte) error {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: modTime.UTC()})
		if err != nil {
			return err
		}
		_, err = fw.Write(data)
		return err
	}
	if err := add("project.qde", qde); err != nil {
		return err
	}
	paths := make([]string, 0, len(ex.Texts))
	for p := range ex.Texts {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, p := range paths {
		if err := add(p, ex.Texts[p]); err != nil {
			return err
		}
	}
	return zw.Close()
}
