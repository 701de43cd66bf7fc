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

	"github.com/grounded-qda/grounded/codebook"
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
	b := &projectBuilder{
		d: d, g: g, cb: d.Codebook,
		ex:       &Export{Texts: map[string][]byte{}},
		users:    map[string]string{},
		noteOf:   map[string][]string{},
		bySource: map[string][]coding.Memo{},
		refMemos: map[string][]coding.Memo{},
		unlinked: map[string]bool{},
	}
	b.x = &XProject{Xmlns: ProjectNS, Name: d.Name, Origin: d.Origin, CreationDateTime: dateTime(d.Created)}
	b.ex.Project = b.x
	b.addUsers()
	b.placeMemos()
	b.addCodebook()
	b.addCases()
	b.addSources()
	b.addRelations()
	b.addNotes()
	b.finish()
	return b.ex, nil
}

// projectBuilder holds what BuildProject's sections share.
type projectBuilder struct {
	d  *Data
	g  guids
	cb *codebook.Codebook
	ex *Export
	x  *XProject

	idMap      []string // lines of IDMapPath
	xusers     []XUser
	xvariables []XVariable
	xcases     []XCase
	xnotes     []XTextSource
	xlinks     []XLink
	linkNotes  []XTextSource

	users        map[string]string // lower-case name -> GUID
	noteOf       map[string][]string
	projectNotes []string
	bySource     map[string][]coding.Memo
	refMemos     map[string][]coding.Memo
	unlinked     map[string]bool
	srcIDs       map[string]bool
}

// idGUID is the GUID carrying grounded's id of kind k, or a name-based
// GUID recorded in the id map when the id does not fit.
func (b *projectBuilder) idGUID(k idKind, kind, id string) string {
	if s, ok := b.g.idGUID(k, id); ok {
		return s
	}
	s := b.g.of(kind, id)
	b.idMap = append(b.idMap, fmt.Sprintf("%s\tid.%d\t%s", s, k, id))
	return s
}

func (b *projectBuilder) noteGUID(memoID string) string { return b.idGUID(idNote, kindNote, memoID) }

func (b *projectBuilder) codeGUID(name string) string { return b.g.of(kindCode, key(name)) }

// toProject attaches memo m to the project (its target is gone or unknown).
func (b *projectBuilder) toProject(m coding.Memo) {
	b.unlinked[m.ID] = true
	b.projectNotes = append(b.projectNotes, b.noteGUID(m.ID))
}

// finish sets the lists that are present and writes the id map.
func (b *projectBuilder) finish() {
	x := b.x
	if len(b.xusers) > 0 {
		x.Users = &XUsers{b.xusers}
	}
	if len(b.xvariables) > 0 {
		x.Variables = &XVariables{b.xvariables}
	}
	if len(b.xcases) > 0 {
		x.Cases = &XCases{b.xcases}
	}
	if len(b.xnotes) > 0 {
		x.Notes = &XNotes{b.xnotes}
	}
	if len(b.xlinks) > 0 {
		x.Links = &XLinks{b.xlinks}
	}
	if len(b.idMap) > 0 {
		slices.Sort(b.idMap)
		b.ex.Texts[IDMapPath] = []byte(strings.Join(slices.Compact(b.idMap), "\n") + "\n")
	}
}

// addUsers: every coder and memo author.
func (b *projectBuilder) addUsers() {
	add := func(name string) {
		k := strings.ToLower(name)
		if _, ok := b.users[k]; ok {
			return
		}
		id := b.g.of(kindUser, k)
		b.users[k] = id
		b.xusers = append(b.xusers, XUser{GUID: id, Name: name})
	}
	for _, c := range b.d.Codings {
		add(c.Coder)
	}
	for _, m := range b.d.Memos {
		add(m.Author)
	}
	slices.SortFunc(b.xusers, func(a, b XUser) int { return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) })
}

// placeMemos decides where each memo's NoteRef goes.
func (b *projectBuilder) placeMemos() {
	cb := b.cb
	for _, m := range b.d.Memos {
		id := b.noteGUID(m.ID)
		switch m.Target.Kind {
		case coding.TargetCode:
			if cb.Code(m.Target.Name) != nil || usedCode(b.d.Codings, m.Target.Name) {
				k := kindCode + "\x00" + key(m.Target.Name)
				b.noteOf[k] = append(b.noteOf[k], id)
				continue
			}
		case coding.TargetCategory:
			if cb.Category(m.Target.Name) != nil {
				k := kindCategory + "\x00" + key(m.Target.Name)
				b.noteOf[k] = append(b.noteOf[k], id)
				continue
			}
			if cb.Core != nil && key(cb.Core.Name) == key(m.Target.Name) {
				k := "core\x00" + key(m.Target.Name)
				b.noteOf[k] = append(b.noteOf[k], id)
				continue
			}
		case coding.TargetSource:
			b.bySource[m.Target.Name] = append(b.bySource[m.Target.Name], m)
			continue
		case coding.TargetRef:
			if r, err := corpus.ParseRef(m.Target.Name); err == nil {
				b.refMemos[r.Source] = append(b.refMemos[r.Source], m)
				continue
			}
		case coding.TargetProject, "":
			b.projectNotes = append(b.projectNotes, id)
			continue
		}
		b.toProject(m)
	}
}

