#!/usr/bin/env bash
# print: the print files a clerk navigates — an outline entry «Фамилия Имя Отчество — id» per
# graduate, in page order, each opening the first page of that graduate's document (whose
# text names the graduate), page labels "id-1", "id-2", … per document; duplex keeps every
# entry on an odd page; the files stay valid and poppler stays silent.
. "$(dirname "$0")/../lib.sh"
IN="$ROOT/input"

# outline FILE: one line per outline entry, "title<TAB>page (from 1)"; then one line per
# page-label range, "label<TAB>first page (from 1)<TAB>style<TAB>start", both read back
# from qpdf's JSON
outline() {
	qpdf --json --json-key=outlines --json-key=pagelabels "$1" | python3 -c '
import json, sys
d = json.load(sys.stdin)
for o in d["outlines"]:
    print("O\t%s\t%d" % (o["title"], o["destpageposfrom1"]))
for r in d["pagelabels"]:
    l = r["label"]
    print("L\t%s\t%d\t%s\t%d" % (l.get("/P", "u:")[2:], r["index"] + 1, l.get("/S", ""), l.get("/St", 1)))
'
}

# check_print RUN FOLDER: the outline and labels of RUN/print/FOLDER.pdf against the
# per-graduate documents RUN/FOLDER/*.pdf
check_print() {
	run=$1 folder=$2 duplex=${3:-}
	f="$run/print/$folder.pdf"
	pdf_check "$f"
	outline "$f" >"$TMP/outline.txt" 2>"$TMP/outline.err"
	[ -s "$TMP/outline.err" ] && fail "$f: qpdf json: $(head -3 "$TMP/outline.err")"
	docs=$(ls "$run/$folder"/*.pdf | wc -l)
	entries=$(grep -c '^O' "$TMP/outline.txt")
	expect_eq "$f: one outline entry per graduate" "$docs" "$entries"
	expect_eq "$f: one label range per graduate" "$docs" "$(grep -c '^L' "$TMP/outline.txt")"
	total=$(pdf_pages "$f")
	bad=""
	prev=0
	ids=""
	# the text of each page on one line, page K on line K
	pdftotext -enc UTF-8 "$f" - 2>/dev/null | sed 's/\xc2\xa0/ /g' | tr '\n' ' ' | tr '\f' '\n' | tr -s ' ' >"$TMP/pages.txt"
	# every entry: after the previous one, a title «full name — id» whose name is on the
	# page it opens, the id's document exactly as many pages long as the entry's range
	while IFS=$'\t' read -r title page; do
		id=${title##* — }
		name=${title% — *}
		ids="$ids $id"
		[ "$page" -gt "$prev" ] || bad="$bad; $title: page $page not after $prev"
		[ "$id" != "$title" ] && [ -f "$run/$folder/$id.pdf" ] || bad="$bad; $title: no document $id.pdf"
		text=$(sed -n "${page}p" "$TMP/pages.txt")
		case "$text" in *"$name"*) ;; *) bad="$bad; $title: page $page does not name $name" ;; esac
		[ -n "$duplex" ] && [ $((page % 2)) -ne 1 ] && bad="$bad; $title: duplex entry on even page $page"
		prev=$page
	done < <(grep '^O' "$TMP/outline.txt" | cut -f2-)
	expect_eq "$f: entries in page order, each opening its graduate" "" "$bad"
	# ranges: where the entries are, labelled "id-" from 1, each range as long as the document
	# (plus a duplex blank)
	bad=""
	mapfile -t starts < <(grep '^O' "$TMP/outline.txt" | cut -f3)
	mapfile -t labels < <(grep '^L' "$TMP/outline.txt" | cut -f2-)
	k=0
	for id in $ids; do
		IFS=$'\t' read -r label first style start <<<"${labels[$k]:-}"
		[ "$label" = "$id-" ] && [ "$first" = "${starts[$k]}" ] && [ "$style" = "/D" ] && [ "$start" = 1 ] ||
			bad="$bad; range $k: [${labels[$k]:-}] for $id at ${starts[$k]}"
		next=${starts[$((k + 1))]:-$((total + 1))}
		want=$(pdf_pages "$run/$folder/$id.pdf")
		len=$((next - starts[k]))
		if [ -n "$duplex" ]; then
			[ "$len" -eq "$want" ] || [ "$len" -eq $((want + 1)) -a $((want % 2)) -eq 1 ] || bad="$bad; $id: $len pages, its document $want"
		else
			[ "$len" -eq "$want" ] || bad="$bad; $id: $len pages, its document $want"
		fi
		k=$((k + 1))
	done
	expect_eq "$f: page labels id-1… over each document's pages" "" "$bad"
}

run_patronat --date 2026-11-23 -q -j 2 all -i "$IN" -o "$TMP/out"
expect_eq "all: exit" 0 "$rc"
check_print "$TMP/out" passports
check_print "$TMP/out" plans
# the sample's first graduate in print order, as a clerk sees it
first=$(outline "$TMP/out/print/passports.pdf" | awk -F'\t' '$1 == "O" {print $2; exit}')
expect_eq "the first entry" "Абрамова Ксения Михайловна — 2026-013" "$first"
expect_contains "a named graduate's entry" "$(printf 'O\tЗуев Артём Сергеевич — 2024-001\t')" \
	"$(outline "$TMP/out/print/passports.pdf")"
# the outline shows when the file is opened
expect_contains "opens with the outline" "/PageMode /UseOutlines" \
	"$(qpdf --qdf --object-streams=disable "$TMP/out/print/passports.pdf" - | grep -a PageMode)"

run_patronat --date 2026-11-23 -q -j 2 --duplex all -i "$IN" -o "$TMP/duplex"
expect_eq "--duplex: exit" 0 "$rc"
check_print "$TMP/duplex" passports duplex
check_print "$TMP/duplex" plans duplex

# the same input gives the same print file, outline included
run_patronat --date 2026-11-23 -q -j 1 all -i "$IN" -o "$TMP/again"
cmp -s "$TMP/out/print/passports.pdf" "$TMP/again/print/passports.pdf" && ok || fail "print file differs between runs"
finish
