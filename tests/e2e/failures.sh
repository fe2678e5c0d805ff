#!/usr/bin/env bash
# failures: a full disk, an unwritable output, a run killed half way, symlinks planted in the
# output, characters the font lacks — clear errors, only complete files, nothing lost silently.
. "$(dirname "$0")/../lib.sh"
IN="$ROOT/input"
DATA="$ROOT/tests/data/small"

# only_complete DIR: every PDF under DIR (its staging area aside) is whole
only_complete() {
	bad=""
	for f in $(find "$1" -path '*/.patronat-staging-*' -prune -o -name '*.pdf' -print 2>/dev/null); do
		qpdf --check "$f" >/dev/null 2>&1 || bad="$bad $f"
	done
	expect_eq "$2: every PDF is complete" "" "$bad"
}

# a full disk: a small tmpfs as the output folder (falls back to a file size limit where
# mounting is not allowed)
mkdir -p "$TMP/full"
if mount -t tmpfs -o size=300k tmpfs "$TMP/full" 2>/dev/null; then
	run_patronat --date 2026-11-23 -q -j 2 passports -i "$IN" -o "$TMP/full/out"
	expect_eq "full disk: exit 3" 3 "$rc"
	expect_contains "full disk: refused before writing" "not enough free space" "$err"
	only_complete "$TMP/full/out" "full disk"
	expect_eq "full disk: no temporary file" "" "$(find "$TMP/full/out" -name '*.tmp.*')"
	umount "$TMP/full"
else
	(ulimit -f 100; "$PATRONAT" --date 2026-11-23 -q -j 2 passports -i "$IN" -o "$TMP/full/out" 2>"$TMP/err")
	expect_eq "file size limit: exit 3" 3 "$?"
	expect_contains "file size limit: the reason" "File too large" "$(cat "$TMP/err")"
	only_complete "$TMP/full/out" "file size limit"
fi

# an output folder that cannot be made
: >"$TMP/afile"
run_patronat --date 2026-11-23 -q passports -i "$DATA" -o "$TMP/afile/out"
expect_eq "unwritable output: exit 3" 3 "$rc"
expect_contains "unwritable output: message" "$TMP/afile" "$err"

# killed half way: only complete PDFs (the staged ones are not in place); the next run
# removes the staging area and completes the work. 300 generated graduates: the sample
# input's 85 PDFs take a tenth of a second, over before a poll can catch them half way
KIN="$TMP/g300"
"$ROOT/$BUILD/bench/gen" 300 "$KIN" >/dev/null 2>&1 || fail "bench/gen 300"
run_patronat --date 2026-11-23 -q -j 1 all -i "$KIN" -o "$TMP/ref"
"$PATRONAT" --date 2026-11-23 -q -j 2 all -i "$KIN" -o "$TMP/kill" 2>/dev/null &
pid=$!
for _ in $(seq 1 50); do
	n=$(find "$TMP/kill" -name '*.pdf' 2>/dev/null | wc -l)
	[ "$n" -ge 10 ] && break
	sleep 0.05
done
pkill -KILL -P "$pid" 2>/dev/null
kill -KILL "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
only_complete "$TMP/kill" "after SIGKILL"
n=$(find "$TMP/kill" -name '*.pdf' | wc -l)
expect_eq "after SIGKILL: nothing in place yet" "" "$(find "$TMP/kill" -path '*/.patronat-staging-*' -prune -o -name '*.pdf' -print)"
total=$(find "$TMP/ref" -name '*.pdf' | wc -l)
[ "$n" -lt "$total" ] && ok || fail "the kill came too late to test anything ($n of $total written)"
[ ! -e "$TMP/kill/manifest.csv" ] || ! grep -q . "$TMP/kill/manifest.csv" || {
	missing=$(tail -n +2 "$TMP/kill/manifest.csv" | cut -d, -f1 | while read -r p; do [ -f "$TMP/kill/$p" ] || echo "$p"; done)
	expect_eq "no manifest entry for a missing file" "" "$missing"
}
run_patronat --date 2026-11-23 -q -j 2 all -i "$KIN" -o "$TMP/kill"
expect_eq "the next run: exit 0" 0 "$rc"
expect_eq "the next run completes the work" "$total" "$(find "$TMP/kill" -name '*.pdf' | wc -l)"
expect_eq "no temporary file left" "" "$(find "$TMP/kill" -name '*.tmp.*')"
diffs=$(cd "$TMP/ref" && find . -name '*.pdf' | while read -r f; do cmp -s "$f" "$TMP/kill/$f" || echo "$f"; done)
expect_eq "the completed run equals an uninterrupted one" "" "$diffs"

# symlinks planted in the output folder are replaced, never followed
mkdir -p "$TMP/sym/passports"
echo "precious" >"$TMP/victim"
ln -s "$TMP/victim" "$TMP/sym/passports/T-001.pdf"
run_patronat --date 2026-11-23 -q passports -i "$DATA" -o "$TMP/sym"
expect_eq "planted symlink: exit 0" 0 "$rc"
expect_eq "the symlink's target is untouched" "precious" "$(cat "$TMP/victim")"
[ -f "$TMP/sym/passports/T-001.pdf" ] && [ ! -L "$TMP/sym/passports/T-001.pdf" ] && ok ||
	fail "the planted symlink was not replaced by the document"
