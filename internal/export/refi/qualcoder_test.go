package refi

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"sort"
	"strings"
	"testing"
)

// TestQualCoderReading reads grounded's export the way QualCoder's REFI
// import does (journals are Notes whose text is a plainTextPath file; a
// PlainTextSelection's Description is its coding's memo, or, without a
// Coding, an annotation) and checks that every memo arrives and no
// internal marker shows.
func TestQualCoderReading(t *testing.T) {
	_, data := exportProject(t, newTestProject(t))
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		files[f.Name] = string(b)
	}
	// A generic reading of the XML, independent of grounded's model.
	type sel struct {
		Desc    string     `xml:"Description"`
		Codings []struct{} `xml:"Coding"`
	}
	var doc struct {
		Desc    string `xml:"Description"`
		Sources []struct {
			Sels []sel `xml:"PlainTextSelection"`
		} `xml:"Sources>TextSource"`
		Notes []struct {
			Path string `xml:"plainTextPath,attr"`
		} `xml:"Notes>Note"`
	}
	if err := xml.Unmarshal([]byte(files["project.qde"]), &doc); err != nil {
		t.Fatal(err)
	}
	var journals, annotations, codingMemos []string
	for _, n := range doc.Notes {
		journals = append(journals, files["sources/"+strings.TrimPrefix(n.Path, "internal://")])
	}
	for _, s := range doc.Sources {
		for _, x := range s.Sels {
			switch {
			case x.Desc != "" && len(x.Codings) == 0:
				annotations = append(annotations, x.Desc)
			case x.Desc != "":
				codingMemos = append(codingMemos, x.Desc)
			}
		}
	}
	sort.Strings(journals)
	want := "A span.|Maybe split.|Project journal.\n\nSecond paragraph.|Reliability before disclosure.|Short interview.|The core.|Trust comes first.|Whole turn."
	if got := strings.Join(journals, "|"); got != want {
		t.Errorf("journals %q\nwant %q", got, want)
	}
	sort.Strings(annotations)
	if got := strings.Join(annotations, "|"); got != "A span.|Whole turn." {
		t.Errorf("annotations %q", got)
	}
	if got := strings.Join(codingMemos, "|"); got != "Classic disclosure." {
		t.Errorf("coding memos %q", got)
	}
	if !strings.HasPrefix(doc.Desc, "Project journal.") {
		t.Errorf("project memo %q", doc.Desc)
	}
	for name, text := range files {
		if strings.Contains(text, "grounded:") {
			t.Errorf("%s shows an internal marker", name)
		}
	}
}
