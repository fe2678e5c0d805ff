#!/usr/bin/env bash
# archive: out/manifest.csv lists every PDF with its true SHA-256 and keeping period,
# «Опись документов» lists the documents in print order and prints the manifest's digest,
# `verify` catches a flipped byte, a deleted file, an extra file (X.PDF too), a link, and any
# tampered column of the manifest (against what each PDF says of itself), a linked manifest
# is refused, and `verify --expired` lists exactly what may be destroyed.
. "$(dirname "$0")/../lib.sh"
IN="$TMP/in"
OUT="$TMP/out"
cp -r "$ROOT/tests/data/small" "$IN" && rm -rf "$IN/expected"
# T-001 graduates on 14.03.2023: patronage ends 14.03.2025, the passport is kept to 31.12.2030
sed -i 's/^\(T-001,[^,]*,[^,]*,[^,]*,[^,]*,\)30\.06\.2024,/\114.03.2023,/' "$IN/graduates.csv"
grep -q '^T-001,.*,14\.03\.2023,' "$IN/graduates.csv" && ok || fail "test data: graduation date not set"

run_patronat --date 2026-11-23 -q -j 2 all -i "$IN" -o "$OUT"
expect_eq "exit code of all" 0 "$rc"
M="$OUT/manifest.csv"
[ -f "$M" ] && ok || fail "manifest.csv not written"
expect_eq "manifest mode" 640 "$(stat -c %a "$M")"
expect_eq "manifest header" "path,kind,graduate,date,sha256,pages,keep_until" "$(head -1 "$M")"

# every PDF is listed once, with the hash sha256sum gives and its page count
pdfs=$(cd "$OUT" && find . -name '*.pdf' | sed 's|^\./||' | sort)
listed=$(tail -n +2 "$M" | cut -d, -f1)
expect_eq "the manifest lists every PDF, sorted" "$pdfs" "$listed"
bad=""
for p in $pdfs; do
	want=$(cd "$OUT" && sha256sum "$p" | cut -d' ' -f1)
	line=$(grep "^$p," "$M")
	[ "$(printf '%s' "$line" | cut -d, -f5)" = "$want" ] || bad="$bad $p(sha)"
	[ "$(printf '%s' "$line" | cut -d, -f6)" = "$(pdf_pages "$OUT/$p")" ] || bad="$bad $p(pages)"
done
expect_eq "hashes and page counts" "" "$bad"

# keeping periods: dates of the documents, ends of periods
expect_eq "T-001 passport" "passports/T-001.pdf,passport,T-001,2026-11-23" "$(grep '^passports/T-001' "$M" | cut -d, -f1-4)"
expect_eq "T-001 passport kept to" "2030-12-31" "$(grep '^passports/T-001' "$M" | cut -d, -f7)"
expect_eq "T-001 plan kept to" "2030-12-31" "$(grep '^plans/T-001' "$M" | cut -d, -f7)"
expect_eq "T-002 (graduated 30.06.2025) kept to" "2032-12-31" "$(grep '^passports/T-002' "$M" | cut -d, -f7)"
expect_eq "the report of 2025/2026 kept to" "2031-12-31" "$(grep '^report-2025' "$M" | cut -d, -f7)"
expect_eq "the order is kept permanently" "permanent" "$(grep '^order-2025' "$M" | cut -d, -f7)"
expect_eq "print files are copies" "," "$(grep '^print/passports' "$M" | cut -d, -f6- | sed 's/^[0-9]*//')"

# the institution's nomenclature of files sets the periods
cp -r "$IN" "$TMP/in2"
sed -i 's|</institution>|  <retention document="order" years="10"/>\n  <retention document="passport" years="7"/>\n</institution>|' "$TMP/in2/institution.xml"
run_patronat --date 2026-11-23 -q all -i "$TMP/in2" -o "$TMP/out2"
expect_eq "exit code with retention elements" 0 "$rc"
expect_eq "order kept 10 years from 01.01.2027" "2036-12-31" "$(grep '^order-2025' "$TMP/out2/manifest.csv" | cut -d, -f7)"
expect_eq "passport kept 7 years" "2032-12-31" "$(grep '^passports/T-001' "$TMP/out2/manifest.csv" | cut -d, -f7)"

# the same run with one worker gives the same manifest
run_patronat --date 2026-11-23 -q -j 1 all -i "$IN" -o "$TMP/out1"
expect_file_eq "manifest with -j 1 and -j 2" "$M" "$TMP/out1/manifest.csv"

