#!/bin/bash
# i18n: the messages in the user's language (GNU gettext, po/ru.po): the catalogue complete
# and valid, check/usage/--help/verify in Russian under a Russian locale with the right plural
# forms, English under C, the same documents whatever the locale, and the web page's problems
# in Russian whatever the server's locale.
. "$(dirname "$0")/../lib.sh"

# ---- the catalogue -------------------------------------------------------------------------
stats=$(msgfmt --check --statistics -o /dev/null "$ROOT/po/ru.po" 2>&1)
st=$?
expect_eq "msgfmt --check po/ru.po" 0 "$st"
expect_contains "every message translated" "translated message" "$stats"
expect_not_contains "nothing untranslated" "untranslated" "$stats"
expect_not_contains "nothing fuzzy" "fuzzy" "$stats"
# every message of today's sources is in the catalogue (a new message needs `make po`)
pot="$ROOT/$BUILD/patronat.pot"
[ -f "$pot" ] || make -s -C "$ROOT" BUILD="$BUILD" "$BUILD/patronat.pot" >/dev/null 2>&1
if [ -f "$pot" ]; then
	msgmerge --quiet --no-wrap -o "$TMP/merged.po" "$ROOT/po/ru.po" "$pot" 2>/dev/null
	merged=$(msgfmt --statistics -o /dev/null "$TMP/merged.po" 2>&1)
	expect_not_contains "the sources' messages are all translated (run make po)" "untranslated" "$merged"
	expect_not_contains "no source message changed since its translation (run make po)" "fuzzy" "$merged"
else
	fail "no $BUILD/patronat.pot (xgettext missing?)"
fi
expect_eq "the catalogue compiled into the build tree" yes \
	"$([ -s "$ROOT/$BUILD/locale/ru/LC_MESSAGES/patronat.mo" ] && echo yes || echo no)"
# Russian typography: no English quotes in the translations
if msgcat --no-wrap "$ROOT/po/ru.po" | grep '^msgstr' | grep -v 'token-file\|id=\\"' | grep -q "'"; then
	fail "an English quote in a translation: $(msgcat --no-wrap "$ROOT/po/ru.po" | grep '^msgstr' | grep "'" | head -1)"
else ok; fi

locale -a 2>/dev/null | grep -qix 'ru_RU.utf8' || fail "no ru_RU.UTF-8 locale (make deps generates it)"
RU="env LANGUAGE=ru LC_ALL=ru_RU.UTF-8"
EN="env -u LANGUAGE LC_ALL=C"

# bad_input N: the sample with an impossible birth date in the first N data lines
bad_input() {
	rm -rf "$TMP/bad$1" && cp -R "$ROOT/input" "$TMP/bad$1"
	sed "2,$(($1 + 1))s/[0-9][0-9]\.[0-9][0-9]\.[0-9][0-9][0-9][0-9]/31.02.2005/" \
		"$ROOT/input/graduates.csv" >"$TMP/bad$1/graduates.csv"
}
# ru_plural N ONE FEW MANY: the Russian form for N (1 ошибка, 2 ошибки, 5 ошибок, 11 ошибок, 21 ошибка)
ru_plural() {
	local n10=$(($1 % 10)) n100=$(($1 % 100))
	if [ $n10 = 1 ] && [ $n100 != 11 ]; then echo "$1 $2"
	elif [ $n10 -ge 2 ] && [ $n10 -le 4 ] && { [ $n100 -lt 10 ] || [ $n100 -ge 20 ]; }; then echo "$1 $3"
	else echo "$1 $4"; fi
}
expect_eq "plural rule: 21" "21 ошибка" "$(ru_plural 21 ошибка ошибки ошибок)"
expect_eq "plural rule: 12" "12 ошибок" "$(ru_plural 12 ошибка ошибки ошибок)"

