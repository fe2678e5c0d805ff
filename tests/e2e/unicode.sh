#!/usr/bin/env bash
# unicode: names and texts beyond Windows-1251 (Tatar, Bashkir, Kazakh, Ukrainian,
# Belarusian, Latin with diacritics, ₽ and ½) come back exactly from pdftotext in every
# document, the print files and the metadata; a decomposed «й» is read as one letter; an
# emoji no font has is warned about (an error under --strict), never a silent «?».
. "$(dirname "$0")/../lib.sh"
DATA="$ROOT/tests/data/unicode"
OUT="$TMP/out"

run_patronat --date 2026-11-23 -q all -i "$DATA" -o "$OUT"
expect_eq "exit code" 0 "$rc"
want_warn="graduates.csv:8: Z (Дополнительная информация): warning: graduate U-007: character U+1F600 cannot be printed"
expect_contains "the emoji is warned about with file, line, field and id" "$want_warn" "$err"
expect_eq "one warning, nothing else" 1 "$(printf '%s\n' "$err" | grep -c 'cannot be printed')"

# every graduate's full name, as written (NFC), in the passport and the plan
names=("U-001|Гәрәев Айдар Рәшитович" "U-002|Әхмәтов Ринат Илдарович" "U-003|Абдуллин Марат Ильич"
	"U-004|Бойко Ґанна Їжакович" "U-005|Łukasiewicz Zoë Şahin" "U-006|Андрейко Йосиф Андрейевич"
	"U-007|Смайлов Эмиль Петрович")
for entry in "${names[@]}"; do
	id=${entry%%|*} name=${entry#*|}
	for kind in passports plans; do
		f="$OUT/$kind/$id.pdf"
		expect_contains "$kind/$id name" "$name" "$(pdf_flat "$f")"
		pdf_check "$f"
	done
	expect_contains "passport $id title" "Title:           ПАСПОРТ патроната выпускника: $name" \
		"$(pdfinfo "$OUT/passports/$id.pdf")"
done
p2=$(pdf_flat "$OUT/passports/U-002.pdf")
expect_contains "Bashkir and Kazakh letters in a table of the body" "ғ ҙ ҡ ң ө ҫ ү һ ә; казахский: қ ұ і ғ ң" "$p2"
p4=$(pdf_flat "$OUT/passports/U-004.pdf")
expect_contains "Ukrainian, Belarusian, ₽ and ½" "Українська: і ї є ґ; беларуская: ў; цена 150 ₽, ½ ставки." "$p4"
expect_contains "Latin with diacritics" "Latin: é ö ł ş — Müller, Dvořák." "$(pdf_flat "$OUT/passports/U-005.pdf")"
expect_contains "Tatar in a record (the analysis tables)" "Привыкает к коллективу (Гәрәев — пример)" "$p2"
expect_contains "the fallback face draws what Liberation Serif lacks (₽)" "DejaVuSerif" \
	"$(pdffonts "$OUT/passports/U-004.pdf")"

# a justified line set in a Type0 face reaches the right margin (595.28 − 10 mm = 566.93 pt)
# like one in CP1251: its spaces are stretched, word by word
xmax=$(pdftotext -f 1 -l 1 -bbox "$OUT/passports/U-002.pdf" - | grep -m1 '>проживает<' |
	sed -E 's/.*xMax="([0-9.]+)".*/\1/')
awk -v x="$xmax" 'BEGIN { exit !(x > 562 && x < 567.5) }' && ok ||
	fail "justified line in a Type0 face ends at $xmax, not at the margin"
expect_contains "that line's face is a Type0 font" "CID TrueType" "$(pdffonts "$OUT/passports/U-002.pdf")"

# the decomposed «и» + U+0306 of the input is one «й» everywhere
p6=$(pdftotext -enc UTF-8 "$OUT/passports/U-006.pdf" -)
expect_contains "й composed" "Андрейко" "$p6"
expect_not_contains "no combining breve left" $'\xcc\x86' "$p6"

# an all-Russian document of the same run stays on the CP1251 fast path for its bold face
expect_contains "CP1251 fonts where the text allows" "TrueType          Custom" \
	"$(pdffonts "$OUT/passports/U-003.pdf")"

# the order, the report and the print files
order=$(pdf_flat "$OUT/order-2025.pdf")
for entry in "${names[@]}"; do
	name=${entry#*|}
	expect_contains "order lists $name" "$name" "$order"
done
pdf_check "$OUT/order-2025.pdf"
pdf_check "$OUT/report-2025.pdf"
for f in "$OUT"/order-2025.pdf "$OUT"/report-2025.pdf "$OUT"/print/passports.pdf; do
	expect_contains "author of $(basename "$f")" \
		"Author:          ГБПОУ «Тестовский колледж имени Габдуллы Тукая (Тукай Габделлә)»" "$(pdfinfo "$f")"
done
expect_contains "report text" "Тукай Габделлә" "$(pdf_flat "$OUT/report-2025.pdf")"
for kind in passports plans; do
	f="$OUT/print/$kind.pdf"
	pdf_check "$f"
	text=$(pdf_flat "$f")
	for entry in "${names[@]}"; do
		expect_contains "print/$kind.pdf has ${entry#*|}" "${entry#*|}" "$text"
	done
	# sorted by surname: Ә with the А-words, before Б
	printf '%s\n' "Абдуллин Марат" "Андрейко Йосиф" "Әхмәтов Ринат" "Бойко Ґанна" "Гәрәев Айдар" \
		"Смайлов Эмиль" >"$TMP/order.txt"
	expect_in_order "print/$kind.pdf order" "$TMP/order.txt" "$text"
done

# qpdf and poppler print nothing at all on any file of the run
: >"$TMP/all.err"
for f in $(find "$OUT" -name '*.pdf'); do
	qpdf --check "$f" >/dev/null 2>>"$TMP/all.err" || echo "qpdf: $f" >>"$TMP/all.err"
	pdftotext "$f" /dev/null 2>>"$TMP/all.err"
	pdffonts "$f" 2>>"$TMP/all.err" | tail -n +3 | awk -v f="$f" '$(NF-4)!="yes" || $(NF-3)!="yes" {print "not a subset: " f}' >>"$TMP/all.err"
done
expect_eq "no warning from qpdf or poppler, every font an embedded subset" "" "$(cat "$TMP/all.err")"

# check warns too; --strict makes it an error and writes nothing
run_patronat --date 2026-11-23 check -i "$DATA"
expect_eq "check exit code" 0 "$rc"
expect_contains "check warns" "$want_warn" "$err"
run_patronat --date 2026-11-23 -q --strict passports -i "$DATA" -o "$TMP/strict"
expect_eq "--strict exit code" 1 "$rc"
expect_contains "--strict error" "graduates.csv:8: Z (Дополнительная информация): error (strict): graduate U-007: character U+1F600 cannot be printed" "$err"
only_problems "$TMP/strict" && ok || fail "--strict writes nothing but problems.csv: $(ls -A "$TMP/strict")"
finish