# the register
INV="$OUT/print/inventory.pdf"
pdf_check "$INV"
inv=$(pdf_flat "$INV")
expect_contains "title" "ОПИСЬ документов патронатного сопровождения выпускников по состоянию на 23.11.2026" "$inv"
expect_contains "institution" "ГБПОУ «Тестовский колледж»" "$inv"
expect_contains "columns" "№ Документ Выпускник Дата Листов Хранить до" "$inv"
cat >"$TMP/order.txt" <<'END'
Паспорт патроната выпускника
Ёлкин П.
23.11.2026
31.12.2032
Паспорт патроната выпускника
Семёнова А.И.
31.12.2030
План мероприятий патронатного сопровождения выпускника
Ёлкин П.
План мероприятий патронатного сопровождения выпускника
Семёнова А.И.
Приказ об организации патронатного сопровождения выпускников на 2025/2026 учебный год
постоянно
Аналитический отчёт о работе по патронатному сопровождению выпускников за 2025/2026 учебный год
31.12.2031
Социальный педагог
М.И. Летова
END
expect_in_order "rows in print order, then the keeper's signature" "$TMP/order.txt" "$(printf '%s' "$inv" | sed 's/- //g')"
pages=$(grep -E '^(passports|plans)/|^(order|report)-' "$M" | cut -d, -f6 | paste -sd+ | bc)
expect_contains "totals" "Всего документов: 6, листов: $pages." "$inv"
expect_not_contains "print files are not in the register" "passports.pdf" "$inv"
expect_eq "the register is listed" "print/inventory.pdf,inventory,,2026-11-23" "$(grep '^print/inventory' "$M" | cut -d, -f1-4)"

# verify: a clean folder; it prints the manifest's digest, the one on the signed register
run_patronat verify "$OUT"
expect_eq "verify exit code" 0 "$rc"
expect_eq "verify prints no problem, only the digest" "digest of the manifest:" "$(printf '%s' "$out" | cut -c1-23)"
expect_contains "verify says so" "every file matches the manifest" "$err"
digest=$(printf '%s' "$out" | sed -n 's/^digest of the manifest: //p')
expect_eq "the digest: eight groups of eight hex digits" 1 "$(printf '%s' "$digest" | grep -cE '^([0-9a-f]{8} ){7}[0-9a-f]{8}$')"
on_paper=$(printf '%s' "$inv" | tr '\n' ' ' | sed -n 's/.*manifest\.csv): \(\([0-9a-f]\{8\} *\)\{8\}\).*/\1/p' | tr -s ' ' | sed 's/ $//')
expect_eq "the register prints the digest verify prints" "$digest" "$on_paper"
want=$(grep -v ',inventory,' "$M" | sha256sum | cut -d' ' -f1)
expect_eq "the digest is the SHA-256 of manifest.csv without the register's row" "$want" "$(printf '%s' "$digest" | tr -d ' ')"
expect_contains "each PDF says what it is" "patronat: kind=passport; graduate=T-001; date=2026-11-23; closed=2025-03-13; years=5; keep-until=2030-12-31" \
	"$(pdfinfo "$OUT/passports/T-001.pdf")"
expect_contains "the print files too" "patronat: kind=print; graduate=; date=2026-11-23" "$(pdfinfo "$OUT/print/passports.pdf")"

# every tampered column is reported, exit 1 (the row edited, the file untouched)
cp "$M" "$TMP/manifest.good"
tamper() { # NAME SED-EXPRESSION EXPECTED-LINE
	sed -i "$2" "$M"
	run_patronat verify "$OUT"
	expect_eq "tampered $1: exit code" 1 "$rc"
	expect_contains "tampered $1: reported" "$3" "$out"
	cp "$TMP/manifest.good" "$M"
}
tamper path 's|^passports/T-002.pdf,|passports/T-009.pdf,|' "$(printf 'missing: passports/T-009.pdf')"
tamper "path (the file unlisted)" 's|^passports/T-002.pdf,|passports/T-009.pdf,|' "unlisted: passports/T-002.pdf"
tamper kind 's|^passports/T-002.pdf,passport,|passports/T-002.pdf,plan,|' \
	"changed column kind: passports/T-002.pdf (manifest plan, document passport)"
tamper graduate 's|^passports/T-002.pdf,passport,T-002,|passports/T-002.pdf,passport,T-001,|' \
	"changed column graduate: passports/T-002.pdf (manifest T-001, document T-002)"
tamper date 's|^\(passports/T-002.pdf,passport,T-002\),2026-11-23,|\1,2026-11-20,|' \
	"changed column date: passports/T-002.pdf (manifest 2026-11-20, document 2026-11-23)"
