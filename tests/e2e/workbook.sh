#!/usr/bin/env bash
# workbook: the tables kept as workbooks (.xlsx, .ods; one file per table, or one workbook
# whose sheets are the tables) give the documents the CSV tables give; hostile workbooks are
# refused with their message, exit 1, nothing written; problems are reported at their sheet
# and cell; a table given twice is an error naming both sources.
. "$(dirname "$0")/../lib.sh"
WB="$ROOT/tests/data/workbooks"
TABLES="graduates staff records events mentoring"
DATE="--date 2026-11-23"
# the user's languages: Russian (what the college has) and the source English
RU_ENV="env LANGUAGE=ru LC_ALL=ru_RU.UTF-8"
EN_ENV="env -u LANGUAGE LC_ALL=C"
# in_ru ARGS...: runs patronat in Russian, stderr in $ru_err, status in $ru_rc
in_ru() {
	$RU_ENV "$PATRONAT" "$@" >/dev/null 2>"$TMP/ru.err"
	ru_rc=$?
	ru_err=$(cat "$TMP/ru.err")
}

# pdfs OUT: the PDFs under OUT, one a line, in name order
pdfs() { (cd "$1" && find . -name '*.pdf' | LC_ALL=C sort); }
# same_text WHAT A B: the folders A and B hold the same PDFs, each with the same text (a PDF
# byte-identical to its twin has its text, and costs no pdftotext)
same_text() {
	expect_eq "$1: the same documents" "$(pdfs "$2" | tr '\n' ' ')" "$(pdfs "$3" | tr '\n' ' ')"
	differ=""
	for f in $(pdfs "$2"); do
		[ -f "$3/$f" ] || continue
		cmp -s "$2/$f" "$3/$f" && continue
		[ "$(pdf_text "$2/$f")" = "$(pdf_text "$3/$f")" ] || differ="$differ $f"
	done
	expect_eq "$1: the text of every document (as the CSV run's)" "" "$differ"
}
# folder DIR FILES...: a fresh input folder holding institution.xml and the FILES
folder() {
	d=$1; shift
	rm -rf "$d"; mkdir -p "$d"
	cp "$ROOT/input/institution.xml" "$d/"
	for f in "$@"; do cp "$f" "$d/"; done
}
# zedit SRC DST ENTRY PYEXPR: copies the zip SRC to DST with ENTRY's text replaced by what
# PYEXPR makes of it (t is the old text)
zedit() {
	python3 - "$@" <<'EOF'
import re, sys, zipfile
src, dst, entry, expr = sys.argv[1:5]
with zipfile.ZipFile(src) as zi, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zo:
    for info in zi.infolist():
        data = zi.read(info.filename)
        name = info.filename
        if name == entry:
            t = data.decode("utf-8")
            data = eval(expr, {"re": re, "t": t}).encode("utf-8")
        zo.writestr(name, data)
EOF
}

# ---- the sample as workbooks gives the CSV run's documents ---------------------------------
run_patronat $DATE -q all -i "$ROOT/input" -o "$TMP/csv-out"
expect_eq "the CSV sample run" 0 "$rc"
[ "$(pdfs "$TMP/csv-out" | wc -l)" -gt 40 ] && ok || fail "the CSV run wrote too few documents"

# rename the sheets of patronat.xlsx to their English names
zedit "$WB/patronat.xlsx" "$TMP/english.xlsx" xl/workbook.xml \
	't.replace("Выпускники","Graduates").replace("Сотрудники","Staff").replace("Записи сопровождения","Records").replace("Мероприятия","Events").replace("Наставничество","Mentoring")'

for kind in xlsx ods all-xlsx all-ods all-english; do
	case $kind in
	xlsx | ods) files=""; for t in $TABLES; do files="$files $WB/$t.$kind"; done ;;
	all-xlsx) files="$WB/patronat.xlsx" ;;
	all-ods) files="$WB/patronat.ods" ;;
	all-english) files="$TMP/english.xlsx" ;;
	esac
	# shellcheck disable=SC2086
	folder "$TMP/in-$kind" $files
	run_patronat $DATE -q all -i "$TMP/in-$kind" -o "$TMP/out-$kind"
	expect_eq "$kind: the run succeeds" 0 "$rc"
	expect_not_contains "$kind: no error" "error" "$err"
	expect_not_contains "$kind: every sheet read" "not read" "$err"
	same_text "$kind" "$TMP/csv-out" "$TMP/out-$kind"
