package project

import (
	"runtime"

	"github.com/grounded-qda/grounded/corpus"
)

// Parsing ahead
//
// An ingest checks and plans the files in order, one after the other (a
// file's id may clash with an earlier one's, and the first problem in the
// order given is the one reported). Reading and parsing a transcript, the
// largest part of that work, depends on the file alone, so a parseStream
// does it ahead of the plan, on every core, for the files of at most
// parseAheadMax bytes; the plan then takes each file's result in turn,
// exactly as if it had read and parsed it there. A larger file is read and
// parsed by the plan itself, in turn, so that the memory of parsing large
// files (up to corpus.MaxFileSize each) is never taken by several at once.
//
// The stream runs at most parseLookahead files ahead of the plan: the
// files read and parsed and not yet planned are bounded by that number,
// not by the number of files given, and an ingest of ten thousand files
// holds no more of them at once than one of a hundred.

// parseAheadMax is the largest file parsed ahead (an interview of two
// hours is about 150 KB of text).
const parseAheadMax = 1 << 20

// parseLookahead is the most files read and parsed ahead of the plan, per
// core.
const parseLookahead = 4

// parsed is a file read and parsed: its bytes, its transcript, its turns
// encoded as turns.jsonl and their SHA-256, or the error of reading or
// parsing it.
type parsed struct {
	data    []byte
	tr      *corpus.Transcript
	turns   []byte
	textSHA string
	err     error
}

// parseFile reads and parses one file as the plan does.
func parseFile(f IngestFile) parsed {
	data, err := f.read()
	if err != nil {
		return parsed{err: err}
	}
	tr, err := corpus.Parse(f.Path, data)
	if err != nil {
		return parsed{err: err}
	}
	turns := EncodeTurns(tr.Turns)
	return parsed{data: data, tr: tr, turns: turns, textSHA: SHA256(turns)}
}

// parseStream reads and parses files ahead of the plan (see "Parsing
// ahead"). take must be called for the files in order; close stops it.
type parseStream struct {
	files []IngestFile
	out   []parsed
	// ready[i] is closed when out[i] is set; nil for a file not parsed
	// ahead.
	ready  []chan struct{}
	tokens chan struct{} // one for each file parsed ahead and not taken
	stop   chan struct{}
	done   chan struct{} // closed when the feeder and workers have ended
}

// newParseStream starts parsing the files of at most parseAheadMax bytes
// ahead, when there are two or more of them.
func newParseStream(files []IngestFile) *parseStream {
	s := &parseStream{files: files, out: make([]parsed, len(files)), ready: make([]chan struct{}, len(files))}
	var small []int
	for i, f := range files {
		if f.size() <= parseAheadMax {
			small = append(small, i)
		}
	}
	if len(small) < 2 {
		return s
	}
	for _, i := range small {
		s.ready[i] = make(chan struct{})
	}
	workers := min(runtime.GOMAXPROCS(0), len(small))
	s.tokens = make(chan struct{}, parseLookahead*workers)
	s.stop = make(chan struct{})
	s.done = make(chan struct{})
	work := make(chan int)
	ended := make(chan struct{})
	go func() { // the feeder: hands out the files in order, as tokens allow
		defer close(work)
		for _, i := range small {
			select {
			case s.tokens <- struct{}{}:
			case <-s.stop:
				return
			}
			select {
			case work <- i:
			case <-s.stop:
				return
			}
		}
	}()
	for range workers {
		go func() {
			for i := range work {
				s.out[i] = parseFile(files[i])
				close(s.ready[i])
			}
			ended <- struct{}{}
		}()
	}
	go func() {
		for range workers {
			<-ended
		}
		close(s.done)
	}()
	return s
}

// take returns file i read and parsed, parsing it now if it was not
// parsed ahead; the stream keeps nothing of it.
func (s *parseStream) take(i int) parsed {
	if s.ready[i] == nil {
		return parseFile(s.files[i])
	}
	<-s.ready[i]
	r := s.out[i]
	s.out[i] = parsed{}
	<-s.tokens
	return r
}

// close stops parsing ahead and returns when the workers have ended.
func (s *parseStream) close() {
	if s.stop == nil {
		return
	}
	close(s.stop)
	<-s.done
	s.stop = nil
}
