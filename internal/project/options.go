package project

import (
	"strconv"
	"time"
)

// An Option configures an opened project: the clock it stamps changes with
// and how long it waits for the lock. A front end reads its environment
// once and passes what it found here; the store reads no environment for
// them.
type Option func(*options)

type options struct {
	now         func() time.Time
	lockTimeout time.Duration
	lockSet     bool
}

// WithClock makes the project stamp codings, memos and history entries
// with now() instead of the system clock.
func WithClock(now func() time.Time) Option {
	return func(o *options) { o.now = now }
}

// WithLockTimeout sets how long a command waits for a lock held by another
// one (DefaultLockTimeout when not given).
func WithLockTimeout(d time.Duration) Option {
	return func(o *options) { o.lockTimeout, o.lockSet = d, true }
}

// ParseLockTimeout reads a lock timeout as a front end is given it: a Go
// duration ("30s", "1m") or a whole number of seconds. ok is false when s
// is neither, or negative.
func ParseLockTimeout(s string) (d time.Duration, ok bool) {
	if d, err := time.ParseDuration(s); err == nil && d >= 0 {
		return d, true
	}
	if n, err := strconv.Atoi(s); err == nil && n >= 0 {
		return time.Duration(n) * time.Second, true
	}
	return 0, false
}

// Clock returns the time to stamp a change with: the clock given with
// WithClock, else Now.
func (p *Project) Clock() time.Time {
	if p.opts.now != nil {
		return p.opts.now().UTC().Truncate(time.Second)
	}
	return Now()
}

// LockWait returns how long the project waits for its lock: the timeout
// given with WithLockTimeout, else LockTimeout.
func (p *Project) LockWait() time.Duration {
	if p.opts.lockSet {
		return p.opts.lockTimeout
	}
	return LockTimeout()
}