# ---- check on a bad input in both languages ---------------------------------------------------
for n in 1 3 12; do
	bad_input $n
	$EN "$PATRONAT" check -i "$TMP/bad$n" --date 2026-11-23 >"$TMP/en$n.out" 2>"$TMP/en$n.err"
	expect_eq "check -i bad$n (C): exit" 1 $?
	$RU "$PATRONAT" check -i "$TMP/bad$n" --date 2026-11-23 >"$TMP/ru$n.out" 2>"$TMP/ru$n.err"
	expect_eq "check -i bad$n (ru): exit" 1 $?
	en=$(cat "$TMP/en$n.err") ru=$(cat "$TMP/ru$n.err")
	ne=$(grep -Eo '^patronat: [0-9]+ error' "$TMP/en$n.err" | grep -Eo '[0-9]+')
	nw=$(grep -Eo ', [0-9]+ warning' "$TMP/en$n.err" | grep -Eo '[0-9]+')
	[ $n = 1 ] && expect_eq "one bad date, one error" 1 "$ne"
	expect_contains "bad$n (C): English summary" "patronat: $ne error(s), $nw warning(s); nothing written" "$en"
	expect_contains "bad$n (C): English message" "E (Дата рождения): invalid date «31.02.2005»: expected a real date" "$en"
	expect_contains "bad$n (C): English warning" ": warning: graduate " "$en"
	expect_contains "bad$n (ru): Russian summary with plural forms" \
		"patronat: $(ru_plural "$ne" ошибка ошибки ошибок), $(ru_plural "$nw" предупреждение предупреждения предупреждений); ничего не записано" "$ru"
	expect_contains "bad$n (ru): the message" \
		"graduates.csv:2: E (Дата рождения): неверная дата «31.02.2005»: нужна существующая дата в виде ДД.ММ.ГГГГ, ДД.ММ.ГГ или ГГГГ-ММ-ДД (выпускник 2024-001)" "$ru"
	expect_contains "bad$n (ru): a warning" ": предупреждение: у выпускника " "$ru"
	expect_not_contains "bad$n (ru): no English left" "invalid date" "$ru"
	expect_not_contains "bad$n (ru): no English summary" "error(s)" "$ru"
	expect_eq "bad$n: as many lines in both languages" "$(wc -l <"$TMP/en$n.err")" "$(wc -l <"$TMP/ru$n.err")"
done
expect_contains "1 ошибка" "patronat: 1 ошибка," "$(cat "$TMP/ru1.err")"

# an XML file's problem (libxml2's own words stay English after ours)
rm -rf "$TMP/badxml" && cp -R "$ROOT/input" "$TMP/badxml" && printf '<institution><name>x</name>' >"$TMP/badxml/institution.xml"
expect_contains "bad XML (ru)" "institution.xml:1: неправильный XML: " \
	"$($RU "$PATRONAT" check -i "$TMP/badxml" --date 2026-11-23 2>&1)"
expect_contains "bad XML (C)" "institution.xml:1: not well-formed XML: " \
	"$($EN "$PATRONAT" check -i "$TMP/badxml" --date 2026-11-23 2>&1)"

# a schema's hint (the xs:documentation of templates/schema, translated too)
rm -rf "$TMP/badval" && cp -R "$ROOT/input" "$TMP/badval" && sed -i 's/graduates="208"/graduates="много"/' "$TMP/badval/institution.xml"
expect_contains "a schema hint (ru)" "graduates: неверное значение, ожидается: целое число от 0 до 10000000" \
	"$($RU "$PATRONAT" check -i "$TMP/badval" --date 2026-11-23 2>&1)"
expect_contains "a schema hint (C)" "graduates: invalid value: expected a whole number from 0 to 10000000" \
	"$($EN "$PATRONAT" check -i "$TMP/badval" --date 2026-11-23 2>&1)"
# the CSV reader's own errors
rm -rf "$TMP/badcsv" && cp -R "$ROOT/input" "$TMP/badcsv" && printf '"unclosed\n' >>"$TMP/badcsv/staff.csv"
expect_contains "a CSV reader error (ru)" "незакрытая кавычка у поля, которое начинается в строке" \
	"$($RU "$PATRONAT" check -i "$TMP/badcsv" --date 2026-11-23 2>&1)"

