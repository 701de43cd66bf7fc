package index

import (
	"encoding/binary"
	"hash/fnv"
	"strconv"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
)

// The words an index was made with
//
// An index holds the terms its analyzer made of each turn, and the
// positions of its words; a search analyses its query with the analyzer
// of the grounded that runs it, and marks as highlights the words that
// this grounded's tokenizer cuts at those positions (positions.go). Both
// are right only if the analysis is the one the index was made with: a
// tokenizer that cuts one word more (a newer Unicode version, a fixed
// bug) would shift every highlight after it to the wrong words, and a
// stemmer or fold that changed would make query terms that the index
// never holds, so that hits silently go missing. SchemaVersion changes
// when grounded means to change them; wordsFingerprint catches the rest:
// it sums up what the analysis makes of wordsProbe, a text that exercises
// its rules, and each manifest records it (manifest.Words). An index
// whose fingerprint is not this grounded's is rebuilt, with a notice, as
// an index of another schema is.

// wordsProbe is the text the fingerprint is made of: ASCII words,
// numbers, contractions, abbreviations and punctuation, folded accents
// (precomposed and combining), apostrophes, stems, and scripts cut by
// other rules (Han, kana, Hangul, Thai, Hebrew, Arabic, emoji sequences,
// flags), with the separators the word-boundary rules treat apart.
const wordsProbe = "Trusting trusted trust TRUST, don't DON’T it’s Ana's o'clock rock'n'roll; " +
	"3.5 1,000 10:30 1;2 a.b.c e.g. U.S.A. x_y _ __init__ 'quoted' \"said\" -- ... ¿qué? ¡sí! " +
	"café Café cafe\u0301 naïve Zoë Zoe\u0308 résumé fonctionnalité straße Æsir Øre ﬁne " +
	"\r\n\t\v\f\u0085\u2028\u00a0\u200b\u00ad soft\u00adhyphen zero\u200bwidth " +
	"日本語のテキスト カタカナ ひらがな 한국어 텍스트 ภาษาไทย עברית ו\"ל צה\"ל العربية ١٢٣ " +
	"👩‍⚕️ 👍🏽 🇨🇦 ❤️ #1 @name example.com a@b.org $12.50 50% C++ C# 3-4 well-being"

// wordsFingerprint is the fingerprint of this grounded's analysis of the
// text; "" when its mapping cannot be made (then it is not checked: every
// search fails on the mapping anyway).
var wordsFingerprint = sync.OnceValue(func() string {
	m, err := newMapping()
	if err != nil {
		return ""
	}
	a := m.AnalyzerNamed(textAnalyzer)
	return fingerprintWords(func(s string) analysis.TokenStream { return a.Analyze([]byte(s)) }, wordSpans)
})

// fingerprintWords sums up what analyze (the text's analyzer) and spans
// (the words of the highlights) make of wordsProbe: each token's term,
// position, offsets and type, and each word's byte range.
func fingerprintWords(analyze func(string) analysis.TokenStream, spans func(string) []Span) string {
	h := fnv.New64a()
	put := func(vals ...int) {
		for _, v := range vals {
			_, _ = h.Write(binary.LittleEndian.AppendUint64(nil, uint64(v)))
		}
	}
	for _, t := range analyze(wordsProbe) {
		put(len(t.Term), t.Position, t.Start, t.End, int(t.Type))
		_, _ = h.Write(t.Term)
	}
	for _, s := range spans(wordsProbe) {
		put(s.Start, s.End)
	}
	return strconv.FormatUint(h.Sum64(), 16)
}
