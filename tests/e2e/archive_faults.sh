#!/usr/bin/env bash
# archive_faults: a run is all or nothing — a full disk (first run and re-run), SIGINT and
# SIGTERM at several moments, SIGKILL (the next run cleans its staging area), user files with
# ".tmp." in their names, 20 concurrent runs on one output folder, --no-wait, and the modes
# under umask 077 and 022. After each: out/ as before (or complete) and `verify` passes.
. "$(dirname "$0")/../lib.sh"
IN="$ROOT/input"
DATA="$ROOT/tests/data/small"
D="--date 2026-11-23"

# snapshot DIR: every file under DIR with its hash (problems.csv too: it is committed with
# the documents; the lock file aside), sorted
snapshot() {
	(cd "$1" 2>/dev/null && find . -path './.patronat-staging-*' -prune -o -type f ! -name .patronat.lock \
		-print0 | sort -z | xargs -0 -r sha256sum)
}
# verify_ok WHAT DIR
verify_ok() {
	"$PATRONAT" -q verify "$2" >"$TMP/verify.out" 2>&1
	st=$?
	# the digest line is for the clerk to compare with the signed register, not a problem
	expect_eq "$1: verify passes" "0 " "$st $(grep -v '^digest of the manifest: ' "$TMP/verify.out" | head -3)"
}
no_staging() {
	expect_eq "$1: no staging area left" "" "$(find "$2" -maxdepth 1 -name '.patronat-staging-*')"
}

# ---- a full disk: a first run, then a re-run over a complete output --------------------
mkdir -p "$TMP/full"
if mount -t tmpfs -o size=8m tmpfs "$TMP/full" 2>/dev/null; then
	run_patronat $D -q all -i "$IN" -o "$TMP/ref"
	need=$(du -sk "$TMP/ref" | cut -f1)
	umount "$TMP/full"
	# the estimate passes, the writing does not
	mount -t tmpfs -o size=$((need * 9 / 10))k tmpfs "$TMP/full"
	run_patronat $D -q -j 2 all -i "$IN" -o "$TMP/full/out"
	expect_eq "full disk, first run: exit 3" 3 "$rc"
	expect_contains "full disk, first run: the reason" "No space left on device" "$err"
	expect_eq "full disk, first run: no PDF, no manifest" "" "$(find "$TMP/full/out" -name '*.pdf' -o -name manifest.csv)"
	no_staging "full disk, first run" "$TMP/full/out"
	umount "$TMP/full"
	# a complete output, then a re-run (a new date: every file changes) on a disk too small
	# for a second copy
	mount -t tmpfs -o size=$((need * 16 / 10))k tmpfs "$TMP/full"
	run_patronat $D -q -j 2 all -i "$IN" -o "$TMP/full/out"
	expect_eq "full disk: the first run fits" 0 "$rc"
	before=$(snapshot "$TMP/full/out")
	run_patronat --date 2026-11-24 -q -j 2 all -i "$IN" -o "$TMP/full/out"
	expect_eq "full disk, re-run: exit 3" 3 "$rc"
	expect_contains "full disk, re-run: the reason" "space" "$err"
	expect_eq "full disk, re-run: out/ as before" "$before" "$(snapshot "$TMP/full/out")"
	no_staging "full disk, re-run" "$TMP/full/out"
	verify_ok "full disk, re-run" "$TMP/full/out"
	umount "$TMP/full"
	# far too small: refused before anything is written
	mount -t tmpfs -o size=300k tmpfs "$TMP/full"
	run_patronat $D -q all -i "$IN" -o "$TMP/full/out"
	expect_eq "no room at all: exit 3" 3 "$rc"
	expect_contains "no room at all: said before writing" "not enough free space" "$err"
	umount "$TMP/full"
else
	echo "archive_faults: mount -t tmpfs refused: the full-disk cases are skipped"
fi