# (the hash's first digit made another, whatever it was: f becomes 0, any other f)
tamper sha256 's|^\(passports/T-002.pdf,[^,]*,[^,]*,[^,]*,\)f|\1x|; s|^\(passports/T-002.pdf,[^,]*,[^,]*,[^,]*,\)[0-9a-e]|\1f|; s|^\(passports/T-002.pdf,[^,]*,[^,]*,[^,]*,\)x|\10|' \
	"changed: passports/T-002.pdf"
tamper pages 's|^\(passports/T-002.pdf,.*,\)[0-9]*,\(2032-12-31\)$|\177,\2|' \
	"changed column pages: passports/T-002.pdf (manifest 77, document"
tamper keep_until 's|^\(report-2025.pdf,.*\),2031-12-31$|\1,2024-12-31|' \
	"changed column keep_until: report-2025.pdf (manifest 2024-12-31, document 2031-12-31)"
tamper "keep_until of the permanent order" 's|^\(order-2025.pdf,.*\),permanent$|\1,2025-12-31|' \
	"changed column keep_until: order-2025.pdf (manifest 2025-12-31, document permanent)"
# a tampered keep_until never sends a document to destruction
sed -i 's|^\(passports/T-002.pdf,.*\),2032-12-31$|\1,2025-12-31|' "$M"
run_patronat verify --expired --date 2026-11-23 "$OUT"
expect_eq "expired with a tampered row: exit code" 0 "$rc"
expect_not_contains "the tampered row is not listed for destruction" "$(printf 'passports/T-002.pdf\t')" "$out"
expect_contains "it is withheld, saying why" "withheld: passports/T-002.pdf (the file does not confirm" "$out"
cp "$TMP/manifest.good" "$M"
expect_file_eq "the manifest restored" "$TMP/manifest.good" "$M"
run_patronat verify "$OUT"
expect_eq "verify passes again" 0 "$rc"

# X.PDF, a symbolic link named evil.pdf: reported, never followed
echo '%PDF-1.4' >"$OUT/X.PDF"
ln -s /etc/passwd "$OUT/evil.pdf"
run_patronat verify "$OUT"
expect_eq "X.PDF and evil.pdf: exit code" 1 "$rc"
expect_contains "X.PDF is reported" "unlisted: X.PDF" "$out"
expect_contains "the link is reported" "symlink: evil.pdf (not followed)" "$out"
rm "$OUT/X.PDF" "$OUT/evil.pdf"

# a manifest that is a symbolic link: refused by verify, and by a run before it writes anything
cp -r "$OUT" "$TMP/linked"
mv "$TMP/linked/manifest.csv" "$TMP/elsewhere.csv"
ln -s "$TMP/elsewhere.csv" "$TMP/linked/manifest.csv"
rm "$TMP/linked/order-2025.pdf"
run_patronat verify "$TMP/linked"
expect_eq "verify with a linked manifest" 1 "$rc"
expect_contains "says why" "manifest.csv: a symbolic link" "$err"
run_patronat --date 2026-11-24 -q all -i "$IN" -o "$TMP/linked"
expect_eq "a run with a linked manifest" 3 "$rc"
expect_contains "the run says why" "a symbolic link" "$err"
[ ! -e "$TMP/linked/order-2025.pdf" ] && ok || fail "a run with a linked manifest wrote a document"
[ -L "$TMP/linked/manifest.csv" ] && ok || fail "the linked manifest was replaced"
expect_file_eq "the file it points to is untouched" "$TMP/manifest.good" "$TMP/elsewhere.csv"

# an id that a spreadsheet would read as a formula: quoted, and read back as itself
cp -r "$IN" "$TMP/in-minus"
sed -i 's/^T-002,/-1,/' "$TMP/in-minus/graduates.csv"
sed -i 's/^T-002,/-1,/' "$TMP/in-minus/records.csv"
run_patronat --date 2026-11-23 -q all -i "$TMP/in-minus" -o "$TMP/out-minus"
expect_eq "a run with the id -1" 0 "$rc"
expect_contains "the id -1 is quoted" 'passports/-1.pdf,passport,"-1",2026-11-23,' "$(cat "$TMP/out-minus/manifest.csv")"
run_patronat verify "$TMP/out-minus"
expect_eq "verify reads the id -1 back" 0 "$rc"
run_patronat --date 2026-11-24 -q passports --graduate -1 -i "$TMP/in-minus" -o "$TMP/out-minus"
expect_eq "a run of the graduate -1" 0 "$rc"
expect_contains "its row updated" 'passports/-1.pdf,passport,"-1",2026-11-24,' "$(cat "$TMP/out-minus/manifest.csv")"
run_patronat verify "$TMP/out-minus"
expect_eq "verify after a run that merged the old manifest" 0 "$rc"
expect_eq "still one row for -1" 1 "$(grep -c '^passports/-1.pdf,' "$TMP/out-minus/manifest.csv")"

