package refi

import (
	"fmt"
	"strings"
	"testing"
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
	qde := `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Kortárs" origin="MAXQDA 24">` + toolUsers + toolCodebook + `
<Variables><Variable guid="` + vRole + `" name="Szerep" typeOfVariable="Text"/><Variable guid="` + vAge + `" name="Kor" typeOfVariable="Text"/></Variables>
<Cases>
<Case guid="ca5e0000-0000-4000-8000-000000000001" name="日本"><CodeRef targetGUID="c0de0000-0000-4000-8000-000000000002"/><SourceRef targetGUID="` + video + `"/><SelectionRef targetGUID="5e1e0000-0000-4000-8000-000000000001"/></Case>
<Case guid="ca5e0000-0000-4000-8000-000000000002" name="Béla"><SourceRef targetGUID="` + t2 + `"/></Case>
</Cases>
<Sources>
<TextSource guid="` + srcT + `" name="Interjú Éva" plainTextPath="internal://t.txt">
<PlainTextSelection guid="5e1e0000-0000-4000-8000-000000000001" name="Önkéntesként kezdtem" startPosition="` + fmt.Sprint(cpCount(text[:at])) + `" endPosition="` + fmt.Sprint(cpCount(text[:end])) + `" creatingUser="6a1b2c3d-0000-4000-8000-0000000000ff">
<Coding guid="c0d10000-0000-4000-8000-000000000001"><CodeRef targetGUID="{C0DE0000-0000-4000-8000-000000000002}"/></Coding>
</PlainTextSelection>
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
<Notes><Note guid="0a0e0000-0000-4000-8000-000000000001" name="Napló" creatingUser="6a1b2c3d-0000-4000-8000-00000000aa01"><Description>Összefoglaló.</Description><PlainTextContent>Az első hét.</PlainTextContent></Note></Notes>
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
	)
	// Sources: the video's transcripts are numbered, the audio's one is not.
	srcs, err := p.ListSources()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, s := range srcs {
		got[s.ID] = s.Participant
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
	// The coding whose code is named in braces and upper case.
	cs, _ := p.ReadCodings("")
	if len(cs) != 1 || cs[0].Code != "Önkéntesség" || cs[0].Quote != "Önkéntesként kezdtem" || cs[0].Coder != "importer" {
		t.Errorf("codings %+v", cs)
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
