package project

import (
	"runtime"
	"sync"

	"github.com/grounded-qda/grounded/coding"
)

// readCodingFiles reads the coding files on every core, each file's
// codings in file order. On errors it returns the error of the first bad
// file in the list, as reading them one by one would.
func (p *Project) readCodingFiles(files []string) ([][]coding.Coding, error) {
	runs := make([][]coding.Coding, len(files))
	errs := make([]error, len(files))
	workers := min(runtime.GOMAXPROCS(0), len(files))
	if workers <= 1 {
		for i, f := range files {
			if runs[i], errs[i] = p.readCodingFile(f); errs[i] != nil {
				return nil, errs[i]
			}
		}
		return runs, nil
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range next {
				runs[i], errs[i] = p.readCodingFile(files[i])
			}
		})
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return runs, nil
}
