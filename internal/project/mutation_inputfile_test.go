//go:build unix

package project

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/grounded-qda/grounded/internal/errs"
)

// TestReadInputFileLimits: a file of exactly the limit is read, one byte
// more is refused, and an empty file is read as empty.
func TestReadInputFileLimits(t *testing.T) {
	dir := t.TempDir()
	reg := filepath.Join(dir, "P1.txt")
	data := "Interviewer: hello\n" // 19 bytes
	writeTestFile(t, reg, data)
	if b, err := ReadInputFile(reg, int64(len(data))); err != nil || string(b) != data {
		t.Errorf("a file of exactly the limit: %q, %v", b, err)
	}
	var tl *TooLargeError
	if _, err := ReadInputFile(reg, int64(len(data))-1); !errors.As(err, &tl) || tl.Size != int64(len(data)) {
		t.Errorf("one byte over the limit: %v", err)
	}
	empty := filepath.Join(dir, "empty.txt")
	writeTestFile(t, empty, "")
	if b, err := ReadInputFile(empty, 10); err != nil || len(b) != 0 {
		t.Errorf("empty file: %q, %v", b, err)
	}
}

// TestReadInputFileUnknownSize: a regular file whose size is not known
// before it is read (Linux's /proc files say 0) is read in full, and
// refused as having grown when it passes the limit.
func TestReadInputFileUnknownSize(t *testing.T) {
	const f = "/proc/self/status"
	st, err := os.Stat(f)
	if err != nil || st.Size() != 0 {
		t.Skip("no /proc file of unknown size here")
	}
	b, err := ReadInputFile(f, 1<<20)
	if err != nil || !strings.HasPrefix(string(b), "Name:") || !strings.Contains(string(b), "\nPid:") {
		t.Fatalf("ReadInputFile(%s) = %q, %v", f, b, err)
	}
	var tl *TooLargeError
	_, err = ReadInputFile(f, 10)
	if !errors.As(err, &tl) || !strings.Contains(err.Error(), "more than that (it grew while it was read)") {
		t.Errorf("grown past the limit: %v", err)
	}
}

func TestTooLargeErrorMessage(t *testing.T) {
	e := &TooLargeError{Path: "big.docx", Size: 3<<20 + 1<<19, Max: 2 << 20}
	want := "big.docx: the file has 3.5 MB, more than the 2 MB allowed for it; check that this is the right file, or split it"
	if got := e.Error(); got != want {
		t.Errorf("Error() = %q\nwant      %q", got, want)
	}
}

// TestPlanIngestSizeLimit: a transcript of exactly MaxTranscriptSize bytes
// is not refused for its size (here the bad id is the error), one byte
// more is.
func TestPlanIngestSizeLimit(t *testing.T) {
	p := newProject(t)
	data := make([]byte, MaxTranscriptSize+1)
	_, err := p.PlanIngest([]IngestFile{{Path: "big.txt", Data: data[:MaxTranscriptSize], ID: "bad id!"}}, false, time.Now())
	var inv *errs.Invalid
	if !errors.As(err, &inv) || inv.Field != "id" {
		t.Errorf("exactly the limit: %v", err)
	}
	_, err = p.PlanIngest([]IngestFile{{Path: "big.txt", Data: data, ID: "bad id!"}}, false, time.Now())
	if err == nil || !strings.Contains(err.Error(), "big.txt: the file is larger than 64 MB") {
		t.Errorf("one byte over: %v", err)
	}
}
