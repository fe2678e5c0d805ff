#!/usr/bin/env bash
# passport: the graduate's passport end to end — text, order of fields, blank lines, fonts,
# structure, metadata, permissions, templates editable without recompiling, long values.
. "$(dirname "$0")/../lib.sh"
DATA="$ROOT/tests/data/small"

run_patronat --date 2026-11-23 -q passports -i "$DATA" -o "$TMP/out"
expect_eq "exit code" 0 "$rc"
for id in T-001 T-002; do
	f="$TMP/out/passports/$id.pdf"
	[ -f "$f" ] && ok || fail "$id.pdf not written"
	expect_in_order "$id text" "$DATA/expected/$id.passport.txt" "$(pdf_flat "$f")"
	pdf_check "$f"
	expect_eq "$id mode" 640 "$(stat -c %a "$f")"
done
expect_eq "page count of T-001" 2 "$(pdf_pages "$TMP/out/passports/T-001.pdf")"
expect_eq "no temporary files left" "" "$(ls -A "$TMP/out/passports" | grep -v '\.pdf$')"

info=$(pdfinfo "$TMP/out/passports/T-001.pdf")
expect_contains "title" "Паспорт патроната выпускника: Семёнова Алёна Игоревна" "$(printf '%s' "$info" | sed 's/ПАСПОРТ патроната/Паспорт патроната/')"
expect_contains "author" "Author:          ГБПОУ «Тестовский колледж»" "$info"
expect_contains "subject" "Subject:         Паспорт патроната выпускника (Приложение 1)" "$info"
expect_contains "creator" "Creator:         patronat" "$info"
expect_contains "A4" "595.276 x 841.89 pts (A4)" "$info"

# page numbers: none on page 1, "2" centred in the top margin of page 2
p2=$(pdftotext -f 2 -l 2 -bbox "$TMP/out/passports/T-001.pdf" - | grep -m1 '<word')
expect_contains "page number on page 2" '>2</word>' "$p2"
ymax=$(printf '%s' "$p2" | sed -E 's/.*yMax="([0-9.]+)".*/\1/')
awk -v y="$ymax" 'BEGIN { exit !(y < 56.7 && y > 28.3) }' && ok || fail "page number not in the top margin (yMax=$ymax)"
p1first=$(pdftotext -f 1 -l 1 "$TMP/out/passports/T-001.pdf" - | head -1)
expect_eq "page 1 starts with the title" "ПАСПОРТ" "$p1first"

# fields with no data print ruled blank lines: T-002 has more rules than T-001
rules() { qpdf --qdf --object-streams=disable "$1" - 2>/dev/null | grep -ac ' l$'; }
r1=$(rules "$TMP/out/passports/T-001.pdf"); r2=$(rules "$TMP/out/passports/T-002.pdf")
[ "$r2" -gt "$r1" ] && ok || fail "blank fields must be ruled (T-001 $r1 lines, T-002 $r2)"
[ "$r2" -ge 25 ] && ok || fail "T-002 should have at least 25 ruled lines, has $r2"

# the half-year rule: warnings name the graduate and the period
run_patronat --date 2026-11-23 check -i "$DATA"
expect_eq "check exit code with warnings" 0 "$rc"
expect_contains "half-year warning" "graduates.csv:3: A (Код): warning: graduate T-002 has no record for half-year 1 (6 months after graduation, 30.06.2025–29.12.2025)" "$err"
expect_contains "second half-year warning" "half-year 2 (1 year after graduation, 30.12.2025–29.06.2026)" "$err"
expect_not_contains "no warning for T-001" "graduate T-001 has no record" "$err"
expect_not_contains "no warning for a half-year not over" "half-year 3 (1.5 years after graduation, 30.06.2026" "$err"
run_patronat --date 2026-11-23 --strict passports -i "$DATA" -o "$TMP/strict"
expect_eq "--strict turns warnings into errors" 1 "$rc"
only_problems "$TMP/strict" && ok || fail "--strict run wrote $(ls -R "$TMP/strict")"
run_patronat --date 2025-12-01 check -i "$DATA"
expect_not_contains "the date decides which half-years are over" "T-002 has no record" "$err"

# --graduate writes only that passport
run_patronat --date 2026-11-23 -q --graduate T-002 passports -i "$DATA" -o "$TMP/one"
expect_eq "--graduate exit" 0 "$rc"
expect_eq "--graduate writes one file" "T-002.pdf" "$(ls "$TMP/one/passports")"
run_patronat --date 2026-11-23 --graduate NOPE passports -i "$DATA" -o "$TMP/none"
expect_eq "--graduate unknown: exit 1" 1 "$rc"
expect_contains "--graduate unknown: message" "no graduate with id NOPE" "$err"