done
expect_contains "the English sheet names were there" "Graduates" "$(unzip -p "$TMP/english.xlsx" xl/workbook.xml)"

# a workbook named after a table gives its sheet of that table's name (here the second)
folder "$TMP/named" "$ROOT/input/graduates.csv"
cp "$WB/patronat.xlsx" "$TMP/named/staff.xlsx"
run_patronat $DATE check -i "$TMP/named"
expect_eq "staff.xlsx of every sheet: its sheet «Сотрудники» is the staff table" 0 "$rc"
expect_contains "…without an error" "patronat: 0 error(s)" "$err"

# ---- the sample round-tripped through Calc under a Russian locale ----------------------------
# tests/data/workbooks/ru (make.sh ru): input/*.csv opened in Calc (ru-RU, special numbers
# detected) and saved as .xlsx and, keeping the format, as CSV. Calc wrote dates DD.MM.YY,
# turned the items 2.4.3 into dates and the months «февраль 2026» into their 1st: the first
# two are read back (the items with a warning each), the months cannot be, so the documents
# are compared with the CSV run of the sample whose months are the 1st as Calc keeps them.
RU="$WB/ru"
expect_contains "Calc's CSV: an item turned into a date" ";2;02.04.03;" "$(cat "$RU/events.csv")"
expect_contains "Calc's CSV: a month turned into its 1st" ";01.02.26;" "$(cat "$RU/events.csv")"
expect_contains "Calc's CSV: graduates in Windows-1251, birth dates DD.MM.YY" \
	";Зуев;Артём;Сергеевич;14.03.04;28.06.24;" "$(iconv -f CP1251 -t UTF-8 "$RU/graduates.csv")"
expect_contains "Calc's .xlsx: the item 2.4.3 a date cell (serial 37713 = 02.04.2003)" \
	'<c r="C3" s="1" t="n"><v>37713</v></c>' "$(unzip -p "$RU/events.xlsx" xl/worksheets/sheet1.xml)"
expect_contains "Calc's .xlsx: Russian date format" 'formatCode="dd/mm/yy"' "$(unzip -p "$RU/events.xlsx" xl/styles.xml)"
# the sample with the months as Calc keeps them
rm -rf "$TMP/months" && cp -R "$ROOT/input" "$TMP/months"
m=0
for name in январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь; do
	m=$((m + 1))
	sed -i -E "s/;$name ([0-9]{4});/;01.$(printf %02d $m).\\1;/" "$TMP/months/events.csv"
