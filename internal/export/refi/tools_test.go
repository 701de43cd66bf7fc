package refi

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/grounded-qda/grounded/internal/project"
)

// Fixtures in the layouts other tools write, built here so that each
// selection's positions are computed from its text by the tool's own way
// of counting, independently of the importer. Every quote must equal the
// text at its positions and every loss must be reported with a count.

// counting is how a tool counts a position in a source file's text.
type counting func(text string) int

var (
	// MAXQDA, QualCoder, qc: code points.
	cpCount counting = func(s string) int { return len([]rune(s)) }
	// ATLAS.ti: code points, a CRLF one.
	atlasCount counting = func(s string) int { return len([]rune(strings.ReplaceAll(s, "\r\n", "\n"))) }
)

// sel is a selection of the fixture: the words selected (the nth
// occurrence), and what it carries.
type fsel struct {
	from, to string // the selection starts at from and ends after to
	nth      int
	code     string // the code's guid suffix, or "" for an annotation
	desc     string
}

// selXML renders the selections of text, counted with count, and returns
// the texts they cover.
func selXML(t *testing.T, text string, count counting, sels []fsel, named bool, guidBase int) (string, []string) {
	t.Helper()
	var b strings.Builder
	var want []string
	for i, s := range sels {
		at := -1
		for range max(1, s.nth) {
			at = strings.Index(text[at+1:], s.from) + at + 1
		}
		end := strings.Index(text[at:], s.to)
		if at < 0 || end < 0 {
			t.Fatalf("fixture: %q…%q not in the text", s.from, s.to)
		}
		end += at + len(s.to)
		covered := text[at:end]
		name := ""
		if named {
			name = covered
		}
		fmt.Fprintf(&b, `<PlainTextSelection guid="5e1e0000-0000-4000-8000-%012d" name="%s" startPosition="%d" endPosition="%d" creatingUser="6a1b2c3d-0000-4000-8000-00000000aa01">`,
			guidBase+i, xmlEsc(name), count(text[:at]), count(text[:end]))
		if s.desc != "" {
			fmt.Fprintf(&b, "<Description>%s</Description>", xmlEsc(s.desc))
		}
		if s.code != "" {
			fmt.Fprintf(&b, `<Coding guid="c0d10000-0000-4000-8000-%012d" creatingUser="6a1b2c3d-0000-4000-8000-00000000aa01"><CodeRef targetGUID="c0de0000-0000-4000-8000-0000000000%s"/></Coding>`, guidBase+i, s.code)
			want = append(want, words(covered))
		}
		b.WriteString("</PlainTextSelection>\n")
	}
	return b.String(), want
}

func xmlEsc(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "\r", "&#13;", "\n", "&#10;").Replace(s)
}

// importFixture imports files and checks every quote against want.
func importFixture(t *testing.T, want []string, files ...string) string {
	notes, _ := importFixtureProject(t, want, files...)
	return notes
}