echo "archive_faults: full disk done at $SECONDS s"
# ---- SIGINT and SIGTERM at several moments of a 2 000-graduate run -------------------------
"$ROOT/$BUILD/bench/gen" 2000 "$TMP/g2000" >/dev/null 2>&1 || fail "bench/gen 2000"
mkdir -p "$TMP/sig"
run_patronat $D -q all -i "$IN" -o "$TMP/sig"
# the stopped runs' input has other problems: a list rewritten by them would show
grep -q 'half-year 1' "$TMP/sig/problems.csv" && ok || fail "the sample's problems.csv lacks its warning"
before=$(snapshot "$TMP/sig")
# staged N: the number of PDFs staged so far
staged() { find "$TMP/sig" -path '*/.patronat-staging-*' -name '*.pdf' 2>/dev/null | wc -l; }
for moment in "INT 1" "TERM 400" "INT 1995"; do
	set -- $moment
	sig=$1 at=$2
	"$PATRONAT" $D -q -j 2 passports -i "$TMP/g2000" -o "$TMP/sig" 2>"$TMP/sig.err" &
	pid=$!
	for _ in $(seq 1 1200); do
		[ "$(staged)" -ge "$at" ] && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	n=$(staged)
	kill -"$sig" "$pid"
	wait "$pid"
	rc=$?
	want=$([ "$sig" = INT ] && echo 130 || echo 143)
	expect_eq "SIG$sig after $n staged: exit" "$want" "$rc"
	expect_eq "SIG$sig after $n staged: one line" \
		"patronat: stopped by SIG$sig: nothing was changed in $TMP/sig" "$(grep -v warning "$TMP/sig.err")"
	expect_eq "SIG$sig after $n staged: out/ as before" "$before" "$(snapshot "$TMP/sig")"
	no_staging "SIG$sig" "$TMP/sig"
	verify_ok "SIG$sig" "$TMP/sig"
done

echo "archive_faults: signals done at $SECONDS s"
# ---- SIGKILL: the next run finds the stale staging area, says so and removes it ------------
# (all the documents, not the passports alone: 2 000 passports take two seconds now, which a
# poll on a loaded machine can sleep through)
"$PATRONAT" $D -q -j 2 all -i "$TMP/g2000" -o "$TMP/sig" 2>/dev/null &
pid=$!
for _ in $(seq 1 2400); do [ "$(staged)" -ge 20 ] && break; kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
pkill -KILL -P "$pid" 2>/dev/null
kill -KILL "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
[ -n "$(find "$TMP/sig" -maxdepth 1 -name '.patronat-staging-*')" ] && ok || fail "SIGKILL: no staging area to find"
expect_eq "SIGKILL: out/ as before" "$before" "$(snapshot "$TMP/sig")"
run_patronat $D -q all -i "$IN" -o "$TMP/sig"
expect_eq "after SIGKILL: the next run succeeds" 0 "$rc"
expect_contains "after SIGKILL: problems.csv lists the finished run's problems" "left by a run that was stopped" "$(cat "$TMP/sig/problems.csv")"
expect_contains "after SIGKILL: the stale staging area is reported" "left by a run that was stopped" "$err"
no_staging "after SIGKILL" "$TMP/sig"
verify_ok "after SIGKILL" "$TMP/sig"

# ---- a committed staging area (killed while moving) is finished by the next run -----------
mkdir -p "$TMP/fin"
run_patronat $D -q all -i "$IN" -o "$TMP/fin"
run_patronat --date 2026-11-24 -q all -i "$IN" -o "$TMP/fin2"
st="$TMP/fin/.patronat-staging-99999"
mkdir -p "$st/passports"
cp "$TMP/fin2/manifest.csv" "$TMP/fin2/order-2026.pdf" "$st/"
cp "$TMP/fin2/passports/"*.pdf "$st/passports/"
# as if killed after moving half the passports: the old order and manifest still in place
for f in $(ls "$st/passports" | head -10); do mv "$st/passports/$f" "$TMP/fin/passports/$f"; done
cp "$TMP/fin2/"report-*.pdf "$TMP/fin/"
cp -r "$TMP/fin2/plans" "$TMP/fin2/print" "$TMP/fin/"
: >"$st/.commit"
run_patronat $D -q order -i "$IN" -o "$TMP/fin"
expect_eq "committed staging: the next run succeeds" 0 "$rc"
expect_contains "committed staging: reported" "its move is finished now" "$err"
no_staging "committed staging" "$TMP/fin"
expect_eq "committed staging: a passport of the finished move" \
	"$(sha256sum <"$TMP/fin2/passports/2026-013.pdf")" "$(sha256sum <"$TMP/fin/passports/2026-013.pdf")"
verify_ok "committed staging" "$TMP/fin"

