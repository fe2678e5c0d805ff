#!/usr/bin/env bash
# inputs: reading the tables as Excel writes them, and every problem reported where the user
# looks — file:ROW: COLUMN (field): message, ROW as a spreadsheet shows it — all of them in
# one run, exit 1, nothing written but out/problems.csv, which keeps them all.
. "$(dirname "$0")/../lib.sh"
DATA="$ROOT/tests/data/small"

# copy_data DIR: a fresh copy of the small data set
copy_data() { rm -rf "$1"; mkdir -p "$1"; cp "$DATA"/*.csv "$DATA"/institution.xml "$1/"; }

# the same data as Windows-1251 with ';' and CRLF, and as UTF-8 with ',' and LF, gives
# byte-identical passports
copy_data "$TMP/utf8"
copy_data "$TMP/cp1251"
for t in graduates staff records; do
	# re-delimit with ';' through a CSV-aware rewrite (quoted commas stay), then convert
	awk 'BEGIN { FS = ""; q = 0 } {
		out = ""
		for (i = 1; i <= length($0); i++) {
			c = substr($0, i, 1)
			if (c == "\"") q = !q
			if (c == "," && !q) c = ";"
			out = out c
		}
		printf "%s\r\n", out
	}' "$DATA/$t.csv" | iconv -f UTF-8 -t CP1251 >"$TMP/cp1251/$t.csv"
done
file "$TMP/cp1251/graduates.csv" | grep -q "CRLF" && ok || fail "test data is not CRLF"
run_patronat --date 2026-11-23 -q passports -i "$TMP/utf8" -o "$TMP/o1"
expect_eq "UTF-8 run" 0 "$rc"
run_patronat --date 2026-11-23 -q passports -i "$TMP/cp1251" -o "$TMP/o2"
expect_eq "Windows-1251 run" 0 "$rc"
for id in T-001 T-002; do
	cmp -s "$TMP/o1/passports/$id.pdf" "$TMP/o2/passports/$id.pdf" && ok ||
		fail "$id.pdf differs between the UTF-8 and the Windows-1251 input"
done
# with a BOM, English headers in any case, extra spaces, ё written as е: same result
copy_data "$TMP/en"
{
	printf '\xef\xbb\xbf'
	sed '1s/.*/ID, SURNAME ,Name,patronymic,Birth_Date,graduation_date,address,Social_Status,family,housing,status,organization,position,since,reason,by_specialty,honours,university,second_specialty,employment_centre,offence,antisocial,parental_rights,dropped_out,curator,notes,conclusions,recommendations/' "$DATA/graduates.csv"
} >"$TMP/en/graduates.csv"
sed -i '1s/Ведёт документацию/  ВЕДЕТ   документацию /' "$TMP/en/staff.csv"
run_patronat --date 2026-11-23 -q passports -i "$TMP/en" -o "$TMP/o3"
expect_eq "English headers: exit" 0 "$rc"
cmp -s "$TMP/o1/passports/T-001.pdf" "$TMP/o3/passports/T-001.pdf" && ok || fail "English headers give a different passport"

# an alias of the institution's own (templates/aliases.txt)
mkdir -p "$TMP/data"
cp -R "$ROOT/templates" "$ROOT/fonts" "$TMP/data/"
printf '# our own headers\ngraduates.surname = Фамилия выпускника\n' >"$TMP/data/templates/aliases.txt"
copy_data "$TMP/alias"
sed -i '1s/,Фамилия,/,Фамилия выпускника,/' "$TMP/alias/graduates.csv"
PATRONAT_DATA="$TMP/data" run_patronat --date 2026-11-23 -q passports -i "$TMP/alias" -o "$TMP/o4"
expect_eq "alias: exit" 0 "$rc"
cmp -s "$TMP/o1/passports/T-001.pdf" "$TMP/o4/passports/T-001.pdf" && ok || fail "alias gives a different passport"
run_patronat --date 2026-11-23 check -i "$TMP/alias"
expect_contains "without the alias: the column is missing" "graduates.csv:1: Фамилия: required column is missing" "$err"
expect_contains "without the alias: unknown column warned" "graduates.csv:1: B (Фамилия выпускника): warning: unknown column" "$err"