# verify --expired: nothing on 31.12.2030, T-001's two documents on 01.01.2031
run_patronat verify --expired --date 2030-12-31 -o "$OUT"
expect_eq "expired exit code" 0 "$rc"
expect_eq "nothing expired on 31.12.2030" "" "$out"
run_patronat verify --expired --date 2031-01-01 "$OUT"
expect_eq "expired on 01.01.2031" "$(printf 'passports/T-001.pdf\tpassport\tT-001\t2030-12-31\nplans/T-001.pdf\tplan\tT-001\t2030-12-31')" "$out"
run_patronat verify --expired --date 2199-01-01 "$OUT"
expect_not_contains "the permanent order never expires" "order-2025" "$out"
expect_not_contains "print files never expire" "print/" "$out"

# a later run of one graduate keeps the others' entries
run_patronat --date 2026-12-01 -q passports --graduate T-002 -i "$IN" -o "$OUT"
expect_eq "second run" 0 "$rc"
expect_eq "entries kept" "$(printf '%s\n' "$pdfs" | wc -l)" "$(tail -n +2 "$M" | wc -l)"
expect_eq "T-002 updated" "2026-12-01" "$(grep '^passports/T-002' "$M" | cut -d, -f4)"
expect_eq "T-001 untouched" "2026-11-23" "$(grep '^passports/T-001' "$M" | cut -d, -f4)"
run_patronat verify "$OUT"
expect_eq "verify after the second run" 0 "$rc"

# tampering: a flipped byte, a deleted file, an extra PDF (and a temporary file, not a PDF)
flip() {
	b=$(od -An -tu1 -j 300 -N 1 "$1" | tr -d ' ')
	printf "\\$(printf %03o $(((b + 1) % 256)))" | dd of="$1" bs=1 seek=300 conv=notrunc 2>/dev/null
}
flip "$OUT/passports/T-002.pdf"
rm "$OUT/plans/T-001.pdf"
cp "$OUT/order-2025.pdf" "$OUT/print/extra.pdf"
echo half >"$OUT/passports/T-003.pdf.tmp.42"
run_patronat verify "$OUT"
expect_eq "verify exit code on problems" 1 "$rc"
expect_eq "verify lines" "$(printf 'changed: passports/T-002.pdf\nmissing: plans/T-001.pdf\nunlisted: print/extra.pdf')" \
	"$(printf '%s\n' "$out" | grep -v '^note: \|^digest of the manifest: ')"
expect_contains "the register is older than the manifest: a note" "note: print/inventory.pdf was made for an earlier manifest" "$out"
expect_contains "verify counts" "3 problem(s)" "$err"

# no manifest, or a malformed one
run_patronat verify "$IN"
expect_eq "verify without a manifest" 1 "$rc"
expect_contains "says why" "manifest.csv: cannot read" "$err"
printf 'path,kind\nx.pdf,plan\n' >"$TMP/out1/manifest.csv"
cp "$TMP/out1/manifest.csv" "$TMP/bad.csv"
run_patronat --date 2026-11-23 -q order -i "$IN" -o "$TMP/out1"
expect_eq "a malformed manifest stops the run" 3 "$rc"
expect_contains "names the problem" "manifest.csv:1: graduate: required column is missing" "$err"
expect_file_eq "the malformed manifest is left as it was" "$TMP/bad.csv" "$TMP/out1/manifest.csv"

# the register's template is checked with the others, with its lines
mkdir -p "$TMP/data" && cp -r "$ROOT/templates" "$TMP/data/" && ln -s "$ROOT/fonts" "$TMP/data/fonts"
sed -i -e 's|<kind name="plan">|<kind name="act">|' -e 's|по состоянию на {date}|по состоянию на {today}|' \
	"$TMP/data/templates/inventory.xml"
PATRONAT_DATA="$TMP/data" run_patronat --date 2026-11-23 check -i "$IN"
expect_eq "check with a broken inventory.xml" 1 "$rc"
line=$(grep -n '<kind name="act">' "$TMP/data/templates/inventory.xml" | cut -d: -f1)
expect_contains "unknown kind" "inventory.xml:$line: name: unknown kind 'act'" "$err"
expect_contains "unknown placeholder" "unknown placeholder {today}" "$err"
finish