# the locale as gettext reads it: LANG alone, LC_MESSAGES, LANGUAGE before them; C ignores LANGUAGE
expect_contains "LANG=ru_RU.UTF-8" "неверная дата" \
	"$(env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=ru_RU.UTF-8 "$PATRONAT" check -i "$TMP/bad1" --date 2026-11-23 2>&1)"
expect_contains "LC_MESSAGES=ru_RU.UTF-8" "неверная дата" \
	"$(env -u LANGUAGE -u LC_ALL LANG=C LC_MESSAGES=ru_RU.UTF-8 "$PATRONAT" check -i "$TMP/bad1" --date 2026-11-23 2>&1)"
expect_contains "LANGUAGE=ru over C.UTF-8" "неверная дата" \
	"$(env LANGUAGE=ru LC_ALL=C.UTF-8 "$PATRONAT" check -i "$TMP/bad1" --date 2026-11-23 2>&1)"
expect_contains "LANGUAGE=en over a Russian locale" "invalid date" \
	"$(env LANGUAGE=en LC_ALL=ru_RU.UTF-8 "$PATRONAT" check -i "$TMP/bad1" --date 2026-11-23 2>&1)"
expect_contains "LC_ALL=C ignores LANGUAGE" "invalid date" \
	"$(env LANGUAGE=ru LC_ALL=C "$PATRONAT" check -i "$TMP/bad1" --date 2026-11-23 2>&1)"

# ---- usage, --help ----------------------------------------------------------------------------
out=$($RU "$PATRONAT" --bogus 2>&1); st=$?
expect_eq "usage error (ru): exit" 2 "$st"
expect_contains "usage error (ru)" "patronat: неизвестный параметр --bogus" "$out"
expect_contains "usage error (ru): the hint" "(см. patronat --help)" "$out"
expect_contains "usage error (ru): a value" "--date: нужна существующая дата в виде ГГГГ-ММ-ДД, а не «2026-02-30»" \
	"$($RU "$PATRONAT" --date 2026-02-30 check 2>&1)"
expect_contains "usage error (C)" "patronat: unknown option --bogus" "$($EN "$PATRONAT" --bogus 2>&1)"
expect_contains "--help (ru)" "использование: patronat [параметры] КОМАНДА" "$($RU "$PATRONAT" --help)"
expect_contains "--help (ru): an option" "--strict          считать предупреждения ошибками" "$($RU "$PATRONAT" --help)"
expect_contains "--help (C)" "usage: patronat [options] COMMAND" "$($EN "$PATRONAT" --help)"

# ---- a run: the summary, the same documents in both languages, verify --------------------------
$EN "$PATRONAT" --date 2026-11-23 -j 2 --graduate 2024-001 all -i "$ROOT/input" -o "$TMP/out-en" >/dev/null 2>&1
$RU "$PATRONAT" --date 2026-11-23 -j 2 --graduate 2024-001 all -i "$ROOT/input" -o "$TMP/out-ru" \
	>/dev/null 2>"$TMP/run-ru.err"
expect_eq "all (ru): exit" 0 $?
expect_contains "all (ru): the summary" "patronat: записано в $TMP/out-ru: 1 паспорт, 1 план за " \
	"$(cat "$TMP/run-ru.err")"
# problems.csv is the one file in the user's language; the documents never depend on it
if diff -r -x problems.csv "$TMP/out-en" "$TMP/out-ru" >/dev/null; then ok; else fail "the documents differ with the locale: $(diff -rq -x problems.csv "$TMP/out-en" "$TMP/out-ru" | head -3)"; fi
out=$($RU "$PATRONAT" verify "$TMP/out-ru" 2>&1)
expect_contains "verify (ru): all good" "все файлы совпадают с описью" "$out"
printf 'x' >>"$TMP/out-ru/passports/2024-001.pdf"
rm "$TMP/out-ru/plans/2024-001.pdf"
out=$($RU "$PATRONAT" verify "$TMP/out-ru" 2>&1); st=$?
expect_eq "verify (ru): exit" 1 "$st"
expect_contains "verify (ru): changed" "изменён: passports/2024-001.pdf" "$out"
expect_contains "verify (ru): missing" "нет файла: plans/2024-001.pdf" "$out"
expect_contains "verify (ru): the count" "patronat: $TMP/out-ru: 2 расхождения с описью" "$out"
out=$($EN "$PATRONAT" verify "$TMP/out-ru" 2>&1)
expect_contains "verify (C): changed" "changed: passports/2024-001.pdf" "$out"
expect_contains "verify (C): the count" "2 problem(s)" "$out"

