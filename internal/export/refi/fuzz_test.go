package refi

import (
	"fmt"
	"html"
	"testing"
	"unicode/utf8"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
)

// FuzzImportSelection imports a source with one selection at arbitrary
// positions. Import must not fail or panic, and every coding it makes
// must fit its transcript exactly (the quote is the text at the span).
func FuzzImportSelection(f *testing.F) {
	f.Add("Ann: Hello there.\r\nBob: Hi 😀 Ann.\n\nAnn: Bye.", 0, 5, "Hello")
	f.Add("\uFEFFQ: one\r\n\r\nA: two  three\tfour", 3, 40, "")
	f.Add("plain text\n\nsecond paragraph", 11, 12, "x")
	f.Add("A: e\u0301te\u0301", 3, 5, "é")
	f.Fuzz(func(t *testing.T, text string, start, end int, name string) {
		if !utf8.ValidString(text) || !utf8.ValidString(name) || len(text) > 2000 {
			return
		}
		esc := func(s string) string { return html.EscapeString(s) }
		qde := fmt.Sprintf(`<Project xmlns="urn:QDA-XML:project:1.0" name="f">
<CodeBook><Codes><Code guid="00000000-0000-4000-8000-000000000001" name="C" isCodable="true"/></Codes></CodeBook>
<Sources><TextSource guid="00000000-0000-4000-8000-000000000002" name="S"><PlainTextContent>%s</PlainTextContent>
<PlainTextSelection guid="00000000-0000-4000-8000-000000000003" name="%s" startPosition="%d" endPosition="%d">
<Coding guid="00000000-0000-4000-8000-000000000004"><CodeRef targetGUID="00000000-0000-4000-8000-000000000001"/></Coding>
</PlainTextSelection></TextSource></Sources></Project>`, esc(text), esc(name), start, end)
		x, err := DecodeProject("p", []byte(qde))
		if err != nil {
			return // text with characters XML cannot hold
		}
		imp, err := Convert(nil, x, ImportOptions{Coder: "f"})
		if err != nil {
			t.Fatalf("convert: %v", err)
		}
		for _, c := range imp.Codings {
			var turns []corpus.Turn
			for _, s := range imp.Sources {
				if s.Meta.ID == c.Source {
					turns = s.Turns
				}
			}
			sp, err := coding.Resolve(c.Ref(), turns)
			if err != nil || sp.Quote != c.Quote || c.Start >= c.End {
				t.Fatalf("coding %s %q does not fit: %v %q", c.Ref(), c.Quote, err, sp.Quote)
			}
		}
	})
}

// FuzzDecodeForeign: refi-guids.tsv never panics, and what it accepts
// encodes and decodes to the same entries.
func FuzzDecodeForeign(f *testing.F) {
	f.Add([]byte("code\ttrust\t6a1b2c3d-0000-4000-8000-00000000aa01\ncategory\tmodel\t{C0DE0000-0000-4000-8000-000000000001}\tcodable\n"))
	f.Add([]byte("source\tP01\tnot-a-guid\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fr, err := DecodeForeign(data)
		if err != nil {
			return
		}
		again, err := DecodeForeign(fr.Encode())
		if err != nil {
			t.Fatalf("re-decoding %q: %v", fr.Encode(), err)
		}
		if len(again.GUID) != len(fr.GUID) {
			t.Errorf("%d entries, then %d", len(fr.GUID), len(again.GUID))
		}
	})
}