// addCodebook: the codes and categories, and codes used by codings that
// the codebook lacks.
func (b *projectBuilder) addCodebook() {
	var extra []string
	for _, c := range b.d.Codings {
		if b.cb.Code(c.Code) == nil && !slices.ContainsFunc(extra, func(e string) bool { return key(e) == key(c.Code) }) {
			extra = append(extra, c.Code)
		}
	}
	if codes := codeTree(b.cb, b.g, b.noteOf, extra); len(codes) > 0 {
		b.x.CodeBook = &XCodeBook{Codes: XCodes{codes}}
	}
	b.ex.Codes, b.ex.Categories = len(b.cb.Codes)+len(extra), len(b.cb.Categories)
}

// addCases: the attributes as variables, the participants as cases.
func (b *projectBuilder) addCases() {
	g := b.g
	ps := b.d.Participants
	if ps == nil {
		ps = &project.Participants{}
	}
	for _, a := range ps.Attributes {
		b.xvariables = append(b.xvariables, XVariable{GUID: g.of(kindVariable, a), Name: a, TypeOfVariable: "Text"})
	}
	srcOf := map[string][]string{}
	var partIDs []string
	for _, s := range b.d.Sources {
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
		b.xcases = append(b.xcases, c)
	}
	b.ex.Cases = len(b.xcases)
}

// addSources: the sources, with one selection per coding and per memo on
// a reference; memos whose source is gone go to the project.
func (b *projectBuilder) addSources() {
	bySrcCodings := map[string][]coding.Coding{}
	for _, c := range b.d.Codings {
		bySrcCodings[c.Source] = append(bySrcCodings[c.Source], c)
	}
	b.srcIDs = map[string]bool{}
	b.x.Sources = &XSources{}
	for _, s := range b.d.Sources {
		b.srcIDs[s.Meta.ID] = true
		b.x.Sources.Text = append(b.x.Sources.Text, b.source(s, bySrcCodings[s.Meta.ID]))
	}
	b.ex.Sources = len(b.x.Sources.Text)
	if b.ex.Sources == 0 {
		b.x.Sources = nil
	}
	for _, memos := range []map[string][]coding.Memo{b.bySource, b.refMemos} {
		for src, ms := range memos {
			if !b.srcIDs[src] {
				for _, m := range ms {
					b.toProject(m)
				}
			}
		}
	}
}