# why a run failed (run_fail, the library's error buffers), in Russian: the fonts are missing
mkdir -p "$TMP/data/fonts" && cp -R "$ROOT/templates" "$TMP/data/" && cp "$ROOT/fonts/fonts.list" "$TMP/data/fonts/"
out=$(PATRONAT_DATA="$TMP/data" $RU "$PATRONAT" --date 2026-11-23 -q order -i "$ROOT/input" -o "$TMP/out-nofont" 2>&1)
expect_eq "no fonts (ru): exit" 3 $?
expect_contains "no fonts (ru): why" "LiberationSerif-Regular.ttf: нет файла (выполните «make deps»)" "$out"
expect_contains "no fonts (C): why" "LiberationSerif-Regular.ttf: missing (run 'make deps')" \
	"$(PATRONAT_DATA="$TMP/data" $EN "$PATRONAT" --date 2026-11-23 -q order -i "$ROOT/input" -o "$TMP/out-nofont" 2>&1)"

# ---- installed: the catalogue under share/locale, found from the executable's place ----------
make -s -C "$ROOT" install BUILD="$BUILD" PREFIX=/opt/pt DESTDIR="$TMP/root" >"$TMP/install.log" 2>&1
expect_eq "make install" 0 $?
expect_eq "the catalogue installed" yes \
	"$([ -f "$TMP/root/opt/pt/share/locale/ru/LC_MESSAGES/patronat.mo" ] && echo yes || echo no)"
out=$(cd "$TMP" && env -u PATRONAT_DATA LANGUAGE=ru LC_ALL=ru_RU.UTF-8 "$TMP/root/opt/pt/bin/patronat" check \
	-i "$TMP/bad1" --date 2026-11-23 2>&1)
expect_contains "installed (ru)" "patronat: 1 ошибка," "$out"
expect_contains "installed (ru): the message" "неверная дата" "$out"

# ---- the web page: Russian problems whatever the server's locale ---------------------------------
$EN "$PATRONAT" serve -i "$TMP/bad1" -o "$TMP/web-out" --port 0 --date 2026-11-23 >"$TMP/serve.log" 2>&1 &
spid=$!
for _ in $(seq 50); do grep -q 'http://' "$TMP/serve.log" && break; sleep 0.1; done
url=$(grep -o 'http://[^ ]*' "$TMP/serve.log" | head -1)
expect_contains "serve (C): its own lines in English" "patronat: the page is at http://" "$(cat "$TMP/serve.log")"
state=$(curl -s -H "X-Patronat-Token: ${url##*token=}" "${url%%/\?token=*}/api/state")
expect_contains "serve (C): the page's problem in Russian" "неверная дата «31.02.2005»: нужна существующая дата" "$state"
expect_not_contains "serve (C): no English problem" "invalid date" "$state"
kill -TERM $spid 2>/dev/null
wait $spid 2>/dev/null
expect_contains "serve (C): stopping in English" "patronat: stopped" "$(cat "$TMP/serve.log")"
$RU "$PATRONAT" serve -i "$TMP/bad1" -o "$TMP/web-out" --port 0 --date 2026-11-23 >"$TMP/serve-ru.log" 2>&1 &
spid=$!
for _ in $(seq 50); do grep -q 'http://' "$TMP/serve-ru.log" && break; sleep 0.1; done
kill -TERM $spid 2>/dev/null
wait $spid 2>/dev/null
expect_contains "serve (ru): its own lines in Russian" "patronat: страница — по адресу http://" "$(cat "$TMP/serve-ru.log")"
expect_contains "serve (ru): stopped" "patronat: остановлен" "$(cat "$TMP/serve-ru.log")"

finish
