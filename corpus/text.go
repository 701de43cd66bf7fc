package corpus

import (
	"strings"
	"unicode/utf8"
)

// parseTxt parses plain text (md false) or Markdown (md true) with speaker
// labels, or an Otter.ai export. See the package comment's "Formats".
func parseTxt(text string, md bool) []Turn {
	if detectOtter(text) {
		return parseOtter(text)
	}
	// Pass 1: count candidate labels.
	ls := newLabelSet()
	var paras, labelledParas int
	prevBlank := true
	forEachLine(text, func(_ int, raw string) {
		line := cleanLine(lineHead(raw))
		paraStart := prevBlank
		prevBlank = line == ""
		if line == "" || (md && isHeading(line)) {
			return
		}
		name, _, _, ok := splitLabel(line)
		if ok {
			ls.add(name)
		}
		if paraStart {
			paras++
			if ok && paraLabelOK(name) {
				labelledParas++
			}
		}
	})
	// When at least half of the paragraphs start with a label, every label
	// that starts a paragraph is accepted (see paraLabelOK), so that a
	// speaker who speaks only once keeps their turn.
	paraLabels := paras >= 2 && labelledParas*2 >= paras
	anyLabels := ls.any() || (paraLabels && labelledParas > 0)

	// Pass 2: build turns.
	var (
		bufs []*turnBuf
		cur  *turnBuf
	)
	newTurn := func(speaker, start string) {
		cur = &turnBuf{speaker: speaker, start: start}
		bufs = append(bufs, cur)
	}
	prevBlank = true
	forEachLine(text, func(_ int, raw string) {
		line := cleanLine(raw)
		paraStart := prevBlank
		prevBlank = line == ""
		if line == "" {
			if !anyLabels {
				cur = nil
			}
			return
		}
		if md && isHeading(line) {
			newTurn("", "")
			cur.add("\n", line)
			return
		}
		if anyLabels {
			if name, ts, rest, ok := splitLabel(line); ok && (ls.ok(name) || (paraStart && paraLabels && paraLabelOK(name))) {
				if cur == nil || cur.speaker != name {
					newTurn(name, ts)
				} else if cur.start == "" {
					cur.start = ts
				}
				cur.add("\n", rest)
				return
			}
		}
		if cur == nil {
			newTurn("", "")
		}
		cur.add("\n", line)
	})
	return finish(bufs, "\n")
}

// paraLabelOK reports whether a label that starts a paragraph is taken as a
// speaker in a file whose paragraphs mostly start with labels: it is not a
// stop word and has the shape caseOK requires (or is a role word).
func paraLabelOK(name string) bool {
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

// otterHeader recognises an Otter.ai speaker line: a name, two or more
// spaces or a tab, and a time m:ss or h:mm:ss ending the line.
func otterHeader(raw string) (name, ts string, ok bool) {
	s := strings.TrimRight(raw, " \t\u00a0")
	if len(s) > 200 {
		return "", "", false
	}
	sp := strings.LastIndexAny(s, " \t")
	if sp < 0 {
		return "", "", false
	}
	tok := s[sp+1:]
	if strings.ContainsAny(tok, ".,") {
		return "", "", false
	}
	if ts, ok = clock(tok); !ok {
		return "", "", false
	}
	before := s[:sp+1]
	nameEnd := len(strings.TrimRight(before, " \t"))
	if sep := before[nameEnd:]; len(sep) < 2 && !strings.Contains(sep, "\t") {
		return "", "", false
	}
	name = cleanLine(before[:nameEnd])
	if !validName(name) {
		return "", "", false
	}
	return name, ts, true
}

// detectOtter reports whether text has the Otter.ai layout: at least two
// speaker lines (see otterHeader) that follow a blank line or start the
// file and are followed by a line of text (blank lines between allowed, as
// in .docx exports), or one such line that is the first line of the file
// with text.
func detectOtter(text string) bool {
	count := 0
	firstIsHeader := false
	seenText := false
	prevBlank := true
	pending := false // the previous line was a header after a blank line
	done := false
	forEachLine(text, func(_ int, raw string) {
		if done {
			return
		}
		blank := strings.TrimSpace(raw) == ""
		_, _, isHeader := otterHeader(raw)
		if pending && !blank && !isHeader {
			count++
			if count >= 2 {
				done = true
			}
		}
		switch {
		case isHeader:
			pending = prevBlank
		case !blank:
			pending = false
		}
		if !blank && !seenText {
			seenText = true
			firstIsHeader = isHeader
		}
		prevBlank = blank
	})
	return count >= 2 || (count == 1 && firstIsHeader)
}

// parseOtter parses the Otter.ai text export: each speaker line starts a
// turn whose text runs to the next blank line; text after a blank line that
// has no speaker line becomes a turn without speaker.
func parseOtter(text string) []Turn {
	var (
		bufs []*turnBuf
		cur  *turnBuf
	)
	forEachLine(text, func(_ int, raw string) {
		if name, ts, ok := otterHeader(raw); ok {
			cur = &turnBuf{speaker: name, start: ts}
			bufs = append(bufs, cur)
			return
		}
		line := cleanLine(raw)
		if line == "" {
			if cur != nil && cur.first != "" {
				cur = nil
			}
			return
		}
		if cur == nil {
			cur = &turnBuf{}
			bufs = append(bufs, cur)
		}
		cur.add("\n", line)
	})
	return finish(bufs, "\n")
}
