package corpus_test

import (
	"fmt"

	"github.com/grounded-qda/grounded/corpus"
)

func ExampleParse() {
	vtt := `WEBVTT

1
00:00:03.120 --> 00:00:06.000
Interviewer: How did you come to

2
00:00:06.000 --> 00:00:07.500
Interviewer: peer support work?

3
00:00:08.000 --> 00:00:11.250
<v Sam Okafor>Through my own recovery.</v>
`
	tr, err := corpus.Parse("P21.vtt", []byte(vtt))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, t := range tr.Turns {
		fmt.Printf("%d %s [%s–%s] %s\n", t.N, t.Speaker, t.Start, t.End, t.Text)
	}
	_, err = corpus.Parse("P21.vtt", []byte("WEBVTT\n\n1\n00:00:03.120 -> 00:00:06.000\nHi\n"))
	fmt.Println(err)
	// Output:
	// 1 Interviewer [00:00:03.120–00:00:07.500] How did you come to peer support work?
	// 2 Sam Okafor [00:00:08.000–00:00:11.250] Through my own recovery.
	// P21.vtt:4:14: malformed timing line "00:00:03.120 -> 00:00:06.000": the arrow must be "-->"; a timing line looks like 00:00:03.120 --> 00:00:09.480
}
