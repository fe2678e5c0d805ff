#!/usr/bin/env bash
# xml: the input tables as XML — the sample converted by tests/csv2xml.py gives byte-identical
# PDFs; each table alone as XML; schema errors as file:line: element: message; hostile files
# (billion laughs, XXE to a file and to http, a DTD, deep nesting, truncated, empty, binary,
# invalid UTF-8, a 20 MB text) refused fast, with a clear message, exit 1, nothing written,
# memory bounded; a bad institution.xml reported with its line.
. "$(dirname "$0")/../lib.sh"

TABLES="graduates staff records events mentoring"
SAMPLE="$ROOT/input"

# --- the whole sample as XML: the same PDFs, byte for byte ---
python3 "$ROOT/tests/csv2xml.py" "$SAMPLE" "$TMP/xin" || fail "csv2xml.py failed"
for t in $TABLES; do
	[ -f "$TMP/xin/$t.xml" ] && [ ! -f "$TMP/xin/$t.csv" ] && ok || fail "csv2xml did not make $t.xml"
done
run_patronat --date 2026-11-23 -q all -i "$SAMPLE" -o "$TMP/out-csv"
expect_eq "the CSV sample runs" 0 "$rc"
run_patronat --date 2026-11-23 -q all -i "$TMP/xin" -o "$TMP/out-xml"
expect_eq "the XML sample runs" 0 "$rc"
n=0
diffs=""
for f in $(cd "$TMP/out-csv" && find . -name '*.pdf' | sort); do
	n=$((n + 1))
	cmp -s "$TMP/out-csv/$f" "$TMP/out-xml/$f" || diffs="$diffs $f"
done
expect_eq "PDFs that differ between CSV and XML input" "" "$diffs"
[ "$n" -ge 82 ] && ok || fail "only $n PDFs compared (40 passports, 40 plans, order, report expected)"
expect_eq "same PDF list" "$(cd "$TMP/out-csv" && find . -name '*.pdf' | sort)" \
	"$(cd "$TMP/out-xml" && find . -name '*.pdf' | sort)"

# --- each table alone as XML: the same check result as the CSV ---
run_patronat --date 2026-11-23 check -i "$SAMPLE"
summary_csv=$(printf '%s\n' "$err" | tail -1)
for t in $TABLES; do
	rm -rf "$TMP/one"
	cp -r "$SAMPLE" "$TMP/one"
	rm "$TMP/one/$t.csv"
	cp "$TMP/xin/$t.xml" "$TMP/one/"
	run_patronat --date 2026-11-23 check -i "$TMP/one"
	expect_eq "$t.xml alone: exit" 0 "$rc"
	expect_eq "$t.xml alone: the same summary as CSV" "$summary_csv" "$(printf '%s\n' "$err" | tail -1)"
done

# --- schema errors: file:line: element: message, exit 1, nothing written ---
# with_table NAME FILE: a copy of the sample with NAME.csv replaced by FILE as NAME.xml
with_table() {
	rm -rf "$TMP/bad"
	cp -r "$SAMPLE" "$TMP/bad"
	rm -f "$TMP/bad/$1.csv"
	cp "$2" "$TMP/bad/$1.xml"
}
cat >"$TMP/staff-bad.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<staff>
  <member>
    <id>S01</id><surname>Громова</surname><name>Ирина</name>
    <position>Заместитель директора</position><role>заместитель руководителя</role>
    <keeps_records>возможно</keeps_records>
  </member>
  <member>
    <id>S02</id><surname>Летова</surname><name>Мария</name><role>педагог социальный</role>
  </member>
  <member>
    <id>S03</id><surname>Осенний</surname><name>Игорь</name><position>Психолог</position>
    <role>педагог-психолог</role><shoe_size>42</shoe_size>
  </member>
</staff>
EOF
with_table staff "$TMP/staff-bad.xml"
run_patronat --date 2026-11-23 all -i "$TMP/bad" -o "$TMP/bad-out"
expect_eq "invalid staff.xml: exit" 1 "$rc"
expect_contains "wrong type" "staff.xml:6: keeps_records: invalid value: expected да or нет" "$err"
expect_contains "missing required element" "staff.xml:8: position: required element is missing" "$err"
expect_contains "unknown element" "staff.xml:13: shoe_size: element not allowed here" "$err"
expect_not_contains "no value in messages" "возможно" "$err"
expect_not_contains "an optional element is not required" "patronymic: required" "$err"
only_problems "$TMP/bad-out" && ok || fail "output written for an invalid staff.xml"

sed 's|<birth_date>14.03.2004</birth_date>|<birth_date>14/03/2004</birth_date>|' "$TMP/xin/graduates.xml" \
	>"$TMP/grad-bad.xml"
line=$(grep -n '14/03/2004' "$TMP/grad-bad.xml" | cut -d: -f1)
with_table graduates "$TMP/grad-bad.xml"
run_patronat --date 2026-11-23 check -i "$TMP/bad"
expect_eq "bad date: exit" 1 "$rc"
expect_contains "bad date" "graduates.xml:$line: birth_date: invalid value: expected a date as DD.MM.YYYY or YYYY-MM-DD" "$err"
# a real calendar date is the model's to check, with the XML line and the element's name
sed 's|<birth_date>14.03.2004</birth_date>|<birth_date>31.02.2004</birth_date>|' "$TMP/xin/graduates.xml" \
	>"$TMP/grad-feb.xml"
row=$(awk -v n="$line" 'NR <= n && /<graduate>/ {r = NR} END {print r}' "$TMP/grad-feb.xml")
with_table graduates "$TMP/grad-feb.xml"
run_patronat --date 2026-11-23 check -i "$TMP/bad"
expect_eq "31 February: exit" 1 "$rc"
expect_contains "31 February, on the row's line" "graduates.xml:$row: birth_date: invalid date" "$err"

