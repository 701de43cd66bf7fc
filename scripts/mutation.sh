#!/bin/sh
# mutation.sh — mutation testing of the core packages with gremlins v0.6.0
# (fetched through the Go module proxy by 'go run'; nothing is installed).
#
#   scripts/mutation.sh                      every core package, one at a time
#   scripts/mutation.sh codebook coding      only these (directories)
#
# For each package it runs 'gremlins unleash' with one worker (the machine is
# shared), writes the machine-readable result to $OUT/<pkg>.json and the
# log to $OUT/<pkg>.log, and prints one line per package:
#
#   codebook  killed 240  lived 12  timed out 3  not covered 9  efficacy 95.2%
#
# followed by the surviving (LIVED) mutants, ready to paste into
# docs/testing.md. Efficacy is killed / (killed + lived); timed-out mutants
# count as killed by gremlins (the test did not pass). Equivalent mutants
# that survive are listed, with the reason, in docs/testing.md.
#
# It does not run in CI (it takes from minutes to an hour per package on two
# cores). Run it before closing an issue that changes a core package and say
# the score in the closing note.
#
# Environment: OUT (default: $TMPDIR/grounded-mutation), WORKERS (default 1),
# TIMEOUT_COEFFICIENT (default 3: a mutant's test run may take 3x the
# normal run before it counts as timed out).
set -eu

GREMLINS="github.com/go-gremlins/gremlins/cmd/gremlins@v0.6.0"
CORE="corpus coding codebook internal/project internal/index internal/analysis/agreement internal/analysis/coderagree internal/analysis/model internal/analysis/report internal/analysis/whose internal/export/refi"
OUT=${OUT:-${TMPDIR:-/tmp}/grounded-mutation}
WORKERS=${WORKERS:-1}
TIMEOUT_COEFFICIENT=${TIMEOUT_COEFFICIENT:-3}

cd "$(dirname "$0")/.."
mkdir -p "$OUT"
[ $# -gt 0 ] || set -- $CORE

for pkg in "$@"; do
	name=$(echo "$pkg" | tr / _)
	go run "$GREMLINS" unleash \
		--workers "$WORKERS" --test-cpu 1 \
		--timeout-coefficient "$TIMEOUT_COEFFICIENT" \
		--output "$OUT/$name.json" \
		"./$pkg" >"$OUT/$name.log" 2>&1 || true
	killed=$(grep -c '^ *KILLED' "$OUT/$name.log" || true)
	lived=$(grep -c '^ *LIVED' "$OUT/$name.log" || true)
	timedout=$(grep -c '^ *TIMED OUT' "$OUT/$name.log" || true)
	notcov=$(grep -c '^ *NOT COVERED' "$OUT/$name.log" || true)
	nonviable=$(grep -c '^ *NOT VIABLE' "$OUT/$name.log" || true)
	total=$((killed + timedout + lived))
	if [ "$total" -gt 0 ]; then
		eff=$(awk -v k=$((killed + timedout)) -v t="$total" 'BEGIN { printf "%.1f%%", 100 * k / t }')
	else
		eff="n/a"
	fi
	printf '%s  killed %d  lived %d  timed out %d  not covered %d  not viable %d  efficacy %s\n' \
		"$pkg" "$killed" "$lived" "$timedout" "$notcov" "$nonviable" "$eff"
	grep '^ *LIVED' "$OUT/$name.log" | sed "s|^ *LIVED *|    LIVED $pkg/|" || true
done
