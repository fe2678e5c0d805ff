#!/usr/bin/env bash
# alloc: memory running out at any allocation (Lua's failing allocator): the test build of the
# program (make $BUILD/patronat-allocfail: xalloc compiled with -DPT_ALLOC_FAIL) lets the first
# N allocations through and fails the next, for every N below a bound and then a spread of
# larger N up to a run that completes. Every failed run exits 3 saying "patronat: out of
# memory" (once; with workers, once per process that ran out: the test build's count is
# inherited by every worker) and nothing else but the input's warnings a normal run prints too,
# and leaves in the output folder no temporary file, no partial PDF and no manifest entry for a
# missing file (the documents finished before it stay, complete, as after a full disk).
# The bound and the spread keep it under a minute; `make alloc-test` tries every N below 1000.
. "$(dirname "$0")/../lib.sh"
AF="$ROOT/$BUILD/patronat-allocfail"
DATA="$ROOT/tests/data/small"
DENSE=${ALLOC_DENSE:-60}    # every N below this
GROWTH=${ALLOC_GROWTH:-118} # then N grows by this percentage until a run completes
if [ ! -x "$AF" ]; then
	fail "$AF is missing (make $BUILD/patronat-allocfail)"
	finish
	exit 1
fi
# the messages of a normal run, which a failed run may print before it runs out
"$AF" --date 2026-11-23 -q -j 1 all -i "$DATA" -o "$TMP/ref" 2>"$TMP/ref.err" >/dev/null
expect_eq "without PT_ALLOC_FAIL the test build runs: exit" 0 "$?"

# check_run N PROCS ARGS…: one run failing after N allocations (PROCS: how many processes
# may say they ran out); sets $rc
bad_runs=0
check_run() {
	local n=$1 procs=$2 out="$TMP/out"
	shift 2
	rm -rf "$out"
	PT_ALLOC_FAIL=$n "$AF" --date 2026-11-23 -q "$@" -i "$DATA" -o "$out" >"$TMP/stdout" 2>"$TMP/err"
	rc=$?
	[ $rc -eq 0 ] && return 0
	local why=""
	[ $rc -eq 3 ] || why="exit $rc, not 3;"
	local oom
	oom=$(grep -c '^patronat: out of memory$' "$TMP/err")
	[ "$oom" -ge 1 ] && [ "$oom" -le "$procs" ] || why="$why 'out of memory' printed $oom times;"
	local other
	other=$(grep -v '^patronat: out of memory$' "$TMP/err" | grep -vxF -f "$TMP/ref.err")
	[ -z "$other" ] || why="$why other messages: $(printf '%s' "$other" | head -3 | tr '\n' '|');"
	[ -s "$TMP/stdout" ] && why="$why output on stdout;"
	local tmps
	tmps=$(find "$out" -name '*.tmp*' 2>/dev/null)
	[ -z "$tmps" ] || why="$why temporary files left: $tmps;"
	for f in $(find "$out" -name '*.pdf' 2>/dev/null); do
		[ "$(tail -c 6 "$f" | tr -d '\r\n')" = "%%EOF" ] || why="$why partial PDF ${f#$out/};"
	done
	if [ -f "$out/manifest.csv" ]; then
		missing=$(tail -n +2 "$out/manifest.csv" | cut -d, -f1 | while read -r p; do [ -f "$out/$p" ] || echo "$p"; done)
		[ -z "$missing" ] || why="$why manifest lists missing files: $missing;"
	fi
	if [ -n "$why" ]; then
		bad_runs=$((bad_runs + 1))
		[ $bad_runs -le 10 ] && fail "PT_ALLOC_FAIL=$n patronat $*: $why (rerun: PT_ALLOC_FAIL=$n $BUILD/patronat-allocfail --date 2026-11-23 -q $* -i tests/data/small -o /tmp/alloc-out)"
	else
		ok
	fi
	return 0
}

# scan DENSE GROWTH PROCS ARGS…: N = 0 … DENSE-1, then N growing by GROWTH % until a run
# completes
scan() {
	local dense=$1 growth=$2 procs=$3 n=0 runs=0
	shift 3
	while :; do
		check_run $n $procs "$@"
		[ $rc -eq 0 ] && break
		runs=$((runs + 1))
		if [ $n -lt $dense ]; then n=$((n + 1)); else n=$((n * growth / 100 + 1)); fi
	done
	echo "alloc: $*: $runs runs ran out of memory; the run completes with $n allocations"
	[ $n -gt 1000 ] && ok || fail "$*: the run completed after $n allocations: too few to test anything"
}
scan "$DENSE" "$GROWTH" 1 -j 1 all
scan 0 140 3 -j 2 all
scan 0 135 1 check
[ $bad_runs -le 10 ] || fail "… and $((bad_runs - 10)) more failed runs"
finish