# ---- user files with .tmp. in their names survive; so does a graduate a.tmp.b --------------
mkdir -p "$TMP/tmpname/in" "$TMP/tmpname/out"
cp "$DATA"/* "$TMP/tmpname/in/"
sed -i 's/\bT-001\b/a.tmp.b/g' "$TMP/tmpname/in/"*.csv
echo "опись" >"$TMP/tmpname/out/Опись.tmp.docx"
run_patronat $D -q all -i "$TMP/tmpname/in" -o "$TMP/tmpname/out"
expect_eq "a.tmp.b: exit" 0 "$rc"
run_patronat $D -q all -i "$TMP/tmpname/in" -o "$TMP/tmpname/out"
expect_eq "a.tmp.b: second run" 0 "$rc"
expect_eq "the user's Опись.tmp.docx survives" "опись" "$(cat "$TMP/tmpname/out/Опись.tmp.docx" 2>/dev/null)"
[ -f "$TMP/tmpname/out/passports/a.tmp.b.pdf" ] && [ -f "$TMP/tmpname/out/plans/a.tmp.b.pdf" ] && ok ||
	fail "the documents of graduate a.tmp.b were removed"
verify_ok "a.tmp.b" "$TMP/tmpname/out"

echo "archive_faults: SIGKILL and names done at $SECONDS s"
# ---- 20 concurrent runs, `all` and --graduate mixed, on a copy of the sample -------------
mkdir -p "$TMP/conc/in"
cp -r "$IN"/. "$TMP/conc/in/"
ids=$(tail -n +2 "$IN/graduates.csv" | LC_ALL=C cut -d';' -f1 | grep -E '^[0-9]{4}-[0-9]{3}$' | head -16)
pids=""
i=0
for id in $ids x x x x; do
	if [ "$id" = x ]; then
		"$PATRONAT" $D -q -j 1 all -i "$TMP/conc/in" -o "$TMP/conc/out" 2>"$TMP/conc.$i" &
	else
		"$PATRONAT" $D -q -j 1 --graduate "$id" all -i "$TMP/conc/in" -o "$TMP/conc/out" 2>"$TMP/conc.$i" &
	fi
	pids="$pids $!"
	i=$((i + 1))
done
failed=0
for p in $pids; do wait "$p" || failed=$((failed + 1)); done
expect_eq "20 concurrent runs: every one succeeds" 0 "$failed"
waited=$(cat "$TMP"/conc.* | grep -c "in use by another run (process [0-9]*): waiting")
[ "$waited" -ge 1 ] && ok || fail "20 concurrent runs: no run said it waited"
listed=$(tail -n +2 "$TMP/conc/out/manifest.csv" | cut -d, -f1 | sort)
present=$(cd "$TMP/conc/out" && find . -name '*.pdf' | sed 's|^\./||' | sort)
expect_eq "20 concurrent runs: the manifest lists exactly the files present" "$present" "$listed"
no_staging "20 concurrent runs" "$TMP/conc/out"
verify_ok "20 concurrent runs" "$TMP/conc/out"

echo "archive_faults: concurrent runs done at $SECONDS s"
# ---- --no-wait: a held lock is reported at once with its holder ---------------------------
exec 9>"$TMP/conc/out/.patronat.lock"
flock -x 9
echo 4242 >&9
run_patronat $D -q --no-wait order -i "$IN" -o "$TMP/conc/out"
expect_eq "--no-wait: exit 3" 3 "$rc"
expect_contains "--no-wait: names the holder" "in use by another run (process 4242)" "$err"
"$PATRONAT" $D -q order -i "$IN" -o "$TMP/conc/out" 2>"$TMP/wait.err" &
pid=$!
sleep 1
kill -0 "$pid" 2>/dev/null && ok || fail "a run without --no-wait does not wait for the lock"
flock -u 9
exec 9>&-
wait "$pid"
expect_eq "the waiting run goes on once the lock is free" 0 "$?"
expect_contains "the waiting run says so" "in use by another run (process 4242): waiting" "$(cat "$TMP/wait.err")"

# ---- modes: 0640 / 0750 at most, narrowed by the umask, never widened ---------------------
for mask in 077 022; do
	(umask $mask; "$PATRONAT" $D -q all -i "$DATA" -o "$TMP/mode$mask" 2>/dev/null)
	f=$([ $mask = 077 ] && echo 600 || echo 640)
	d=$([ $mask = 077 ] && echo 700 || echo 750)
	expect_eq "umask $mask: files" "$f" "$(find "$TMP/mode$mask" -type f -printf '%m\n' | sort -u | tr '\n' ' ' | sed 's/ $//')"
	expect_eq "umask $mask: folders" "$d" "$(find "$TMP/mode$mask" -mindepth 1 -type d -printf '%m\n' | sort -u | tr '\n' ' ' | sed 's/ $//')"
done
mkdir -p "$TMP/wide/passports"
chmod 0777 "$TMP/wide/passports"
(umask 022; "$PATRONAT" $D -q passports -i "$DATA" -o "$TMP/wide" 2>/dev/null)
expect_eq "a 0777 folder of ours is narrowed" 750 "$(stat -c %a "$TMP/wide/passports")"
finish