# --- a bad institution.xml: the attribute's line and name ---
rm -rf "$TMP/inst"
cp -r "$SAMPLE" "$TMP/inst"
sed 's|<year start="2024" graduates="212"|<year start="2024" graduates="двести"|' "$SAMPLE/institution.xml" \
	>"$TMP/inst/institution.xml"
line=$(grep -n 'двести' "$TMP/inst/institution.xml" | cut -d: -f1)
run_patronat --date 2026-11-23 all -i "$TMP/inst" -o "$TMP/inst-out"
expect_eq "bad institution.xml: exit" 1 "$rc"
expect_contains "bad attribute" "institution.xml:$line: graduates: invalid value: expected a whole number from 0 to 10000000" "$err"
only_problems "$TMP/inst-out" && ok || fail "output written for a bad institution.xml"

# --- hostile files: refused within seconds, clear message, exit 1, nothing written ---
H="$TMP/hostile"
mkdir -p "$H"
python3 - "$H" <<'EOF'
import os, sys
d = sys.argv[1]
decl = '<?xml version="1.0" encoding="UTF-8"?>\n'
row = '<member><id>S01</id><surname>a</surname><name>b</name><position>c</position><role>педагог</role>'
def put(name, data):
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data if isinstance(data, bytes) else data.encode())
ents = ''.join('  <!ENTITY l%d "%s">\n' % (i, ('&l%d;' % (i - 1)) * 10) for i in range(1, 10))
put('laughs.xml', decl + '<!DOCTYPE staff [\n  <!ENTITY l0 "lol">\n' + ents + ']>\n<staff>'
    + row + '<notes>&l9;</notes></member></staff>\n')
put('xxe-file.xml', decl + '<!DOCTYPE staff [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<staff>'
    + row + '<notes>&x;</notes></member></staff>\n')
put('xxe-http.xml', decl + '<!DOCTYPE staff [<!ENTITY x SYSTEM "http://127.0.0.1:9/x">]>\n<staff>'
    + row + '<notes>&x;</notes></member></staff>\n')
put('dtd.xml', decl + '<!DOCTYPE staff SYSTEM "http://127.0.0.1:9/staff.dtd">\n<staff/>\n')
put('deep.xml', decl + '<staff>' + '<a>' * 100000 + '</a>' * 100000 + '</staff>\n')
put('truncated.xml', decl + '<staff>\n' + row + '<notes>обрыв')
put('empty.xml', b'')
put('binary.xml', bytes((i * 151 + 7) % 256 for i in range(8192)))
put('utf8.xml', decl.encode() + b'<staff>\n' + row.encode() + b'<notes>\xd0\xff</notes></member></staff>\n')
put('huge.xml', decl + '<staff>' + row + '<notes>' + 'x' * (20 << 20) + '</notes></member></staff>\n')
EOF
# hostile NAME "MESSAGE": staff.xml is NAME; refused within 5 s with MESSAGE, nothing written
hostile() {
	with_table staff "$H/$1"
	rm -rf "$TMP/h-out"
	start=$(date +%s%N)
	run_patronat --date 2026-11-23 all -i "$TMP/bad" -o "$TMP/h-out"
	ms=$((($(date +%s%N) - start) / 1000000))
	expect_eq "$1: exit" 1 "$rc"
	expect_contains "$1: message" "$2" "$err"
	[ "$ms" -lt 5000 ] && ok || fail "$1 took $ms ms"
	only_problems "$TMP/h-out" && ok || fail "$1: output written"
	expect_not_contains "$1: no file content leaks" "root:" "$err"
}
hostile laughs.xml "staff.xml:2: a DTD or entity declaration is not allowed"
hostile xxe-file.xml "staff.xml:2: a DTD or entity declaration is not allowed"
hostile xxe-http.xml "staff.xml:2: a DTD or entity declaration is not allowed"
hostile dtd.xml "staff.xml:2: a DTD or entity declaration is not allowed"
hostile deep.xml "staff.xml:2: elements nested deeper than 64 levels"
hostile truncated.xml "staff.xml:3: not well-formed XML"
hostile empty.xml "staff.xml: file is empty"
hostile binary.xml "staff.xml:2: binary data (NUL byte): not an XML file"
hostile utf8.xml "staff.xml:3: not valid UTF-8: save the file as UTF-8"
hostile huge.xml "staff.xml:2: a text, comment or tag longer than 1 MiB"

# no network and no /etc/passwd: the XXE runs never open either
if command -v strace >/dev/null 2>&1; then
	for f in xxe-file.xml xxe-http.xml dtd.xml; do
		with_table staff "$H/$f"
		strace -f -e trace=socket,connect,open,openat -o "$TMP/strace" "$PATRONAT" --date 2026-11-23 check \
			-i "$TMP/bad" >/dev/null 2>&1
		n=$(grep -c -E 'socket\(|connect\(|/etc/passwd|staff\.dtd' "$TMP/strace")
		expect_eq "$f: sockets or fetched files" 0 "$n"
	done
fi

# memory: the billion laughs stays far below 200 MB
with_table staff "$H/laughs.xml"
/usr/bin/time -f '%M' -o "$TMP/rss" "$PATRONAT" --date 2026-11-23 check -i "$TMP/bad" >/dev/null 2>&1
rss=$(tail -1 "$TMP/rss")
case "$rss" in '' | *[!0-9]*) fail "no peak memory measured: $(cat "$TMP/rss")" ;; *)
	[ "$rss" -lt 204800 ] && ok || fail "billion laughs peak memory $rss KiB" ;;
esac

finish
