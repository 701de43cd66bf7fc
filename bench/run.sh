#!/usr/bin/env bash
# bench/run.sh: the study-scale benchmark of docs/benchmarks.md.
#
# Builds grounded, generates one synthetic corpus (bench/gen), and measures
# whole processes on it, in one run:
#   1. ingest + index of 17, 100 and 1,000 transcripts of 200 turns, and
#      the same ingests without the index build;
#   2. search latency at 1,000 transcripts for single words, a phrase, a
#      boolean query and filtered queries, against the same queries on the
#      same turns in SQLite FTS5 (porter tokenizer) and ripgrep over the
#      transcript files;
#   3. 'code add' latency with 0, 10,000 and 100,000 existing codings;
#   4. export hierarchy, report frequencies, codings list, check and
#      agreement at 100,000 codings (skipped when a command does not exist);
#   5. the everyday commands at the smallest study with 2,000 codings;
# and prints the results as Markdown tables (also saved in $BENCH_DIR).
#
# Wall times are medians of BENCH_RUNS runs (20) after one warm-up; CPU is
# user + system time; RSS is the peak resident set size of the process
# (wait4 rusage, as GNU time -v reports it). Needs go, sqlite3 and rg:
#   apt-get install -y sqlite3 ripgrep
#
# Environment: BENCH_DIR (work directory, default a new one under /tmp),
# BENCH_SIZES ("17 100 1000"), BENCH_RUNS (20), BENCH_SEED (1),
# BENCH_CODINGS ("10000 100000"), BENCH_EVERYDAY_CODINGS (2000),
# BENCH_STUDY_ONLY (0; 1 runs only ingest, search and size).
set -euo pipefail

cd "$(dirname "$0")/.."
REPO=$PWD
WORK=${BENCH_DIR:-$(mktemp -d /tmp/grounded-bench.XXXXXX)}
SIZES=${BENCH_SIZES:-"17 100 1000"}
RUNS=${BENCH_RUNS:-20}
SEED=${BENCH_SEED:-1}
CODINGS=${BENCH_CODINGS:-"10000 100000"}
mkdir -p "$WORK/bin"
RESULTS=$WORK/results.md
: >"$RESULTS"

for tool in go sqlite3 rg; do
	command -v $tool >/dev/null || { echo "bench: $tool is missing (apt-get install -y sqlite3 ripgrep)" >&2; exit 1; }
done

log() { echo "bench: $*" >&2; }
out() { echo "$*" | tee -a "$RESULTS"; }

log "building into $WORK/bin"
# As README says to install it: a static binary, without cgo, which starts
# about 2 ms sooner (no dynamic loader, no C runtime).
CGO_ENABLED=0 go build -o "$WORK/bin/grounded" ./cmd/grounded
go build -o "$WORK/bin/gen" ./bench/gen/cmd
go build -o "$WORK/bin/measure" ./bench/measure
G=$WORK/bin/grounded
GEN=$WORK/bin/gen
M=$WORK/bin/measure
export GROUNDED_CODER=bench NO_COLOR=1 GROUNDED_LOCK_TIMEOUT=300s
unset GROUNDED_PROJECT GROUNDED_NOW

# field JSON KEY: a number from measure's JSON line.
field() { sed -E "s/.*\"$2\":([0-9.eE+-]+).*/\1/" <<<"$1"; }
# ratio A B: A/B with two decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
r0() { awk -v a="$1" 'BEGIN { printf "%.0f", a }'; }
r1() { awk -v a="$1" 'BEGIN { printf "%.1f", a }'; }

MAX=0
for n in $SIZES; do ((n > MAX)) && MAX=$n; done
CORPUS=$WORK/corpus
if [[ ! -f $CORPUS/participants.csv ]]; then
	log "generating $MAX transcripts (seed $SEED)"
	"$GEN" corpus -dir "$CORPUS" -n "$MAX" -seed "$SEED"
