#!/usr/bin/env bash
# bench/search_ab.sh: the seven searches of bench/run.sh, timed for two
# grounded binaries and SQLite FTS5 in alternation (ROUNDS rounds of RUNS
# runs each), so that a change of the machine's load touches all three
# alike. Prints one line per query and round:
#   query|round|A wall ms|A CPU ms|B wall ms|B CPU ms|FTS5 wall ms
#
#   bench/search_ab.sh OLD_BIN OLD_PROJECT NEW_BIN NEW_PROJECT FTS5_DB
#
# The projects and the database are those bench/run.sh leaves in its
# BENCH_DIR (p1000, fts1000.db); each binary searches its own copy of the
# project, so that each keeps its own index. Environment: RUNS (15),
# ROUNDS (3), MEASURE (the bench/measure binary; built when unset).
set -euo pipefail
[[ $# -eq 5 ]] || { sed -n 2,14p "$0" >&2; exit 2; }
OLD=$1 OLDP=$2 NEW=$3 NEWP=$4 DB=$5
RUNS=${RUNS:-15} ROUNDS=${ROUNDS:-3}
M=${MEASURE:-}
if [[ -z $M ]]; then
	M=$(mktemp -d)/measure
	(cd "$(dirname "$0")/.." && go build -o "$M" ./bench/measure)
fi
SEL="SELECT source||'#'||turn, highlight(turns, 4, '[[', ']]') FROM turns"
export GROUNDED_CODER=bench NO_COLOR=1
num() { sed -E "s/.*\"$2\":([0-9.eE+-]+).*/\1/" <<<"$1"; }
q() { # label, sql, grounded search args...
	local label=$1 sql=$2 a b c
	shift 2
	for ((r = 1; r <= ROUNDS; r++)); do
		a=$("$M" -n "$RUNS" -- "$OLD" -C "$OLDP" search "$@")
		b=$("$M" -n "$RUNS" -- "$NEW" -C "$NEWP" search "$@")
		c=$("$M" -n "$RUNS" -- sqlite3 "$DB" "$sql")
		echo "$label|$r|$(num "$a" median_ms)|$(num "$a" cpu_ms)|$(num "$b" median_ms)|$(num "$b" cpu_ms)|$(num "$c" median_ms)"
	done
}
q trust "$SEL WHERE turns MATCH 'trust' ORDER BY rank LIMIT 20" trust
q naloxone "$SEL WHERE turns MATCH 'naloxone' ORDER BY rank LIMIT 20" naloxone
q phrase "$SEL WHERE turns MATCH '\"warm handoff\"' ORDER BY rank LIMIT 20" '"warm handoff"'
q boolean "$SEL WHERE turns MATCH 'relapse NOT detox' ORDER BY rank LIMIT 20" '+relapse -detox'
q speaker "$SEL WHERE turns MATCH 'trust' AND speaker = 'Interviewer' ORDER BY rank LIMIT 20" trust --speaker Interviewer
q attr "$SEL JOIN participants p ON p.id = turns.participant WHERE turns MATCH 'trust' AND p.setting = 'Shelter' ORDER BY rank LIMIT 20" trust --attr setting=Shelter
q role "$SEL WHERE turns MATCH 'trust' AND speaker <> 'Interviewer' ORDER BY rank LIMIT 20" trust --role participant