# many problems at once: all reported, sorted by file and line, exit 1, nothing written
copy_data "$TMP/bad"
cat >"$TMP/bad/graduates.csv" <<'CSV'
Код,Фамилия,Имя,Отчество,Дата рождения,Дата выпуска,Социальный статус,Жизнеустройство,Куратор,Характеристика семьи
B-1,Иванов,Иван,,31.02.2004,30.06.2024,сирота,трудоустроен,P02,
B-2,Петров,Пётр,,01.01.2005,30.06.2024,сирота,на луне,P02,
B-1,Сидоров,Сидор,,01.01.2005,30.06.2024,сирота,обучается,P99,
B-4,Кузнецов,,,01.01.2005,2023-13-01,сирота,обучается,P02,
B-5,Попов,Олег,,01.01.2010,01.01.2009,сирота,обучается,P02,"многострочное
поле"
B-6,Лебедев,Антон,,00.00.0000,30.06.2024,,обучается,P02,
../../etc/x,Взлом,Вася,,01.01.2005,30.06.2024,сирота,обучается,P02,
CSV
printf 'Код выпускника,Дата,Особенности\nB-2,10.10.2024,текст\nZ-9,10.10.2024,текст\n' >"$TMP/bad/records.csv"
run_patronat --date 2026-11-23 all -i "$TMP/bad" -o "$TMP/badout"
expect_eq "bad input: exit 1" 1 "$rc"
only_problems "$TMP/badout" && ok || fail "bad input: something was written: $(ls -R "$TMP/badout" | head)"
expect_contains "bad date 31.02" "graduates.csv:2: E (Дата рождения): invalid date «31.02.2004»: expected a real date as DD.MM.YYYY, DD.MM.YY or YYYY-MM-DD (graduate B-1)" "$err"
expect_contains "unknown status" "graduates.csv:3: H (Жизнеустройство): unknown status «на луне»" "$err"
expect_contains "duplicate id" "graduates.csv:4: A (Код): duplicate id B-1 (first at line 2)" "$err"
expect_contains "curator not in staff" "graduates.csv:4: I (Куратор): curator P99 is not in staff" "$err"
expect_contains "missing required value" "graduates.csv:5: C (Имя): required value is missing" "$err"
expect_contains "month 13" "graduates.csv:5: F (Дата выпуска): invalid date «2023-13-01»" "$err"
expect_contains "graduation before birth" "graduates.csv:6: F (Дата выпуска): graduation date is not after the birth date" "$err"
expect_contains "the row after a multi-line cell: one row per record" "graduates.csv:7: E (Дата рождения): invalid date «00.00.0000»" "$err"
expect_contains "missing social status" "graduates.csv:7: G (Социальный статус): required value is missing" "$err"
expect_contains "id that would escape out/" "graduates.csv:8: A (Код): invalid id «../../etc/x»" "$err"
expect_contains "record for unknown graduate" "records.csv:3: A (Код выпускника): record for unknown graduate Z-9" "$err"
expect_contains "summary" "nothing written; the list: $TMP/badout/problems.csv" "$err"
list=$(cat "$TMP/badout/problems.csv")
expect_contains "the list opens in Excel: BOM and ';'" "$(printf '\xef\xbb\xbf')file;sheet;cell;graduate;level;message" "$list"
expect_contains "the list: the cell, the graduate, the value" "graduates.csv;;E2;B-1;error;Дата рождения: invalid date «31.02.2004»" "$list"
expect_contains "the list: a row's problem" "graduates.csv;;A4;;error;Код: duplicate id B-1" "$list"
expect_eq "the list: every problem" "$(printf '%s\n' "$err" | grep -c -v '^patronat:')" "$(($(printf '%s\n' "$list" | wc -l) - 1))"
expect_eq "the list: mode 0640" 640 "$(stat -c %a "$TMP/badout/problems.csv")"
expect_not_contains "no personal data in messages" "Сидоров" "$err"
n=$(printf '%s\n' "$err" | grep -c ': invalid date')
[ "$n" -ge 3 ] && ok || fail "all bad dates reported, got $n"

# missing required column; invalid UTF-8; missing tables and institution.xml
copy_data "$TMP/nocol"
cut -d, -f1-4,6- "$DATA/graduates.csv" >"$TMP/nocol/graduates.csv"
run_patronat --date 2026-11-23 check -i "$TMP/nocol"
expect_eq "missing column: exit 1" 1 "$rc"
expect_contains "missing column" "graduates.csv:1: Дата рождения: required column is missing" "$err"
copy_data "$TMP/utf"
printf 'P06,Плохой,\xff\xfeИмя,,Педагог,педагог,нет\n' >>"$TMP/utf/staff.csv"
run_patronat --date 2026-11-23 check -i "$TMP/utf"
expect_eq "invalid UTF-8: exit 1" 1 "$rc"
expect_contains "invalid UTF-8: line" "staff.csv:7:" "$err"
expect_contains "invalid UTF-8: message" "invalid UTF-8" "$err"
copy_data "$TMP/missing"
rm "$TMP/missing/staff.csv" "$TMP/missing/institution.xml"
run_patronat --date 2026-11-23 check -i "$TMP/missing"
expect_eq "missing files: exit 1" 1 "$rc"
expect_contains "missing staff" "staff.csv: required table is missing" "$err"
expect_contains "missing institution" "institution.xml: required file is missing" "$err"

# check writes nothing but the list of problems, even with good input
run_patronat --date 2026-11-23 check -i "$DATA" -o "$TMP/checkout"
expect_eq "check: exit 0" 0 "$rc"
only_problems "$TMP/checkout" && ok || fail "check wrote files: $(ls -R "$TMP/checkout")"
[ -f "$TMP/checkout/problems.csv" ] && ok || fail "check wrote no out/problems.csv"
expect_contains "check: the summary names the list" "; the list: $TMP/checkout/problems.csv" "$err"