// source renders one source and its selections.
func (b *projectBuilder) source(s Source, codings []coding.Coding) XTextSource {
	id := s.Meta.ID
	text, offsets := corpus.PlainText(s.Turns)
	runes := []rune(text)
	guid := b.g.of(kindSource, id)
	path := "sources/" + guid + ".txt"
	b.ex.Texts[path] = []byte(text)
	// The turns as grounded holds them (speakers, times, where each
	// turn starts): other tools ignore the file; grounded's import
	// uses it while the text is unchanged, so that a round trip gives
	// the same turns and references whatever the layout.
	b.ex.Texts[turnsPath(path)] = project.EncodeTurns(s.Turns)
	ts := XTextSource{GUID: guid, Name: id, PlainTextPath: "internal://" + guid + ".txt", CreationDateTime: dateTime(s.Meta.Ingested)}
	for _, m := range b.bySource[id] {
		ts.NoteRefs = append(ts.NoteRefs, XRef{b.noteGUID(m.ID)})
	}
	type sel struct {
		start, end int
		x          XSelection
	}
	var sels []sel
	for _, c := range codings {
		if c.Orphaned {
			b.ex.Warnings = append(b.ex.Warnings, fmt.Sprintf("coding %s (%q at %s) is orphaned (its quote is no longer in the transcript) and was left out", c.ID, c.Code, c.Ref()))
			continue
		}
		start, end, ok := span(c.Ref(), s.Turns, offsets, len(runes))
		if !ok {
			b.ex.Warnings = append(b.ex.Warnings, fmt.Sprintf("coding %s (%q at %s) does not fit its transcript and was left out; run 'grounded check'", c.ID, c.Code, c.Ref()))
			continue
		}
		// The coding's memo is the selection's description: QualCoder,
		// MAXQDA and ATLAS.ti show it as the segment's memo or comment.
		xc := XCoding{GUID: b.idGUID(idCoding, kindCoding, c.ID), CreatingUser: b.users[strings.ToLower(c.Coder)], CreationDateTime: dateTime(c.Created), CodeRef: XRef{b.codeGUID(c.Code)}}
		k := idCodingSel
		if c.Turn == 0 {
			k = idCodingSelSrc
		}
		sels = append(sels, sel{start, end, XSelection{GUID: b.idGUID(k, kindSelection, c.ID), Name: string(runes[start:end]),
			StartPosition: itoa(start), EndPosition: itoa(end), CreatingUser: xc.CreatingUser, CreationDateTime: xc.CreationDateTime,
			Description: strings.TrimSpace(c.Memo), Codings: []XCoding{xc}}})
		b.ex.Codings++
	}
	for _, m := range b.refMemos[id] {
		r, _ := corpus.ParseRef(m.Target.Name)
		start, end, ok := span(r, s.Turns, offsets, len(runes))
		if !ok {
			b.ex.Warnings = append(b.ex.Warnings, fmt.Sprintf("memo %s is about %s, which does not fit the transcript; it is attached to the project instead", m.ID, m.Target.Name))
			b.toProject(m)
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
		sels = append(sels, sel{start, end, XSelection{GUID: b.idGUID(k, kindRefSel, m.ID), Name: string(runes[start:end]),
			StartPosition: itoa(start), EndPosition: itoa(end), CreatingUser: b.users[strings.ToLower(m.Author)], CreationDateTime: dateTime(m.Created),
			Description: strings.TrimSpace(m.Body), NoteRefs: []XRef{{b.noteGUID(m.ID)}}}})
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
	return ts
}

// addRelations: the codebook's relations as links.
func (b *projectBuilder) addRelations() {
	cb := b.cb
	endGUID := func(name string) string {
		if cb.Core != nil && key(cb.Core.Name) == key(name) {
			return CoreGUID(cb.Core.Name)
		}
		if cb.Category(name) != nil {
			return b.g.of(kindCategory, key(name))
		}
		if cb.Code(name) != nil {
			return b.codeGUID(name)
		}
		return ""
	}
	cited := 0
	for _, r := range cb.Relations {
		from, to := endGUID(r.From), endGUID(r.To)
		if from == "" || to == "" {
			b.ex.Warnings = append(b.ex.Warnings, fmt.Sprintf("relation %s -> %s names no category or code and was left out", r.From, r.To))
			continue
		}
		k := key(r.From) + "\x00" + key(r.To) + "\x00" + strings.ToLower(r.As)
		l := XLink{GUID: b.g.of(kindLink, k), Name: r.As, Direction: "OneWay", OriginGUID: from, TargetGUID: to}
		if strings.TrimSpace(r.Note) != "" {
			nid := b.g.hashGUID(idRelNote, k)
			l.NoteRefs = []XRef{{nid}}
			b.ex.Texts["sources/"+nid+".txt"] = []byte(r.Note)
			b.linkNotes = append(b.linkNotes, XTextSource{GUID: nid, Name: r.From + " " + r.As + " " + r.To, PlainTextPath: "internal://" + nid + ".txt"})
		}
		b.xlinks = append(b.xlinks, l)
		cited += len(r.Evidence)
	}
	if cited > 0 {
		// REFI-QDA links have no place for the passages that ground them;
		// say so rather than drop them unnoticed (the project keeps them).
		b.ex.Warnings = append(b.ex.Warnings, fmt.Sprintf("%d citation(s) of evidence on relations are not in the file: REFI-QDA links cannot hold them (the project keeps them; the audit trail lists them)", cited))
	}
}

// addNotes: the memos, then the notes on relations. Each memo is a note
// whose text is a file (QualCoder reads notes only from files, as
// journals); the project's memos are also the project's description.
func (b *projectBuilder) addNotes() {
	var projectDesc []string
	for _, m := range b.d.Memos {
		nid := b.noteGUID(m.ID)
		if b.unlinked[m.ID] && m.Target.Kind != coding.TargetProject && m.Target.Kind != "" {
			b.idMap = append(b.idMap, nid+"\ttarget\t"+m.Target.Kind+":"+m.Target.Name)
		}
		if m.Target.Kind == coding.TargetProject || m.Target.Kind == "" {
			projectDesc = append(projectDesc, strings.TrimSpace(m.Body))
		}
		name := m.Title()
		if name == "" {
			name = m.ID
		}
		b.ex.Texts["sources/"+nid+".txt"] = []byte(m.Body)
		b.xnotes = append(b.xnotes, XTextSource{GUID: nid, Name: name, PlainTextPath: "internal://" + nid + ".txt", CreatingUser: b.users[strings.ToLower(m.Author)],
			CreationDateTime: dateTime(m.Created)})
	}
	b.x.Description = strings.Join(projectDesc, "\n\n")
	b.ex.Memos = len(b.d.Memos)
	b.xnotes = append(b.xnotes, b.linkNotes...)
	slices.Sort(b.projectNotes)
	for _, id := range slices.Compact(b.projectNotes) {
		b.x.NoteRefs = append(b.x.NoteRefs, XRef{id})
	}
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
