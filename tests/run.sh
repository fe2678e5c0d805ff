#!/bin/sh
# tests/run.sh: runs every unit test binary and every end-to-end script, then prints the
# total as its last line: "N passed, N failed". Exit status 0 only when nothing failed.
BUILD=${BUILD:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export BUILD ROOT
# English messages whatever the machine's locale (tests/e2e/i18n.sh chooses its own)
export LC_ALL=C
unset LANGUAGE LC_MESSAGES
export LSAN_OPTIONS="suppressions=$ROOT/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
cd "$ROOT" || exit 1
log=$(mktemp)
status=0
units=$(ls "$BUILD"/tests/test_* 2>/dev/null | grep -v '\.d$')
for t in $units; do
	[ -x "$t" ] || continue
	"$t" >"$log.one" 2>&1 || status=1
	grep -E '^FAIL|ERROR|runtime error' "$log.one" | head -20
	tail -n 1 "$log.one" | tee -a "$log"
done
for t in tests/e2e/*.sh; do
	bash "$t" >"$log.one" 2>&1 || status=1
	grep -v -E '^[a-z0-9_-]+: [0-9]+ passed, [0-9]+ failed$' "$log.one" | head -40
	tail -n 1 "$log.one" | tee -a "$log"
done
passed=$(grep -Eo '[0-9]+ passed' "$log" | awk '{s+=$1} END {print s+0}')
failed=$(grep -Eo '[0-9]+ failed' "$log" | awk '{s+=$1} END {print s+0}')
# a suite that died before its summary line counts as one failure
suites=$(( $(printf '%s\n' $units | grep -c .) + $(ls tests/e2e/*.sh 2>/dev/null | wc -l) ))
summaries=$(grep -Ec '[0-9]+ passed, [0-9]+ failed' "$log")
[ "$summaries" -lt "$suites" ] && failed=$((failed + suites - summaries))
[ "$failed" -gt 0 ] && status=1
rm -f "$log" "$log.one"
echo "$passed passed, $failed failed"
exit $status
