package corpus

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"
)

func parseDocx(data []byte, d *diagSink) (turns []Turn, err error) {
	defer catchTurnLimit(&err)
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &ParseError{Err: ErrEmpty}
	}
	text, err := docxText(data)
	if err != nil {
		return nil, err
	}
	if strings.TrimFunc(text, isBlankRune) == "" {
		return nil, &ParseError{Err: noTextError("docx")}
	}
	var ld diagSink
	turns = parseTxt(text, false, &ld)
	if len(turns) == 0 {
		return nil, &ParseError{Err: noTextError("docx")}
	}
	turns = splitLongTurns(turns, &ld)
	if d != nil {
		para := paragraphOfLine(text)
		for _, w := range ld.warnings {
			w.Line = para(w.Line)
			d.warnings = append(d.warnings, w)
		}
		if h := ld.header; h != nil {
			h.Line, h.EndLine = para(h.Line), para(h.EndLine)
			d.header = h
		}
		d.unlabelledCues = ld.unlabelledCues
	}
	return turns, nil
}

// paragraphOfLine maps a line of docxText's output to the number of its
// paragraph: paragraphs are separated by one blank line, and a paragraph
// holds several lines only through line breaks (w:br).
func paragraphOfLine(text string) func(line int) int {
	var first []int // first[i] is the first line of paragraph i+1
	blankRun := 0
	first = append(first, 1)
	forEachLine(text, func(n int, l string) {
		if l == "" {
			blankRun++
			return
		}
		if blankRun > 0 {
			// Paragraphs are joined by "\n\n", so k paragraph ends
			// (empty paragraphs among them) leave 2k-1 blank lines.
			for k := 0; k < (blankRun+1)/2; k++ {
				first = append(first, n)
			}
		}
		blankRun = 0
	})
	return func(l int) int {
		if l <= 0 {
			return l
		}
		return sort.Search(len(first), func(i int) bool { return first[i] > l })
	}
}

// docxText extracts the body text of a .docx as paragraphs separated by
// blank lines (see the package comment's "Formats").
func docxText(data []byte) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		hint := "save the file again from Word as .docx"
		switch {
		case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}):
			hint = "it is an old Word .doc file or a password-protected document: remove the password and save it from Word as .docx"
		case bytes.HasPrefix(data, []byte("{\\rtf")):
			hint = "it is an RTF file: save it from Word as .docx"
		}
		return "", &ParseError{Err: fmt.Errorf("%w: %s (%v)", ErrNotZip, hint, err)}
	}
	f := docxMainPart(zr)
	if f == nil {
		return "", &ParseError{Err: errors.New("the zip archive has no word/document.xml, so it is not a Word document: save the transcript from Word as .docx")}
	}
	if f.UncompressedSize64 > uint64(maxDocxXML) {
		return "", errDocxTooLarge()
	}
	rc, err := f.Open()
	if err != nil {
		return "", &ParseError{Err: fmt.Errorf("cannot open word/document.xml in the .docx: %v; save the file again from Word", err)}
	}
	defer rc.Close()
	lr := &limitedReader{r: rc, n: maxDocxXML}
	return docxBody(lr)
}

