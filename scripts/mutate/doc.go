// Command mutate is grounded's mutation tester. It measures how many small,
// realistic bugs ("mutants") in a package its tests notice, in minutes
// rather than hours, by building the package's test binary once and
// running only the tests that reach each mutant.
//
// Usage, from the module root:
//
//	go run ./scripts/mutate -pkg ./corpus [-workers 2] [-json FILE] [-text FILE]
//		[-only a.go,b.go] [-run REGEXP] [-equivalent FILE] [-v]
//
// scripts/mutation.sh runs it over the core packages.
//
// # Mutants
//
// The mutants are gremlins' default set, with gremlins' names, so that
// scores stay comparable:
//
//	CONDITIONALS_BOUNDARY   <  → <=   <= → <   >  → >=   >= → >
//	CONDITIONALS_NEGATION   == → !=   != → ==  <  → >=   <= → >   > → <=   >= → <
//	ARITHMETIC_BASE         +  → -    -  → +   *  → /    /  → *   % → *
//	INCREMENT_DECREMENT     x++ → x--   x-- → x++
//	INVERT_NEGATIVES        -x → x
//
// The package is type-checked (go/types, with the dependencies' export data
// from 'go list -export'), and only type-correct points are mutated:
// ordering comparisons of numbers and strings; arithmetic on numbers (not
// string concatenation, not complex numbers); never a constant expression
// (the value is fixed at compile time and may size an array) or anything in
// a const declaration. Increments and decrements are mutated only when the
// operand holds no call or channel receive (see below). Operands whose type
// is a type parameter are not mutated.
//
// # Mutant schemata
//
// Every mutation point is rewritten, once, into a call of a small run-time
// package that the tester adds to its copy of the module
// (<module>/internal/mutantrt; it never exists in the real module):
//
//	a < b    →  mutantrt.Lt(boundaryID, negationID, a, b)
//	a == b   →  mutantrt.Not(id, a == b)
//	a + b    →  mutantrt.Add(id, a, b)
//	-x       →  mutantrt.Neg(id, x)
//	x++      →  x += mutantrt.Step(id, x)
//
// The helpers are generic and take the operands as arguments, so each
// operand is evaluated exactly once, in the original order, and with no
// mutant active each returns what the original expression did. x++ becomes
// an assignment so that it stays a simple statement (a for loop's post
// statement) and works on map elements; x is evaluated a second time there,
// which is why operands with calls or receives are left alone. All
// insertions stay on the line they apply to, so line numbers are unchanged.
//
// The environment selects the behaviour of the one binary:
//
//	GROUNDED_MUTANT=id           mutant id is active (no variable: none is)
//	GROUNDED_MUTANT_TRACE=file   append each point's id to file the first
//	                             time the process reaches it
//
// The trace is written as the point is reached, not at exit, so it survives
// os.Exit, a panic or a test binary that runs itself as a subprocess
// (children inherit both variables and append to the same file; the
// tester makes the file writable by any user, for a test that runs the
// binary as another user).
//
// # Steps
//
//  1. Copy the module (without .git and .grounded) to -work (emptied
//     first and kept), by default to a new temporary directory removed at
//     the end, so that runs never share a copy; the real module is never
//     written to.
//  2. Rewrite the package's non-test files and build its test binary with
//     'go test -c -gcflags=-e'. If the compiler rejects a rewritten point
//     (for example a comparison assigned to a named boolean type: the
//     helper returns bool), the point it names is dropped and the build
//     retried, at most 30 times. The dropped points' mutants are NOT
//     VIABLE. A compiler error at no mutation point stops the run.
//  3. List the binary's tests, fuzz targets (their seed corpus runs as a
//     test) and examples (-test.list), and run each top-level one alone
//     in trace mode, with -test.short, in the package's directory of the
//     copy (so testdata and relative paths work as in 'go test'). This maps
//     each mutant to the tests that reach it and times each test. A test
//     that fails with no mutant active is reported and reaches nothing.
//  4. Run each reached mutant: the binary with GROUNDED_MUTANT=id and
//     -test.run '^(A|B|…)$' -test.failfast -test.short over the tests that
//     reach it, -workers processes at a time, each in its own process group,
//     killed as a group after max(-timeout-factor × the traced time of those
//     tests, -min-timeout), 10× and 10 s by default.
//
// # Outcomes
//
//	KILLED       the tests failed (a non-zero exit: a failed test or a panic)
//	LIVED        the tests passed: a survivor, a gap in the tests or an
//	             equivalent mutant
//	TIMED OUT    the tests did not finish in time (usually an endless loop);
//	             counted as killed in the efficacy, as gremlins does
//	NOT COVERED  no test reaches the point
//	NOT VIABLE   the rewritten point does not compile
//
// efficacy = (KILLED + TIMED OUT) / (KILLED + TIMED OUT + LIVED), over the
// mutants not listed as equivalent.
//
// # Equivalent mutants
//
// scripts/mutate/equivalent.txt (or -equivalent FILE) lists the mutants
// that cannot change behaviour, one a line:
//
//	internal/analysis/model/fisher.go:40:8 CONDITIONALS_BOUNDARY  # reason
//
// with the path relative to the module root, the operator's line and
// column, and the kind; the reason is required. A listed mutant that lives
// counts as "equivalent", not as lived. A listed mutant that is killed, or
// that the run does not produce, is reported as a stale entry.
//
// # Output
//
// The summary line, then every surviving mutant, then the timed-out ones
// and the warnings:
//
//	PKG killed K lived L timed-out T not-covered N not-viable V equivalent Q efficacy E%
//	  PKG/file.go:line:col KIND  orig → mutated  (source line)
//
// -json FILE writes the counts, the efficacy and every mutant (id, file,
// line, col, kind, original, mutated, status, the tests that reach it, its
// run time), -text FILE the summary. Both are written atomically.
//
// # Limits
//
// A test that runs mutated code in a subprocess with a cleared environment
// does not pass GROUNDED_MUTANT or the trace file on: that code counts as
// not covered, or the mutant as lived. A compiler error inside a nested
// rewritten expression may drop the inner point rather than the outer one
// that caused it (an over-count of NOT VIABLE, never a wrong KILLED).
package main
