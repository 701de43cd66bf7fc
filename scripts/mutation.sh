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
# are shown apart (see below). Equivalent mutants that survive are listed,
# with the reason, in docs/testing.md.
#
# It does not run in CI (it takes from minutes to an hour per package on two
# cores). Run it before closing an issue that changes a core package and say
# the score in the closing note.
#
# Environment: OUT (default: $TMPDIR/grounded-mutation), WORKERS (default 1),
# TIMEOUT_COEFFICIENT (default 60: a mutant's test run, build included, may take 60x the
# normal run before it counts as timed out), GREMLINS_FLAGS (more flags for
# gremlins, e.g. GREMLINS_FLAGS="--invert-logical" for more kinds of mutant).
set -eu

GREMLINS="github.com/go-gremlins/gremlins/cmd/gremlins@v0.6.0"
CORE="corpus coding codebook internal/project internal/index internal/analysis/agreement internal/analysis/coderagree internal/analysis/model internal/analysis/report internal/analysis/whose internal/export/refi"
OUT=${OUT:-${TMPDIR:-/tmp}/grounded-mutation}
WORKERS=${WORKERS:-1}
TIMEOUT_COEFFICIENT=${TIMEOUT_COEFFICIENT:-60}

cd "$(dirname "$0")/.."
mkdir -p "$OUT"

# Two things in gremlins v0.6.0 would make every score a lie, so they are
# worked around here:
# - --test-cpu N is passed to 'go test' as one argument "-cpu N", which go
#   test rejects: every mutant then "fails" and counts as killed. It is not
#   used.
# - A mutant that does not compile (it swaps + for - in a string
#   concatenation: gremlins does not type-check) makes 'go test' exit 1,
#   which gremlins counts as killed. A wrapper 'go' on PATH turns a build
#   or setup failure into exit 2, which gremlins counts as not viable.
realgo=$(command -v go)
wrap=$(mktemp -d)
trap 'rm -rf "$wrap"' EXIT
cat >"$wrap/go" <<WRAP
#!/bin/sh
[ "\$1" = test ] || exec "$realgo" "\$@"
out=\$(mktemp)
"$realgo" "\$@" >"\$out" 2>&1
rc=\$?
cat "\$out"
if [ \$rc -ne 0 ] && grep -q -e '\[build failed\]' -e '\[setup failed\]' "\$out"; then rc=2; fi
rm -f "\$out"
exit \$rc
WRAP
chmod +x "$wrap/go"
PATH="$wrap:$PATH"
export PATH
[ $# -gt 0 ] || set -- $CORE

for pkg in "$@"; do
	name=$(echo "$pkg" | tr / _)
	go run "$GREMLINS" unleash \
		--workers "$WORKERS" \
		--timeout-coefficient "$TIMEOUT_COEFFICIENT" \
		--output "$OUT/$name.json" \
		${GREMLINS_FLAGS:-} \
		"./$pkg" >"$OUT/$name.log" 2>&1 || true
	killed=$(grep -c '^ *KILLED' "$OUT/$name.log" || true)
	lived=$(grep -c '^ *LIVED' "$OUT/$name.log" || true)
	timedout=$(grep -c '^ *TIMED OUT' "$OUT/$name.log" || true)
	notcov=$(grep -c '^ *NOT COVERED' "$OUT/$name.log" || true)
	nonviable=$(grep -c '^ *NOT VIABLE' "$OUT/$name.log" || true)
	# Efficacy counts killed and lived only. A timed-out mutant is
	# undecided: on a loaded machine the build alone can pass the timeout,
	# so counting it as killed would flatter the score. The lower bound
	# counts every timed-out mutant as a survivor.
	total=$((killed + lived))
	if [ "$total" -gt 0 ]; then
		eff=$(awk -v k="$killed" -v t="$total" 'BEGIN { printf "%.1f%%", 100 * k / t }')
		low=$(awk -v k="$killed" -v t=$((total + timedout)) 'BEGIN { printf "%.1f%%", 100 * k / t }')
	else
		eff="n/a" low="n/a"
	fi
	printf '%s  killed %d  lived %d  timed out %d  not covered %d  not viable %d  efficacy %s (lower bound %s)\n' \
		"$pkg" "$killed" "$lived" "$timedout" "$notcov" "$nonviable" "$eff" "$low"
	grep -e '^ *LIVED' -e '^ *TIMED OUT' "$OUT/$name.log" | sed -e "s|^ *LIVED *|    LIVED $pkg/|" -e "s|^ *TIMED OUT *|    TIMED OUT $pkg/|" || true
done