// docxMainPart finds the main document part: word/document.xml, or the
// target of the officeDocument relationship in _rels/.rels.
func docxMainPart(zr *zip.Reader) *zip.File {
	byName := map[string]*zip.File{}
	for _, f := range zr.File {
		byName[strings.ToLower(strings.TrimPrefix(f.Name, "/"))] = f
	}
	if f := byName["word/document.xml"]; f != nil {
		return f
	}
	rels := byName["_rels/.rels"]
	if rels == nil || rels.UncompressedSize64 > 1<<20 {
		return nil
	}
	rc, err := rels.Open()
	if err != nil {
		return nil
	}
	defer rc.Close()
	var doc struct {
		Rels []struct {
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := xml.NewDecoder(io.LimitReader(rc, 1<<20)).Decode(&doc); err != nil {
		return nil
	}
	for _, r := range doc.Rels {
		if strings.HasSuffix(r.Type, "/officeDocument") {
			return byName[strings.ToLower(strings.TrimPrefix(path.Clean("/"+r.Target), "/"))]
		}
	}
	return nil
}

// errPartTooLarge is what limitedReader fails with.
var errPartTooLarge = errors.New("part too large")

// limitedReader fails with errPartTooLarge once more than n bytes were read.
type limitedReader struct {
	r io.Reader
	n int64
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n < 0 {
		return 0, errPartTooLarge
	}
	if int64(len(p)) > l.n+1 {
		p = p[:l.n+1]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	if l.n < 0 {
		return n, errPartTooLarge
	}
	return n, err
}

// maxRowNesting bounds the nesting of tables whose rows are collected;
// deeper rows just add their paragraphs to the enclosing cell.
const maxRowNesting = 8

// docxRow collects the cells of a table row.
type docxRow struct {
	cells [][]string // paragraphs of each cell
}

// docxBody walks the WordprocessingML body with a streaming decoder.
func docxBody(r io.Reader) (string, error) {
	d := xml.NewDecoder(r)
	var (
		out      []string           // top-level paragraphs, joined once at the end
		paras    []*strings.Builder // open paragraphs (text boxes nest them)
		rows     []*docxRow
		skip     int // depth inside skipped elements
		runs     int // depth inside w:r
		inText   int // depth inside w:t
		paraNum  int
		deepRows int // rows nested too deep to be kept apart
	)
	emit := func(p string) {
		if n := len(rows); n > 0 {
			row := rows[n-1]
			if len(row.cells) == 0 {
				row.cells = append(row.cells, nil)
			}
			c := len(row.cells) - 1
			row.cells[c] = append(row.cells[c], p)
			return
		}
		if len(out) == 0 && p == "" {
			return // no blank lines before the first text
		}
		out = append(out, p)
	}
	para := func() *strings.Builder {
		if len(paras) == 0 {
			paras = append(paras, &strings.Builder{}) // text outside a paragraph: keep it
		}
		return paras[len(paras)-1]
	}
	write := func(s string) { para().WriteString(s) }
	writeBytes := func(s []byte) {
		b := para()
		reserve(b, len(s))
		b.Write(s) // no string copy of the token
	}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			if errors.Is(err, errPartTooLarge) {
				return "", errDocxTooLarge()
			}
			return "", &ParseError{Line: max(paraNum, 1), Err: fmt.Errorf("word/document.xml is damaged near paragraph %d (%v): open the file in Word and save it again", max(paraNum, 1), err)}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if skip > 0 {
				skip++
				continue
			}
			switch t.Name.Local {
			case "del", "moveFrom", "delText", "delInstrText", "instrText", "Fallback",
				"footnoteReference", "endnoteReference", "commentReference", "pPr", "rPr", "sectPr":
				skip = 1
			case "p":
				paraNum++
				paras = append(paras, &strings.Builder{})
			case "r":
				runs++
			case "t":
				if runs > 0 {
					inText++
				}
			case "tab", "ptab":
				if runs > 0 {
					write("\t")
				}
			case "br", "cr":
				if runs > 0 {
					write("\n")
				}
			case "noBreakHyphen":
				if runs > 0 {
					write("-")
				}
			case "tr":
				if len(rows) >= maxRowNesting {
					deepRows++
				} else {
					rows = append(rows, &docxRow{})
				}
			case "tc":
				if n := len(rows); n > 0 {
					rows[n-1].cells = append(rows[n-1].cells, nil)
				}
			}
		case xml.EndElement:
			if skip > 0 {
				skip--
				continue
			}
			switch t.Name.Local {
			case "p":
				if n := len(paras); n > 0 {
					p := paras[n-1].String()
					paras = paras[:n-1]
					emit(p)
				}
			case "r":
				if runs > 0 {
					runs--
				}
			case "t":
				if inText > 0 {
					inText--
				}
			case "tr":
				if deepRows > 0 {
					deepRows--
				} else if n := len(rows); n > 0 {
					row := rows[n-1]
					rows = rows[:n-1]
					for _, p := range row.paragraphs() {
						emit(p)
					}
				}
			}
		case xml.CharData:
			if skip == 0 && inText > 0 {
				writeBytes(t)
			}
		}
	}
	for len(paras) > 0 {
		p := paras[len(paras)-1].String()
		paras = paras[:len(paras)-1]
		emit(p)
	}
	for len(rows) > 0 {
		row := rows[len(rows)-1]
		rows = rows[:len(rows)-1]
		for _, p := range row.paragraphs() {
			emit(p)
		}
	}
	return strings.Join(out, "\n\n"), nil
}

// reserve makes room for n more bytes in b, doubling its capacity when it
// must grow: append's growth of large buffers by a quarter would copy a
// long paragraph about five times over.
func reserve(b *strings.Builder, n int) {
	if b.Cap()-b.Len() < n {
		b.Grow(max(n, b.Cap()))
	}
}

// paragraphs turns a table row into paragraphs. A row whose first cell is
// a speaker name (optionally after a cell holding a time) and that has more
// cells becomes one paragraph "Name: text" ("[time] Name: text"), so that
// transcripts laid out as a table keep their speakers; any other row gives
// its cells' paragraphs in order.
func (row *docxRow) paragraphs() []string {
	cell := func(i int) string {
		var parts []string
		for _, p := range row.cells[i] {
			if strings.TrimFunc(p, isBlankRune) != "" {
				parts = append(parts, p)
			}
		}
		return strings.Join(parts, "\n")
	}
	k, ts := 0, ""
	if len(row.cells) >= 3 {
		if t, ok := clock(cleanLine(cell(0))); ok {
			ts, k = t, 1
		}
	}
	if len(row.cells) >= k+2 {
		name := strings.TrimSuffix(strings.TrimSuffix(cleanLine(cell(k)), ":"), "：")
		name = strings.TrimSpace(name)
		if validName(name) {
			var rest []string
			for i := k + 1; i < len(row.cells); i++ {
				if c := cell(i); c != "" {
					rest = append(rest, c)
				}
			}
			if len(rest) > 0 {
				p := name + ": " + strings.Join(rest, "\n")
				if ts != "" {
					p = "[" + ts + "] " + p
				}
				return []string{p}
			}
		}
	}
	var out []string
	for _, c := range row.cells {
		out = append(out, c...)
	}
	return out
}