# -i missing or a file: one error saying so, nothing else
run_patronat --date 2026-11-23 check -i "$TMP/nowhere" -o "$TMP/nowhere-out"
expect_eq "-i missing: exit 1" 1 "$rc"
expect_eq "-i missing: one error" "1" "$(printf '%s\n' "$err" | grep -c -v '^patronat:')"
expect_contains "-i missing: says so" "the input folder $TMP/nowhere does not exist" "$err"
run_patronat --date 2026-11-23 check -i "$DATA/staff.csv" -o "$TMP/nowhere-out"
expect_eq "-i a file: one error" "1" "$(printf '%s\n' "$err" | grep -c -v '^patronat:')"
expect_contains "-i a file: says so" "is a file, not a folder" "$err"

# an error in one table brings no warnings from another: records.csv refused
copy_data "$TMP/norec"
printf 'Код выпускника,Дата
T-001,"10.10.2024
' >"$TMP/norec/records.csv"
run_patronat --date 2026-11-23 check -i "$TMP/norec" -o "$TMP/norec-out"
expect_eq "records refused: exit 1" 1 "$rc"
expect_eq "records refused: its error only" "1" "$(printf '%s\n' "$err" | grep -c -v '^patronat:')"
expect_not_contains "records refused: no false «no record» warning" "no record for half-year" "$err"

# what a spreadsheet round trip makes of the data: ';' with sep=, a title row, DD.MM.YY,
# day numbers, yes as ✓ — the same passports as the plain data
copy_data "$TMP/calc"
{
	printf 'sep=;\r\nВыпускники под патронатом;;;\r\n;;;\r\n'
	awk 'BEGIN { FS = ""; q = 0 } {
		out = ""
		for (i = 1; i <= length($0); i++) {
			c = substr($0, i, 1)
			if (c == "\"") q = !q
			if (c == "," && !q) c = ";"
			out = out c
		}
		printf "%s\r\n", out
	}' "$DATA/graduates.csv" | sed -e 's/;14\.03\.2005;30\.06\.2024;/;14.3.05;45473;/' -e 's/;да;нет;нет;/;✓;Нет;-;/'
} >"$TMP/calc/graduates.csv"
grep -q '14.3.05;45473' "$TMP/calc/graduates.csv" && ok || fail "the round-trip data was not made"
run_patronat --date 2026-11-23 -q passports -i "$TMP/calc" -o "$TMP/o5"
expect_eq "round trip: exit" 0 "$rc"
expect_contains "round trip: the header row is named" "graduates.csv:3: warning: the header is on row 3" "$err"
cmp -s "$TMP/o1/passports/T-001.pdf" "$TMP/o5/passports/T-001.pdf" && ok ||
	fail "the round-tripped table gives a different passport"

# usage errors: exit 2
run_patronat frobnicate
expect_eq "unknown command: exit 2" 2 "$rc"
run_patronat --date 2023-02-31 check
expect_eq "bad --date: exit 2" 2 "$rc"
expect_contains "bad --date: message" "--date: expected a real date" "$err"
run_patronat
expect_eq "no command: exit 2" 2 "$rc"
run_patronat --help
expect_eq "--help: exit 0" 0 "$rc"
expect_contains "--help lists commands" "passports" "$out"
run_patronat --version
expect_contains "--version" "patronat 0." "$out"
# problems found across tables (after reading) name their cell too: a CSV column's letter, a
# workbook's sheet and cell
run_patronat --date 2026-11-23 check -i "$ROOT/input" -o "$TMP/across"
expect_contains "across tables, CSV: the overdue item's cell" \
	"events.csv:4: G (Отметка о выполнении): warning: graduate 2024-003: plan item 3.6 was due by 30.11.2025" "$err"
expect_contains "across tables, CSV: the half-year's graduate's cell" \
	"graduates.csv:4: A (Код): warning: graduate 2024-003 has no record for half-year 3" "$err"
mkdir -p "$TMP/onebook"
cp "$ROOT/tests/data/workbooks/patronat.xlsx" "$ROOT/input/institution.xml" "$TMP/onebook/"
run_patronat --date 2026-11-23 check -i "$TMP/onebook" -o "$TMP/onebook-out"
expect_contains "across tables, one workbook: the events sheet's cell" \
	"patronat.xlsx: sheet «Мероприятия», cell G4 (Отметка о выполнении): warning: graduate 2024-003: plan item 3.6" "$err"
expect_contains "across tables, one workbook: the graduates sheet's cell" \
	"patronat.xlsx: sheet «Выпускники», cell A4 (Код): warning: graduate 2024-003 has no record for half-year 3" "$err"
expect_eq "across tables, one workbook: no problem without its cell" "" "$(printf '%s\n' "$err" | grep -E '^patronat\.xlsx:[0-9]')"
expect_contains "across tables, the list: sheet, cell and graduate" \
	"patronat.xlsx;Выпускники;A4;2024-003;warning;Код: graduate 2024-003 has no record" "$(cat "$TMP/onebook-out/problems.csv")"
finish
