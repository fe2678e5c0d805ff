#!/bin/sh
# fuzz/run.sh SECONDS: runs every fuzz target for SECONDS each, from seed corpora made of the
# sample data and the bad-input corpus; a crash leaves its input in build-fuzz/crashes/ and
# fails the run. Prints each target's executions and coverage.
secs=${1:-60}
cd "$(dirname "$0")/.." || exit 1
B=build-fuzz
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
mkdir -p "$B/corpus" "$B/crashes"
seed() { # seed TARGET FILES...
	d="$B/corpus/$1"; shift
	mkdir -p "$d"
	for f in "$@"; do [ -f "$f" ] && [ "$(wc -c <"$f")" -lt 200000 ] && cp "$f" "$d/$(echo "$f" | tr '/' '_')"; done
}
seed fuzz_csv input/*.csv tests/data/small/*.csv tests/bad/*/*.csv
seed fuzz_xml input/*.xml templates/*.xml tests/bad/*/*.xml
seed fuzz_table_xml tests/bad/*/*.xml
seed fuzz_layout input/README.md README.md
seed fuzz_sheet tests/data/workbooks/*.xlsx tests/data/workbooks/*.ods tests/data/workbooks/*.xls
# the small workbooks once more with their parts stored, not deflated: mutations then reach
# the XML instead of breaking the compressed stream
python3 - "$B/corpus/fuzz_sheet" tests/data/workbooks/staff.xlsx tests/data/workbooks/events.xlsx \
	tests/data/workbooks/events.ods <<'SEEDS' || true
import os, sys, zipfile
for src in sys.argv[2:]:
    dst = os.path.join(sys.argv[1], "stored_" + os.path.basename(src))
    with zipfile.ZipFile(src) as zi, zipfile.ZipFile(dst, "w", zipfile.ZIP_STORED) as zo:
        for info in zi.infolist():
            zo.writestr(info.filename, zi.read(info.filename))
SEEDS
status=0
for t in fuzz_csv fuzz_xml fuzz_table_xml fuzz_layout fuzz_sheet; do
	[ -x "$B/$t" ] || continue
	"$B/$t" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -max_len=65536 \
		-artifact_prefix="$B/crashes/$t-" "$B/corpus/$t" >"$B/$t.log" 2>&1 || status=1
	last=$(grep -E '^#[0-9]+' "$B/$t.log" | tail -1)
	echo "$t: $last"
	grep -E 'ERROR|SUMMARY|Test unit written' "$B/$t.log" | head -5
done
exit $status