fi
files() { for ((i = 1; i <= $1; i++)); do printf '%s/transcripts/P%04d.txt\n' "$CORPUS" "$i"; done; }

# ---- machine ----
out "## Machine"
out ""
out "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //') ($(nproc) cores available)"
out "- memory: $(awk '/MemTotal/ {printf "%.1f GB", $2/1048576}' /proc/meminfo)"
out "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
out "- $(go version | cut -d' ' -f3-), $(sqlite3 --version | cut -d' ' -f1 | sed 's/^/SQLite /'), $(rg --version | head -1)"
out "- grounded $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?') (+ working tree), run $(date -u +%Y-%m-%dT%H:%MZ)"
out ""

# ---- 1. ingest + index ----
out "## Ingest and index"
out ""
# Peak RSS counts the index segments the build maps (file pages the
# kernel takes back when memory is short); the anonymous peak (sampled
# every 10 ms, measure -anon) is the memory the command itself needs.
out "| transcripts | turns | text MB | wall s | CPU s | peak RSS MB | anonymous peak MB |"
out "|---:|---:|---:|---:|---:|---:|---:|"
for n in $SIZES; do
	P=$WORK/p$n
	rm -rf "$P"
	"$G" init "$P" >/dev/null
	mapfile -t fs < <(files "$n")
	mb=$(cat "${fs[@]}" | wc -c | awk '{printf "%.1f", $1/1048576}')
	log "ingest $n transcripts"
	j=$("$M" -n 1 -warmup 0 -anon -label "ingest $n" -- "$G" -C "$P" ingest "${fs[@]}")
	turns=$(awk -v n="$n" 'BEGIN{print n*200}')
	out "| $n | $turns | $mb | $(r1 "$(awk -v a="$(field "$j" median_ms)" 'BEGIN{print a/1000}')") | $(r1 "$(awk -v a="$(field "$j" cpu_ms)" 'BEGIN{print a/1000}')") | $(r0 "$(field "$j" max_rss_mb)") | $(r0 "$(field "$j" max_anon_mb)") |"
done
out ""
# The same ingests without the index build, whose memory is its own: a
# file stands where the index directory would be, so ingest plans, writes
# and commits, then says the index could not be updated.
out "Ingest alone (the index kept from being built): planning, writing and the commit"
out ""
out "| transcripts | wall s | CPU s | peak RSS MB |"
out "|---:|---:|---:|---:|"
for n in $SIZES; do
	P=$WORK/pi$n
	rm -rf "$P"
	"$G" init "$P" >/dev/null
	mkdir -p "$P/.grounded" && : >"$P/.grounded/index"
	mapfile -t fs < <(files "$n")
	log "ingest $n transcripts without the index"
	j=$("$M" -n 1 -warmup 0 -label "ingest alone $n" -- "$G" -C "$P" ingest "${fs[@]}")
	out "| $n | $(r1 "$(awk -v a="$(field "$j" median_ms)" 'BEGIN{print a/1000}')") | $(r1 "$(awk -v a="$(field "$j" cpu_ms)" 'BEGIN{print a/1000}')") | $(r0 "$(field "$j" max_rss_mb)") |"
	rm -rf "$P"
done
out ""
P=$WORK/p$MAX

