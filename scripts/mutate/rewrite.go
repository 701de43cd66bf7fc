package main

import (
	"bytes"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// An edit inserts text at an offset of the original file, or replaces a
// range (the operator) with text.
type edit struct {
	at, end int // end > at for a replacement
	class   int // at one offset: closes, then opens, then replacements
	span    int // the site's length: inner closes first, outer opens first
	text    string
	site    *site
	isOpen  bool
	isClose bool
}

// outSpan is where a site's rewritten text lies in the rewritten file.
type outSpan struct {
	start, end int
	site       *site
}

// rewriteFile applies the sites that are not dropped to one file. It keeps
// every line where it was (all insertions are on the line they apply to)
// and returns the rewritten text and where each site ended up.
func rewriteFile(src []byte, sites []*site, rtImport string) ([]byte, []outSpan) {
	var edits []edit
	for _, s := range sites {
		if s.dropped {
			continue
		}
		ids := func(t string) string {
			t = strings.ReplaceAll(t, "{ID}", strconv.Itoa(s.mutants[0].ID))
			if len(s.mutants) > 1 {
				t = strings.ReplaceAll(t, "{ID2}", strconv.Itoa(s.mutants[1].ID))
			}
			return t
		}
		n := s.end - s.start
		edits = append(edits,
			edit{at: s.start, class: 1, span: -n, text: ids(s.open), site: s, isOpen: true},
			edit{at: s.end, class: 0, span: n, text: ids(s.close), site: s, isClose: true})
		if s.op[0] >= 0 {
			edits = append(edits, edit{at: s.op[0], end: s.op[1], class: 2, text: ids(s.sep), site: s})
		}
	}
	if len(edits) == 0 {
		return src, nil
	}
	sort.SliceStable(edits, func(i, j int) bool {
		a, b := edits[i], edits[j]
		if a.at != b.at {
			return a.at < b.at
		}
		if a.class != b.class {
			return a.class < b.class
		}
		return a.span < b.span
	})
	var out bytes.Buffer
	starts := map[*site]int{}
	var spans []outSpan
	pos := 0
	// The import goes on the package clause's line, after a semicolon.
	clause := packageClauseEnd(src)
	out.Write(src[:clause])
	out.WriteString("; import mutantrt " + strconv.Quote(rtImport))
	pos = clause
	for _, e := range edits {
		out.Write(src[pos:e.at])
		pos = e.at
		switch {
		case e.isOpen:
			starts[e.site] = out.Len()
		case e.end > e.at && e.site.open == "":
			starts[e.site] = out.Len()
		}
		out.WriteString(e.text)
		if e.end > e.at {
			pos = e.end
		}
		if e.isClose {
			spans = append(spans, outSpan{start: starts[e.site], end: out.Len(), site: e.site})
		}
	}
	out.Write(src[pos:])
	return out.Bytes(), spans
}

var packageClause = regexp.MustCompile(`(?m)^package\s+\w+`)

// packageClauseEnd is the offset just after "package name". Comments
// before it may mention "package", so the match is at a line start.
func packageClauseEnd(src []byte) int {
	loc := packageClause.FindIndex(src)
	if loc == nil {
		return 0
	}
	return loc[1]
}

// compileError is one "file:line:col: message" line of the compiler.
var compileError = regexp.MustCompile(`(?m)^(?:\./)?([^\s:]+\.go):(\d+):(\d+): (.*)$`)

// attribute finds the sites that compile errors point at: the innermost
// rewritten site containing the position, else every site on the line.
// It returns the sites to drop and the errors it could not attribute.
func attribute(output []byte, files map[string][]byte, spans map[string][]outSpan) ([]*site, []string) {
	var drop []*site
	var unknown []string
	for _, m := range compileError.FindAllSubmatch(output, -1) {
		name := string(m[1])
		name = name[strings.LastIndex(name, "/")+1:]
		line, _ := strconv.Atoi(string(m[2]))
		col, _ := strconv.Atoi(string(m[3]))
		text, ok := files[name]
		if !ok {
			unknown = append(unknown, string(m[0]))
			continue
		}
		lineStart := offsetOfLine(text, line)
		if lineStart < 0 {
			unknown = append(unknown, string(m[0]))
			continue
		}
		at := lineStart + col - 1
		var best *outSpan
		for i, sp := range spans[name] {
			if sp.start <= at && at < sp.end && (best == nil || sp.end-sp.start < best.end-best.start) {
				best = &spans[name][i]
			}
		}
		if best != nil {
			drop = append(drop, best.site)
			continue
		}
		lineEnd := bytes.IndexByte(text[lineStart:], '\n')
		if lineEnd < 0 {
			lineEnd = len(text) - lineStart
		}
		found := false
		for _, sp := range spans[name] {
			if sp.start < lineStart+lineEnd && sp.end > lineStart {
				drop = append(drop, sp.site)
				found = true
			}
		}
		if !found {
			unknown = append(unknown, string(m[0]))
		}
	}
	return drop, unknown
}

func offsetOfLine(text []byte, line int) int {
	off := 0
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(text[off:], '\n')
		if i < 0 {
			return -1
		}
		off += i + 1
	}
	return off
}

func trimSpace(b []byte) []byte { return bytes.TrimSpace(b) }

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }
