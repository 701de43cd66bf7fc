package project

import (
	"runtime"

	"github.com/grounded-qda/grounded/corpus"
)

// Parsing ahead
//
// PlanIngest checks and plans the files in order, one after the other
// (a file's id may clash with an earlier one's, and the first problem
// in the order given is the one reported). Parsing a transcript, the
// largest part of that work, depends on the file alone, so parseAhead
// does it first for all the small files, on every core; the plan then
// takes each file's result in turn, exactly as if it had parsed it there.
// A file larger than parseAheadMax is parsed by the plan itself, in
// turn, so that the memory of parsing large files (up to
// corpus.MaxFileSize each) is never taken by several at once.

// parseAheadMax is the largest file parsed ahead (an interview of two
// hours is about 150 KB of text).
const parseAheadMax = 1 << 20

// parsed is a file parsed ahead: its transcript and the SHA-256 of its
// encoded turns, or the error of corpus.Parse.
type parsed struct {
	tr      *corpus.Transcript
	textSHA string
	err     error
}

// parseFile parses one file as the plan does.
func parseFile(f IngestFile) parsed {
	tr, err := corpus.Parse(f.Path, f.Data)
	if err != nil {
		return parsed{err: err}
	}
	return parsed{tr: tr, textSHA: SHA256(EncodeTurns(tr.Turns))}
}

// parseAhead parses the files of at most parseAheadMax bytes on every
// core; the result has an entry for each file, nil for those not parsed.
func parseAhead(files []IngestFile) []*parsed {
	out := make([]*parsed, len(files))
	var small []int
	for i, f := range files {
		if len(f.Data) <= parseAheadMax {
			small = append(small, i)
		}
	}
	if len(small) < 2 {
		return out
	}
	next := make(chan int)
	done := make(chan struct{})
	workers := min(runtime.GOMAXPROCS(0), len(small))
	for range workers {
		go func() {
			for i := range next {
				r := parseFile(files[i])
				out[i] = &r
			}
			done <- struct{}{}
		}()
	}
	for _, i := range small {
		next <- i
	}
	close(next)
	for range workers {
		<-done
	}
	return out
}