# ---- 2. search ----
log "loading the same turns into SQLite FTS5"
"$G" -C "$P" attributes import "$CORPUS/participants.csv" >/dev/null
DB=$WORK/fts$MAX.db
rm -f "$DB"
"$GEN" turns-csv -project "$P" >"$WORK/turns.csv"
tail -n +2 "$CORPUS/participants.csv" >"$WORK/participants-rows.csv"
sqlite3 "$DB" <<EOF
CREATE TABLE raw(source TEXT, turn INTEGER, speaker TEXT, participant TEXT, text TEXT);
.mode csv
.import $WORK/turns.csv raw
.import $WORK/participants-rows.csv part_raw
CREATE TABLE participants(id TEXT PRIMARY KEY, role TEXT, setting TEXT, years_in_recovery INT, years_as_psw INT, gender TEXT);
INSERT INTO participants SELECT * FROM part_raw;
CREATE VIRTUAL TABLE turns USING fts5(source UNINDEXED, turn UNINDEXED, speaker UNINDEXED, participant UNINDEXED, text, tokenize='porter');
INSERT INTO turns SELECT source, turn, speaker, participant, text FROM raw;
DROP TABLE raw; DROP TABLE part_raw;
VACUUM;
EOF
TX=$CORPUS/transcripts
"$G" -C "$P" search warmup >/dev/null 2>&1 || true

SEL="SELECT source||'#'||turn, highlight(turns, 4, '[[', ']]') FROM turns"
out "## Search at $MAX transcripts ($((MAX * 200)) turns)"
out ""
out "Median wall time of $RUNS runs of each whole process. grounded prints the 20 best hits (ranked) and the number of matches; FTS5 the 20 best by rank with highlights; rg every matching line."
out ""
out "| query | grounded ms | FTS5 ms | rg ms | grounded / FTS5 | grounded / rg | grounded CPU ms | grounded RSS MB |"
out "|---|---:|---:|---:|---:|---:|---:|---:|"
search_row() { # label, grounded args (as one string array name), fts sql, rg command
	local label=$1 gargs=$2 sql=$3 rgcmd=$4
	local jg jf jr gm fm rm
	eval "local -a ga=($gargs)"
	jg=$("$M" -n "$RUNS" -label "$label" -- "$G" -C "$P" search "${ga[@]}")
	jf=$("$M" -n "$RUNS" -- sqlite3 "$DB" "$sql")
	gm=$(field "$jg" median_ms)
	fm=$(field "$jf" median_ms)
	if [[ -n $rgcmd ]]; then
		jr=$("$M" -n "$RUNS" -- sh -c "$rgcmd")
		rm=$(field "$jr" median_ms)
	else
		rm=""
	fi
	local rgms="n/a" rgratio="n/a"
	if [[ -n $rm ]]; then
		rgms=$(r1 "$rm")
		rgratio=$(ratio "$gm" "$rm")
	fi
	out "| $label | $(r1 "$gm") | $(r1 "$fm") | $rgms | $(ratio "$gm" "$fm") | $rgratio | $(r0 "$(field "$jg" cpu_ms)") | $(r0 "$(field "$jg" max_rss_mb)") |"
}
search_row "word: trust" "trust" \
	"$SEL WHERE turns MATCH 'trust' ORDER BY rank LIMIT 20" \
	"rg -i -w --no-heading trust $TX || true"
search_row "rare word: naloxone" "naloxone" \
	"$SEL WHERE turns MATCH 'naloxone' ORDER BY rank LIMIT 20" \
	"rg -i -w --no-heading naloxone $TX || true"
search_row "phrase: \"warm handoff\"" "'\"warm handoff\"'" \
	"$SEL WHERE turns MATCH '\"warm handoff\"' ORDER BY rank LIMIT 20" \
	"rg -i -F --no-heading 'warm handoff' $TX || true"
search_row "boolean: +relapse -detox" "'+relapse -detox'" \
	"$SEL WHERE turns MATCH 'relapse NOT detox' ORDER BY rank LIMIT 20" \
	"rg -i -w --no-heading relapse $TX | rg -i -w -v detox || true"
search_row "filter: trust, speaker Interviewer" "trust --speaker Interviewer" \
	"$SEL WHERE turns MATCH 'trust' AND speaker = 'Interviewer' ORDER BY rank LIMIT 20" \
	"rg -i --no-heading '^Interviewer: .*\\btrust\\b' $TX || true"
