#!/bin/sh
# bench/run.sh: what `make bench` runs — times patronat and the bare-libharu floor on synthetic
# data sets and prints one table. Invariants: the data sets are made once by bench/gen (fixed
# seed) into $BUILD/bench/data-N and reused until bench/gen.c changes; every timed run writes
# into a fresh $BUILD/bench/out that is removed afterwards; nothing outside $BUILD/bench is
# written; the binaries are copied into $BUILD/bench/bin first, so that a rebuild during the
# run (a shared tree) cannot change what is measured. Not part of `make test` or CI: the
# numbers depend on the machine and its load. Every patronat run goes through bench/phases,
# which adds the serial part (wall seconds with no worker alive: reading the input, planning,
# the print files, the register, the manifest) and each process kind's peak RSS.
#   BENCH_SIZES   data set sizes (default "1000 10000"; "1000 10000 100000" adds the large
#                 set: some 3 GB of passports alone and, on 2 quiet cores, minutes a run)
#   BENCH_DATE    the documents' date (default 2026-11-23, the "today" of the data)
#   BENCH_CMDS    the patronat commands timed (default "passports all"; check always runs)
#   BENCH_FLOOR_MAX  the largest N the floor runs at (default 10000: its one-PDF mode holds
#                 every page in memory, 3.5 GB at 100 000)
# Memory bounds (issue 15), checked on every patronat run and printed: every worker at most
# 64 MB whatever N; the parent at most 32 MB plus 1.5 times the size of the input tables.
set -eu
BUILD=${BUILD:-build}
SIZES=${BENCH_SIZES:-1000 10000}
DATE=${BENCH_DATE:-2026-11-23}
CMDS=${BENCH_CMDS:-passports all}
FLOOR_MAX=${BENCH_FLOOR_MAX:-10000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
B=$BUILD/bench
BIN=$B/bin
PATRONAT=$BIN/patronat
OUT=$B/out
ROWS=$B/rows.txt
PHASES=$B/phases.txt
mkdir -p "$B"
: >"$ROWS"
: >"$PHASES"

for t in "$BUILD/patronat" "$B/gen" "$B/floor" "$B/phases"; do
	[ -x "$t" ] || { echo "bench: $t is missing (run 'make bench')" >&2; exit 2; }
done
rm -rf "$BIN" && mkdir -p "$BIN"
cp "$BUILD/patronat" "$B/gen" "$B/floor" "$B/phases" "$BIN/"
PATRONAT_DATA=$ROOT # templates and fonts, whatever the binary's folder
export PATRONAT_DATA
for t in /usr/bin/time pdfinfo; do
	command -v "$t" >/dev/null || { echo "bench: $t is missing (apt-get install time poppler-utils)" >&2; exit 2; }
done

# Makes data-N once; again only when bench/gen.c is newer than the set.
dataset() {
	d=$B/data-$1
	if [ ! -f "$d/.done" ] || [ bench/gen.c -nt "$d/.done" ]; then
		rm -rf "$d"
		"$BIN/gen" "$1" "$d"
		touch "$d/.done"
	fi
}

# Pages of the PDFs named (sum).
pages() {
	n=0
	for f in "$@"; do
		[ -f "$f" ] || continue
		p=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ {print $2}')
		n=$((n + ${p:-0}))
	done
	echo "$n"
}

# timed LABEL N JOBS CMD...: runs CMD under /usr/bin/time (stdout to $B/last.out,
# stderr to $B/last.err); leaves "wall rss user sys" in $B/last.time.
timed() {
	label=$1 n=$2 j=$3
	shift 3
	rm -rf "$OUT" && mkdir -p "$OUT"
	printf '  %-26s N=%-6s ... ' "$label" "$n" >&2
	if ! /usr/bin/time -f '%e %M %U %S' -o "$B/last.time" "$@" >"$B/last.out" 2>"$B/last.err"; then
		echo "failed; see $B/last.err" >&2
		tail -n 5 "$B/last.err" >&2
		exit 1
	fi
	awk '{printf "%.1f s\n", $1}' "$B/last.time" >&2
}

# row LABEL N JOBS PAGES: appends the last run's figures to the table.
row() {
	echo "$1 $2 $3 $4 $(cat "$B/last.time")" >>"$ROWS"
}

# KB of the input tables of data-N (the files patronat reads; the marker left out).
input_kb() {
	du -k -c "$B/data-$1"/*.csv "$B/data-$1"/*.xml 2>/dev/null | awk 'END {print $1}'
}

run_patronat() { # N JOBS COMMAND
	timed "patronat $3 -j $2" "$1" "$2" "$BIN/phases" "$B/last.phases" "$PATRONAT" -q -j "$2" --date "$DATE" "$3" \
		-i "$B/data-$1" -o "$OUT"
	echo "patronat-$3-j$2 $1 $2 $(cat "$B/last.phases") $(input_kb "$1")" >>"$PHASES"
	[ "$3" = check ] && { row "patronat-check" "$1" 1 0; return; }
	# distinct pages laid out: the print files and the single documents (the per-graduate
	# files repeat the print files' pages)
	p=$(pages "$OUT"/print/passports.pdf "$OUT"/print/plans.pdf "$OUT"/order-*.pdf "$OUT"/report-*.pdf)
	row "patronat-$3-j$2" "$1" "$2" "$p"
}

run_floor() { # N MODE(files|one)
	if [ "$2" = one ]; then
		timed "floor, one PDF" "$1" 1 "$BIN/floor" -1 "$B/data-$1" "$OUT" fonts
	else
		timed "floor, a PDF per graduate" "$1" 1 "$BIN/floor" "$B/data-$1" "$OUT" fonts
	fi
	row "floor-$2" "$1" 1 "$(awk '{print $4}' "$B/last.out")"
}

load() { cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo "?"; }
echo "bench: $(nproc) cores, $(uname -m), $(date -u +%Y-%m-%d), load $(load); data in $B" >&2
for n in $SIZES; do
	dataset "$n"
done
for n in $SIZES; do
	run_patronat "$n" 1 check
	for c in $CMDS; do
		run_patronat "$n" 2 "$c"
		[ "$n" -le 1000 ] && [ "$c" = passports ] && run_patronat "$n" 1 passports
	done
	[ "$n" -le "$FLOOR_MAX" ] || continue
	run_floor "$n" files
	run_floor "$n" one
done
rm -rf "$OUT"
echo "bench: load at the end $(load) (wall times mean little when it exceeds $(nproc))" >&2

# The serial part and the peak RSS of each process kind (bench/phases: the parent is patronat
# itself, a worker its largest child; -j 1 has no worker, its serial part is the whole run),
# the input's size and the memory bounds: parent <= 32 MB + 1.5 x input, worker <= 64 MB.
awk '
BEGIN {
	printf "%-24s %6s %2s %10s %9s %14s %10s %14s %s\n", "run", "N", "j", "serial s", "input MB",
	       "parent RSS MB", "bound MB", "worker RSS MB", "bounds"
}
{
	in_mb = $7 / 1024; bound = 32 + 1.5 * in_mb; p = $5 / 1024; w = $6 / 1024
	ok = p <= bound && ($3 <= 1 || w <= 64)
	bad += !ok
	printf "%-24s %6d %2d %10.2f %9.1f %14.1f %10.1f %14s %s\n", $1, $2, $3, $4, in_mb, p, bound,
	       ($3 > 1 ? sprintf("%.1f", w) : "-"), (ok ? "hold" : (p > bound ? "EXCEEDED (parent)" : "EXCEEDED (worker)"))
}
END {
	print "serial s: wall seconds with no worker alive (reading, planning, the print files, the"
	print "register, the manifest); for -j 1 and check the whole run. Target at N = 10 000: <= 1.5 s."
	printf "memory bounds: %s\n\n", bad ? bad " run(s) exceed them" : "every run within them"
}' "$PHASES"

# The table. Columns: wall and CPU (user+sys, children included) seconds; graduates and
# pages per wall second; wall ms per passport per core (wall * jobs / N); CPU ms per
# graduate; peak RSS of the largest single process (for patronat: the parent or one worker,
# /usr/bin/time's %M is not the sum over processes).
awk '
function flush_ratio(n,   pf, fp, fo) {
	pf = cpu["patronat-passports-j2", n]; fp = cpu["floor-files", n]; fo = cpu["floor-one", n]
	if (pf && fp && fo)
		printf "  N=%-6d patronat passports / floor (a PDF each + one PDF), CPU per graduate: %.2f\n", n, pf / (fp + fo)
	if (pf && fp)
		printf "  N=%-6d patronat passports / floor (a PDF each), CPU per graduate:            %.2f\n", n, pf / fp
	if (cpu["patronat-all-j2", n] && fp && fo)
		printf "  N=%-6d patronat all / floor (a PDF each + one PDF), CPU per graduate:       %.2f\n", n, cpu["patronat-all-j2", n] / (fp + fo)
}
BEGIN {
	printf "%-24s %6s %2s %8s %8s %9s %7s %8s %12s %10s %8s\n", "run", "N", "j", "wall s", "CPU s",
	       "grad/s", "pages", "pages/s", "ms/pass/core", "CPU ms/grad", "RSS MB"
}
{
	label = $1; n = $2; j = $3; pg = $4; wall = $5; rss = $6; c = $7 + $8
	if (wall <= 0) wall = 0.01
	printf "%-24s %6d %2d %8.1f %8.1f %9.1f %7d %8.1f %12.2f %10.2f %8.1f\n", label, n, j, wall, c,
	       n / wall, pg, pg / wall, wall * j * 1000 / n, c * 1000 / n, rss / 1024
	cpu[label, n] = c * 1000 / n
	if (!(n in seen)) { seen[n] = 1; order[++nn] = n }
}
END {
	print ""
	print "ratios (CPU ms per graduate; below 1 = faster than the floor):"
	for (i = 1; i <= nn; i++) flush_ratio(order[i])
	print ""
	print "notes: pages = distinct pages laid out (patronat: the print files + order + report; the"
	print "per-graduate PDFs repeat them). patronat passports writes a PDF per graduate AND the print"
	print "file, so its fair floor is both floor modes together. RSS is the largest single process"
	print "(/usr/bin/time %M), not the sum over patronat'"'"'s workers. CPU s include children."
}' "$ROWS"
BUILD=$BUILD sh bench/sheet.sh # a 100 000-row graduates workbook read by check: rows, seconds, peak RSS
