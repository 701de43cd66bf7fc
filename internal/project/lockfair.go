package project

import (
	"context"
	"errors"
	"os"
	"time"

	"github.com/gofrs/flock"
)

// WaitLockFile is the "writer waiting" lock (in the cache directory, which
// git ignores). A writer holds it exclusively from the moment it starts
// waiting until it has the project lock; a reader takes it shared for a
// moment before taking the project lock. So once a writer waits, new
// readers queue behind it instead of overtaking it, and a stream of
// readers (a loop of 'check' or 'search') cannot starve a writer.
const WaitLockFile = CacheDir + "/writer-waiting.lock"

type waitLock struct{ fl *flock.Flock }

func (w waitLock) release() {
	if w.fl != nil {
		w.fl.Unlock()
	}
}

// passWaiting takes the waiting lock (exclusively for a writer). Where it
// cannot be created (a read-only project), it is skipped: nobody can
// write there anyway.
func (p *Project) passWaiting(ctx context.Context, exclusive bool) (waitLock, error) {
	if err := os.MkdirAll(p.Path(CacheDir), 0o755); err != nil {
		return waitLock{}, nil
	}
	if st, err := os.Lstat(p.Path(CacheDir)); err != nil || !st.IsDir() {
		return waitLock{}, nil // a link or a file: do without
	}
	if st, err := os.Lstat(p.Path(WaitLockFile)); err == nil && !st.Mode().IsRegular() {
		return waitLock{}, nil // not ours (a link): do without
	}
	fl := flock.New(p.Path(WaitLockFile))
	var ok bool
	var err error
	if exclusive {
		ok, err = fl.TryLockContext(ctx, 20*time.Millisecond)
	} else {
		ok, err = fl.TryRLockContext(ctx, 20*time.Millisecond)
	}
	if err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return waitLock{}, nil // e.g. permission denied: do without
	}
	if !ok {
		// Timed out behind a waiting writer: let the project lock report
		// it (with its message) by trying it once more without waiting.
		return waitLock{}, nil
	}
	return waitLock{fl}, nil
}
