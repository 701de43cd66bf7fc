package coding_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/grounded-qda/grounded/bench/gen"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
)

// longTurns returns the turns of a transcript whose turn gen.LongTurn has
// 300,000 characters.
func longTurns(b *testing.B) []corpus.Turn {
	b.Helper()
	tr, err := corpus.Parse("long.txt", []byte(gen.LongTurnTranscript(1, 300_000)))
	if err != nil {
		b.Fatal(err)
	}
	return tr.Turns
}

// BenchmarkResolveLongTurn resolves a span near the end of a turn of
// 300,000 characters (offsets are code points, so this walks the turn).
func BenchmarkResolveLongTurn(b *testing.B) {
	turns := longTurns(b)
	n := turns[gen.LongTurn-1].Len()
	ref := corpus.Ref{Source: "L", Turn: gen.LongTurn, HasSpan: true, Start: n - 60, End: n - 10}
	for b.Loop() {
		if _, err := coding.Resolve(ref, turns); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFindQuoteLongTurn finds the last words of a 300,000-character
// turn, exactly, and with typographic quote marks where the text has
// straight ones (the loose pass).
func BenchmarkFindQuoteLongTurn(b *testing.B) {
	turns := longTurns(b)
	text := turns[gen.LongTurn-1].Text
	words := strings.Fields(text)
	quote := strings.Join(words[len(words)-12:], " ")
	ref := corpus.Ref{Source: "L", Turn: gen.LongTurn}
	b.Run("exact", func(b *testing.B) {
		for b.Loop() {
			if _, err := coding.FindQuote(ref, turns, quote); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("loose", func(b *testing.B) {
		loose := strings.ReplaceAll(quote, " ", "  ") // white space differs: the loose pass
		for b.Loop() {
			if _, err := coding.FindQuote(ref, turns, loose); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("whole source", func(b *testing.B) {
		for b.Loop() {
			if _, err := coding.FindQuote(corpus.Ref{Source: "L"}, turns, quote); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// codings10k returns 10,000 codings with realistic quotes.
func codings10k() []coding.Coding {
	text := gen.Transcript(1, 1, 200)
	cs := make([]coding.Coding, 10_000)
	t0 := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	for i := range cs {
		start := (i * 37) % (len(text) - 200)
		cs[i] = coding.Coding{
			ID: fmt.Sprintf("%012x", i*7919), Code: gen.Codes[i%len(gen.Codes)], Source: fmt.Sprintf("P%04d", i%17+1),
			Turn: i%200 + 1, Start: start % 300, End: start%300 + 80, Quote: text[start : start+80],
			Coder: []string{"alice", "bob"}[i%2], Created: t0.Add(time.Duration(i) * time.Second),
		}
	}
	return cs
}

// BenchmarkEncodeJSONL10k sorts and encodes 10,000 codings as JSON Lines.
func BenchmarkEncodeJSONL10k(b *testing.B) {
	cs := codings10k()
	b.SetBytes(int64(len(coding.EncodeJSONL(cs))))
	for b.Loop() {
		coding.EncodeJSONL(cs)
	}
}

// BenchmarkReadJSONL10k decodes 10,000 codings from JSON Lines.
func BenchmarkReadJSONL10k(b *testing.B) {
	data := coding.EncodeJSONL(codings10k())
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		cs, err := coding.ReadJSONL[coding.Coding]("x.jsonl", bytes.NewReader(data))
		if err != nil || len(cs) != 10_000 {
			b.Fatal(len(cs), err)
		}
	}
}

// BenchmarkInsertSorted3k adds one coding to a file of 3,000 (the size of
// a coder's file of one source at 100,000 codings over 17 transcripts).
func BenchmarkInsertSorted3k(b *testing.B) {
	var cs []coding.Coding
	for i := range 3000 {
		cs = append(cs, coding.Coding{ID: fmt.Sprintf("%012x", i), Code: "Code " + fmt.Sprint(i%40), Source: "P0001", Turn: 1 + i%200, Start: i % 50, End: i%50 + 20,
			Quote: "some words of the turn, quoted exactly", Coder: "alice", Created: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)})
	}
	data := coding.EncodeJSONL(cs)
	c := coding.Coding{ID: "ffffffffffff", Code: "New", Source: "P0001", Turn: 100, Start: 1, End: 5, Quote: "word", Coder: "alice", Created: time.Now()}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, ok, err := coding.InsertSorted(data, c); err != nil || !ok {
			b.Fatal(ok, err)
		}
	}
}