# the wording lives in templates/passport.xml: a changed label changes the PDF, no rebuild
mkdir -p "$TMP/data"
cp -R "$ROOT/templates" "$ROOT/fonts" "$TMP/data/"
sed -i 's/label="Жилищные условия выпускника"/label="Жилищные условия (по акту обследования)"/' "$TMP/data/templates/passport.xml"
PATRONAT_DATA="$TMP/data" run_patronat --date 2026-11-23 -q passports -i "$DATA" -o "$TMP/tpl"
expect_eq "edited template: exit" 0 "$rc"
t=$(pdf_flat "$TMP/tpl/passports/T-001.pdf")
expect_contains "edited label printed" "7. Жилищные условия (по акту обследования) Закреплённое жильё" "$t"
expect_not_contains "old label gone" "Жилищные условия выпускника" "$t"
sed -i 's/value="housing"/value="housng"/' "$TMP/data/templates/passport.xml"
PATRONAT_DATA="$TMP/data" run_patronat --date 2026-11-23 passports -i "$DATA" -o "$TMP/tpl2"
expect_eq "unknown value in the template: exit 1" 1 "$rc"
line=$(grep -n 'value="housng"' "$TMP/data/templates/passport.xml" | cut -d: -f1)
expect_contains "unknown value: message with line" "passport.xml:$line: value: unknown value 'housng'" "$err"
only_problems "$TMP/tpl2" && ok || fail "bad template run wrote files"

# a missing or changed font is a clear error at start, not a broken PDF
cp -R "$ROOT/templates" "$TMP/data/" # restore the template
rm "$TMP/data/fonts/LiberationSerif-Bold.ttf"
PATRONAT_DATA="$TMP/data" run_patronat --date 2026-11-23 passports -i "$DATA" -o "$TMP/nofont"
expect_eq "missing font: exit 3" 3 "$rc"
expect_contains "missing font: message" "LiberationSerif-Bold.ttf: missing (run 'make deps')" "$err"
[ ! -e "$TMP/nofont/passports" ] && ok || fail "missing font run wrote files"
cp "$ROOT/fonts/LiberationSerif-Regular.ttf" "$TMP/data/fonts/LiberationSerif-Bold.ttf"
PATRONAT_DATA="$TMP/data" run_patronat --date 2026-11-23 passports -i "$DATA" -o "$TMP/badfont"
expect_eq "changed font: exit 3" 3 "$rc"
expect_contains "changed font: message" "checksum mismatch" "$err"

# a long value wraps and flows onto the next pages, never off the page, never cut
mkdir -p "$TMP/long"
cp "$DATA"/staff.csv "$DATA"/institution.xml "$TMP/long/"
long=$(for i in $(seq 1 120); do printf 'Фраза номер %d о семье выпускника, длинная и подробная. ' "$i"; done)
nospace=$(printf 'Ж%.0s' $(seq 1 300))
{
	head -1 "$DATA/graduates.csv"
	printf 'L-1,Длиннова,Анна,,01.01.2005,30.06.2024,,сирота,"%s",%s,,,,,,,,,,,,,,,P02,,,\n' "$long" "$nospace"
} >"$TMP/long/graduates.csv"
run_patronat --date 2024-12-01 -q passports -i "$TMP/long" -o "$TMP/longout"
expect_eq "long value: exit" 0 "$rc"
f="$TMP/longout/passports/L-1.pdf"
pages=$(pdf_pages "$f")
[ "${pages:-0}" -ge 3 ] && ok || fail "a 7000-character field should flow over 3+ pages, got $pages"
t=$(pdf_flat "$f")
expect_contains "long value: first sentence" "Фраза номер 1 о семье" "$t"
expect_contains "long value: last sentence" "Фраза номер 120 о семье выпускника, длинная и подробная." "$t"
expect_contains "the field after the long one follows it" "7. Жилищные условия выпускника ЖЖЖ" "$t"
nz=$(printf '%s' "$t" | sed 's/Жилищные//g' | grep -o 'Ж' | wc -l)
expect_eq "a word with no spaces is broken, not cut" 300 "$nz"
# nothing outside the text area: every word within the margins (20/10/20/20 mm)
pdftotext -bbox "$f" - | awk -F'"' '/<word/ {
	xmin=$2; ymin=$4; xmax=$6; ymax=$8;
	if (xmin < 56.6 || xmax > 595.3 - 28.3 + 0.5 || ymax > 841.9 - 56.6 + 1) bad++
} END { exit bad > 0 }' && ok || fail "text outside the margins in $f"
pdf_check "$f"

