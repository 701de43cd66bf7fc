package corpus

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// parseTxt parses plain text (md false) or Markdown (md true) with speaker
// labels, or an Otter.ai export, reporting what it is unsure of to d. See
// the package comment's "Formats".
func parseTxt(text string, md bool, d *diagSink) []Turn {
	hdr, text := readHeader(text)
	if hdr == nil {
		hdr, text = readExporterNotes(text, d)
	} else {
		_, text = readExporterNotes(text, d)
	}
	known := map[string]bool{}
	if hdr != nil {
		if d != nil {
			d.header = hdr
		}
		d.warn(hdr.Line, WarnHeader, hdr.Title, headerMessage(hdr))
		for _, sp := range hdr.Speakers {
			known[strings.ToLower(sp)] = true
		}
	}
	if known, ok := detectOtter(text, known); ok {
		return parseOtter(text, known, d)
	}
	return parseLabelled(text, md, known, d)
}

// countLabels is the first pass of parseLabelled: it counts the label
// candidates, and reports whether the paragraph rule applies.
func countLabels(text string, md bool, known map[string]bool) (*labelSet, bool) {
	ls := newLabelSet()
	ls.known = known
	var paras, labelledParas int
	prevBlank := true
	nameAlone := false // the last paragraph was a name alone: the next one is its text
	forEachLine(text, func(_ int, raw string) {
		line := cleanLine(lineHead(raw))
		paraStart := prevBlank
		prevBlank = line == ""
		if line == "" {
			return
		}
		textOfName := paraStart && nameAlone
		nameAlone = false
		if md && isHeading(line) {
			if name, ok := standaloneName(line, md); ok {
				ls.add(name)
			}
			return
		}
		name, ok := standaloneName(line, md)
		if ok {
			nameAlone = true
		} else {
			name, _, _, ok = splitLabel(line)
		}
		if ok {
			ls.add(name)
		}
		if paraStart && !textOfName {
			paras++
			if ok && paraLabelOK(name) {
				labelledParas++
			}
		}
	})
	// When at least half of the paragraphs start with a label, every label
	// that starts a paragraph is accepted (see paraLabelOK), so that a
	// speaker who speaks only once keeps their turn.
	return ls, paras >= 2 && labelledParas*2 >= paras && labelledParas > 0
}

// parseLabelled parses text whose turns start with "Name:" labels (or, in
// Markdown, "### Name" headings, or "**Name**" alone on a line).
func parseLabelled(text string, md bool, known map[string]bool, d *diagSink) []Turn {
	ls, paraLabels := countLabels(text, md, known)
	anyLabels := ls.any() || paraLabels
	accepted := ls.acceptedNames()

	// Pass 2: build turns.
	var (
		bufs []*turnBuf
		cur  *turnBuf
	)
	newTurn := func(speaker, start string) {
		cur = &turnBuf{speaker: speaker, start: start}
		bufs = addTurn(bufs, cur)
	}
	speak := func(name, ts string) {
		if cur == nil || cur.speaker != name {
			newTurn(name, ts)
		} else if cur.start == "" {
			cur.start = ts
		}
	}
	prevBlank := true
	forEachLine(text, func(n int, raw string) {
		line := cleanLine(raw)
		paraStart := prevBlank
		prevBlank = line == ""
		if line == "" {
			if !anyLabels {
				cur = nil
			}
			return
		}
		if name, ok := standaloneName(line, md); ok && (ls.ok(name) || (!isHeading(line) && paraStart && paraLabels && paraLabelOK(name))) {
			speak(name, "")
			return
		}
		if md && isHeading(line) {
			newTurn("", "")
			cur.add("\n", line)
			return
		}
		if name, ts, rest, ok := splitLabel(line); ok {
			switch {
			case anyLabels && (ls.ok(name) || (paraStart && paraLabels && paraLabelOK(name))):
				if !ls.ok(name) {
					if la := lookalike(name, accepted); la != "" {
						d.warn(n, WarnLabelOnce, line, labelOnceMessage(name, la))
					}
				}
				speak(name, ts)
				cur.add("\n", rest)
				return
			case stopWords[strings.ToLower(name)] || !caseOK(name):
			case anyLabels && lookalike(name, accepted) != "":
				d.warn(n, WarnLabelOnce, line, labelOnceMessage(name, lookalike(name, accepted)))
				speak(name, ts)
				cur.add("\n", rest)
				return
			default:
				d.warn(n, WarnLabelAsText, line, fmt.Sprintf("this line starts like a speaker label, but %q is used only once and is not a role word, so it was read as text; if it is a speaker, write the label at least twice the same way", name))
			}
		}
		if cur == nil {
			newTurn("", "")
		}
		cur.add("\n", line)
	})
	return finish(bufs, "\n")
}

