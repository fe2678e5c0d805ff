#!/usr/bin/env bash
# qr: --qr puts the QR element of ГОСТ Р 7.0.97-2025 at the bottom right of page 1 of every
# document, in the bottom margin: it decodes (zbarimg, when zbar-tools is installed; else the
# page's drawing is checked to hold the symbol's modules) to the document's kind, graduate,
# date and institution; the text and pages are those without it; verify passes; --help says so.
. "$(dirname "$0")/../lib.sh"
DATA="$ROOT/tests/data/small"

run_patronat --date 2026-11-23 -q --qr all -i "$DATA" -o "$TMP/qr"
expect_eq "--qr: exit 0" 0 "$rc"
run_patronat --date 2026-11-23 -q all -i "$DATA" -o "$TMP/plain"
expect_eq "without --qr: exit 0" 0 "$rc"

# doc FILE KIND GRADUATE: what the symbol on page 1 of FILE must say
check_doc() {
	local f=$1 want="patronat: kind=$2;${3:+ graduate=$3;} date=2026-11-23; institution=ГБПОУ «ТК»"
	expect_eq "$f: the same pages as without --qr" "$(pdfinfo "$TMP/plain/$f" | grep Pages)" "$(pdfinfo "$TMP/qr/$f" | grep Pages)"
	# (the register's digest covers the documents' bytes, which the symbol changes)
	expect_eq "$f: the same text as without --qr" "$(pdftotext "$TMP/plain/$f" - | grep -v '^Контрольная сумма\|^[0-9a-f]\{8\} ' | sha256sum)" \
		"$(pdftotext "$TMP/qr/$f" - | grep -v '^Контрольная сумма\|^[0-9a-f]\{8\} ' | sha256sum)"
	qpdf --check "$TMP/qr/$f" >/dev/null 2>&1 && ok || fail "$f: qpdf --check"
	pdftoppm -r 300 -png -f 1 -l 1 "$TMP/qr/$f" "$TMP/page"
	if command -v zbarimg >/dev/null; then
		expect_eq "$f: the QR element says" "QR-Code:$want" "$(zbarimg -q "$TMP/page-1.png" 2>/dev/null)"
		# bottom right, in the margin: the symbol's box (the page's lower right 40 mm × 25 mm)
		pdftoppm -r 300 -png -f 1 -l 1 -x 2008 -y 3213 -W 472 -H 295 "$TMP/qr/$f" "$TMP/corner"
		expect_eq "$f: found in the bottom right corner" "QR-Code:$want" "$(zbarimg -q "$TMP/corner-1.png" 2>/dev/null)"
		pdftoppm -r 300 -png -f 1 -l 1 "$TMP/plain/$f" "$TMP/plainpage"
		expect_eq "$f: none without --qr" "" "$(zbarimg -q "$TMP/plainpage-1.png" 2>/dev/null)"
	else
		# no decoder: page 1 draws the symbol's dark modules (hundreds of filled rectangles)
		local a b
		a=$(qpdf --qdf --object-streams=disable "$TMP/qr/$f" - 2>/dev/null | grep -ac ' re$')
		b=$(qpdf --qdf --object-streams=disable "$TMP/plain/$f" - 2>/dev/null | grep -ac ' re$')
		[ $((a - b)) -ge 100 ] && ok || fail "$f: page 1 lacks the QR element's modules ($a rectangles, $b without)"
	fi
}
check_doc passports/T-001.pdf passport T-001
check_doc plans/T-002.pdf plan T-002
check_doc order-2025.pdf order ""
check_doc report-2025.pdf report ""
check_doc print/inventory.pdf inventory ""
"$PATRONAT" -q verify "$TMP/qr" >"$TMP/verify.out" 2>&1
expect_eq "--qr: verify passes" 0 "$?"
expect_contains "--help names --qr" "--qr" "$("$PATRONAT" --help 2>&1)"
finish
