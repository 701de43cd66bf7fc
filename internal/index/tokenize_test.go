package index

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	unicodetok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
)

// wordTokenizer is the text's tokenizer, for the tests that cut a text
// into words as the index does.
var wordTokenizer = wordTokens{}

// tokenList prints a token stream with all that a tokenizer sets.
func tokenList(ts analysis.TokenStream) string {
	var b strings.Builder
	for _, t := range ts {
		fmt.Fprintf(&b, "%q@%d[%d:%d]%d ", t.Term, t.Position, t.Start, t.End, t.Type)
	}
	return b.String()
}

// sameWords reports how the words tokenizer, and wordSpans, differ from
// bleve's unicode tokenizer on text ("" if they do not).
func sameWords(text []byte) string {
	ref := unicodetok.NewUnicodeTokenizer().Tokenize(text)
	if got, want := tokenList(wordTokens{}.Tokenize(text)), tokenList(ref); got != want {
		return fmt.Sprintf("%q: tokens\n got %s\nwant %s", text, got, want)
	}
	spans := wordSpans(string(text))
	want := make([]Span, len(ref))
	for i, t := range ref {
		want[i] = Span{t.Start, t.End}
	}
	if fmt.Sprint(spans) != fmt.Sprint(want) {
		return fmt.Sprintf("%q: wordSpans\n got %v\nwant %v", text, spans, want)
	}
	return ""
}

// asciiAtoms are the pieces of the random ASCII texts: words and numbers
// with the middle characters of UAX #29 inside and around them, and each
// character of the classes that the rules tell apart.
var asciiAtoms = []string{
	"a", "Z", "word", "I", "7", "42", "a1", "1a", "don't", "3.5", "1,000", "1;2", "1:2", "a:b",
	"a.b.c", "e.g.", "U.S.", "x_y", "_", "__", "'quoted'", "a'1", "1'5", "1.a", "a.1", "1_000",
	".", ",", ";", ":", "'", "_", `"`, "..", ".'", "',", "\r", "\n", "\r\n", "\n\r", "\t", " ",
	"  ", "-", "!?", "(", ")", "\v", "\f", "\x00", "\x1b", "\x7f", "`", "^", "@", "#",
}

// otherAtoms are non-ASCII pieces: apostrophes and letters of the
// transcripts, marks that a segment carries along (combining, soft
// hyphen), the characters of the segmenter's other word types (Hebrew
// with its quotes, Katakana, Han, Hiragana, Hangul, regional
// indicators), the other newlines, emoji, and invalid UTF-8 (a lone
// lead byte, a lead byte before ASCII, a stray continuation byte).
var otherAtoms = []string{
	"’", "‘", "“", "”", "é", "e\u0301", "\u0301", "\u00ad", "א", "בּ", `א"ב`, "א'", "カ", "ー", "王", "ひ", "한",
	"🇫🇷", "\u0085", "\u2028", "😀", "\u200d", "\ufeff", "Ⅻ", "١٢", "\xff", "\xc3", "\xcd", "\xe2\x80", "\x80",
}

// randomText joins up to n atoms, and some random bytes below max.
func randomText(r *rand.Rand, atoms []string, n int, max int) string {
	var b strings.Builder
	for range 1 + r.IntN(n) {
		if r.IntN(8) == 0 {
			b.WriteByte(byte(r.IntN(max)))
		} else {
			b.WriteString(atoms[r.IntN(len(atoms))])
		}
	}
	return b.String()
}

// TestWordsTokenizerMatchesUnicode checks the words tokenizer, and
// wordSpans, against bleve's unicode tokenizer, token by token (term,
// offsets, position, type): on the example transcripts and the texts of
// the stemmer's tests, on random ASCII texts made of the characters that
// the word-boundary rules tell apart, and on random texts that mix them
// with non-ASCII characters (bleve's stretches), valid UTF-8 or not.
func TestWordsTokenizerMatchesUnicode(t *testing.T) {
	texts := stemTexts(t)
	files, err := filepath.Glob(filepath.Join("..", "..", "examples", "transcripts", "*"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files { // the .docx too: bytes of a zip
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	r := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		texts = append(texts, randomText(r, asciiAtoms, 30, 128))
	}
	mixed := append(append([]string(nil), asciiAtoms...), otherAtoms...)
	for range 20000 {
		texts = append(texts, randomText(r, mixed, 30, 256))
	}
	ascii, failed := 0, 0
	for _, text := range texts {
		if isASCII(text) {
			ascii++
		}
		if d := sameWords([]byte(text)); d != "" {
			t.Error(d)
			if failed++; failed == 10 {
				t.Fatal("and more")
			}
		}
	}
	if ascii < 20000 || len(texts)-ascii < 15000 {
		t.Errorf("%d texts in ASCII and %d not", ascii, len(texts)-ascii)
	}
}

// FuzzWordsTokenizer checks the words tokenizer against bleve's unicode
// tokenizer on any bytes.
func FuzzWordsTokenizer(f *testing.F) {
	for _, s := range []string{"don't 3.5 1,000 a.b.c e.g. U.S. x_y 'quoted'\r\n", "don’t stop", "a\xffb c", "_1_ a1.2 1a.b", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		if d := sameWords(text); d != "" {
			t.Fatal(d)
		}
	})
}

// benchTurn is a turn of 290 bytes of a generated transcript.
const benchTurn = "Jordan Cohen: Been the the coffee there rapport, have and, that be to quiet, if, counsellor and long maybe do counsellor and later. Remember not about because of that could and, back the advocate there time. Client the that come and relapse read on have he the, of made the I cared with we you."

// benchTexts are the benchmarks' texts: benchTurn, the same with curly
// apostrophes and an accent, and the longest example transcript.
func benchTexts(b *testing.B) map[string][]byte {
	long, err := os.ReadFile(filepath.Join("..", "..", "examples", "transcripts", "P02.vtt"))
	if err != nil {
		b.Fatal(err)
	}
	curly := strings.NewReplacer("Been", "I’ve been", "counsellor", "counsellor’s", "relapse", "rechute à").Replace(benchTurn)
	return map[string][]byte{"turn": []byte(benchTurn), "curly": []byte(curly), "transcript": long}
}

// BenchmarkWordsTokenizer measures the words tokenizer, wordSpans and
// bleve's unicode tokenizer on the same texts.
func BenchmarkWordsTokenizer(b *testing.B) {
	for _, name := range []string{"turn", "curly", "transcript"} {
		text := benchTexts(b)[name]
		b.Run(name+"/words", func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				wordTokens{}.Tokenize(text)
			}
		})
		b.Run(name+"/spans", func(b *testing.B) {
			s := string(text)
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				wordSpans(s)
			}
		})
		b.Run(name+"/unicode", func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				unicodetok.NewUnicodeTokenizer().Tokenize(text)
			}
		})
	}
}
