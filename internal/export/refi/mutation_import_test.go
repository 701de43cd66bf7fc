package refi

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// TestImportMediaCasesAndVariables: a layout with a video holding two
// transcripts, an audio file holding one, variables given on a source and
// on a media file, unnamed and non-Latin cases, a code referred to by a
// GUID in braces and upper case, a coding by a user the document does not
// list, and a note with a description. Every figure is counted by hand
// from the fixture.
func TestImportMediaCasesAndVariables(t *testing.T) {
	text := "Interviewer: Hogyan kezdte?\n\nKovács Éva: Önkéntesként kezdtem a központban.\n"
	tr1 := "Interviewer: Mi segített?\n\nSzűcs Ödön: A jelenlét.\n"
	tr2 := "Interviewer: És később?\n\nNagy Béla: Maradtam.\n"
	tr3 := "Interviewer: Egy kérdés.\n\nTóth Ida: Egy válasz.\n"
	at := strings.Index(text, "Önkéntesként")
	end := at + len("Önkéntesként kezdtem")
	turn2 := cpCount(tr1[:strings.Index(tr1, "Szűcs")])
	const (
		vRole, vAge = "7a7a0000-0000-4000-8000-000000000001", "7a7a0000-0000-4000-8000-000000000002"
		srcT, video = "50c00000-0000-4000-8000-000000000001", "50c00000-0000-4000-8000-000000000002"
		audio       = "50c00000-0000-4000-8000-000000000003"
		t1, t2, t3  = "50c00000-0000-4000-8000-000000000011", "50c00000-0000-4000-8000-000000000012", "50c00000-0000-4000-8000-000000000013"
	)
	// A tool that renews coding GUIDs but keeps grounded's selection GUIDs.
	var g guids
	selGUID, _ := g.idGUID(idCodingSel, "c0000000abcd")
	sel2GUID, _ := g.idGUID(idCodingSel, "c0000000bcde")
	coding2GUID, _ := g.idGUID(idCoding, "c00000000a01")
	at2 := strings.Index(text, "a központban")
	end2 := at2 + len("a központban")
	qde := `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Kortárs" origin="MAXQDA 24">` + toolUsers + toolCodebook + `
<Variables><Variable guid="` + vRole + `" name="Szerep" typeOfVariable="Text"/><Variable guid="` + vAge + `" name="Kor" typeOfVariable="Text"/></Variables>
<Cases>
<Case guid="ca5e0000-0000-4000-8000-000000000001" name="日本"><CodeRef targetGUID="c0de0000-0000-4000-8000-000000000002"/><SourceRef targetGUID="` + video + `"/><SelectionRef targetGUID="5e1e0000-0000-4000-8000-000000000001"/></Case>
<Case guid="ca5e0000-0000-4000-8000-000000000002" name="Béla"><SourceRef targetGUID="` + t2 + `"/></Case>
</Cases>
<Sources>
<TextSource guid="` + srcT + `" name="Interjú Éva" plainTextPath="internal://t.txt">
<PlainTextSelection guid="` + selGUID + `" name="Önkéntesként kezdtem" startPosition="` + fmt.Sprint(cpCount(text[:at])) + `" endPosition="` + fmt.Sprint(cpCount(text[:end])) + `" creatingUser="6a1b2c3d-0000-4000-8000-00000000aa01" creationDateTime="2025-02-03T04:05:06Z">
<Coding guid="c0d10000-0000-4000-8000-000000000001"><CodeRef targetGUID="{C0DE0000-0000-4000-8000-000000000002}"/></Coding>
</PlainTextSelection>
<PlainTextSelection guid="` + sel2GUID + `" name="a központban" startPosition="` + fmt.Sprint(cpCount(text[:at2])) + `" endPosition="` + fmt.Sprint(cpCount(text[:end2])) + `" creatingUser="6a1b2c3d-0000-4000-8000-00000000aa01">
<Coding guid="` + coding2GUID + `"><CodeRef targetGUID="c0de0000-0000-4000-8000-000000000002"/></Coding>
<Coding guid="c0d10000-0000-4000-8000-000000000003"><CodeRef targetGUID="c0de0000-0000-4000-8000-000000000004"/></Coding>
</PlainTextSelection>
<Coding guid="c0d10000-0000-4000-8000-000000000002" creatingUser="6a1b2c3d-0000-4000-8000-0000000000ff"><CodeRef targetGUID="c0de0000-0000-4000-8000-000000000004"/><NoteRef targetGUID="0a0e0000-0000-4000-8000-000000000002"/></Coding>
<VariableValue><VariableRef targetGUID="` + vRole + `"/><TextValue>kortárs</TextValue></VariableValue>
</TextSource>
<AudioSource guid="` + audio + `" name="Hang.mp3" path="internal://h.mp3">
<Transcript guid="` + t3 + `" name="x" plainTextPath="internal://t3.txt"/>
</AudioSource>
<VideoSource guid="` + video + `" name="Csoport.mp4" path="internal://v.mp4">
<Transcript guid="` + t1 + `" name="első" plainTextPath="internal://t1.txt">
  <SyncPoint guid="59000000-0000-4000-8000-000000000001" timeStamp="0" position="0"/>
  <SyncPoint guid="59000000-0000-4000-8000-000000000002" timeStamp="3723004" position="` + fmt.Sprint(turn2) + `"/>
  <SyncPoint guid="59000000-0000-4000-8000-000000000003" timeStamp="3800000" position="` + fmt.Sprint(cpCount(tr1)) + `"/>
</Transcript>
<Transcript guid="` + t2 + `" name="második" plainTextPath="internal://t2.txt"/>
<VideoSelection guid="5e1e0000-0000-4000-8000-000000000091" begin="0" end="10"/>
<VideoSelection guid="5e1e0000-0000-4000-8000-000000000092" begin="20" end="30"/>
<VariableValue><VariableRef targetGUID="` + vAge + `"/><TextValue>40</TextValue></VariableValue>
</VideoSource>
</Sources>
<Links><Link guid="11110000-0000-4000-8000-000000000001" name="condition" direction="OneWay" originGUID="{C0DE0000-0000-4000-8000-000000000001}" targetGUID=" {C0DE0000-0000-4000-8000-000000000003} "/></Links>
<Notes><Note guid="0a0e0000-0000-4000-8000-000000000001" name="Napló" creatingUser="6a1b2c3d-0000-4000-8000-00000000aa01"><Description>Összefoglaló.</Description><PlainTextContent>Az első hét.</PlainTextContent></Note><Note guid="0a0e0000-0000-4000-8000-000000000002" name="M"><PlainTextContent>Megjegyzés.</PlainTextContent></Note></Notes>
</Project>`
	p, res, err := importArchive(t, zipFiles(t, "project.qde", qde, "sources/t.txt", text, "sources/t1.txt", tr1, "sources/t2.txt", tr2, "sources/t3.txt", tr3), ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	notes := strings.Join(res.Notes, "\n")
	wantNotes(t, notes,
		"not kept: 2 selections of video time spans (with their codings)",
		"not kept: 1 sync-point times that mark no turn's start",
		`case "日本" is participant case-1`,
		"case case-1: codes and selections linked to the case are not imported",
		"1 coding(s) and note(s) name no known user; they are attributed to importer",
		"3 transcript(s) of audio, video or PDF sources are imported as text sources, with 0 coding(s)",
	)
	// Sources: the video's transcripts are numbered, the audio's one is not.
	srcs, err := p.ListSources()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, s := range srcs {
		got[s.ID] = s.Participant
		if s.ID == "Interju-Eva" && (s.OriginalName != "Interjú Éva.txt" || strings.Join(s.Speakers, "|") != "Interviewer|Kovács Éva") {
			t.Errorf("Interju-Eva: original %q, speakers %q", s.OriginalName, s.Speakers)
		}
	}
	if want := map[string]string{"Interju-Eva": "Interju-Eva", "Hang": "Hang", "Csoport-1": "case-1", "Csoport-2": "Bela"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("sources and participants %v, want %v", got, want)
	}
	// Turn times: 0 ms is a time; the sync point after the last word marks
	// no turn.
	for _, s := range srcs {
		if s.ID != "Csoport-1" {
			continue
		}
		turns, err := p.ReadTurns(s)
		if err != nil || len(turns) != 2 || turns[0].Start != "00:00:00.000" || turns[1].Start != "01:02:03.004" {
			t.Errorf("turn times %+v %v", turns, err)
		}
	}
	// Variables of a text source go to its participant, those of a media
	// file to its first transcript's; a case with sources and no values
	// adds no entry.
	ps, err := p.ReadParticipants()
	if err != nil {
		t.Fatal(err)
	}
	var list []string
	for _, pt := range ps.List {
		list = append(list, fmt.Sprintf("%s %v", pt.ID, pt.Attributes))
	}
	if want := "Interju-Eva map[Szerep:kortárs]; case-1 map[Kor:40]"; strings.Join(list, "; ") != want {
		t.Errorf("participants %q, want %q", strings.Join(list, "; "), want)
	}
	// The coding whose code is named in braces and upper case takes its
	// id from the selection's GUID, and its coder and time from the
	// selection; the coding of the whole source carries its note.
	cs, _ := p.ReadCodings("")
	var cds []string
	for _, c := range cs {
		id := c.ID
		if !strings.HasPrefix(id, "c0000000") {
			id = "(new)" // a random id
		}
		cds = append(cds, fmt.Sprintf("%s %s %d:%d-%d %q by %s at %s memo %q", id, c.Code, c.Turn, c.Start, c.End, c.Quote, c.Coder, c.Created.Format(time.RFC3339), c.Memo))
	}
	plain := "Interviewer: Hogyan kezdte?\n\nKovács Éva: Önkéntesként kezdtem a központban."
	want := []string{
		fmt.Sprintf("(new) Jelenlét 0:0-%d %q by importer at %s memo \"Megjegyzés.\"", utf8.RuneCountInString(plain), plain, t0.Add(24*time.Hour).Format(time.RFC3339)),
		"(new) Jelenlét 2:21-33 \"a központban\" by Kiss Anna at 2026-03-03T09:00:00Z memo \"\"", // the selection's id cannot go to two codings
		"c00000000a01 Önkéntesség 2:21-33 \"a központban\" by Kiss Anna at 2026-03-03T09:00:00Z memo \"\"",
		fmt.Sprintf("c0000000abcd Önkéntesség 2:0-20 %q by Kiss Anna at 2025-02-03T04:05:06Z memo \"\"", "Önkéntesként kezdtem"),
	}
	sort.Strings(cds)
	if strings.Join(cds, "\n") != strings.Join(want, "\n") {
		t.Errorf("codings\n%s\nwant\n%s", strings.Join(cds, "\n"), strings.Join(want, "\n"))
	}
	// The link named in braces and upper case.
	cb, _ := p.ReadCodebook()
	if len(cb.Relations) != 1 || cb.Relations[0].From != "Kezdetek" || cb.Relations[0].To != "Bizalom" || cb.Relations[0].As != "condition" {
		t.Errorf("relations %+v", cb.Relations)
	}
	// The note's description leads its memo.
	ms, _ := p.ListMemos()
	if len(ms) != 1 || ms[0].Body != "Összefoglaló.\n\n# Napló\n\nAz első hét." {
		t.Errorf("memos %+v", ms)
	}
}

func TestClockAndFirstNonEmpty(t *testing.T) {
	for ms, want := range map[int]string{0: "00:00:00.000", 3723004: "01:02:03.004", 86399999: "23:59:59.999", 90061001: "25:01:01.001"} {
		if got := clock(ms); got != want {
			t.Errorf("clock(%d) = %s, want %s", ms, got, want)
		}
	}
	if got := firstNonEmpty("", "  ", " a ", "b"); got != "a" {
		t.Errorf("firstNonEmpty = %q", got)
	}
	if got := firstNonEmpty("x", ""); got != "x" {
		t.Errorf("firstNonEmpty = %q", got)
	}
}

func TestCheckSelectionsAndRepeats(t *testing.T) {
	doc := `<?xml version="1.0"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="x">
  <Sources>
    <TextSource guid="00000000-0000-4000-8000-000000000001" name="empty">
      <Description>one</Description>
      <Description>two</Description>
      <PlainTextContent></PlainTextContent>
      <PlainTextSelection guid="00000000-0000-4000-8000-000000000002" startPosition="0" endPosition="1"/>
    </TextSource>
    <TextSource guid="00000000-0000-4000-8000-000000000003" name="abc">
      <PlainTextContent>abc</PlainTextContent>
      <PlainTextSelection guid="00000000-0000-4000-8000-000000000004" startPosition="1" endPosition="1"/>
      <PlainTextSelection guid="00000000-0000-4000-8000-000000000005" startPosition="0" endPosition="3"/>
    </TextSource>
  </Sources>
</Project>`
	var all []string
	for _, e := range CheckProjectXML([]byte(doc), nil) {
		all = append(all, e.Error())
	}
	want := []string{
		"line 6: <Description> occurs more than once in <TextSource>",
		"source empty: selection 00000000-0000-4000-8000-000000000002 spans 0-1, outside the text of 0 code points",
	}
	if strings.Join(all, "\n") != strings.Join(want, "\n") {
		t.Errorf("the check said:\n%s\nwant:\n%s", strings.Join(all, "\n"), strings.Join(want, "\n"))
	}
}

func TestConvertCodebookNotes(t *testing.T) {
	const codes = `<Codes><Code guid="c0de0000-0000-4000-8000-000000000001" name="Kezdetek" isCodable="false"><Description>Hogyan.

When not to use: Ha nem az.</Description>
<Code guid="c0de0000-0000-4000-8000-000000000002" name="Önkéntesség" isCodable="true"/></Code>
<Code guid="c0de0000-0000-4000-8000-000000000003" name="Bizalom" isCodable="false"><Description>Example: Ott voltam.</Description>
<Code guid="c0de0000-0000-4000-8000-000000000004" name="Jelenlét" isCodable="true"/></Code>
<Code guid="c0de0000-0000-4000-8000-000000000005" name="Egyéb" isCodable="false"><Description>Más.</Description>
<Code guid="c0de0000-0000-4000-8000-000000000006" name="Maradék" isCodable="true"/></Code></Codes>`
	for _, tc := range []struct {
		head  string
		sets  string
		notes []string
	}{
		{`<CodeBook>`, ``, nil},
		{`<CodeBook xmlns="urn:QDA-XML:codebook:1.0">`, ``, nil},
		{`<CodeBook xmlns="urn:other">`, ``, []string{`the codebook's namespace is "urn:other", not "urn:QDA-XML:codebook:1.0"; read it anyway`}},
		{`<CodeBook>`, `<Sets><Set guid="5e70000-0000-4000-8000-000000000001" name="S"/></Sets>`, []string{"sets of codes are not imported"}},
	} {
		x, err := DecodeCodebook("c.qdc", []byte(tc.head+codes+tc.sets+`</CodeBook>`))
		if err != nil {
			t.Fatal(err)
		}
		imp, err := ConvertCodebook(x, ImportOptions{Coder: "x"})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(imp.Notes, "\n") != strings.Join(tc.notes, "\n") {
			t.Errorf("%s…%s: notes %q, want %q", tc.head, tc.sets, imp.Notes, tc.notes)
		}
		// Guidance a category has no field for stays in its description.
		cb := imp.Codebook
		if got := cb.Category("Kezdetek").Description; got != "Hogyan.\n\nWhen not to use: Ha nem az." {
			t.Errorf("Kezdetek: %q", got)
		}
		if got := cb.Category("Bizalom").Description; got != "Example: Ott voltam." {
			t.Errorf("Bizalom: %q", got)
		}
		if got := cb.Category("Egyéb").Description; got != "Más." {
			t.Errorf("Egyéb: %q", got)
		}
	}
	// --core naming the first top-level code.
	x, _ := DecodeCodebook("c.qdc", []byte(`<CodeBook>`+codes+`</CodeBook>`))
	imp, err := ConvertCodebook(x, ImportOptions{Coder: "x", Core: "kezdetek"})
	if err != nil || imp.Codebook.Core == nil || imp.Codebook.Core.Name != "Kezdetek" {
		t.Errorf("core as the first code: %v", err)
	}
}

func TestSourceFileNames(t *testing.T) {
	data := zipFiles(t, "project.qde", "<Project/>", "sources/t.txt", "x", "internal:", "y")
	a, err := OpenArchive("x.qdpx", bytes.NewReader(data), int64(len(data)), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]string{
		"t.txt": "sources/t.txt", "internal://t.txt": "sources/t.txt", "RELATIVE://t.txt": "sources/t.txt",
		`file:///C:\data\t.txt`: "sources/t.txt", "internal://": "", "x": "",
	} {
		got, ok := sourceFile(a, p)
		if got != want || ok != (want != "") {
			t.Errorf("sourceFile(%q) = %q, %v; want %q", p, got, ok, want)
		}
	}
}

// TestImportOddSource: a source whose name leaves no id is numbered from
// 1; a Windows-1252 text is said to be one; a selection that carries a
// whole-turn reference GUID but crosses turns from the first character
// is still read.
func TestImportOddSource(t *testing.T) {
	text := "Ann: caf\xe9 one two\n\nBob: three four\n"
	var g guids
	refGUID, _ := g.idGUID(idRefTurn, "2026-01-01-a")
	from, to := strings.Index(text, "caf"), strings.Index(text, "three")+len("three")
	qde := `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="x" origin="x">
<Sources><TextSource guid="50c00000-0000-4000-8000-000000000001" name="日本" plainTextPath="internal://w.txt">
<PlainTextSelection guid="` + refGUID + `" startPosition="` + fmt.Sprint(from) + `" endPosition="` + fmt.Sprint(to) + `"/>
</TextSource></Sources></Project>`
	p, res, err := importArchive(t, zipFiles(t, "project.qde", qde, "sources/w.txt", text), ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	notes := strings.Join(res.Notes, "\n")
	wantNotes(t, notes, `source "日本" is imported as source-1`, "source-1: the text is windows-1252; normalised")
	// grounded's own selection across turns covers the same text in the
	// plain text (labels included): nothing to say about it.
	if strings.Contains(notes, "crosses turns") {
		t.Errorf("notes:\n%s", notes)
	}
	if srcs, _ := p.ListSources(); len(srcs) != 1 || srcs[0].ID != "source-1" || srcs[0].OriginalName != "日本.txt" {
		t.Errorf("sources %+v", srcs)
	}
}

func TestShorten(t *testing.T) {
	a50 := strings.Repeat("a", 50)
	for in, want := range map[string]string{
		a50: a50, a50 + "b": strings.Repeat("a", 49) + "…", " x \n y ": "x y",
	} {
		if got := shorten(in); got != want {
			t.Errorf("shorten(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestImportMediaAliasBraces: a case that names an audio file gives its
// participant to the file's transcript, whatever the form of the
// transcript's GUID (braces and upper case are allowed by the schema).
func TestImportMediaAliasBraces(t *testing.T) {
	tr := "Interviewer: Mi segített?\n\nSzűcs Ödön: A jelenlét.\n"
	qde := `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="x" origin="x">
<Cases><Case guid="ca5e0000-0000-4000-8000-000000000001" name="Ödön"><SourceRef targetGUID="50c00000-0000-4000-8000-000000000002"/></Case></Cases>
<Sources><AudioSource guid="50c00000-0000-4000-8000-000000000002" name="Hang.mp3" path="internal://h.mp3">
<Transcript guid="{50C00000-0000-4000-8000-000000000012}" name="x" plainTextPath="internal://t.txt"/>
</AudioSource></Sources></Project>`
	p, _, err := importArchive(t, zipFiles(t, "project.qde", qde, "sources/t.txt", tr), ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	srcs, _ := p.ListSources()
	if len(srcs) != 1 {
		t.Fatalf("%d sources", len(srcs))
	}
	if srcs[0].Participant != "Odon" {
		t.Errorf("source %s has participant %s, want Odon", srcs[0].ID, srcs[0].Participant)
	}
}

// TestImportRefTurnAcrossTurns: grounded's whole-turn reference GUID on a
// selection that starts at the first character of the plain text and
// crosses into the next turn is read as a span (the first turn has no
// speaker label, so the span starts at 0).
func TestImportRefTurnAcrossTurns(t *testing.T) {
	text := "Opening words here\n\nAnn: one two\n\nBob: three four\n\nAnn: five\n"
	var g guids
	refGUID, _ := g.idGUID(idRefTurn, "2026-01-01-a")
	to := strings.Index(text, "one") + len("one")
	qde := `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="x" origin="x">
<Sources><TextSource guid="50c00000-0000-4000-8000-000000000001" name="s" plainTextPath="internal://s.txt">
<PlainTextSelection guid="` + refGUID + `" startPosition="0" endPosition="` + fmt.Sprint(to) + `"/>
</TextSource></Sources></Project>`
	p, _, err := importArchive(t, zipFiles(t, "project.qde", qde, "sources/s.txt", text), ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if srcs, _ := p.ListSources(); len(srcs) != 1 || srcs[0].Turns != 4 {
		t.Errorf("sources %+v", srcs)
	}
}
