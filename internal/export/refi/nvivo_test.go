package refi

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"
)

// nvivoSpans reads the selections of testdata/nvivo-empty the way NVivo
// counts them, independently of the importer: UTF-16 code units of the
// file's text without its byte order mark, a CRLF counting two.
func nvivoSpans(t *testing.T, qde string) []string {
	t.Helper()
	raw := string(mustRead(t, filepath.Join("testdata", "nvivo-empty", "sources", "50c00000-0000-4000-8000-000000000001.txt")))
	units := utf16.Encode([]rune(strings.TrimPrefix(raw, "\uFEFF")))
	re := regexp.MustCompile(`name="" startPosition="(\d+)" endPosition="(\d+)"`)
	var out []string
	for _, m := range re.FindAllStringSubmatch(qde, -1) {
		s, _ := strconv.Atoi(m[1])
		e, _ := strconv.Atoi(m[2])
		out = append(out, words(string(utf16.Decode(units[s:e]))))
	}
	sort.Strings(out)
	return out
}

// words puts text in a form for comparing quotes: runs of white space one
// space.
func words(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestImportNVivoEmptyNames imports an archive written the way NVivo
// writes one: every PlainTextSelection has name="", positions count UTF-16
// code units with CRLF as two and the BOM not counted, emoji and other
// astral characters stand before the selections, the text is Hungarian,
// one selection crosses a line and one crosses turns, and a second source
// has no codings. Every quote must be the text at the NVivo positions,
// with and without the origin attribute.
func TestImportNVivoEmptyNames(t *testing.T) {
	dir := filepath.Join("testdata", "nvivo-empty")
	qde := string(mustRead(t, filepath.Join(dir, "project.qde")))
	want := nvivoSpans(t, qde)
	if len(want) != 6 {
		t.Fatalf("fixture has %d selections", len(want))
	}
	for _, tc := range []struct{ name, origin, evidence string }{
		{"origin NVivo", `origin="NVivo 15"`, `the file's origin "NVivo 15" writes them`},
		{"no origin", ``, "6 of 6 selections start and end on word boundaries"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := []string{"project.qde", strings.Replace(qde, `origin="NVivo 15"`, tc.origin, 1)}
			for _, n := range []string{"50c00000-0000-4000-8000-000000000001.txt", "50c00000-0000-4000-8000-000000000002.txt"} {
				b, err := os.ReadFile(filepath.Join(dir, "sources", n))
				if err != nil {
					t.Fatal(err)
				}
				files = append(files, "sources/"+n, string(b))
			}
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
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("quotes:\n%s\nwant the text at the NVivo positions:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			notes := strings.Join(res.Notes, "\n")
			for _, w := range []string{"positions read as UTF-16 code units", "6 of 6 selections start and end on word boundaries", tc.evidence,
				"not kept: 2 rich-text versions of sources"} {
				if !strings.Contains(notes, w) {
					t.Errorf("no note says %q in:\n%s", w, notes)
				}
			}
			if strings.Contains(notes, "could NOT be verified") {
				t.Errorf("the choice was verified by word boundaries, notes say otherwise:\n%s", notes)
			}
			st := snapshot(t, p)
			if len(st.Sources) != 2 {
				t.Errorf("sources %q", st.Sources)
			}
		})
	}
}
