package project

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/gofrs/flock"
)

// DefaultLockTimeout is how long a command waits for another one that holds
// the project lock. GROUNDED_LOCK_TIMEOUT (a Go duration such as "30s")
// overrides it.
const DefaultLockTimeout = 30 * time.Second

// ErrLocked is returned when the project lock could not be taken in time.
var ErrLocked = errors.New("the project is busy")

// Lock is a held project lock. Release it with Unlock.
type Lock struct {
	fl        *flock.Flock
	exclusive bool
}

// Intact reports an error when the lock file this lock holds is no longer
// the one at the lock's path (deleted, e.g. by 'git clean -fdX', or
// replaced): another command could then take the lock at the same time.
func (l *Lock) Intact() error {
	if l == nil || l.fl == nil {
		return nil
	}
	held, err := l.fl.Stat()
	if err != nil {
		return err
	}
	now, err := os.Lstat(l.fl.Path())
	if err != nil || !os.SameFile(held, now) {
		return fmt.Errorf("%w: the lock file %s was deleted or replaced while this command held it (e.g. by 'git clean -fdX'), so another command may be changing the project at the same time; nothing was written: run the command again", ErrLockLost, l.fl.Path())
	}
	return nil
}

// ErrLockLost is returned when the lock file was deleted or replaced under
// a command that held it.
var ErrLockLost = errors.New("the project lock was lost")

// Unlock releases the lock.
func (l *Lock) Unlock() error {
	if l == nil || l.fl == nil {
		return nil
	}
	return l.fl.Unlock()
}

// Exclusive reports whether the lock is held for writing.
func (l *Lock) Exclusive() bool { return l != nil && l.exclusive }

// LockTimeout is how long a command waits for a lock held by another one.
func LockTimeout() time.Duration {
	if s := os.Getenv("GROUNDED_LOCK_TIMEOUT"); s != "" {
		if d, err := time.ParseDuration(s); err == nil && d >= 0 {
			return d
		}
		if n, err := strconv.Atoi(s); err == nil && n >= 0 {
			return time.Duration(n) * time.Second
		}
	}
	return DefaultLockTimeout
}

func (p *Project) lock(exclusive bool) (*Lock, error) {
	timeout := p.LockWait()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	// Writer preference (lockfair.go): a writer holds the waiting lock
	// while it waits, and a new reader passes through it first, so a
	// stream of readers cannot keep a writer out.
	wait, err := p.passWaiting(ctx, exclusive)
	if err != nil {
		return nil, err
	}
	defer wait.release()
	for {
		fl := flock.New(p.Path(LockFile))
		var ok bool
		var err error
		if exclusive {
			ok, err = fl.TryLockContext(ctx, 20*time.Millisecond)
		} else {
			ok, err = fl.TryRLockContext(ctx, 20*time.Millisecond)
		}
		if err != nil && !errors.Is(err, context.DeadlineExceeded) {
			if errors.Is(err, os.ErrPermission) && !exclusive {
				// A read-only project: readers proceed without a lock file.
				return &Lock{}, nil
			}
			return nil, fmt.Errorf("lock %s: %w", p.Path(LockFile), err)
		}
		if !ok {
			return nil, fmt.Errorf("%w: another grounded command has held %s for %s; wait for it to finish and try again (GROUNDED_LOCK_TIMEOUT sets how long to wait)", ErrLocked, p.Path(LockFile), timeout)
		}
		l := &Lock{fl: fl, exclusive: exclusive}
		if l.Intact() == nil {
			if exclusive {
				p.writeLock = l
			}
			return l, nil
		}
		// The file was deleted or replaced between opening and locking
		// it: the lock is on a file nobody else sees. Take it again.
		fl.Unlock()
	}
}

// Lock takes the project lock for writing, waiting up to the lock timeout,
// and then finishes any transaction a crashed process left behind.
func (p *Project) Lock() (*Lock, error) {
	l, err := p.lock(true)
	if err != nil {
		return nil, err
	}
	if err := p.recover(); err != nil {
		l.Unlock()
		return nil, err
	}
	return l, nil
}

// RLock takes the project lock for reading. Several readers may hold it at
// once; writers wait for them. When a crashed writer left a transaction
// behind, RLock finishes it first under the write lock.
func (p *Project) RLock() (*Lock, error) {
	for range 3 {
		if _, err := os.Lstat(p.Path(JournalFile)); err == nil {
			l, err := p.Lock()
			if err != nil {
				return nil, err
			}
			l.Unlock()
		}
		l, err := p.lock(false)
		if err != nil {
			return nil, err
		}
		// A writer that held the lock while this reader waited may have
		// died after its commit point: finish its change before reading.
		if _, err := os.Lstat(p.Path(JournalFile)); err != nil || l.fl == nil {
			return l, nil
		}
		l.Unlock()
	}
	return nil, fmt.Errorf("%w: %s keeps reappearing; another grounded command is failing to finish its change", ErrLocked, p.Path(JournalFile))
}
