package index

import (
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	unicodetok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
)

// The words of a text
//
// The text's analyzer cuts the text into words with wordTokens, the
// grounded_words tokenizer, whose tokens are exactly those of bleve's
// "unicode" tokenizer (the same bytes, offsets, positions and types, for
// any input, valid UTF-8 or not), only faster: bleve's runs the UAX #29
// word segmenter of github.com/blevesearch/segment (a Ragel scanner over
// Unicode 8.0's word-break properties) at about 12-15 MB/s, a good part of
// the cost of an ingest and, since the highlights are computed from the
// positions (wordSpans, positions.go), of a search with many hits; this
// one cuts ASCII at over 100 MB/s. Since the tokens
// are the same, an index written with either tokenizer is the same index
// and SchemaVersion did not change; the "unicode" tokenizer stays
// registered (bleve's package is imported here) for the mappings of the
// indexes that name it.
//
// Most text is ASCII, and on ASCII the segmenter's scanner comes down to
// a few rules, which scanASCII implements. The segmenter's scanner takes
// at each point the longest match of its patterns (the first pattern
// listed, of those of that length), and starts afresh after it. The
// ASCII bytes belong to these word-break classes (Unicode 8.0
// WordBreakProperty.txt, as the segmenter's ragel/uwb.rl lists them):
//
//	ALetter       A-Z a-z
//	Numeric       0-9
//	ExtendNumLet  _
//	MidLetter     :
//	MidNum        , ;
//	MidNumLet     .
//	Single_Quote  '
//	Double_Quote  "   (joins Hebrew letters only)
//	CR, LF        \r \n   (CR LF is one segment)
//	Newline       \v \f
//	none          every other byte: space, tab, other punctuation, controls
//
// No ASCII byte is Extend or Format (the marks that a segment carries
// along). A word (pattern Word, of type Letter: bleve's AlphaNumeric) is
// then a run of letters, digits and underscores in which, besides, a
// MidLetter, MidNumLet or Single_Quote may stand between two letters
// (don't, e.g, a:b; WB6, WB7) and a MidNum, MidNumLet or Single_Quote
// between two digits (3.5, 1,000; WB11, WB12); letters and digits join
// (WB9, WB10, so a1 and 1a are words) and so does an underscore with
// anything (WB13a, WB13b and the segmenter's extension of them: _ and __
// alone are words). The longest such run is the word: scanning from its
// first byte, a middle character ends it unless the characters on both
// sides are of a kind it joins. A word with digits and no letter is also
// matched, at the same length, by the earlier pattern WordNumeric
// (digits and underscores, and middle characters between digits): its
// type is Number,
// bleve's Numeric. Every other byte (or CR LF) is a segment of type None,
// which bleve drops; the positions count the words alone.
//
// Text with other characters goes, in stretches, to bleve's tokenizer:
// not whole, since a turn of a transcript often has a curly apostrophe or
// an accent, and the rest of it is ASCII (the stretches make such a turn
// about three times as fast as bleve's tokenizer makes it).
// The segments partition the text, and a segment starts afresh at its
// first byte, so the text can be cut where a segment surely starts and
// each stretch segmented alone: every segment of the whole text that ends
// at or before the cut is the longest match there in the stretch too. A
// segment surely starts at a cut byte (isCut): an ASCII byte that no
// pattern matches but at the start of a segment; a word's characters, ",
// which may join Hebrew letters, and LF, which may follow CR, are not cut
// bytes. The ASCII stretch before the last cut byte that precedes a
// non-ASCII character is scanned by scanASCII; from that cut to the first
// cut byte after the character, by bleve. Invalid UTF-8 anywhere goes
// wholly to bleve: its scanner may then match a lead byte with the ASCII
// byte after it ("\xe70" is a word), or stop short before an invalid
// byte, dropping the words after it.
const wordsTokenizer = "grounded_words"

func init() {
	if err := registry.RegisterTokenizer(wordsTokenizer, func(map[string]any, *registry.Cache) (analysis.Tokenizer, error) {
		return wordTokens{}, nil
	}); err != nil {
		panic(err)
	}
}

// wordTokens is the grounded_words tokenizer.
type wordTokens struct{}

// Tokenize returns the words of input (see above). Each token's Term is
// the bytes of input, not a copy, as bleve's are.
func (wordTokens) Tokenize(input []byte) analysis.TokenStream {
	var buf [64]wordCut
	cuts := appendWords(buf[:0], input)
	toks := make([]analysis.Token, len(cuts))
	stream := make(analysis.TokenStream, len(cuts))
	for i, w := range cuts {
		toks[i] = analysis.Token{
			Term:     input[w.start:w.end],
			Start:    w.start,
			End:      w.end,
			Position: i + 1,
			Type:     w.typ,
		}
		stream[i] = &toks[i]
	}
	return stream
}

// wordCut is a word of a text: its bytes [start, end) and its type.
type wordCut struct {
	start, end int
	typ        analysis.TokenType
}