search_row "filter: trust, attribute setting=Shelter" "trust --attr setting=Shelter" \
	"$SEL JOIN participants p ON p.id = turns.participant WHERE turns MATCH 'trust' AND p.setting = 'Shelter' ORDER BY rank LIMIT 20" \
	""
# The roles are ingest's guesses (speakers.yaml, per source): the
# interviewer asks, everyone else is a participant.
search_row "filter: trust, role participant" "trust --role participant" \
	"$SEL WHERE turns MATCH 'trust' AND speaker <> 'Interviewer' ORDER BY rank LIMIT 20" \
	"rg -i -w --no-heading trust $TX | rg -v ':Interviewer: ' || true"
out ""

# Adding one transcript to the largest project: the everyday case.
"$GEN" corpus -dir "$WORK/extra" -n 1 -seed $((SEED + 1)) 2>/dev/null
cp "$WORK/extra/transcripts/P0001.txt" "$WORK/extra/X0001.txt"
j=$("$M" -n 1 -warmup 0 -- "$G" -C "$P" ingest "$WORK/extra/X0001.txt")
out "Adding one more transcript to the $MAX-transcript project (ingest + incremental index): $(r0 "$(field "$j" median_ms)") ms wall, $(r0 "$(field "$j" cpu_ms)") ms CPU, $(r0 "$(field "$j" max_rss_mb)") MB peak RSS."
out ""

# Size on disk of the largest project (bytes of the files, in MB of 10^6
# bytes), against the text of its transcripts and the FTS5 database.
"$G" -C "$P" search warmup >/dev/null 2>&1 || true
bytesof() { du -cb "$@" 2>/dev/null | tail -1 | cut -f1; }
text_bytes=$(bytesof "$P"/sources/*/original.*)
row() { out "| $1 | $(awk -v b="$2" 'BEGIN { printf "%.1f", b/1e6 }') | $(ratio "$2" "$text_bytes") |"; }
out "## Size on disk at $MAX transcripts"
out ""
out "| part | MB | × text |"
out "|---|---:|---:|"
row "transcript text (sources/*/original.*)" "$text_bytes"
row "sources/*/turns.jsonl" "$(bytesof "$P"/sources/*/turns.jsonl)"
row "sources/ (all)" "$(bytesof "$P/sources")"
row ".grounded/index" "$(bytesof "$P/.grounded/index")"
row "project (all)" "$(bytesof "$P")"
row "SQLite FTS5 database" "$(bytesof "$DB")"
out ""

# BENCH_STUDY_ONLY=1 stops here: sections 1 and 2 alone, e.g. for a run at
# 10,000 transcripts (BENCH_SIZES=10000), whose coding sections would only
# repeat those of the usual run.
if [[ ${BENCH_STUDY_ONLY:-0} == 1 ]]; then
	log "results in $RESULTS"
	exit 0
fi

# ---- 3. code add ----
# As alice, one of the two coders of the generated codings: code add reads
# and rewrites the coder's file of the source, so its size is what counts.
log "preparing projects with codings"
CA=100
[[ " $SIZES " == *" 100 "* ]] || CA=$MAX
MIN=${SIZES%% *}
out "## code add"
out ""
out "Median of $RUNS runs, each coding a new span (one turn, one code) as alice, in a project that already has N codings by alice and bob."
out ""
out "| transcripts | existing codings | alice's codings in the file changed | wall ms | CPU ms | peak RSS MB | wall / empty | CPU / empty |"
out "|---:|---:|---:|---:|---:|---:|---:|---:|"
codeadd_row() { # transcripts, codings, empty wall, empty cpu
	local n=$1 k=$2 Q=$WORK/c$1-$2 j
	rm -rf "$Q"
	cp -a "$WORK/p$n" "$Q"
	rm -rf "$Q/.grounded"
	((k > 0)) && "$GEN" codings -project "$Q" -n "$k" -seed "$SEED" 2>/dev/null
	j=$("$M" -n "$RUNS" -label "code add $n $k" -- "$G" -C "$Q" --coder alice code add "Bench code" "P0001#{n}:0-5")
	W=$(field "$j" median_ms)
	C=$(field "$j" cpu_ms)
	local lines=0
	[[ -f $Q/codings/alice/P0001.jsonl ]] && lines=$(($(wc -l <"$Q/codings/alice/P0001.jsonl") - RUNS - 1))
	out "| $n | $k | $lines | $(r1 "$W") | $(r1 "$C") | $(r0 "$(field "$j" max_rss_mb)") | $(ratio "$W" "${3:-$W}") | $(ratio "$C" "${4:-$C}") |"
}
codeadd_row "$CA" 0
ew=$W ec=$C
for k in $CODINGS; do codeadd_row "$CA" "$k" "$ew" "$ec"; done
if ((MIN != CA)); then
	codeadd_row "$MIN" 0
	ew=$W ec=$C
	codeadd_row "$MIN" "${CODINGS##* }" "$ew" "$ec"
