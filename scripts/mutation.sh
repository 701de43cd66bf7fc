#!/bin/sh
# mutation.sh — mutation testing of the core packages with scripts/mutate,
# the module's own mutation tester (see its package doc, and the "Mutation
# testing" section of docs/testing.md).
#
#   scripts/mutation.sh                      every core package, one at a time
#   scripts/mutation.sh codebook coding      only these (directories)
#
# For each package it writes every mutant to $OUT/<pkg>.json and the
# summary to $OUT/<pkg>.txt (<pkg> with / turned into _), as soon as the
# package is done, and prints the summary:
#
#   codebook killed 240 lived 12 timed-out 3 not-covered 9 not-viable 2 equivalent 1 efficacy 95.2%
#
# followed by the surviving (LIVED) mutants. Efficacy is (killed + timed
# out) / (killed + timed out + lived); equivalent mutants listed in
# scripts/mutate/equivalent.txt are counted apart.
#
# It does not run in CI (minutes per package on two shared cores). Run it
# before closing an issue that changes a core package and say the score in
# the closing note.
#
# Environment: OUT (default: $TMPDIR/grounded-mutation), WORKERS (default 2),
# MUTATE_FLAGS (more flags for scripts/mutate, e.g. "-only fisher.go").
set -eu

# The smallest packages first, so their results come early.
CORE="internal/analysis/whose internal/analysis/model internal/analysis/agreement internal/analysis/report internal/analysis/coderagree codebook coding internal/export/refi internal/index internal/project corpus"
OUT=${OUT:-${TMPDIR:-/tmp}/grounded-mutation}
WORKERS=${WORKERS:-2}

cd "$(dirname "$0")/.."
mkdir -p "$OUT"
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/mutate" ./scripts/mutate
[ $# -gt 0 ] || set -- $CORE

status=0
for pkg in "$@"; do
	name=$(echo "$pkg" | tr / _)
	if "$bin/mutate" -v -pkg "./$pkg" -workers "$WORKERS" \
		-json "$OUT/$name.json" -text "$OUT/$name.txt" ${MUTATE_FLAGS:-} \
		2>"$OUT/$name.log"; then
		:
	else
		echo "$pkg: the mutation tester failed; see $OUT/$name.log" >&2
		status=1
	fi
done
exit $status