# a field's blank lines stay with its label: no sample passport ends on a page holding only
# ruled lines and its page number (field 16's lines once spilled alone onto a third page)
run_patronat --date 2026-11-23 -q -j 2 passports -i "$ROOT/input" -o "$TMP/sample"
bare=""
for f in "$TMP"/sample/passports/*.pdf; do
	n=$(pdf_pages "$f")
	chars=$(pdftotext -f "$n" -l "$n" "$f" - 2>/dev/null | tr -d ' \n\f' | wc -c)
	[ "$chars" -lt 5 ] && bare="$bare $(basename "$f")"
done
expect_eq "no last page with nothing but ruled lines" "" "$bare"

# fields 10–13: each record's part under its own sub-label, dated; never run together with «.;»
# (a «.;» may only be the input's own, as in «г.;»)
inputs=$(for c in "$ROOT"/input/*.csv; do iconv -f utf-8 -t utf-8 "$c" 2>/dev/null || iconv -f cp1251 -t utf-8 "$c"; done)
stray=""
for f in "$TMP"/sample/passports/*.pdf; do
	for w in $(pdftotext "$f" - | grep -o '[^[:space:]]*\.;'); do
		case "$inputs" in *"$w"*) ;; *) stray="$stray $(basename "$f"):$w" ;; esac
	done
done
expect_eq "no «.;» that the input does not have" "" "$stray"
t=$(pdf_flat "$TMP/sample/passports/2024-003.pdf")
expect_not_contains "no parts run together" "особенности:" "$t"
expect_contains "field 12 has its own «особенности»" "после окончания учреждения образования): особенности" "$(printf '%s' "$t" | sed -n 's/.*\(12\. Анализ.*\)13\. Результаты.*/\1/p' | sed 's/.*(за 1,5 года/(за 1,5 года/')"
expect_contains "field 13's sub-labels" "трудности в социализации" "$(printf '%s' "$t" | sed 's/.*13\. Результаты//')"
expect_contains "field 13's help" "оказанная помощь (какая, когда, кем)" "$(printf '%s' "$t" | sed 's/.*13\. Результаты//')"
expect_contains "a record dated, with who helped" "оказанная помощь (какая, когда, кем) 12.12.2024, Лебедева Н.С. — Консультация" "$(pdf_flat "$TMP/sample/passports/2024-001.pdf")"

# the last field never alone on a page
lone=""
for f in "$TMP"/sample/passports/*.pdf; do
	n=$(pdf_pages "$f")
	for p in $(seq 2 "$n"); do
		first=$(pdftotext -f "$p" -l "$p" "$f" - | grep -v '^[[:space:]]*[0-9]*[[:space:]]*$' | head -1)
		case "$first" in "16. Рекомендации"*) lone="$lone $(basename "$f"):$p" ;; esac
	done
done
expect_eq "no page that starts with «16. Рекомендации»" "" "$lone"

# a graduate who did not finish (2025-014, expelled): no year of finishing, no specialty
t=$(pdf_flat "$TMP/sample/passports/2025-014.pdf")
expect_contains "expelled: field 3" "3. Год окончания учреждения образования не окончил(а): обучение прекращено 14.03.2025" "$t"
expect_not_contains "expelled: no year of finishing" "Год окончания учреждения образования 2025" "$t"
expect_not_contains "expelled: no specialty" "по полученной специальности" "$t"
expect_contains "expelled: the work stays" "ООО «ЛогистТорг»; должность: грузчик" "$t"

# body text justified: the lines of a long value end at the right margin (within 1 pt)
right=$(pdftotext -bbox "$TMP/sample/passports/2024-001.pdf" - | awk -F'"' '/<word/ { x = $6 + 0; if (x > m) m = x } END { printf "%d", m }')
full=$(pdftotext -f 1 -l 1 -bbox-layout "$TMP/sample/passports/2024-001.pdf" - | awk -F'"' -v m="$right" '/<line/ { in_line = 1; last = 0 } /<word/ { last = $6 } /<\/line>/ { if (m - last < 1) n++ } END { print n + 0 }')
[ "$full" -ge 10 ] && ok || fail "justified text: only $full lines of page 1 reach the right margin ($right)"

# blank ruled lines at least 8 mm (22.7 pt) apart: T-002's consecutive rules
gaps=$(qpdf --qdf --object-streams=disable "$TMP/out/passports/T-002.pdf" - 2>/dev/null |
	awk '/ m$/ { y = $2 } / l$/ { if (y == $2 && $1 - px > 300) { if (py != "" && py - y > 1 && py - y < 60) print py - y; py = y } px = 0 } / m$/ { px = $1 }' | sort -n | head -1)
awk -v g="${gaps:-0}" 'BEGIN { exit !(g >= 22.7) }' && ok || fail "ruled blank lines $gaps pt apart (want ≥ 22.7)"

# the sample's passports agree with themselves: check finds no contradiction
run_patronat --date 2026-11-23 check -i "$ROOT/input"
expect_not_contains "no contradiction in the sample" "contradicts" "$err"
finish
