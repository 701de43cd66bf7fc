#!/usr/bin/env bash
# memlimit.sh runs one command in a memory cgroup of its own, limited to
# LIMIT_MB (anonymous memory and page cache together, as the kernel
# charges them), and reports whether it completed and its peaks. Peak RSS
# counts the file pages a command maps, which the kernel takes back when
# memory is short; a run under a limit shows what the command needs
# (docs/bench/mem10k.md). Needs root and a writable cgroup file system
# (v1 with the memory controller, or v2). Used on cgroup v1 only so far
# (docs/bench/mem10k.md); on v2 the parent cgroup must delegate the
# memory controller (cgroup.subtree_control).
#
#   bench/memlimit.sh 400 grounded -C p index rebuild
set -euo pipefail
if [ $# -lt 2 ]; then
	echo "usage: bench/memlimit.sh LIMIT_MB COMMAND ARGS..." >&2
	exit 2
fi
lim=$1
shift
bytes=$((lim * 1024 * 1024))
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
	base=/sys/fs/cgroup$(awk -F: '$1 == "0" {print $3}' /proc/self/cgroup)
	cg=$base/grounded-memlimit-$$
	mkdir "$cg"
	echo "$bytes" >"$cg/memory.max"
	echo 0 >"$cg/memory.swap.max" 2>/dev/null || true
	peakf=$cg/memory.peak
	events=$cg/memory.events
else
	base=/sys/fs/cgroup/memory$(awk -F: '$2 == "memory" {print $3}' /proc/self/cgroup)
	cg=$base/grounded-memlimit-$$
	mkdir "$cg"
	echo "$bytes" >"$cg/memory.limit_in_bytes"
	echo 0 >"$cg/memory.swappiness" 2>/dev/null || true
	peakf=$cg/memory.max_usage_in_bytes
	events=$cg/memory.oom_control
fi
trap 'rmdir "$cg" 2>/dev/null || true' EXIT
log=$(mktemp)
set +e
bash -c 'echo $$ >"$1/cgroup.procs"; shift; exec /usr/bin/time -f "%e %U %S %M" -o "$0" "$@"' "$log" "$cg" "$@" >/dev/null
rc=$?
set -e
read -r wall user sys rss < <(tail -n 1 "$log") || true
rm -f "$log"
peak=$(($(cat "$peakf" 2>/dev/null || echo 0) / 1048576))
oom=$(grep -E '^oom_kill ' "$events" | awk '{print $2}')
echo "limit ${lim} MB: exit ${rc}, ${wall:-?} s wall, $(awk -v u="${user:-0}" -v s="${sys:-0}" 'BEGIN{print u+s}') s CPU, peak RSS $((${rss:-0} / 1024)) MB, peak charged (anonymous + page cache) ${peak} MB, OOM kills ${oom:-?}"
exit "$rc"
