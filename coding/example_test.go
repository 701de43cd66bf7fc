package coding_test

import (
	"errors"
	"fmt"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
)

// FindQuote finds the span to code from the words a researcher copied,
// even when their quote marks, dashes or spaces differ from the
// transcript's. Offsets are code points within the turn.
func ExampleFindQuote() {
	turns := []corpus.Turn{
		{N: 1, Speaker: "Interviewer", Text: "How did trust start?"},
		{N: 2, Speaker: "Zoë", Text: "Zoë’s “trust” grew — slowly. He kept showing up."},
	}
	sp, err := coding.FindQuote(corpus.Ref{Source: "P03"}, turns, `"trust" grew - slowly`)
	if err != nil {
		panic(err)
	}
	fmt.Println(sp.Ref(), sp.Quote)

	_, err = coding.FindQuote(corpus.Ref{Source: "P03"}, turns, "trust")
	fmt.Println(errors.Is(err, coding.ErrQuoteAmbiguous))
	fmt.Println(err)

	_, err = coding.FindQuote(corpus.Ref{Source: "P03", Turn: 1}, turns, "showing up")
	fmt.Println(errors.Is(err, coding.ErrQuoteNotFound))
	// Output:
	// P03#2:6-27 “trust” grew — slowly
	// true
	// the quote "trust" occurs 2 times in source P03; give the turn (e.g. P03#1:8-13) or a longer quote. Candidates:
	//   P03#1:8-13  How did [[trust]] start?
	//   P03#2:7-12  Zoë’s “[[trust]]” grew — slowly. He kept showing…
	// true
}