mkdir -p "$TMP/sym2" "$TMP/elsewhere"
ln -s "$TMP/elsewhere" "$TMP/sym2/passports"
run_patronat --date 2026-11-23 -q passports -i "$DATA" -o "$TMP/sym2"
expect_eq "symlinked folder: exit 3" 3 "$rc"
expect_contains "symlinked folder: message" "is a symbolic link" "$err"
expect_eq "nothing written through the link" "" "$(ls "$TMP/elsewhere")"

# files are 0640 whatever the umask
(umask 000; "$PATRONAT" --date 2026-11-23 -q passports -i "$DATA" -o "$TMP/umask" 2>/dev/null)
expect_eq "mode 0640 under umask 000" 640 "$(stat -c %a "$TMP/umask/passports/T-001.pdf")"

# characters the font lacks are replaced visibly and reported, not dropped silently
mkdir -p "$TMP/emoji"
cp "$DATA"/*.csv "$DATA"/institution.xml "$TMP/emoji/"
sed -i 's/Продолжить наблюдение\./Продолжить наблюдение 😀 — 中文./' "$TMP/emoji/graduates.csv"
run_patronat --date 2026-11-23 passports -i "$TMP/emoji" -o "$TMP/emout"
expect_eq "emoji: exit 0" 0 "$rc"
for cp in 1F600 4E2D 6587; do
	expect_contains "emoji: U+$cp reported" "graduates.csv:2: AB (Рекомендации): warning: graduate T-001: character U+$cp cannot be printed" "$err"
done
expect_contains "emoji: visible" "Продолжить наблюдение ? — ??." "$(pdf_flat "$TMP/emout/passports/T-001.pdf")"
# a libharu error reaches the user in words, naming the document and the graduate: a surname
# of 70 000 letters (a CSV cell may hold 100 000 bytes) makes a title longer than a PDF string
mkdir -p "$TMP/huge"
cp "$DATA"/staff.csv "$DATA"/institution.xml "$TMP/huge/"
huge=$(head -c 70000 /dev/zero | tr '\0' 'a')
sed "s/^T-001,Семёнова,/T-001,T$huge,/" "$DATA/graduates.csv" >"$TMP/huge/graduates.csv"
run_patronat --date 2026-11-23 -q -j 1 passports -i "$TMP/huge" -o "$TMP/hugeout"
expect_eq "a 70 000-letter surname: exit 3" 3 "$rc"
expect_contains "libharu's error in words, naming the document and the graduate" \
	"patronat: the passport of graduate T-001 (passports/T-001.pdf): a text is too long for a PDF: more than 65 535 bytes in one piece (libharu error 0x105B)" "$err"
expect_not_contains "no bare library code" "PDF library error" "$err"
expect_not_contains "no name in the message" "aaaaaaaaaa" "$err"
expect_eq "a 70 000-letter surname: no PDF written" "" "$(find "$TMP/hugeout" -name '*.pdf' 2>/dev/null)"
LANGUAGE=ru LC_ALL=ru_RU.UTF-8 "$PATRONAT" --date 2026-11-23 -q -j 1 passports -i "$TMP/huge" -o "$TMP/hugeout" 2>"$TMP/huge.err"
expect_contains "the same in Russian" "паспорт выпускника T-001 (passports/T-001.pdf): текст слишком длинный для PDF" "$(cat "$TMP/huge.err")"

# a 200-character name fits its table cell by wrapping (the order's curators table, the plan's
# title, the register), nothing outside the margins, nothing cut
mkdir -p "$TMP/longname"
cp "$DATA"/staff.csv "$DATA"/institution.xml "$TMP/longname/"
longname=$(for i in $(seq 1 20); do printf 'Длиннофамил'; done)
sed "s/^T-001,Семёнова,/T-001,$longname,/" "$DATA/graduates.csv" >"$TMP/longname/graduates.csv"
run_patronat --date 2026-11-23 -q all -i "$TMP/longname" -o "$TMP/lnout"
expect_eq "200-character name: exit" 0 "$rc"
for f in order-2025.pdf plans/T-001.pdf passports/T-001.pdf print/inventory.pdf; do
	# the name's pieces in the order they were drawn (other columns' words left out)
	t=$(pdftotext -bbox "$TMP/lnout/$f" - 2>/dev/null | sed -n 's/.*>\([Длинофам-]*\)<\/word>.*/\1/p' | tr -d '\n-')
	n=$(printf '%s' "$t" | grep -o 'Длиннофамил' | wc -l)
	[ "$n" -ge 20 ] && ok || fail "$f: the 200-character name is cut ($n of 20 pieces)"
	pdftotext -bbox "$TMP/lnout/$f" - | awk -F'"' '/<word/ {
		if ($2 < 56.6 || $6 > 595.3 - 28.3 + 0.5 || $8 > 841.9 - 56.6 + 1) bad++
	} END { exit bad > 0 }' && ok || fail "$f: text outside the margins"
done
finish
