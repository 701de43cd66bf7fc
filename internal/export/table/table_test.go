package table

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/project"
)

func testInput(t *testing.T) *Input {
	t.Helper()
	cb := codebook.New()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err := cb.SetCore("Creating Connection", []string{"Building Trust", "Bridging"})
	must(err)
	_, err = cb.AddCategory("Self-disclosure", "Building Trust", "")
	must(err)
	_, err = cb.AddCategory("Choosing", "Self-disclosure", "")
	must(err)
	_, err = cb.AddCategory("Self-care", "", "")
	must(err)
	for _, c := range [][2]string{{"Sharing", "Self-disclosure"}, {"Picking", "Choosing"}, {"Handoffs", "Bridging"}, {"Rest", "Self-care"}, {"Loose", ""}} {
		_, err := cb.AddCode(c[0], c[1])
		must(err)
	}
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	cs := []coding.Coding{
		{ID: "a1", Code: "Sharing", Source: "S10", Turn: 2, Start: 0, End: 5, Quote: "I, too", Coder: "alice", Created: at},
		{ID: "a2", Code: "Picking", Source: "S2", Turn: 1, Start: 3, End: 9, Quote: "said \"no\"\nthen", Coder: "bob", Created: at, Memo: "memo"},
		{ID: "a3", Code: "Sharing", Source: "S2", Turn: 4, Start: 0, End: 2, Quote: "ok", Coder: "alice", Created: at},
		{ID: "a4", Code: "Handoffs", Source: "S2", Turn: 0, Start: 10, End: 40, Quote: "x", Coder: "alice", Created: at},
		{ID: "a5", Code: "Loose", Source: "S10", Turn: 1, Start: 0, End: 1, Quote: "y", Coder: "bob", Created: at},
		{ID: "a6", Code: "Ghost", Source: "S10", Turn: 1, Start: 0, End: 1, Quote: "y", Coder: "bob", Created: at},
	}
	return &Input{
		Codebook: cb,
		Sources:  []*corpus.Source{{ID: "S2", Participant: "P2"}, {ID: "S10", Participant: "P10"}},
		Codings:  cs,
		Participants: &project.Participants{Attributes: []string{"role", "site"}, List: []corpus.Participant{
			{ID: "P2", Attributes: map[string]string{"role": "PSW", "site": "ER, north"}},
			{ID: "P10", Attributes: map[string]string{"role": "Navigator"}},
		}},
	}
}

func TestCodingsCSV(t *testing.T) {
	var b bytes.Buffer
	if err := WriteCodingsCSV(&b, testInput(t)); err != nil {
		t.Fatal(err)
	}
	want := `id,code,category_path,source,participant,ref,turn,start,end,quote,coder,created,memo,attr_role,attr_site
a4,Handoffs,Creating Connection / Bridging,S2,P2,S2:10-40,0,10,40,x,alice,2026-01-02T03:04:05Z,,PSW,"ER, north"
a2,Picking,Creating Connection / Building Trust / Self-disclosure / Choosing,S2,P2,S2#1:3-9,1,3,9,"said ""no""
then",bob,2026-01-02T03:04:05Z,memo,PSW,"ER, north"
a3,Sharing,Creating Connection / Building Trust / Self-disclosure,S2,P2,S2#4:0-2,4,0,2,ok,alice,2026-01-02T03:04:05Z,,PSW,"ER, north"
a6,Ghost,,S10,P10,S10#1:0-1,1,0,1,y,bob,2026-01-02T03:04:05Z,,Navigator,
a5,Loose,,S10,P10,S10#1:0-1,1,0,1,y,bob,2026-01-02T03:04:05Z,,Navigator,
a1,Sharing,Creating Connection / Building Trust / Self-disclosure,S10,P10,S10#2:0-5,2,0,5,"I, too",alice,2026-01-02T03:04:05Z,,Navigator,
`
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestCodingsJSONL(t *testing.T) {
	var b bytes.Buffer
	if err := WriteCodingsJSONL(&b, testInput(t)); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 6 {
		t.Fatalf("%d lines", len(lines))
	}
	want := `{"id":"a2","code":"Picking","category_path":["Creating Connection","Building Trust","Self-disclosure","Choosing"],"source":"S2","participant":"P2","ref":"S2#1:3-9","turn":1,"start":3,"end":9,"quote":"said \"no\"\nthen","coder":"bob","created":"2026-01-02T03:04:05Z","memo":"memo","attr_role":"PSW","attr_site":"ER, north"}`
	if lines[1] != want {
		t.Errorf("line 2:\n%s\nwant\n%s", lines[1], want)
	}
	for _, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Errorf("%s: %v", l, err)
		}
	}
	if !strings.Contains(lines[3], `"category_path":[]`) {
		t.Errorf("an uncategorised code has an empty path: %s", lines[0])
	}
}

func csvOf(t *testing.T, m *Matrix) string {
	t.Helper()
	var b bytes.Buffer
	if err := m.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestMatrix(t *testing.T) {
	in := testInput(t)
	for _, tc := range []struct{ level, want string }{
		{LevelCode, "code,P2,P10,total\nSharing,1,1,2\nPicking,1,0,1\nHandoffs,1,0,1\nRest,0,0,0\nLoose,0,1,1\nGhost,0,1,1\n"},
		{LevelCategory, "category,P2,P10,total\nBuilding Trust,2,1,3\nSelf-disclosure,2,1,3\nChoosing,1,0,1\nBridging,1,0,1\nSelf-care,0,0,0\n(no category),0,2,2\n"},
		{LevelStage, "stage,P2,P10,total\nBuilding Trust,2,1,3\nBridging,1,0,1\n(no stage),0,2,2\n"},
	} {
		m, err := BuildMatrix(in, tc.level)
		if err != nil {
			t.Fatal(err)
		}
		if got := csvOf(t, m); got != tc.want {
			t.Errorf("%s:\n%s\nwant:\n%s", tc.level, got, tc.want)
		}
	}
	if _, err := BuildMatrix(in, "theme"); err == nil {
		t.Error("unknown level accepted")
	}
}

func TestMatrixXLSX(t *testing.T) {
	m, err := BuildMatrix(testInput(t), LevelStage)
	if err != nil {
		t.Fatal(err)
	}
	f := openXLSX(t, m)
	if got := strings.Join(f.GetSheetList(), ","); got != "Codings,Presence" {
		t.Fatalf("sheets %s", got)
	}
	for sheet, want := range map[string]string{
		SheetCodings:  "stage,P2,P10,total|Building Trust,2,1,3|Bridging,1,0,1|(no stage),0,2,2",
		SheetPresence: "stage,P2,P10,total|Building Trust,1,1,2|Bridging,1,0,1|(no stage),0,1,1",
	} {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range rows {
			got = append(got, strings.Join(r, ","))
		}
		if strings.Join(got, "|") != want {
			t.Errorf("%s: %s, want %s", sheet, strings.Join(got, "|"), want)
		}
	}
	// Counts are numbers, not text.
	if typ, _ := f.GetCellType(SheetCodings, "B2"); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("B2 is stored as text")
	}
}
