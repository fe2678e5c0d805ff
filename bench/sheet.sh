#!/bin/sh
# bench/sheet.sh: `patronat check` on a graduates table given as a workbook (.xlsx as Excel
# writes it, with shared strings; .ods as Calc writes it) of 10 000 and 100 000 rows; prints
# rows, wall seconds and peak RSS, and the same for the sheet reader alone (bench/sheetread:
# every row read, none kept). bench/run.sh calls it at its end; it runs alone too
# (after `make bench`). The workbooks are made without LibreOffice by bench/sheet.py from
# bench/gen's graduates (fixed seed), once into $BUILD/bench/sheet-N, again only when gen.c
# or sheet.py is newer. The reader streams a sheet: its peak RSS is the model's (the
# graduates kept for the run), so RSS per row stays flat from 10 000 to 100 000 rows.
#   BENCH_SHEET_ROWS  the row counts (default "10000 100000")
#   BENCH_DATE        the documents' date (default 2026-11-23)
set -eu
BUILD=${BUILD:-build}
ROWS=${BENCH_SHEET_ROWS:-10000 100000}
DATE=${BENCH_DATE:-2026-11-23}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
B=$BUILD/bench
for t in "$BUILD/patronat" "$B/gen" "$B/sheetread"; do
	[ -x "$t" ] || { echo "bench/sheet: $t is missing (run 'make bench')" >&2; exit 2; }
done
for t in /usr/bin/time python3; do
	command -v "$t" >/dev/null || { echo "bench/sheet: $t is missing" >&2; exit 2; }
done
mkdir -p "$B/bin"
cp "$BUILD/patronat" "$B/bin/patronat-sheet" # a rebuild during the run changes nothing
cp "$B/sheetread" "$B/bin/sheetread"
PATRONAT_DATA=$ROOT
export PATRONAT_DATA

# sheets N: $B/sheet-N/{xlsx,ods}/ (institution.xml, staff.csv, graduates.EXT)
sheets() {
	d=$B/sheet-$1
	if [ -f "$d/.done" ] && [ ! bench/gen.c -nt "$d/.done" ] && [ ! bench/sheet.py -nt "$d/.done" ]; then
		return
	fi
	rm -rf "$d" && mkdir -p "$d"
	"$B/gen" "$1" "$d/gen" >/dev/null
	for k in xlsx ods; do
		mkdir -p "$d/$k"
		cp "$d/gen/institution.xml" "$d/gen/staff.csv" "$d/$k/"
	done
	python3 bench/sheet.py "$d/gen/graduates.csv" "$d/xlsx/graduates.xlsx" "$d/ods/graduates.ods" >/dev/null
	rm -rf "$d/gen"
	touch "$d/.done"
}

out=$B/sheet.txt
: >"$out"
for n in $ROWS; do
	printf '  sheets of %s rows ... ' "$n" >&2
	sheets "$n"
	echo done >&2
	for k in xlsx ods; do
		printf '  patronat check, graduates.%-4s N=%-6s ... ' "$k" "$n" >&2
		rm -rf "$B/sheet-out"
		if ! /usr/bin/time -f '%e %M' -o "$B/sheet.time" "$B/bin/patronat-sheet" -q --date "$DATE" \
			check -i "$B/sheet-$n/$k" -o "$B/sheet-out" >/dev/null 2>"$B/sheet.err"; then
			echo "failed; see $B/sheet.err" >&2
			grep -v ': warning: ' "$B/sheet.err" | tail -n 5 >&2
			exit 1
		fi
		awk '{printf "%.1f s\n", $1}' "$B/sheet.time" >&2
		size=$(wc -c <"$B/sheet-$n/$k/graduates.$k")
		echo "check $k $n $size $(cat "$B/sheet.time")" >>"$out"
		printf '  the reader alone, graduates.%-4s N=%-6s ... ' "$k" "$n" >&2
		if ! /usr/bin/time -f '%e %M' -o "$B/sheet.time" "$B/bin/sheetread" "$B/sheet-$n/$k/graduates.$k" \
			>"$B/sheet.rows" 2>"$B/sheet.err"; then
			echo "failed; see $B/sheet.err" >&2
			exit 1
		fi
		awk '{printf "%.1f s\n", $1}' "$B/sheet.time" >&2
		echo "read $k $n $size $(cat "$B/sheet.time")" >>"$out"
	done
done
rm -rf "$B/sheet-out"

# rows, the file, wall seconds, rows per second, peak RSS and RSS per 1 000 rows
awk '
BEGIN { printf "%-22s %7s %8s %8s %9s %8s %14s\n", "sheet", "rows", "file MB", "wall s", "rows/s", "RSS MB", "RSS MB/1k rows" }
{
	wall = $5 > 0 ? $5 : 0.01
	printf "%-22s %7d %8.1f %8.1f %9.0f %8.1f %14.2f\n", $1 " graduates." $2, $3, $4 / 1048576, wall,
	       $3 / wall, $6 / 1024, $6 / 1024 / ($3 / 1000)
}
END {
	print ""
	print "notes: RSS is /usr/bin/time %M of the one process (check has no workers). check holds the"
	print "model (every graduate, as for a CSV); read is the sheet reader alone: the workbook file"
	print "in memory, the .xlsx its shared strings (as Excel does), the rows streamed."
}' "$out"
