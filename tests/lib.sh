# tests/lib.sh: the few shell helpers every end-to-end test uses.
# A test script sources this file, calls ok/fail (directly or through the expect_* helpers),
# and ends with `finish`, which prints "NAME: N passed, N failed" for tests/run.sh to add up.
# Environment: BUILD (build folder), ROOT (repository), TMP (a fresh scratch folder).
set -u
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-build}
PATRONAT="${PATRONAT:-$ROOT/$BUILD/patronat}"
export PATRONAT_DATA="$ROOT"
# the tests read the English messages: not the machine's locale (tests/e2e/i18n.sh sets its own)
export LC_ALL=C
unset LANGUAGE LC_MESSAGES
export LSAN_OPTIONS="suppressions=$ROOT/tests/lsan.supp:print_suppressions=0"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/patronat-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
_passed=0
_failed=0
_name=$(basename "$0" .sh)

ok() { _passed=$((_passed + 1)); }
fail() {
	_failed=$((_failed + 1))
	printf 'FAIL %s: %s\n' "$_name" "$*"
}
# expect_eq WHAT EXPECTED ACTUAL
expect_eq() {
	if [ "$2" = "$3" ]; then ok; else fail "$1: expected [$2], got [$3]"; fi
}
# expect_contains WHAT NEEDLE HAYSTACK
expect_contains() {
	case "$3" in *"$2"*) ok ;; *) fail "$1: [$2] not found in: $(printf '%s' "$3" | head -c 600)" ;; esac
}
expect_not_contains() {
	case "$3" in *"$2"*) fail "$1: [$2] must not appear" ;; *) ok ;; esac
}
# expect_file_eq WHAT EXPECTED_FILE ACTUAL_FILE: shows a diff on failure
expect_file_eq() {
	if cmp -s "$2" "$3"; then ok; else fail "$1 differs:"; diff -u "$2" "$3" | head -40; fi
}
# pdf_text FILE: the text of a PDF as pdftotext gives it (reading order, no layout),
# with no-break spaces as plain spaces and hyphenated line ends joined
pdf_text() {
	pdftotext -enc UTF-8 "$1" - 2>>"$TMP/poppler.err" | sed 's/\xc2\xa0/ /g'
}
# pdf_check FILE: structure, fonts and poppler's silence
pdf_check() {
	f=$1
	if qpdf --check "$f" >"$TMP/qpdf.out" 2>&1; then ok; else fail "qpdf --check $f: $(tail -3 "$TMP/qpdf.out")"; fi
	fonts=$(pdffonts "$f" 2>"$TMP/pdffonts.err")
	if printf '%s\n' "$fonts" | tail -n +3 | awk '$(NF-4)!="yes" || $(NF-3)!="yes" {bad=1} END {exit bad}'; then ok
	else fail "fonts not embedded as subsets in $f: $fonts"; fi
	expect_contains "font family in $f" "LiberationSerif" "$fonts"
	: >"$TMP/popp.err"
	pdftotext "$f" /dev/null 2>"$TMP/popp.err"
	pdfinfo "$f" >/dev/null 2>>"$TMP/popp.err"
	if [ -s "$TMP/popp.err" ] || [ -s "$TMP/pdffonts.err" ]; then
		fail "poppler warns on $f: $(cat "$TMP/popp.err" "$TMP/pdffonts.err" | head -3)"
	else ok; fi
}
# only_problems DIR: true when a failed run left nothing in DIR but its list of problems
only_problems() {
	[ ! -e "$1" ] || [ -z "$(ls -A "$1" | grep -vx problems.csv)" ]
}
pdf_pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ {print $2}'; }
# run_patronat ARGS...: runs the program; sets $rc, $out (stdout) and $err (stderr)
run_patronat() {
	"$PATRONAT" "$@" >"$TMP/stdout" 2>"$TMP/stderr"
	rc=$?
	out=$(cat "$TMP/stdout")
	err=$(cat "$TMP/stderr")
}
finish() {
	printf '%s: %d passed, %d failed\n' "$_name" "$_passed" "$_failed"
	[ "$_failed" -eq 0 ]
}
# flat FILE.pdf: the PDF's text on one line (line breaks, page breaks and runs of spaces read
# as one space, page numbers dropped), for searching values that wrap
pdf_flat() {
	pdftotext -enc UTF-8 "$1" - 2>/dev/null | tr '\f' '\n' | sed 's/\xc2\xa0/ /g' |
		grep -v -E '^[0-9]+$' | tr '\n' ' ' | tr -s ' '
}
# expect_in_order WHAT EXPECTED_FILE TEXT: every non-comment line of EXPECTED_FILE appears
# in TEXT, in that order
expect_in_order() {
	missing=$(printf '%s' "$3" | awk -v want="$2" '
		{ text = text $0 }
		END {
			pos = 1
			while ((getline line < want) > 0) {
				if (line ~ /^#/ || line == "") continue
				i = index(substr(text, pos), line)
				if (i == 0) { print line; exit }
				pos += i + length(line) - 1
			}
		}')
	if [ -z "$missing" ]; then ok; else fail "$1: not found (in order): [$missing]"; fi
}
