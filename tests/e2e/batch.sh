#!/usr/bin/env bash
# batch: workers, shards, print files and determinism — the same input and date give the
# same bytes whatever -j, and the shards together give exactly the documents of one run.
. "$(dirname "$0")/../lib.sh"
IN="$ROOT/input"

run_patronat --date 2026-11-23 -q -j 1 all -i "$IN" -o "$TMP/j1"
expect_eq "-j 1: exit" 0 "$rc"
run_patronat --date 2026-11-23 -q -j 2 all -i "$IN" -o "$TMP/j2"
expect_eq "-j 2: exit" 0 "$rc"
list() { (cd "$1" && find . -name '*.pdf' | sort); }
expect_eq "-j 1 and -j 2 write the same files" "$(list "$TMP/j1")" "$(list "$TMP/j2")"
n=$(list "$TMP/j1" | wc -l)
[ "$n" -ge 80 ] && ok || fail "expected 40 passports + 40 plans + more, got $n files"
diffs=$(cd "$TMP/j1" && find . -name '*.pdf' | while read -r f; do cmp -s "$f" "$TMP/j2/$f" || echo "$f"; done)
expect_eq "-j 1 and -j 2 byte-identical" "" "$diffs"
# SOURCE_DATE_EPOCH stands for --date
SOURCE_DATE_EPOCH=$(date -u -d 2026-11-23 +%s) run_patronat -q -j 2 passports -i "$IN" -o "$TMP/sde"
cmp -s "$TMP/j1/passports/2024-001.pdf" "$TMP/sde/passports/2024-001.pdf" && ok || fail "SOURCE_DATE_EPOCH run differs"

# shards: together exactly the per-graduate and year documents of one run, no overlap
: >"$TMP/shards.txt"
for k in 1 2 3; do
	run_patronat --date 2026-11-23 -q -j 1 --shard $k/3 all -i "$IN" -o "$TMP/s$k"
	expect_eq "shard $k/3: exit" 0 "$rc"
	list "$TMP/s$k" >>"$TMP/shards.txt"
	[ ! -e "$TMP/s$k/print" ] && ok || fail "a shard must not write print files (they need every graduate)"
done
one=$(list "$TMP/j1" | grep -v '^./print/')
expect_eq "shards together = one run" "$one" "$(sort "$TMP/shards.txt")"
expect_eq "no document in two shards" "" "$(sort "$TMP/shards.txt" | uniq -d)"
for k in 1 2 3; do
	diffs=$(cd "$TMP/s$k" && find . -name '*.pdf' | while read -r f; do cmp -s "$f" "$TMP/j1/$f" || echo "$f"; done)
	expect_eq "shard $k documents identical to one run's" "" "$diffs"
done
s1=$(list "$TMP/s1" | grep -c passports); s2=$(list "$TMP/s2" | grep -c passports)
[ "$s1" -gt 5 ] && [ "$s2" -gt 5 ] && ok || fail "shards are unbalanced: $s1, $s2"
run_patronat --shard 4/3 check -i "$IN"
expect_eq "--shard 4/3 is a usage error" 2 "$rc"

# print files: every passport in order by surname, then id; pages add up; duplex pads
total=0
for f in "$TMP"/j1/passports/*.pdf; do total=$((total + $(pdf_pages "$f"))); done
expect_eq "print file pages = sum of passports' pages" "$total" "$(pdf_pages "$TMP/j1/print/passports.pdf")"
pdf_check "$TMP/j1/print/passports.pdf"
# the sample's surnames in alphabetical order: Абрамова comes first, Юсупов… last
first=$(pdftotext -l 2 "$TMP/j1/print/passports.pdf" - | tr '\n' ' ')
expect_contains "the print file starts with the first surname" "выпускника Абрамова" "$first"
# the print files' text is the per-graduate files' text, document after document, in print
# order: surname, name, patronymic, then id (code-point order is Russian order for the
# sample, which has no «ё» to collate apart)
for f in "$TMP"/j1/passports/*.pdf; do
	name=$(pdftotext -l 1 "$f" - | sed -n 's/^1\. Фамилия.* выпускника //p' | head -n 1)
	printf '%s\t%s\n' "$name" "$(basename "$f" .pdf)"
done | LC_ALL=C.UTF-8 sort -t "$(printf '\t')" -k1,1 -k2,2 | cut -f2 >"$TMP/order.ids"
expect_eq "every graduate named in a passport" "$(ls "$TMP/j1/passports" | wc -l)" "$(grep -c . "$TMP/order.ids")"
for kind in passports plans; do
	while read -r id; do pdf_text "$TMP/j1/$kind/$id.pdf"; done <"$TMP/order.ids" >"$TMP/concat-$kind.txt"
	pdf_text "$TMP/j1/print/$kind.pdf" >"$TMP/print-$kind.txt"
	expect_file_eq "print/$kind.pdf text = the $kind in print order" "$TMP/concat-$kind.txt" "$TMP/print-$kind.txt"
done
total_plans=0
for f in "$TMP"/j1/plans/*.pdf; do total_plans=$((total_plans + $(pdf_pages "$f"))); done
expect_eq "print file pages = sum of plans' pages" "$total_plans" "$(pdf_pages "$TMP/j1/print/plans.pdf")"
pdf_check "$TMP/j1/print/plans.pdf"
run_patronat --date 2026-11-23 -q --duplex passports -i "$IN" -o "$TMP/dup"
expect_eq "--duplex: exit" 0 "$rc"
odd=0
for f in "$TMP"/j1/passports/*.pdf; do odd=$((odd + $(pdf_pages "$f") % 2)); done
dp=$(pdf_pages "$TMP/dup/print/passports.pdf")
[ "$dp" -eq $((total + odd)) ] || [ "$dp" -eq $((total + odd - 1)) ] && ok ||
	fail "duplex pads every odd-length document but the last: $total pages, $odd odd documents, got $dp"
# each document starts on an odd page: the page after a padded blank page starts with the title
pdftotext "$TMP/dup/print/passports.pdf" - | awk 'BEGIN { RS = "\f" } { if ($0 ~ /^ПАСПОРТ/ && NR % 2 == 0) bad++ } END { exit bad > 0 }' &&
	ok || fail "with --duplex a passport starts on an even page"

# quiet on a pipe (no progress line), progress shown on a terminal
run_patronat --date 2026-11-23 -j 2 passports -i "$IN" -o "$TMP/np"
expect_not_contains "no progress when stderr is not a terminal" "left" "$err"
if command -v script >/dev/null; then
	script -qec "$PATRONAT --date 2026-11-23 -j 2 passports -i $IN -o $TMP/tty" /dev/null >"$TMP/tty.out" 2>&1
	expect_contains "progress on a terminal" "/41 documents" "$(tr '\r' '\n' <"$TMP/tty.out")"
fi
finish