done
expect_not_contains "the months replaced" "февраль 2026" "$(cat "$TMP/months/events.csv")"
run_patronat $DATE -q all -i "$TMP/months" -o "$TMP/months-out"
expect_eq "the sample with the months' 1st: the run" 0 "$rc"
months_warn=$(printf '%s\n' "$err" | grep ': warning: ' | LC_ALL=C sort)
# the sample's three-part items and its due dates on a 1st (months or real)
items=$(awk -F';' 'NR > 1 && $3 ~ /^[0-9]+\.[0-9]+\.[0-9]+$/' "$ROOT/input/events.csv" | wc -l)
firsts=$(awk -F';' 'NR > 1 && $5 ~ /^01\./' "$TMP/months/events.csv" | wc -l)
[ "$items" -ge 5 ] && [ "$firsts" -ge 5 ] && ok || fail "the sample lost its items or months ($items, $firsts)"
for kind in csv xlsx; do
	folder "$TMP/ru-$kind" "$RU"/*.$kind
	run_patronat $DATE all -i "$TMP/ru-$kind" -o "$TMP/ru-$kind-out"
	expect_eq "Calc (ru) .$kind: the run succeeds" 0 "$rc"
	expect_contains "Calc (ru) .$kind: no error" "patronat: 0 error(s)" "$err"
	expect_not_contains "Calc (ru) .$kind: every file read" "not read" "$err"
	expect_eq "Calc (ru) .$kind: a warning for each item turned into a date" "$items" \
		"$(printf '%s\n' "$err" | grep -c '(№): warning: text that is a date .*: an item number a spreadsheet turned into a date: read as ')"
	# every other warning is the sample's (the same graduates, rows and messages)
	expect_eq "Calc (ru) .$kind: the other warnings are the sample's" "$months_warn" \
		"$(printf '%s\n' "$err" | grep ': warning: ' | grep -v 'text that is a date' |
			sed -E "s/\.$kind: sheet «[^»]*», cell ([A-Z]+)([0-9]+)/.csv:\2: \1/; s/\.$kind:/.csv:/" | LC_ALL=C sort)"
	same_text "Calc (ru) .$kind" "$TMP/months-out" "$TMP/ru-$kind-out"
done
# what the user reads: the item read back, the month that may be one
folder "$TMP/ru-check" "$RU"/*.csv
run_patronat $DATE check -i "$TMP/ru-check"
expect_contains "Calc (ru) CSV: the item read back, at its row and column" \
	"events.csv:3: C (№): warning: text that is a date «02.04.03»: an item number a spreadsheet turned into a date: read as 2.4.3 (type the number as text, e.g. with a leading apostrophe) (graduate 2024-003)" "$err"
expect_contains "Calc (ru) CSV: the month it may have been" \
	"events.csv:3: E (Срок исполнения): warning: text that is a date «01.02.26»: a spreadsheet may have turned «февраль 2026» into this date" "$err"
expect_eq "Calc (ru) CSV: a warning for each due date on a 1st" "$firsts" \
	"$(printf '%s\n' "$err" | grep -c '(Срок исполнения): warning: text that is a date')"
expect_contains "Calc (ru) .xlsx: the item read back, at its cell" \
	"events.xlsx: sheet «events», cell C3 (№): warning: text that is a date «02.04.2003»: an item number a spreadsheet turned into a date: read as 2.4.3" \
	"$("$PATRONAT" $DATE check -i "$TMP/ru-xlsx" 2>&1)"
expect_contains "Calc (ru) CSV in Russian: the item read back" \
	"events.csv:3: C (№): предупреждение: текст, ставший датой «02.04.03»: номер пункта, который электронная таблица превратила в дату: прочитан как 2.4.3" \
	"$(env LANGUAGE=ru LC_ALL=ru_RU.UTF-8 "$PATRONAT" $DATE check -i "$TMP/ru-check" 2>&1)"

# ---- a bad date in a workbook: its sheet and its cell -----------------------------------------
folder "$TMP/bad-date" "$WB/staff.xlsx" "$WB/records.xlsx"
zedit "$WB/graduates.xlsx" "$TMP/bad-date/graduates.xlsx" xl/worksheets/sheet1.xml \
	're.sub(r"<c r=\"E14\"[^>]*><v>[^<]*</v></c>", "<c r=\"E14\" t=\"inlineStr\"><is><t>31.02.2005</t></is></c>", t)'
run_patronat $DATE all -i "$TMP/bad-date" -o "$TMP/bad-date-out"
expect_eq "a bad date: exit 1" 1 "$rc"
expect_contains "a bad date: at its sheet and cell" \
	"graduates.xlsx: sheet «graduates», cell E14 (Дата рождения): invalid date «31.02.2005»: expected a real date as DD.MM.YYYY, DD.MM.YY or YYYY-MM-DD (graduate 2024-013)" "$err"
[ -e "$TMP/bad-date-out/passports" ] && fail "a bad date: documents written" || ok
in_ru $DATE check -i "$TMP/bad-date"
expect_eq "a bad date (ru): exit 1" 1 "$ru_rc"
expect_contains "a bad date (ru): at its sheet and cell, in Russian" \
	"graduates.xlsx: лист «graduates», ячейка E14 (Дата рождения): неверная дата «31.02.2005»: нужна существующая дата в виде ДД.ММ.ГГГГ, ДД.ММ.ГГ или ГГГГ-ММ-ДД (выпускник 2024-013)" "$ru_err"
expect_contains "a bad date (ru): the summary" "patronat: 1 ошибка," "$ru_err"
expect_not_contains "a bad date (ru): no English" "invalid date" "$ru_err"
expect_eq "a bad date: as many lines in both languages" "$(printf '%s\n' "$err" | grep -vc '^patronat: ')" \
	"$($RU_ENV "$PATRONAT" $DATE all -i "$TMP/bad-date" -o "$TMP/bad-date-out" 2>&1 | grep -vc '^patronat: ')"
# the same in the one workbook of every sheet
folder "$TMP/bad-date-all"
zedit "$WB/patronat.xlsx" "$TMP/bad-date-all/patronat.xlsx" xl/worksheets/sheet1.xml \
	're.sub(r"<c r=\"E14\"[^>]*>(<v>[^<]*</v>)?</c>", "<c r=\"E14\" t=\"inlineStr\"><is><t>31.02.2005</t></is></c>", t)'
run_patronat $DATE check -i "$TMP/bad-date-all"
expect_eq "a bad date in patronat.xlsx: exit 1" 1 "$rc"
expect_contains "a bad date in patronat.xlsx: at its sheet and cell" \
	"patronat.xlsx: sheet «Выпускники», cell E14 (Дата рождения): invalid date «31.02.2005»" "$err"
in_ru $DATE check -i "$TMP/bad-date-all"
expect_contains "a bad date in patronat.xlsx (ru): the issue's words" \
	"patronat.xlsx: лист «Выпускники», ячейка E14 (Дата рождения): неверная дата «31.02.2005»" "$ru_err"

# ---- a table given twice ------------------------------------------------------------------
folder "$TMP/twice" "$ROOT/input/graduates.csv" "$WB/graduates.xlsx" "$ROOT/input/staff.csv"
run_patronat $DATE all -i "$TMP/twice" -o "$TMP/twice-out"
expect_eq "graduates.csv and graduates.xlsx: exit 1" 1 "$rc"
expect_contains "…naming both" "both graduates.csv and graduates.xlsx are present: keep one" "$err"
in_ru $DATE check -i "$TMP/twice"
expect_contains "…in Russian" "есть и graduates.csv, и graduates.xlsx: оставьте один" "$ru_err"
[ -e "$TMP/twice-out/passports" ] && fail "a table given twice: documents written" || ok
folder "$TMP/twice-sheet" "$ROOT/input/graduates.csv" "$WB/patronat.xlsx"
run_patronat $DATE check -i "$TMP/twice-sheet"
expect_eq "graduates.csv and a sheet «Выпускники»: exit 1" 1 "$rc"
expect_contains "…naming both" \
	"both graduates.csv and patronat.xlsx (sheet «Выпускники») are present: keep one" "$err"
expect_not_contains "…and only that table" "both staff" "$err"
in_ru $DATE check -i "$TMP/twice-sheet"
expect_contains "…in Russian" "есть и graduates.csv, и patronat.xlsx (лист «Выпускники»): оставьте один" "$ru_err"

# ---- what else a folder of workbooks holds --------------------------------------------------
folder "$TMP/extra" "$WB/patronat.xlsx"
zedit "$WB/patronat.xlsx" "$TMP/extra/Книга1.xlsx" xl/workbook.xml \
	't.replace("Выпускники","Лист1").replace("Сотрудники","Лист2").replace("Записи сопровождения","Лист3").replace("Мероприятия","Лист4").replace("Наставничество","Лист5")'
mkdir "$TMP/extra/.upload-abc123"
cp "$WB/graduates.xlsx" "$TMP/extra/.upload-abc123/"
cp "$WB/graduates.xlsx" "$TMP/extra/.upload-x.xlsx"
run_patronat $DATE check -i "$TMP/extra"
expect_eq "a workbook of no table's sheets beside patronat.xlsx: exit 0" 0 "$rc"
expect_contains "…is a warning naming it" "Книга1.xlsx: warning: file not read: neither the file nor any of its sheets" "$err"
in_ru $DATE check -i "$TMP/extra"
expect_contains "…in Russian" "Книга1.xlsx: предупреждение: файл не прочитан: ни у файла, ни у его листов нет имени таблицы" "$ru_err"
expect_not_contains "the web page's staging files are left alone" ".upload" "$err"
# a sheet of no table's name in the workbook of every sheet
zedit "$WB/patronat.xlsx" "$TMP/extra/patronat.xlsx" xl/workbook.xml 't.replace("Наставничество","Заметки")'
rm "$TMP/extra/Книга1.xlsx"
run_patronat $DATE check -i "$TMP/extra"
expect_contains "a sheet that is no table: a warning at the sheet" \
	"patronat.xlsx: sheet «Заметки»: warning: sheet not read: no table has this name" "$err"
in_ru $DATE check -i "$TMP/extra"
expect_contains "…in Russian" \
	"patronat.xlsx: лист «Заметки»: предупреждение: лист не прочитан: нет таблицы с таким именем" "$ru_err"

# ---- hostile workbooks: refused with their message, exit 1, nothing written -------------------
python3 - "$TMP/hostile" "$WB/graduates.xlsx" <<'EOF'
import os, sys, zipfile
out, good = sys.argv[1:3]
os.makedirs(out, exist_ok=True)
def like_good(name, entry, text):
    with zipfile.ZipFile(good) as zi, zipfile.ZipFile(os.path.join(out, name), "w", zipfile.ZIP_DEFLATED) as zo:
        for info in zi.infolist():
            zo.writestr(info.filename, text if info.filename == entry else zi.read(info.filename))
sheet = "xl/worksheets/sheet1.xml"
ns = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
# a zip bomb: 50 MB of blanks in the sheet, deflated about 1000:1
like_good("bomb.xlsx", sheet, ns + " " * (50 << 20) + "</sheetData></worksheet>")
# XML entities (a billion laughs)
like_good("entities.xlsx", sheet, '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
          '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>' + ns +
          '<row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>')
# absurd dimensions: a row far beyond the last a sheet has
like_good("huge.xlsx", sheet, ns + '<row r="99999999"><c r="A99999999"><v>1</v></c></row></sheetData></worksheet>')
# an Excel binary workbook
with zipfile.ZipFile(os.path.join(out, "binary.xlsb"), "w") as zo:
    zo.writestr("[Content_Types].xml", "<Types/>")
    zo.writestr("xl/workbook.bin", b"\x83\x01\x00")
# a password-protected .xlsx: an OLE compound file with the EncryptionInfo stream
cfb = bytearray(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1016)
cfb += "EncryptionInfo".encode("utf-16-le") + b"\0" * 1024
cfb += "EncryptedPackage".encode("utf-16-le") + b"\0" * 512
open(os.path.join(out, "password.xlsx"), "wb").write(cfb)
# a corrupt zip: the sample cut in half
data = open(good, "rb").read()
open(os.path.join(out, "corrupt.xlsx"), "wb").write(data[: len(data) // 2])
# not a workbook at all
open(os.path.join(out, "text.xlsx"), "w").write("id,surname\n1,2\n")
EOF
cp "$WB/staff.xls" "$TMP/hostile/biff.xls"
ls -l "$TMP/hostile/bomb.xlsx" | awk '$5 < 1000000 {exit 0} {exit 1}' && ok || fail "the zip bomb is not small"
# hostile CASE FILE MESSAGE RUSSIAN: FILE given as graduates.EXT refused with MESSAGE (under
# C), with RUSSIAN under a Russian locale
hostile() {
	ext=${2##*.}
	folder "$TMP/h-$1" "$ROOT/input/staff.csv" "$ROOT/input/records.csv"
	cp "$TMP/hostile/$2" "$TMP/h-$1/graduates.$ext"
	run_patronat $DATE all -i "$TMP/h-$1" -o "$TMP/h-$1-out"
	expect_eq "$1: exit 1" 1 "$rc"
	expect_contains "$1: refused with its message" "graduates.$ext: $3" "$err"
	if ! only_problems "$TMP/h-$1-out"; then
		fail "$1: something written: $(ls "$TMP/h-$1-out")"
	else ok; fi
	in_ru $DATE check -i "$TMP/h-$1"
	expect_eq "$1 (ru): exit 1" 1 "$ru_rc"
	expect_contains "$1 (ru): refused in Russian" "graduates.$ext: $4" "$ru_err"
	expect_not_contains "$1 (ru): no English" "$3" "$ru_err"
}
hostile "a zip bomb" bomb.xlsx \
	"part xl/worksheets/sheet1.xml of the workbook is compressed more than 100:1 (a zip bomb?): refused" \
	"часть xl/worksheets/sheet1.xml книги сжата сильнее, чем 100:1 (zip-бомба?): отклонено"
hostile "XML entities" entities.xlsx \
	"part xl/worksheets/sheet1.xml of the workbook declares a DOCTYPE or entities: refused" \
	"часть xl/worksheets/sheet1.xml книги объявляет DOCTYPE или сущности: отклонено"
hostile "absurd dimensions" huge.xlsx "sheet «graduates»: a row numbered beyond 1048576" \
	"лист «graduates»: номер строки больше 1048576"
hostile "an .xlsb" binary.xlsb "file is an Excel binary workbook (.xlsb): save it as .xlsx" \
	"файл — двоичная книга Excel (.xlsb): сохраните его как .xlsx"
hostile "a password" password.xlsx "file is password-protected: save it without a password" \
	"файл защищён паролем: сохраните его без пароля"
hostile "a corrupt zip" corrupt.xlsx "the workbook is a corrupt or truncated zip archive" \
	"книга — повреждённый или обрезанный архив zip"
hostile "an .xls" biff.xls "file is an Excel 97-2003 workbook (.xls): save it as .xlsx" \
	"файл — книга Excel 97–2003 (.xls): сохраните его как .xlsx"
hostile "a CSV named .xlsx" text.xlsx "file is not an .xlsx or .ods workbook: save it as .xlsx or .ods" \
	"файл — не книга .xlsx или .ods: сохраните его как .xlsx или .ods"
# a hostile workbook of any name is refused too: it may hold the tables
folder "$TMP/h-any" "$ROOT/input/graduates.csv" "$ROOT/input/staff.csv"
cp "$TMP/hostile/password.xlsx" "$TMP/h-any/Книга1.xlsx"
run_patronat $DATE check -i "$TMP/h-any"
expect_eq "a hostile workbook of any name: exit 1" 1 "$rc"
expect_contains "…named" "Книга1.xlsx: file is password-protected" "$err"

# ---- the web page shows a workbook's problem in the CLI's Russian words ----------------------
in_ru $DATE check -i "$TMP/bad-date-all"
cli=$(printf '%s\n' "$ru_err" | grep -m1 'ячейка E14 (Дата рождения): ')
cli_msg=${cli#*ячейка E14 (Дата рождения): }
expect_contains "the CLI's Russian message" "неверная дата «31.02.2005»: нужна существующая дата" "$cli_msg"
$EN_ENV "$PATRONAT" serve -i "$TMP/bad-date-all" -o "$TMP/bad-web-out" --port 0 $DATE >"$TMP/serve-bad.log" 2>&1 &
SPID=$!
for _ in $(seq 50); do grep -q 'http://' "$TMP/serve-bad.log" && break; sleep 0.1; done
URL=$(grep -o 'http://[^ ]*' "$TMP/serve-bad.log" | head -1)
state=$(curl -s -H "X-Patronat-Token: ${URL##*token=}" "${URL%%/\?token=*}/api/state")
msg=$(printf '%s' "$state" | python3 -c 'import json, sys
for p in json.load(sys.stdin)["problems"]:
    if p["cell"] == "E14":
        print("%s|%s|%s|%s" % (p["sheet"], p["cell"], p["field"], p["message"]))' 2>&1)
expect_eq "the page's problem: sheet, cell, field and the CLI's very words" \
	"Выпускники|E14|Дата рождения|$cli_msg" "$msg"
expect_eq "the page's tables: each from patronat.xlsx" "patronat.xlsx patronat.xlsx patronat.xlsx patronat.xlsx patronat.xlsx" \
	"$(printf '%s' "$state" | python3 -c 'import json, sys; print(" ".join(str(t["file"]) for t in json.load(sys.stdin)["tables"]))' 2>&1)"
# the page itself in a browser: the problem's row as the user sees it
if command -v chromium >/dev/null; then
	timeout 60 chromium --headless --no-sandbox --disable-gpu --no-first-run --lang=ru-RU \
		--user-data-dir="$TMP/chromium" --virtual-time-budget=8000 --dump-dom "$URL" \
		>"$TMP/page.html" 2>/dev/null
	row=$(python3 - "$TMP/page.html" <<'EOF2'
import html, re, sys
t = open(sys.argv[1], encoding="utf-8").read()
for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", t, re.S):
    cells = [html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
    if any("31.02.2005" in c for c in cells):
        print("|".join(cells))
        break
EOF2
)
	expect_contains "the page: the problem's sheet" "|Выпускники|" "$row"
	expect_contains "the page: its cell" "ячейка E14" "$row"
	expect_contains "the page: the CLI's words" "$cli_msg" "$row"
	# a picture to look at (kept when PATRONAT_SHOTS names a folder)
	if [ -n "${PATRONAT_SHOTS:-}" ]; then
		mkdir -p "$PATRONAT_SHOTS"
		timeout 60 chromium --headless --no-sandbox --disable-gpu --no-first-run --lang=ru-RU \
			--user-data-dir="$TMP/chromium" --virtual-time-budget=8000 --window-size=1280,1400 \
			--screenshot="$PATRONAT_SHOTS/workbook-problem.png" "$URL" >/dev/null 2>&1
	fi
else
	echo "workbook: the browser part skipped: no chromium"
fi
kill -TERM "$SPID" 2>/dev/null
wait "$SPID" 2>/dev/null

# ---- the web page: the sample as a workbook, and a workbook uploaded ---------------------------
cp -R "$ROOT/input" "$TMP/web-in"
"$PATRONAT" serve -i "$TMP/web-in" -o "$TMP/web-out" --port 0 --date 2026-11-23 >"$TMP/serve.log" 2>&1 &
SPID=$!
for _ in $(seq 50); do grep -q 'http://' "$TMP/serve.log" && break; sleep 0.1; done
URL=$(grep -o 'http://[^ ]*' "$TMP/serve.log" | head -1)
BASE=${URL%%/\?token=*}
H="X-Patronat-Token: ${URL##*token=}"
st=$(curl -s -o "$TMP/sample.xlsx" -w '%{http_code}' -H "$H" "$BASE/sample.xlsx")
expect_eq "the page offers the sample as a workbook" 200 "$st"
cmp -s "$TMP/sample.xlsx" "$WB/patronat.xlsx" && ok || fail "the sample workbook is not patronat.xlsx"
st=$(curl -s -o "$TMP/body" -w '%{http_code}' -H "$H" -F "file=@$WB/patronat.xlsx;filename=Книга1.xlsx" "$BASE/api/upload")
expect_eq "a workbook of every sheet uploaded: accepted" 200 "$st"
expect_eq "…it replaces the CSV tables" "institution.xml patronat.xlsx" \
	"$(ls "$TMP/web-in" | grep -v -i readme | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')"
kill -TERM "$SPID" 2>/dev/null
wait "$SPID" 2>/dev/null
run_patronat $DATE -q all -i "$TMP/web-in" -o "$TMP/web-docs"
expect_eq "…and the documents come from it" 0 "$rc"
same_text "uploaded workbook" "$TMP/csv-out" "$TMP/web-docs"

finish
