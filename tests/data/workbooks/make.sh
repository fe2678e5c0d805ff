#!/bin/sh
# make.sh: regenerates the workbook fixtures of tests/unit/test_sheet.c from the sample's
# tables (input/*.csv) with LibreOffice headless, as a college would save them from Calc.
# Needs LibreOffice Calc (heavy, so not in the Makefile's DEB_PKGS; install it by hand):
#   apt-get install -y --no-install-recommends libreoffice-calc-nogui
# Run from anywhere: sh tests/data/workbooks/make.sh   (about a minute; rewrites the files
# here, then commit them). Each table becomes TABLE.xlsx and TABLE.ods through Calc's CSV
# import (dates typed DD.MM.YY in the date columns, numbers in the numeric ones, text
# everywhere else, so codes such as 2.4.3 stay text); patronat.xlsx and patronat.ods hold
# every table as a sheet (Выпускники, Сотрудники, Записи сопровождения, Мероприятия,
# Наставничество), written by allsheets.py as flat ODF and converted by Calc; staff.xls is
# the one real .xls (BIFF) the tests expect refused.
# ru/: the sample's round trip through Calc under a Russian locale, as a user makes it: each
# input/TABLE.csv opened by double-click (a ru-RU profile and LC_ALL=ru_RU.UTF-8; the import
# dialog's defaults but "Detect special numbers" checked: separator and encoding as the file
# has them, graduates.csv in Windows-1251), then saved as ru/TABLE.xlsx and, keeping the
# format, as ru/TABLE.csv (the same separator and encoding, cells as shown: dates DD.MM.YY,
# the plan item 2.4.3 become 02.04.03, «февраль 2026» 01.02.26). tests/e2e/workbook.sh reads
# them. `sh make.sh ru` remakes only these (some 20 seconds).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
lo() { soffice -env:UserInstallation="file://$tmp/profile" --headless "$@" >/dev/null 2>&1; }

# ru: the Russian round trip into ru/ (a profile of its own whose locale is ru-RU)
roundtrip_ru() {
	mkdir -p "$tmp/ru-profile/user" "$tmp/ru" "$here/ru"
	cat >"$tmp/ru-profile/user/registrymodifications.xcu" <<'XCU'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>ru-RU</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooLocale" oor:op="fuse"><value>ru-RU</value></prop></item>
<item oor:path="/org.openoffice.Office.Linguistic/General"><prop oor:name="DefaultLocale" oor:op="fuse"><value>ru-RU</value></prop></item>
</oor:items>
XCU
	for t in graduates staff records events mentoring; do
		src="$root/input/$t.csv"
		cp "$src" "$tmp/ru/$t.csv"
		# the encoding Calc's dialog shows: UTF-8 for a file with a BOM, else Windows-1251 (34)
		if head -c 3 "$src" | grep -q "$(printf '\357\273\277')"; then cs=76; else cs=34; fi
		header=$(head -n 1 "$src" | tr -d '\r')
		case "$header" in *";"*) sep=59 ;; *) sep=44 ;; esac
		# import: separator, quote ("), encoding, from line 1, standard columns, Russian,
		# quoted fields not forced to text, special numbers (dates) detected
		imp="CSV:$sep,34,$cs,1,,1049,false,true"
		# export "keep current format": the same separator and encoding, text quoted only
		# when needed, cells saved as shown
		exp="csv:Text - txt - csv (StarCalc):$sep,34,$cs,1,,1049,false,true,true"
		LC_ALL=ru_RU.UTF-8 LANGUAGE=ru soffice -env:UserInstallation="file://$tmp/ru-profile" \
			--headless --infilter="$imp" --convert-to xlsx --outdir "$tmp/ru-out" "$tmp/ru/$t.csv" >/dev/null 2>&1
		LC_ALL=ru_RU.UTF-8 LANGUAGE=ru soffice -env:UserInstallation="file://$tmp/ru-profile" \
			--headless --infilter="$imp" --convert-to "$exp" --outdir "$tmp/ru-out" "$tmp/ru/$t.csv" >/dev/null 2>&1
	done
	# check that Calc really wrote Russian-locale cells
	grep -q ';2;02\.04\.03;' "$tmp/ru-out/events.csv" || { echo "make.sh: Calc did not use the Russian locale" >&2; exit 1; }
	cp "$tmp"/ru-out/* "$here/ru/"
	ls -l "$here/ru"
}
if [ "${1:-}" = ru ]; then
	roundtrip_ru
	exit 0
fi

# Calc's column type of a header name: 4 = date DD/MM/YY, 1 = standard (numbers), 2 = text
coltype() {
	case "$1" in
	"Дата"*|"Начало"|"Окончание") echo 4 ;;
	"Раздел"|"Удовлетворённость"*) echo 1 ;;
	*) echo 2 ;;
	esac
}

for t in graduates staff records events mentoring; do
	src="$root/input/$t.csv"
	# UTF-8 without a BOM for Calc; the sample keeps graduates.csv in Windows-1251
	if iconv -f UTF-8 -t UTF-8 "$src" >/dev/null 2>&1; then
		sed '1s/^\xef\xbb\xbf//' "$src" >"$tmp/$t.csv"
	else
		iconv -f CP1251 -t UTF-8 "$src" >"$tmp/$t.csv"
	fi
	header=$(head -n 1 "$tmp/$t.csv" | tr -d '\r')
	case "$header" in *";"*) sep=59 d=";" ;; *) sep=44 d="," ;; esac
	cols="" i=0
	IFS="$d"
	for name in $header; do
		i=$((i + 1))
		cols="$cols${cols:+/}$i/$(coltype "$name")"
	done
	unset IFS
	# separator, quote ("), UTF-8 (76), from line 1, column types, Russian, quoted as text
	opts="CSV:$sep,34,76,1,$cols,1049,true,false"
	lo --infilter="$opts" --convert-to xlsx --outdir "$tmp/out" "$tmp/$t.csv"
	lo --infilter="$opts" --convert-to ods --outdir "$tmp/out" "$tmp/$t.csv"
	# one real Excel 97-2003 file, which the reader must refuse
	if [ "$t" = staff ]; then
		lo --infilter="$opts" --convert-to xls --outdir "$tmp/out" "$tmp/$t.csv"
	fi
done

python3 "$here/allsheets.py" "$root/input" "$tmp/patronat.fods"
lo --convert-to xlsx --outdir "$tmp/out" "$tmp/patronat.fods"
lo --convert-to ods --outdir "$tmp/out" "$tmp/patronat.fods"

for f in "$tmp"/out/*; do
	cp "$f" "$here/"
done
ls -l "$here"
roundtrip_ru