func labelOnceMessage(name, like string) string {
	return fmt.Sprintf("the label %q is used only once and looks like a misspelling of %q: it was kept as a speaker of its own; correct the label if it is the same person", name, like)
}

// standaloneName recognises a speaker name alone on a line: "**Name**" or
// "__Name__" (also with a colon inside or after), and in Markdown a heading
// "### Name". The name must have the shape of a label (see validName).
func standaloneName(line string, md bool) (string, bool) {
	s := line
	switch {
	case md && isHeading(s):
		s = strings.TrimSpace(strings.TrimRight(strings.TrimLeft(s, "#"), "# "))
		if s == "" {
			return "", false
		}
		if t, ok := unwrapEmph(s); ok {
			s = t
		}
	default:
		t, ok := unwrapEmph(s)
		if !ok {
			return "", false
		}
		s = t
	}
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(s, ":"), "："))
	if !validName(s) {
		return "", false
	}
	return s, true
}

// unwrapEmph returns the inside of "**x**" or "__x__".
func unwrapEmph(s string) (string, bool) {
	for _, m := range [...]string{"**", "__"} {
		if len(s) > 2*len(m) && strings.HasPrefix(s, m) && strings.HasSuffix(s, m) {
			in := s[len(m) : len(s)-len(m)]
			if !strings.Contains(in, m) {
				return strings.TrimSpace(in), true
			}
		}
	}
	return "", false
}

// paraLabelOK reports whether a label that starts a paragraph is taken as a
// speaker in a file whose paragraphs mostly start with labels: it is not a
// stop word and has the shape caseOK requires (or is a role word).
func paraLabelOK(name string) bool {
	if strings.Contains(name, ",") {
		return false // "Last, First" must be used twice: "So, Tom:" is speech
	}
	return !stopWords[strings.ToLower(name)] && (caseOK(name) || isRole(name))
}

// lineHead returns the start of raw that can hold a speaker label, without
// leading blanks, cut at a character boundary.
func lineHead(raw string) string {
	raw = strings.TrimLeft(raw, " \t")
	n := labelScan + 64
	if len(raw) <= n {
		return raw
	}
	for n > 0 && !utf8.RuneStart(raw[n]) {
		n--
	}
	return raw[:n]
}

// isHeading reports whether a cleaned line is an ATX Markdown heading.
func isHeading(line string) bool {
	n := 0
	for n < len(line) && line[n] == '#' {
		n++
	}
	return n >= 1 && n <= 6 && (n == len(line) || line[n] == ' ')
}

// otterCand is a line that may be an Otter.ai (or Teams) speaker line:
// a name and a time ending the line ("Jordan Lee  0:03"), or a name alone.
type otterCand struct {
	name, ts string
	// strict: the time follows two or more spaces or a tab, as Otter
	// writes it; with one space or no time the name must be known.
	strict bool
}

// otterLine splits a line into an otterCand. The name has the shape of a
// label (see validName), or is "Last, First" as Teams writes it.
func otterLine(raw string) (otterCand, bool) {
	s := strings.TrimRight(raw, " \t\u00a0")
	if len(s) > 200 {
		return otterCand{}, false
	}
	var c otterCand
	name := s
	if sp := strings.LastIndexAny(s, " \t"); sp >= 0 {
		tok := s[sp+1:]
		if !strings.ContainsAny(tok, ".,") {
			if ts, ok := clock(tok); ok {
				before := s[:sp+1]
				nameEnd := len(strings.TrimRight(before, " \t"))
				sep := before[nameEnd:]
				c.ts, c.strict = ts, len(sep) >= 2 || strings.Contains(sep, "\t")
				name = before[:nameEnd]
			}
		}
	}
	c.name = cleanLine(name)
	if !validName(c.name) && !teamsName(c.name) {
		return otterCand{}, false
	}
	return c, true
}

