package refi

import (
	"strings"

	"github.com/grounded-qda/grounded/corpus"
)

// alignment maps the characters of a source's normalised text to the turns
// recovered from it. Turn texts are that text without speaker labels,
// timestamps and blank lines, with each line trimmed and runs of white
// space made one space (see package corpus), so every turn character comes
// from one character of the text, in order; labels and separators map to
// no turn.
type alignment struct {
	turn []int32 // per character of the text: turn index, or -1
	off  []int32 // offset in that turn's text
}

// anchorWindow is how far past the previous line align looks for the
// start of the next one (labels, timestamps and blank lines lie between).
const anchorWindow = 4096

// prefixLen is how many characters of a line must match to anchor it.
const prefixLen = 24

func align(text []rune, turns []corpus.Turn) alignment {
	al := alignment{turn: make([]int32, len(text)), off: make([]int32, len(text))}
	for i := range al.turn {
		al.turn[i] = -1
	}
	set := func(q, t, o int) {
		al.turn[q], al.off[q] = int32(t), int32(o)
	}
	p := 0
	for ti, t := range turns {
		off := 0
		lines := strings.Split(t.Text, "\n")
		for li, line := range lines {
			lr := []rune(line)
			q := anchor(text, p, lr)
			if q < 0 {
				off += len(lr) + 1
				continue
			}
			j := 0
			for j < len(lr) && q < len(text) {
				c, r := lr[j], text[q]
				switch {
				case r == '\n':
					j = len(lr) // the line ended early: give up on the rest
					continue
				case dropped(r):
					q++
				case c == ' ' && hspace(r):
					set(q, ti, off+j)
					q++
					for q < len(text) && (hspace(text[q]) || dropped(text[q])) {
						q++
					}
					j++
				case c == r:
					set(q, ti, off+j)
					q++
					j++
				default:
					// Resynchronise on the next occurrence of c in the line.
					k := q + 1
					for k < len(text) && text[k] != '\n' && text[k] != c {
						k++
					}
					if k < len(text) && text[k] == c {
						q = k
					} else {
						j++
					}
				}
			}
			// The line break inside a turn maps to the next line end.
			for q < len(text) && text[q] != '\n' {
				q++
			}
			if li < len(lines)-1 && q < len(text) {
				set(q, ti, off+len(lr))
			}
			off += len(lr) + 1
			p = q
		}
	}
	return al
}

// anchor finds where line starts in text, at or after p.
func anchor(text []rune, p int, line []rune) int {
	if len(line) == 0 {
		return -1
	}
	k := min(len(line), prefixLen)
	for q := p; q < len(text) && q <= p+anchorWindow; q++ {
		if matchAt(text, q, line[:k]) {
			return q
		}
	}
	return -1
}

// matchAt reports whether want occurs in text at q, allowing for the
// normalisation of white space and control characters.
func matchAt(text []rune, q int, want []rune) bool {
	if q >= len(text) || text[q] != want[0] {
		return false
	}
	j := 0
	for j < len(want) {
		if q >= len(text) {
			return false
		}
		c, r := want[j], text[q]
		switch {
		case r == '\n':
			return false
		case dropped(r):
			q++
		case c == ' ' && hspace(r):
			q++
			for q < len(text) && (hspace(text[q]) || dropped(text[q])) {
				q++
			}
			j++
		case c == r:
			q++
			j++
		default:
			return false
		}
	}
	return true
}

// hspace and dropped follow the normalisation of package corpus.
func hspace(r rune) bool {
	switch r {
	case ' ', '\t', '\v', '\f', 0xA0, 0x1680, 0x202F, 0x205F, 0x3000:
		return true
	}
	return r >= 0x2000 && r <= 0x200A
}

func dropped(r rune) bool {
	return (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f || (r >= 0x80 && r < 0xA0) || r == 0xFEFF
}

// locate maps the span [s, e) of the text to the turns: the first and the
// last turn character inside it. It reports false when the span holds no
// turn character (only a label or blank lines).
func (al alignment) locate(s, e int) (t1, o1, t2, o2 int, ok bool) {
	first, last := -1, -1
	for q := s; q < e && q < len(al.turn); q++ {
		if al.turn[q] >= 0 {
			first = q
			break
		}
	}
	if first < 0 {
		return 0, 0, 0, 0, false
	}
	for q := min(e, len(al.turn)) - 1; q >= first; q-- {
		if al.turn[q] >= 0 {
			last = q
			break
		}
	}
	return int(al.turn[first]), int(al.off[first]), int(al.turn[last]), int(al.off[last]) + 1, true
}
