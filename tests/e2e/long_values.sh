#!/usr/bin/env bash
# long_values: every text of institution.xml at its cap (names of 400 characters, a city and
# the director's names of 100 — one word each —, a position of 200, an order number of 80 and
# of 100 wide letters) and a deputy with a 60-letter surname: every document is written, no
# two words overlap (pdftotext -bbox, tests/overlap.py), nothing leaves the margins, nothing
# is cut; the order's number wraps in its column, its first line level with the date.
. "$(dirname "$0")/../lib.sh"
DATA="$ROOT/tests/data/small"
export LC_ALL=C.UTF-8 # Cyrillic in sed and grep

# rep TEXT N: TEXT repeated, cut at N characters (not ending in a space)
rep() { python3 -c 'import sys; t, n = sys.argv[1], int(sys.argv[2]); s = (t * (n // len(t) + 1))[:n]; print(s[:-1] + "я" if s.endswith(" ") else s)' "$1" "$2"; }

# case NAME NUMBER: the long institution with the order's number NUMBER; sets $odir
run_case() {
	local in="$TMP/$1/in"
	odir="$TMP/$1/out"
	mkdir -p "$in"
	cp "$DATA"/*.csv "$in/"
	sed "s/^P01,Зимина,/P01,$(rep Зиминская 60),/" "$DATA/staff.csv" >"$in/staff.csv"
	cat >"$in/institution.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<institution>
  <name>$(rep 'Государственное бюджетное профессиональное образовательное учреждение «Тестовский ордена Трудового Красного Знамени многопрофильный колледж имени выдающегося земляка» ' 400)</name>
  <short-name>$(rep 'ГБПОУ «Тестовский многопрофильный колледж» ' 400)</short-name>
  <parent>$(rep 'Министерство образования и науки Тестовской области ' 400)</parent>
  <city>$(rep Новотестовск 100)</city>
  <director>
    <position>$(rep 'Исполняющий обязанности директора ' 200)</position>
    <surname>$(rep Главновский 100)</surname><name>$(rep Иван 100)</name><patronymic>$(rep Иванович 100)</patronymic>
  </director>
  <order number="$2" date="2025-09-01"/>
  <academic-year>2025</academic-year>
  <year start="2024" graduates="100" admitted="120" need-mentor="20" students="500"/>
  <year start="2025" graduates="110" admitted="130" need-mentor="25" students="520"/>
</institution>
XML
	run_patronat --date 2026-11-23 -q all -i "$in" -o "$odir"
	expect_eq "$1: exit 0" 0 "$rc"
	expect_not_contains "$1: no error" "error" "$err"
	local n=0
	for f in $(cd "$odir" && find . -name '*.pdf' | sort); do
		pdftotext -bbox "$odir/$f" "$TMP/$1/$(printf '%s' "${f#./}" | tr / _).html" 2>>"$TMP/poppler.err"
		n=$((n + 1))
	done
	expect_eq "$1: every document written" 9 "$n"
	bad=$(python3 "$ROOT/tests/overlap.py" "$TMP/$1"/*.html)
	expect_eq "$1: no word over another, none outside the margins" "" "$(printf '%s' "$bad" | head -5)"
	# nothing cut: the one-word names whole, pieces joined across lines
	local flat
	flat=$(pdftotext -enc UTF-8 "$odir/order-2025.pdf" - | tr -d '\n -')
	expect_contains "$1: the director's surname whole" "$(rep Главновский 100)" "$flat"
	expect_contains "$1: the city whole" "$(rep Новотестовск 100)" "$flat"
	flat=$(pdftotext -enc UTF-8 "$odir/report-2025.pdf" - | tr -d '\n -')
	expect_contains "$1: the deputy's surname whole in the report's signature" "$(rep Зиминская 60)" "$flat"
}

# the order's number of N wide letters: wraps beside the date, every letter printed
for n in 80 100; do
	num=$(rep Ш "$n")
	run_case "number$n" "$num"
	html="$TMP/number$n/order-2025.pdf.html"
	date_y=$(sed -n 's/.*yMin="\([0-9.]*\)".*>01\.09\.2025<\/word>.*/\1/p' "$html" | head -1)
	date_x2=$(sed -n 's/.*xMax="\([0-9.]*\)".*>01\.09\.2025<\/word>.*/\1/p' "$html" | head -1)
	first=$(grep -m1 '>№</word>' "$html" | sed 's/.*xMin="\([0-9.]*\)" yMin="\([0-9.]*\)".*/\1 \2/')
	expect_eq "number of $n: its first line level with the date" "$date_y" "${first#* }"
	awk -v a="$date_x2" -v b="${first% *}" 'BEGIN { exit !(b > a + 10) }' && ok ||
		fail "number of $n: «№» at ${first% *}, the date ends at $date_x2"
	got=$(sed -n 's/.*>\(Ш*\)<\/word>.*/\1/p' "$html" | tr -d '\n')
	expect_eq "number of $n: every letter printed" "$num" "$got"
	lines=$(sed -n 's/.*yMin="\([0-9.]*\)".*>Ш*<\/word>.*/\1/p' "$html" | sort -u | wc -l)
	[ "$lines" -ge 2 ] && ok || fail "number of $n: on $lines line(s), not wrapped"
done
finish