// teamsName reports whether s is "Last, First" with both parts names.
func teamsName(s string) bool {
	last, first, ok := strings.Cut(s, ", ")
	return ok && validName(last) && validName(first) && !strings.Contains(first, ",")
}

// otterOK reports whether a candidate speaker line is accepted: a strict
// one always, a loose one (one space, or no time) when its name is known.
func otterOK(c otterCand, known map[string]bool) bool {
	return c.strict || known[strings.ToLower(c.name)]
}

// scanOtter calls f with every candidate speaker line that starts the file
// or follows a blank line, is accepted by keep, and is followed by a line
// of text (blank lines between allowed, as in .docx exports). first
// reports whether it is the file's first line with text.
func scanOtter(text string, keep func(otterCand) bool, f func(c otterCand, first bool)) {
	var (
		pending   *otterCand
		pendFirst bool
		prevBlank = true
		seenText  bool
	)
	forEachLine(text, func(_ int, raw string) {
		blank := strings.TrimSpace(raw) == ""
		c, isCand := otterLine(raw)
		isHeader := isCand && keep(c)
		if pending != nil && !blank && !isHeader {
			f(*pending, pendFirst)
		}
		switch {
		case isHeader && prevBlank:
			cc := c
			pending, pendFirst = &cc, !seenText
		case !blank:
			pending = nil
		}
		if !blank {
			seenText = true
		}
		prevBlank = blank
	})
}

// detectOtter reports whether text has the Otter.ai layout: at least two
// accepted speaker lines (see scanOtter), or one that is the first line of
// the file. It returns the known names (lower case): those of the header's
// speakers list, of strict speaker lines, and of loose ones (one space
// before the time) used at least twice.
func detectOtter(text string, headerNames map[string]bool) (map[string]bool, bool) {
	known := map[string]bool{}
	for k := range headerNames {
		known[k] = true
	}
	loose := map[string]int{}
	scanOtter(text, func(c otterCand) bool { return c.ts != "" || known[strings.ToLower(c.name)] }, func(c otterCand, _ bool) {
		k := strings.ToLower(c.name)
		switch {
		case c.strict:
			known[k] = true
		case c.ts != "" && (caseOK(c.name) || isRole(c.name)):
			loose[k]++
		}
	})
	for k, n := range loose {
		if n >= 2 {
			known[k] = true
		}
	}
	count, firstIsHeader := 0, false
	scanOtter(text, func(c otterCand) bool { return otterOK(c, known) }, func(c otterCand, first bool) {
		count++
		firstIsHeader = firstIsHeader || (first && c.strict)
	})
	if count >= 2 && len(loose) > 0 && labelParagraphs(text) > count {
		// Loose speaker lines are weaker evidence than "Name:" labels: a
		// labelled transcript with "Tuesday 9:30" twice stays labelled.
		return known, false
	}
	return known, count >= 2 || (count == 1 && firstIsHeader)
}

// labelParagraphs counts the paragraphs that start with a "Name:" label
// candidate.
func labelParagraphs(text string) int {
	n := 0
	prevBlank := true
	forEachLine(text, func(_ int, raw string) {
		line := cleanLine(lineHead(raw))
		if line != "" && prevBlank {
			if _, _, _, ok := splitLabel(line); ok {
				n++
			}
		}
		prevBlank = line == ""
	})
	return n
}

