#!/usr/bin/env bash
# install: `make install` puts the program, its templates and fonts where it finds them from
# any folder.
. "$(dirname "$0")/../lib.sh"
make -s -C "$ROOT" install BUILD="$BUILD" PREFIX=/opt/pt DESTDIR="$TMP/root" >"$TMP/make.log" 2>&1
expect_eq "make install" 0 "$?"
[ -x "$TMP/root/opt/pt/bin/patronat" ] && ok || fail "binary not installed"
for f in templates/passport.xml templates/aliases.txt templates/sheets.txt sample/patronat.xlsx fonts/fonts.list fonts/LiberationSerif-Regular.ttf; do
	[ -f "$TMP/root/opt/pt/share/patronat/$f" ] && ok || fail "$f not installed"
done
cd "$TMP" || exit 1
unset PATRONAT_DATA
"$TMP/root/opt/pt/bin/patronat" --date 2026-11-23 -q passports -i "$ROOT/tests/data/small" -o "$TMP/out" 2>"$TMP/err"
expect_eq "installed binary runs from another folder" 0 "$?"
[ -f "$TMP/out/passports/T-001.pdf" ] && ok || fail "installed binary wrote no passport: $(cat "$TMP/err")"
# the installed sample workbook, read through the installed sheet names (templates/sheets.txt)
mkdir -p "$TMP/book"
cp "$TMP/root/opt/pt/share/patronat/sample/patronat.xlsx" "$ROOT/input/institution.xml" "$TMP/book/"
"$TMP/root/opt/pt/bin/patronat" --date 2026-11-23 -q check -i "$TMP/book" 2>"$TMP/err"
expect_eq "the installed sample workbook passes check" 0 "$?"
expect_not_contains "…every sheet read" "not read" "$(cat "$TMP/err")"
finish
