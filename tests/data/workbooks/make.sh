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
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
lo() { soffice -env:UserInstallation="file://$tmp/profile" --headless "$@" >/dev/null 2>&1; }

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