fi
out ""

# ---- 4. whole-project commands at the largest number of codings ----
last=${CODINGS##* }
Q=$WORK/c$CA-$last
out "## Whole-project commands at $last codings ($CA transcripts)"
out ""
out "| command | wall ms | CPU ms | peak RSS MB |"
out "|---|---:|---:|---:|"
whole_row() {
	local label=$1
	shift
	local j
	if ! "$G" -C "$Q" "$@" >/dev/null 2>&1; then
		out "| $label | n/a (command failed or missing) | | |"
		return
	fi
	j=$("$M" -n "$((RUNS / 4 + 1))" -- "$G" -C "$Q" "$@")
	out "| $label | $(r0 "$(field "$j" median_ms)") | $(r0 "$(field "$j" cpu_ms)") | $(r0 "$(field "$j" max_rss_mb)") |"
}
"$G" -C "$Q" search warmup >/dev/null 2>&1 || true
whole_row "export hierarchy --format json" export hierarchy --format json
whole_row "report frequencies" report frequencies
whole_row "codings list" codings list
whole_row "codings list --json" codings list --json
whole_row "search trust (index up to date)" search trust
whole_row "check" check
whole_row "agreement" agreement
out ""

# ---- 5. everyday commands at the smallest study ----
# A study of MIN transcripts coded by two coders (the first MIN transcripts
# of the 100,000-coding project would be too dense; BENCH_EVERYDAY_CODINGS,
# 2,000 by default, ~120 per transcript): the commands a researcher runs all
# day, each ≤ 50 ms as a target (issue 17).
EC=${BENCH_EVERYDAY_CODINGS:-2000}
Q=$WORK/c$MIN-$EC
if [[ ! -d $Q ]]; then
	cp -a "$WORK/p$MIN" "$Q"
	rm -rf "$Q/.grounded"
	"$GEN" codings -project "$Q" -n "$EC" -seed "$SEED" 2>/dev/null
fi
out "## Everyday commands at $MIN transcripts ($EC codings, two coders)"
out ""
out "| command | wall ms | CPU ms | peak RSS MB |"
out "|---|---:|---:|---:|"
"$G" -C "$Q" search warmup >/dev/null 2>&1 || true
whole_row "--version (process start)" --version
whole_row "sources" sources
whole_row "code list" code list
whole_row "codings list" codings list
whole_row "check" check
whole_row "report frequencies" report frequencies
whole_row "export hierarchy --format json" export hierarchy --format json
whole_row "search trust" search trust
whole_row "agreement" agreement
whole_row "agreement --unit span" agreement --unit span
whole_row "export matrix --format xlsx" export matrix --format xlsx -o "$WORK/matrix.xlsx"
whole_row "export codebook --format xlsx" export codebook --format xlsx -o "$WORK/appendix.xlsx"
out ""
log "results in $RESULTS"