// appendWords appends to out the words of text, in order (the word at
// position p is the p-th).
func appendWords[T ~string | ~[]byte](out []wordCut, text T) []wordCut {
	n := len(out)
	for i := 0; i < len(text); { // a segment starts at i
		var k int // the first non-ASCII byte from i
		out, k = scanASCII(out, text, i)
		if k == len(text) {
			break
		}
		if i == 0 && !validUTF8(text[k:]) { // text[:k] is ASCII
			return segmentWords(out[:n], text, 0)
		}
		c := k // the last cut byte before k, else i
		for c > i && !isCut(text[c]) {
			c--
		}
		for len(out) > n && out[len(out)-1].end > c {
			out = out[:len(out)-1] // cut again by bleve
		}
		d := k // the first cut byte after k, else the end
		for d < len(text) && !isCut(text[d]) {
			d++
		}
		out = segmentWords(out, text[c:d], c)
		i = d
	}
	return out
}

// isCut reports whether a segment starts at every c of a text (see
// above): an ASCII byte that is not a word's character, ", or LF.
func isCut(c byte) bool {
	return c < utf8.RuneSelf && c != '"' && c != '\n' && classOf(c) == classNone
}

// validUTF8 is utf8.Valid or utf8.ValidString.
func validUTF8[T ~string | ~[]byte](text T) bool {
	for i := 0; i < len(text); {
		if text[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(string(text[i:min(i+utf8.UTFMax, len(text))]))
		if r == utf8.RuneError && size == 1 {
			return false
		}
		i += size
	}
	return true
}

// segmentWords appends the words of text, which starts at byte base of
// the whole text, as bleve's tokenizer cuts them.
func segmentWords[T ~string | ~[]byte](out []wordCut, text T, base int) []wordCut {
	for _, t := range unicodetok.NewUnicodeTokenizer().Tokenize([]byte(text)) {
		out = append(out, wordCut{base + t.Start, base + t.End, t.Type})
	}
	return out
}

// The word-break classes of the ASCII bytes (see above), named by a
// byte of each.
const (
	classNone      = ' '
	classLetter    = 'a' // ALetter
	classDigit     = '0' // Numeric
	classUnder     = '_' // ExtendNumLet
	classMidLetter = ':' // MidLetter
	classMidNum    = ',' // MidNum
	classMidBoth   = '.' // MidNumLet and Single_Quote: between letters or digits
)

// asciiClasses is the class of each ASCII byte.
const asciiClasses = "" +
	"                " + // 0x00: controls, \n \v \f \r
	"                " + // 0x10: controls
	"       .    , . " + // 0x20: space ! " # $ % & ' ( ) * + , - . /
	"0000000000:,    " + // 0x30: 0-9 : ; < = > ?
	" aaaaaaaaaaaaaaa" + // 0x40: @ A-O
	"aaaaaaaaaaa    _" + // 0x50: P-Z [ \ ] ^ _
	" aaaaaaaaaaaaaaa" + // 0x60: ` a-o
	"aaaaaaaaaaa     " //   0x70: p-z { | } ~ DEL

// classOf is the word-break class of the byte c, classNone if it is not
// ASCII.
func classOf(c byte) byte {
	if c >= utf8.RuneSelf {
		return classNone
	}
	return asciiClasses[c]
}

// scanASCII appends the words of text from byte i (the start of a
// segment) to its first non-ASCII byte, or its end, which it returns
// (see above). The last word may end at that byte, where it might have
// gone on.
func scanASCII[T ~string | ~[]byte](out []wordCut, text T, i int) ([]wordCut, int) {
	for i < len(text) {
		switch classOf(text[i]) {
		case classLetter, classDigit, classUnder:
		default:
			if text[i] >= utf8.RuneSelf {
				return out, i
			}
			i++ // a segment of type None
			continue
		}
		start := i
		letters, digits := false, false
	word:
		for ; i < len(text); i++ {
			k := classOf(text[i])
			if k == classLetter { // most bytes of a word
				letters = true
				continue
			}
			switch k {
			case classDigit:
				digits = true
			case classUnder:
			case classMidLetter, classMidNum, classMidBoth:
				// text[i-1] is of the word: its first byte is not a
				// middle character.
				if i+1 == len(text) || !joins(classOf(text[i-1]), k, classOf(text[i+1])) {
					break word
				}
			default:
				break word
			}
		}
		typ := analysis.AlphaNumeric
		if digits && !letters {
			typ = analysis.Numeric
		}
		out = append(out, wordCut{start, i, typ})
	}
	return out, i
}

// joins reports whether a middle character of class mid stands inside a
// word between characters of classes before and after: between letters
// (WB6, WB7) or between digits (WB11, WB12).
func joins(before, mid, after byte) bool {
	switch {
	case before != after:
		return false
	case before == classLetter:
		return mid == classMidLetter || mid == classMidBoth
	case before == classDigit:
		return mid == classMidNum || mid == classMidBoth
	}
	return false
}
