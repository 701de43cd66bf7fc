package main

// runtimeSource is the package added to the copy of the module as
// <module>/internal/mutantrt. Rewritten mutation points call it; it is
// never part of the real module.
//
// Every helper evaluates its operands exactly once (they are its
// arguments), so a rewritten expression has the side effects of the
// original, and with no mutant active it returns the original result.
const runtimeSource = `// Package mutantrt is the run-time switch of the mutation tester
// (scripts/mutate). It exists only in the tester's copy of the module.
//
// GROUNDED_MUTANT=id activates one mutant; GROUNDED_MUTANT_TRACE=file
// appends each mutation point id to file the first time it is reached.
package mutantrt

import (
	"os"
	"strconv"
	"sync"
	"sync/atomic"
)

var (
	active    = -1
	traceMu   sync.Mutex
	traceFile *os.File
	seen      [points]atomic.Bool
)

func init() {
	if v := os.Getenv("GROUNDED_MUTANT"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			panic("mutantrt: GROUNDED_MUTANT is not a number: " + v)
		}
		active = n
	}
	if p := os.Getenv("GROUNDED_MUTANT_TRACE"); p != "" {
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
		if err != nil {
			panic("mutantrt: " + err.Error())
		}
		traceFile = f
	}
}

// hit records that point id was reached (trace mode) and reports whether
// it is the active mutant. It is small enough to be inlined.
func hit(id int) bool {
	if traceFile != nil && !seen[id].Load() {
		record(id)
	}
	return id == active
}

// record appends id to the trace file the first time it is reached.
func record(id int) {
	if seen[id].Swap(true) {
		return
	}
	traceMu.Lock()
	traceFile.WriteString(strconv.Itoa(id) + "\n")
	traceMu.Unlock()
}

type Number interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 |
		~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr |
		~float32 | ~float64
}

type Integer interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 |
		~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr
}

type Ordered interface {
	Number | ~string
}

// Not is == or != (negation: the result inverted).
func Not(id int, v bool) bool {
	if hit(id) {
		return !v
	}
	return v
}

// Lt is a < b; boundary: a <= b; negation: a >= b.
func Lt[T Ordered](boundary, negation int, a, b T) bool {
	bo, ne := hit(boundary), hit(negation)
	switch {
	case bo:
		return a <= b
	case ne:
		return a >= b
	}
	return a < b
}

// Le is a <= b; boundary: a < b; negation: a > b.
func Le[T Ordered](boundary, negation int, a, b T) bool {
	bo, ne := hit(boundary), hit(negation)
	switch {
	case bo:
		return a < b
	case ne:
		return a > b
	}
	return a <= b
}

// Gt is a > b; boundary: a >= b; negation: a <= b.
func Gt[T Ordered](boundary, negation int, a, b T) bool {
	bo, ne := hit(boundary), hit(negation)
	switch {
	case bo:
		return a >= b
	case ne:
		return a <= b
	}
	return a > b
}

// Ge is a >= b; boundary: a > b; negation: a < b.
func Ge[T Ordered](boundary, negation int, a, b T) bool {
	bo, ne := hit(boundary), hit(negation)
	switch {
	case bo:
		return a > b
	case ne:
		return a < b
	}
	return a >= b
}

// Add is a + b; mutated: a - b.
func Add[T Number](id int, a, b T) T {
	if hit(id) {
		return a - b
	}
	return a + b
}

// Sub is a - b; mutated: a + b.
func Sub[T Number](id int, a, b T) T {
	if hit(id) {
		return a + b
	}
	return a - b
}

// Mul is a * b; mutated: a / b.
func Mul[T Number](id int, a, b T) T {
	if hit(id) {
		return a / b
	}
	return a * b
}

// Div is a / b; mutated: a * b.
func Div[T Number](id int, a, b T) T {
	if hit(id) {
		return a * b
	}
	return a / b
}

// Rem is a % b; mutated: a * b.
func Rem[T Integer](id int, a, b T) T {
	if hit(id) {
		return a * b
	}
	return a % b
}

// Neg is -a; mutated: a.
func Neg[T Number](id int, a T) T {
	if hit(id) {
		return a
	}
	return -a
}

// Step is the amount of x++ (1) or, mutated, of x-- (-1); x is only there
// to give the type.
func Step[T Number](id int, x T) T {
	var one T = 1
	if hit(id) {
		return 0 - one
	}
	return one
}

// StepDown is the amount of x-- (-1) or, mutated, of x++ (1).
func StepDown[T Number](id int, x T) T {
	var one T = 1
	if hit(id) {
		return one
	}
	return 0 - one
}
`
