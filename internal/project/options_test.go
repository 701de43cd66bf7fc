package project

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/grounded-qda/grounded/coding"
)

func TestOptionsOverrideTheEnvironment(t *testing.T) {
	p := newProject(t) // GROUNDED_NOW=t0, GROUNDED_LOCK_TIMEOUT=2s
	at := time.Date(2030, 5, 6, 7, 8, 9, 0, time.UTC)
	q, err := Open(p.Root, WithClock(func() time.Time { return at }), WithLockTimeout(time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	if got := q.LockWait(); got != time.Millisecond {
		t.Errorf("LockWait = %v, want the option's 1ms", got)
	}
	held := lock(t, p)
	_, err = q.Lock()
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "1ms") {
		t.Errorf("Lock with a 1ms timeout while another holds it = %v", err)
	}
	held.Unlock()

	// The clock part takes the lock with the environment's 2s wait: a
	// 1ms wait can lose to a busy machine, and that is not what is tested.
	r, err := Open(p.Root, WithClock(func() time.Time { return at }))
	if err != nil {
		t.Fatal(err)
	}
	l := lock(t, r)
	e, err := r.Edit(l, "alice", "memo add")
	if err != nil {
		t.Fatal(err)
	}
	if !e.Now().Equal(at) {
		t.Errorf("Edit.Now = %v, want the injected clock %v", e.Now(), at)
	}
	e.AddMemo(coding.Memo{ID: e.NewMemoID(e.Now()), Target: coding.Target{Kind: coding.TargetProject}, Author: "alice", Created: e.Now(), Body: "x"})
	entry, err := e.Commit("memo")
	if err != nil {
		t.Fatal(err)
	}
	if !entry.Time.Equal(at) {
		t.Errorf("history entry at %v, want the injected clock %v", entry.Time, at)
	}
}