// parseOtter parses the Otter.ai text export: each speaker line starts a
// turn, and its text runs to the next speaker line, across blank lines
// (Otter's .docx export puts each paragraph of an answer apart). Text
// before the first speaker line is one turn without speaker per paragraph,
// and so is Otter's closing "Transcribed by https://otter.ai".
func parseOtter(text string, known map[string]bool, d *diagSink) []Turn {
	var (
		bufs      []*turnBuf
		cur       *turnBuf
		prevBlank = true
		accepted  []string
	)
	written := map[string]string{} // known names as first written
	forEachLine(text, func(_ int, raw string) {
		if c, ok := otterLine(raw); ok && c.ts != "" && otterOK(c, known) {
			if k := strings.ToLower(c.name); written[k] == "" {
				written[k] = c.name
			}
		}
	})
	for k := range known {
		if w := written[k]; w != "" {
			k = w
		}
		accepted = append(accepted, k)
	}
	sort.Strings(accepted)
	forEachLine(text, func(n int, raw string) {
		line := cleanLine(raw)
		paraStart := prevBlank
		prevBlank = line == ""
		if c, ok := otterLine(raw); ok && (c.strict || paraStart) && line != "" {
			switch {
			case otterOK(c, known):
				cur = &turnBuf{speaker: c.name, start: c.ts}
				bufs = addTurn(bufs, cur)
				return
			case c.ts != "" && paraStart && (caseOK(c.name) || isRole(c.name)):
				if la := lookalike(c.name, accepted); la != "" {
					d.warn(n, WarnLabelOnce, line, labelOnceMessage(c.name, la))
					cur = &turnBuf{speaker: c.name, start: c.ts}
					bufs = addTurn(bufs, cur)
					return
				}
				d.warn(n, WarnLabelAsText, line, fmt.Sprintf("this line looks like a speaker line, but %q is used only once, so it was read as text", c.name))
			}
		}
		if line == "" {
			if cur != nil && cur.speaker == "" && cur.first != "" {
				cur = nil
			}
			return
		}
		if otterFooter(line) {
			bufs = addTurn(bufs, &turnBuf{first: line})
			cur = nil
			return
		}
		if cur == nil {
			cur = &turnBuf{}
			bufs = addTurn(bufs, cur)
		}
		cur.add("\n", line)
	})
	return finish(bufs, "\n")
}

// otterFooter recognises the line Otter.ai writes at the end of an export.
func otterFooter(line string) bool {
	return strings.HasPrefix(line, "Transcribed by ") && strings.Contains(line, "otter.ai")
}

// readHeader recognises an Otter.ai header block at the top of text: up to
// three lines (title, date and duration), "SUMMARY KEYWORDS" and the
// keyword lines, "SPEAKERS" and one line listing the speakers separated by
// commas. It returns the header and text with the block's lines blanked
// (so line numbers stay), or nil and text unchanged.
func readHeader(text string) (*Header, string) {
	lines := strings.SplitN(text, "\n", 64)
	h := &Header{}
	i, nonBlank := 0, 0
	for ; i < len(lines) && i < 63; i++ {
		t := cleanLine(lines[i])
		if t == "" {
			continue
		}
		if t == "SUMMARY KEYWORDS" || t == "SPEAKERS" {
			break
		}
		if nonBlank++; nonBlank > 3 {
			return nil, text
		}
		if h.Line == 0 {
			h.Line, h.Title = i+1, t
		} else {
			h.Details = append(h.Details, t)
		}
	}
	if i >= len(lines) || i >= 63 {
		return nil, text
	}
	if h.Line == 0 {
		h.Line = i + 1
	}
	section := ""
	for ; i < len(lines) && i < 63; i++ {
		t := cleanLine(lines[i])
		switch {
		case t == "":
			continue
		case t == "SUMMARY KEYWORDS" || t == "SPEAKERS":
			section = t
			h.EndLine = i + 1
			continue
		case section == "SUMMARY KEYWORDS" && len(h.Keywords) == 0:
			h.Keywords = append(h.Keywords, splitList(t)...)
			h.EndLine = i + 1
			continue
		case section == "SPEAKERS" && len(h.Speakers) == 0:
			h.Speakers = splitList(t)
			h.EndLine = i + 1
			continue
		}
		break
	}
	if h.EndLine == 0 {
		return nil, text
	}
	// Blank the block's lines, keeping the line count.
	var b strings.Builder
	b.WriteString(strings.Repeat("\n", h.EndLine))
	rest := text
	for k := 0; k < h.EndLine; k++ {
		j := strings.IndexByte(rest, '\n')
		if j < 0 {
			rest = ""
			break
		}
		rest = rest[j+1:]
	}
	b.WriteString(rest)
	return h, b.String()
}

// splitList splits a comma-separated list, trimming and dropping empty
// items.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