func importFixtureProject(t *testing.T, want []string, files ...string) (string, *project.Project) {
	t.Helper()
	p, res, err := importArchive(t, zipFiles(t, files...), ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cs, err := p.ReadCodings("")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range cs {
		got = append(got, words(c.Quote))
	}
	sort.Strings(got)
	sort.Strings(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("quotes:\n%s\nwant the text at the tool's positions:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if probs := checkProject(t, p); len(probs) > 0 {
		t.Errorf("check: %q", probs)
	}
	return strings.Join(res.Notes, "\n"), p
}

func wantNotes(t *testing.T, notes string, ws ...string) {
	t.Helper()
	for _, w := range ws {
		if !strings.Contains(notes, w) {
			t.Errorf("no note says %q in:\n%s", w, notes)
		}
	}
}

const toolCodebook = `<CodeBook><Codes>
  <Code guid="c0de0000-0000-4000-8000-000000000001" name="Kezdetek" isCodable="false" color="#36C">
    <Description>Hogyan kezdték.</Description>
    <Code guid="c0de0000-0000-4000-8000-000000000002" name="Önkéntesség" isCodable="true" color="#9C0"/>
  </Code>
  <Code guid="c0de0000-0000-4000-8000-000000000003" name="Bizalom" isCodable="false" color="#FF9900">
    <Code guid="c0de0000-0000-4000-8000-000000000004" name="Jelenlét" isCodable="true" color="#E15759"/>
  </Code>
</Codes></CodeBook>`

const toolUsers = `<Users>
  <User guid="6a1b2c3d-0000-4000-8000-00000000aa01" name="Kiss Anna"/>
  <User guid="6a1b2c3d-0000-4000-8000-00000000aa02" name="Nagy Béla"/>
</Users>`

// TestImportMAXQDAStyle: MAXQDA 24 layout: code points, named selections,
// categories with colours, a case without a name giving a source its
// variables, an audio source with a transcript and sync points, a PDF with
// a text representation, an annotation (a selection with a description
// and no coding), project and source descriptions, a user who never
// coded.
func TestImportMAXQDAStyle(t *testing.T) {
	text := "Interviewer: Hogyan kezdte?\r\n\r\nKovács Éva: Önkéntesként kezdtem a központban.\r\nMinden kedden ott voltam.\r\n"
	transcript := "Interviewer: Mi segített?\n\nSzűcs Ödön: A jelenlét. Ott voltam minden héten.\n"
	pdf := "Jegyzőkönyv\n\nInterviewer: Mit tanult?\n\nTóth Ida: Hogy a türelem számít.\n"
	s1, want1 := selXML(t, text, cpCount, []fsel{
		{from: "Önkéntesként", to: "kezdtem", code: "02"},
		{from: "Minden", to: "voltam.", code: "04"},
		{from: "a központban", to: "központban.", desc: "Helyszín!"},
	}, true, 1)
	s3, want3 := selXML(t, pdf, cpCount, []fsel{{from: "a türelem", to: "számít.", code: "04"}}, true, 20)
	// The transcript's selection runs between two sync points.
	a := strings.Index(transcript, "Ott voltam")
	b := a + len("Ott voltam minden héten.")
	want := append(append(want1, words(transcript[a:b])), want3...)
	qde := `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Kortárs" origin="MAXQDA 24 (Release 24.1.0)" creationDateTime="2025-01-01T10:00:00Z">` + toolUsers + toolCodebook + `
<Variables><Variable guid="7a7a0000-0000-4000-8000-000000000001" name="Szerep" typeOfVariable="Text"/></Variables>
<Cases><Case guid="ca5e0000-0000-4000-8000-000000000001">
  <VariableValue><VariableRef targetGUID="7a7a0000-0000-4000-8000-000000000001"/><TextValue>kortárs segítő</TextValue></VariableValue>
  <SourceRef targetGUID="50c00000-0000-4000-8000-000000000001"/>
</Case></Cases>
<Sources>
<TextSource guid="50c00000-0000-4000-8000-000000000001" name="Interjú Éva" plainTextPath="internal://50c00000-0000-4000-8000-000000000001.txt">
<Description>Első interjú, otthon.</Description>
` + s1 + `</TextSource>
<PDFSource guid="50c00000-0000-4000-8000-000000000003" name="Jegyzőkönyv.pdf" path="internal://50c00000-0000-4000-8000-000000000003.pdf">
<PDFSelection guid="5e1e0000-0000-4000-8000-000000000099" firstPage="1" firstX="1" firstY="1" secondPage="1" secondX="2" secondY="2"/>
<Representation guid="50c00000-0000-4000-8000-000000000013" plainTextPath="internal://50c00000-0000-4000-8000-000000000013.txt">
` + s3 + `</Representation>
</PDFSource>
<AudioSource guid="50c00000-0000-4000-8000-000000000002" name="Interjú Ödön.mp3" path="internal://50c00000-0000-4000-8000-000000000002.mp3">
<Transcript guid="50c00000-0000-4000-8000-000000000012" name="Interjú Ödön" plainTextPath="internal://50c00000-0000-4000-8000-000000000012.txt">
  <SyncPoint guid="59000000-0000-4000-8000-000000000003" timeStamp="5250" position="` + fmt.Sprint(cpCount(transcript[:strings.Index(transcript, "Szűcs")])) + `"/>
  <SyncPoint guid="59000000-0000-4000-8000-000000000001" timeStamp="12000" position="` + fmt.Sprint(cpCount(transcript[:a])) + `"/>
  <SyncPoint guid="59000000-0000-4000-8000-000000000002" timeStamp="15500" position="` + fmt.Sprint(cpCount(transcript[:b])) + `"/>
  <TranscriptSelection guid="5e1e0000-0000-4000-8000-000000000030" name="Ott voltam minden héten." fromSyncPoint="59000000-0000-4000-8000-000000000001" toSyncPoint="59000000-0000-4000-8000-000000000002" creatingUser="6a1b2c3d-0000-4000-8000-00000000aa01">
    <Coding guid="c0d10000-0000-4000-8000-000000000030" creatingUser="6a1b2c3d-0000-4000-8000-00000000aa01"><CodeRef targetGUID="c0de0000-0000-4000-8000-000000000004"/></Coding>
  </TranscriptSelection>
</Transcript>
<AudioSelection guid="5e1e0000-0000-4000-8000-000000000031" begin="0" end="1000"><Coding guid="c0d10000-0000-4000-8000-000000000031"><CodeRef targetGUID="c0de0000-0000-4000-8000-000000000002"/></Coding></AudioSelection>
</AudioSource>
</Sources>
<Description>Kísérleti projekt.</Description>
</Project>`
	notes, p := importFixtureProject(t, want,
		"project.qde", qde,
		"sources/50c00000-0000-4000-8000-000000000001.txt", text,
		"sources/50c00000-0000-4000-8000-000000000012.txt", transcript,
		"sources/50c00000-0000-4000-8000-000000000013.txt", pdf)
	wantNotes(t, notes,
		"2 transcript(s) of audio, video or PDF sources are imported as text sources, with 2 coding(s)",
		"not kept: 1 selections of audio time spans (with their codings)",
		"not kept: 1 regions of PDF pages",
		"not kept: 2 sync-point times that mark no turn's start",
		"not kept: 2 colour(s) of codes that became categories",
		"not kept: 1 user(s) who made no coding or note",
		"1 annotation(s) (selections with a description and no codings) are imported as memos on their passages",
		"the project's description is imported as a project memo",
		"1 source description(s) are imported as memos on their sources",
		"a case without a name (guid ca5e0000-0000-4000-8000-000000000001) is participant Interju-Eva, named after its source",
	)
	// The sync point at the second speaker's label is that turn's time.
	srcs, _ := p.ListSources()
	for _, s := range srcs {
		if s.ID != "Interju-Odon" {
			continue
		}
		turns, err := p.ReadTurns(s)
		if err != nil || len(turns) != 2 || turns[1].Start != "00:00:05.250" || turns[0].Start != "" {
			t.Errorf("turns of the transcript %+v %v", turns, err)
		}
	}
	if strings.Contains(notes, "not imported (grounded reads text transcripts)") {
		t.Errorf("the old self-contradicting message:\n%s", notes)
	}
}

// TestImportATLASStyle: ATLAS.ti 23 layout: CRLF line ends counted as one
// character, empty selection names.
func TestImportATLASStyle(t *testing.T) {
	text := "Interviewer: Hogyan kezdte?\r\n\r\nKovács Éva: Önkéntesként kezdtem 🙂 a központban.\r\nMinden kedden ott voltam.\r\n\r\nInterviewer: És aztán?\r\n\r\nKovács Éva: Aztán maradtam.\r\n"
	s1, want := selXML(t, text, atlasCount, []fsel{
		{from: "Önkéntesként", to: "kezdtem", code: "02"},
		{from: "Minden", to: "voltam.", code: "04"},
		{from: "Aztán", to: "maradtam.", code: "04"},
	}, false, 1)
	qde := `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Kortárs" origin="ATLAS.ti 23.2.1">` + toolUsers + toolCodebook + `
<Sources><TextSource guid="50c00000-0000-4000-8000-000000000001" name="Interjú Éva.txt" plainTextPath="internal://50c00000-0000-4000-8000-000000000001.txt">
` + s1 + `</TextSource></Sources></Project>`
	notes := importFixture(t, want, "project.qde", qde, "sources/50c00000-0000-4000-8000-000000000001.txt", text)
	wantNotes(t, notes, "positions read as a CRLF line end counted as one character")
}

// TestImportQualCoderStyle: QualCoder 3 layout: code points, LF, selection
// names, a coding memo in the selection's description, an annotation,
// journals as note files.
func TestImportQualCoderStyle(t *testing.T) {
	text := "Interviewer: Hogyan kezdte?\n\nKovács Éva: Önkéntesként kezdtem a központban.\nMinden kedden ott voltam.\n"
	s1, want := selXML(t, text, cpCount, []fsel{
		{from: "Önkéntesként", to: "kezdtem", code: "02", desc: "Fontos kezdet."},
		{from: "Minden", to: "voltam.", code: "04"},
		{from: "a központban", to: "központban.", desc: "Helyszín!"},
	}, true, 1)
	qde := `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Kortárs" origin="QualCoder 3.5">` + toolUsers + toolCodebook + `
<Sources><TextSource guid="50c00000-0000-4000-8000-000000000001" name="Interjú Éva" plainTextPath="internal://50c00000-0000-4000-8000-000000000001.txt">
` + s1 + `</TextSource></Sources>
<Notes><Note guid="0a0e0000-0000-4000-8000-000000000001" name="Napló" plainTextPath="internal://0a0e0000-0000-4000-8000-000000000001.txt" creatingUser="6a1b2c3d-0000-4000-8000-00000000aa02"/></Notes>
</Project>`
	p, res, err := importArchive(t, zipFiles(t, "project.qde", qde, "sources/50c00000-0000-4000-8000-000000000001.txt", text,
		"sources/0a0e0000-0000-4000-8000-000000000001.txt", "Az első hét tanulságai."), ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cs, _ := p.ReadCodings("")
	var got []string
	for _, c := range cs {
		got = append(got, words(c.Quote)+"|"+c.Memo)
	}
	sort.Strings(got)
	sort.Strings(want)
	if want := []string{"Minden kedden ott voltam.|", "Önkéntesként kezdtem|Fontos kezdet."}; strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("codings %q", got)
	}
	ms, _ := p.ListMemos()
	var memos []string
	for _, m := range ms {
		memos = append(memos, m.Target.Kind+":"+m.Target.Name+"|"+m.Body)
	}
	sort.Strings(memos)
	if want := "project:|# Napló\n\nAz első hét tanulságai.;ref:Interju-Eva#2:21-34|Helyszín!"; strings.Join(memos, ";") != want {
		t.Errorf("memos %q\nwant %q", strings.Join(memos, ";"), want)
	}
	_ = res
}

// TestImportQCStyle: a minimal archive in the standard's own layout (code
// points from 0, LF, selection names), as the issue reports qc 1.3 writes.
// No real qc file was available to copy the layout from.
func TestImportQCStyle(t *testing.T) {
	text := "Interviewer: Hogyan kezdte?\n\nKovács Éva: Önkéntesként 🙂 kezdtem a központban.\nMinden kedden ott voltam.\n"
	s1, want := selXML(t, text, cpCount, []fsel{
		{from: "Önkéntesként", to: "kezdtem", code: "02"},
		{from: "kezdtem", to: "voltam.", code: "04"}, // crosses a line
	}, true, 1)
	qde := `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Kortárs" origin="qc 1.3">` + toolUsers + toolCodebook + `
<Sources><TextSource guid="50c00000-0000-4000-8000-000000000001" name="interju-eva" plainTextPath="internal://interju-eva.txt">
` + s1 + `</TextSource></Sources></Project>`
	notes := importFixture(t, want, "project.qde", qde, "sources/interju-eva.txt", text)
	if strings.Contains(notes, "positions read as") {
		t.Errorf("the standard's positions were read otherwise:\n%s", notes)
	}
	wantNotes(t, notes, "not kept: 1 user(s) who made no coding or note", "not kept: 2 colour(s) of codes that became categories")
}

// A note holding a selection of the source that links to it (how the issue
// reports QualCoder 4 writes an annotation) is a memo on that passage, not
// on the whole source.
func TestImportNoteHoldingSelection(t *testing.T) {
	text := "Interviewer: Hogyan kezdte?\n\nKovács Éva: Önkéntesként kezdtem a központban.\n"
	at := strings.Index(text, "a központban")
	qde := `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Kortárs" origin="QualCoder 4.0">` + toolUsers + toolCodebook + `
<Sources><TextSource guid="50c00000-0000-4000-8000-000000000001" name="Interjú Éva" plainTextPath="internal://s1.txt">
<NoteRef targetGUID="0a0e0000-0000-4000-8000-000000000002"/>
</TextSource></Sources>
<Notes><Note guid="0a0e0000-0000-4000-8000-000000000002" name="Helyszín" creatingUser="6a1b2c3d-0000-4000-8000-00000000aa01">
<PlainTextContent>Helyszín!</PlainTextContent>
<PlainTextSelection guid="5e1e0000-0000-4000-8000-000000000077" startPosition="` + fmt.Sprint(cpCount(text[:at])) + `" endPosition="` + fmt.Sprint(cpCount(text[:at+len("a központban.")])) + `"/>
</Note></Notes>
</Project>`
	p, res, err := importArchive(t, zipFiles(t, "project.qde", qde, "sources/s1.txt", text), ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ms, _ := p.ListMemos()
	if len(ms) != 1 || ms[0].Target.Kind != "ref" || ms[0].Target.Name != "Interju-Eva#2:21-34" {
		t.Errorf("memos %+v", ms)
	}
	wantNotes(t, strings.Join(res.Notes, "\n"), "1 note(s) hold a selection of the source that links to them")
}
