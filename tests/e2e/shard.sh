#!/usr/bin/env bash
# shard: one run spread over GNU parallel (Debian's `parallel`, installed when missing) as
# `--shard K/4`, then `patronat merge` — the shards' documents together are byte for byte one
# unsharded run's, and the merged folder is that run's folder: documents, manifest, print
# files (outline, page labels), register, list of problems. Then every refusal: a missing
# shard, one given twice, shards of another N, date or input, a tampered shard, a merge into
# a shard — each an error naming the shard, with nothing written. On the sample and on a
# generated college of 120 graduates; about 30 s on 2 quiet cores.
. "$(dirname "$0")/../lib.sh"
DATE=2026-11-23

if ! command -v parallel >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
	DEBIAN_FRONTEND=noninteractive timeout 300 apt-get install -y -qq --no-install-recommends parallel \
		>"$TMP/apt.log" 2>&1
fi
if ! command -v parallel >/dev/null || ! parallel --version 2>/dev/null | grep -q 'GNU parallel'; then
	fail "GNU parallel is missing and could not be installed (apt-get install parallel)"
	finish
	exit 1
fi

# files DIR: every file of an output folder (the lock file aside), sorted
files() { (cd "$1" && find . -type f ! -name .patronat.lock | sort); }
# docs DIR: the per-graduate documents and the documents of the year of a folder
docs() { (cd "$1" && find . -name '*.pdf' ! -path './print/*' | sort); }

# shards NAME IN: the four shards through parallel into $TMP/NAME/out-K, one run into
# $TMP/NAME/one, the merge into $TMP/NAME/merged; then the checks
shards() {
	name=$1 in=$2 d="$TMP/$1"
	mkdir -p "$d"
	seq 1 4 | parallel --will-cite -j 4 --halt now,fail=1 --joblog "$d/jobs.log" \
		"$PATRONAT" --date $DATE -q -j 1 --shard {}/4 all -i "$in" -o "$d/out-{}" 2>"$d/parallel.err"
	expect_eq "$name: parallel ran the four shards" 0 "$?"
	expect_eq "$name: four jobs in parallel's log, each exit 0" 4 \
		"$(awk 'NR > 1 && $7 == 0 && $8 == 0' "$d/jobs.log" | wc -l)"
	run_patronat --date $DATE -q all -i "$in" -o "$d/one"
	expect_eq "$name: the unsharded run" 0 "$rc"

	: >"$d/union"
	for k in 1 2 3 4; do
		docs "$d/out-$k" >>"$d/union"
		[ -s "$d/out-$k/shard.txt" ] && ok || fail "$name: shard $k wrote no shard.txt"
		expect_contains "$name: shard $k names itself" "shard=$k/4" "$(cat "$d/out-$k/shard.txt")"
		[ ! -e "$d/out-$k/print" ] && ok || fail "$name: shard $k wrote print files"
		n=$(docs "$d/out-$k" | grep -c passports/)
		[ "$n" -gt 0 ] && ok || fail "$name: shard $k has no passport"
	done
	expect_eq "$name: no document in two shards" "" "$(sort "$d/union" | uniq -d)"
	expect_eq "$name: the shards' documents are one run's" "$(docs "$d/one")" "$(sort "$d/union")"
	diffs=$(for k in 1 2 3 4; do (cd "$d/out-$k" && docs . | while read -r f; do
		cmp -s "$f" "$d/one/$f" || echo "$k:$f"; done); done)
	expect_eq "$name: the shards' documents byte-identical to one run's" "" "$diffs"

	run_patronat merge -i "$in" -o "$d/merged" "$d/out-1" "$d/out-2" "$d/out-3" "$d/out-4"
	expect_eq "$name: merge exit" 0 "$rc"
	expect_contains "$name: merge says what it wrote" "print files" "$err"
	expect_eq "$name: the merged folder holds one run's files" "$(files "$d/one")" "$(files "$d/merged")"
	diffs=$(cd "$d/one" && files . | while read -r f; do cmp -s "$f" "$d/merged/$f" || echo "$f"; done)
	expect_eq "$name: every merged file byte-identical to one run's" "" "$diffs"
	for f in manifest.csv problems.csv print/passports.pdf print/plans.pdf print/inventory.pdf; do
		[ -s "$d/merged/$f" ] && cmp -s "$d/one/$f" "$d/merged/$f" && ok || fail "$name: merged $f differs from one run's"
	done
	[ "$name" = sample ] && pdf_check "$d/merged/print/passports.pdf" # the same bytes for gen: once is enough
	ngrad=$(docs "$d/one" | grep -c passports/)
	outline=$(qpdf --json --json-key=outlines "$d/merged/print/passports.pdf" |
		python3 -c 'import json, sys; o = json.load(sys.stdin)["outlines"]; print(len(o)); print(o[0]["title"])')
	expect_eq "$name: an outline entry per graduate in the merged print file" "$ngrad" "$(echo "$outline" | head -1)"
	expect_contains "$name: the entry names the graduate and the id" " — " "$(echo "$outline" | tail -1)"
	label=$(qpdf --json --json-key=pages "$d/merged/print/plans.pdf" |
		python3 -c 'import json, sys; print(json.load(sys.stdin)["pages"][0]["label"]["/P"])')
	expect_contains "$name: page labels in the merged plans" "-" "$label"
	run_patronat verify "$d/merged"
	expect_eq "$name: verify passes on the merged folder" 0 "$rc"
	expect_contains "$name: verify's word" "every file matches the manifest" "$err"
	expect_eq "$name: merged files 0640 and folders 0750 at most" "" "$(find "$d/merged" -perm /027)"
}

shards sample "$ROOT/input"
mkdir -p "$TMP/gen"
"$ROOT/$BUILD/bench/gen" 120 "$TMP/gen/in" >/dev/null 2>&1
shards gen "$TMP/gen/in"
expect_eq "a generated college of 120: one run's passports" 120 "$(docs "$TMP/gen/one" | grep -c passports/)"

S="$TMP/sample"
# --duplex is the merge's, as it is the run's: the same padded print files
run_patronat --date $DATE -q --duplex all -i "$ROOT/input" -o "$S/one-duplex"
run_patronat -q --duplex merge -i "$ROOT/input" -o "$S/merged-duplex" "$S/out-1" "$S/out-2" "$S/out-3" "$S/out-4"
expect_eq "merge --duplex: exit" 0 "$rc"
for f in print/passports.pdf print/plans.pdf manifest.csv print/inventory.pdf; do
	cmp -s "$S/one-duplex/$f" "$S/merged-duplex/$f" && ok || fail "merge --duplex: $f differs from a --duplex run's"
done
# shards of one kind of document merge into that command's run
for k in 1 2 3; do
	run_patronat --date $DATE -q -j 1 --shard $k/3 plans -i "$ROOT/input" -o "$S/plans-$k"
done
run_patronat --date $DATE -q plans -i "$ROOT/input" -o "$S/plans-one"
run_patronat -q merge -i "$ROOT/input" -o "$S/plans-merged" "$S/plans-3" "$S/plans-1" "$S/plans-2"
expect_eq "plans shards, given in any order: merge exit" 0 "$rc"
expect_eq "plans shards merged: one plans run's files" "$(files "$S/plans-one")" "$(files "$S/plans-merged")"
diffs=$(cd "$S/plans-one" && files . | while read -r f; do cmp -s "$f" "$S/plans-merged/$f" || echo "$f"; done)
expect_eq "plans shards merged: byte-identical to one plans run" "" "$diffs"

# ---- refusals: each names the shard, exits 1 and writes nothing ----
# refused NAME NEEDLE DIR...: merge into a new folder fails, says NEEDLE, writes nothing
refused() {
	what=$1 needle=$2
	shift 2
	rm -rf "$TMP/refused"
	run_patronat merge -i "$ROOT/input" -o "$TMP/refused" "$@"
	expect_eq "$what: exit" 1 "$rc"
	expect_contains "$what: says why" "$needle" "$err"
	expect_contains "$what: says nothing was written" "nothing written" "$err"
	[ ! -e "$TMP/refused" ] && ok || fail "$what: wrote $(ls -A "$TMP/refused")"
}
refused "a missing shard" "shard 3/4 is missing" "$S/out-1" "$S/out-2" "$S/out-4"
refused "a shard given twice" "$S/out-2: shard 2/4 given twice" "$S/out-1" "$S/out-2" "$S/out-3" "$S/out-4" "$S/out-2"
run_patronat --date $DATE -q --shard 3/3 all -i "$ROOT/input" -o "$S/n3"
refused "a shard of another N" "$S/n3: shard 3/3, but" "$S/out-1" "$S/out-2" "$S/n3" "$S/out-4"
run_patronat --date 2026-11-24 -q --shard 3/4 all -i "$ROOT/input" -o "$S/d3"
refused "a shard of another date" "$S/d3: dated 2026-11-24" "$S/out-1" "$S/out-2" "$S/d3" "$S/out-4"
cp -R "$S/out-2" "$S/t2"
victim=$(cd "$S/t2" && ls passports/*.pdf | head -1)
printf ' ' >>"$S/t2/$victim"
refused "a tampered shard PDF" "$S/t2: does not verify against its manifest: changed: $victim" \
	"$S/out-1" "$S/t2" "$S/out-3" "$S/out-4"
cp -R "$S/out-3" "$S/m3"
sed -i '2s/,[0-9]*,\([0-9-]*\)$/,99,\1/' "$S/m3/manifest.csv"
refused "a shard whose manifest was changed" "$S/m3: its manifest.csv is not the one" \
	"$S/out-1" "$S/out-2" "$S/m3" "$S/out-4"
cp -R "$S/out-4" "$S/r4"
sed -i 's|^shard=4/4$|shard=5/4|' "$S/r4/shard.txt"
refused "a shard record that does not read" "$S/r4/shard.txt:2: not a record of a shard" \
	"$S/out-1" "$S/out-2" "$S/out-3" "$S/r4"
refused "shards of another command" "holds other documents than" \
	"$S/out-1" "$S/out-2" "$S/out-3" "$S/out-4" "$S/plans-1" "$S/plans-2" "$S/plans-3"
refused "a folder that is no shard" "$S/one: no shard.txt" "$S/out-1" "$S/out-2" "$S/one" "$S/out-4"
refused "shards of another input" "not the input the shards were made from" \
	"$TMP/gen/out-1" "$TMP/gen/out-2" "$TMP/gen/out-3" "$TMP/gen/out-4"
rm -rf "$TMP/refused"
run_patronat --date 2026-11-25 merge -i "$ROOT/input" -o "$TMP/refused" "$S/out-1" "$S/out-2" "$S/out-3" "$S/out-4"
expect_eq "merge --date other than the shards': exit" 1 "$rc"
expect_contains "merge --date other than the shards'" "the shards are dated 2026-11-23" "$err"

# a refused merge into a folder that holds a run leaves it as it was
before=$(cd "$S/merged" && find . -type f ! -name .patronat.lock -exec sha256sum {} + | sort)
run_patronat merge -i "$ROOT/input" -o "$S/merged" "$S/out-1" "$S/t2" "$S/out-3" "$S/out-4"
expect_eq "a refused merge over an earlier one: exit" 1 "$rc"
expect_eq "a refused merge changes nothing" "$before" \
	"$(cd "$S/merged" && find . -type f ! -name .patronat.lock -exec sha256sum {} + | sort)"
run_patronat merge -i "$ROOT/input" -o "$S/out-1" "$S/out-1" "$S/out-2" "$S/out-3" "$S/out-4"
expect_eq "a merge into a shard's folder: exit" 1 "$rc"
expect_contains "a merge into a shard's folder" "is the output folder itself" "$err"
# the lock: one run at a time holds the output folder
if command -v flock >/dev/null; then
	mkdir -p "$TMP/busy"
	flock "$TMP/busy/.patronat.lock" sleep 3 &
	holder=$!
	sleep 0.5
	run_patronat --no-wait merge -i "$ROOT/input" -o "$TMP/busy" "$S/out-1" "$S/out-2" "$S/out-3" "$S/out-4"
	expect_eq "a merge into a folder in use, --no-wait: exit" 3 "$rc"
	expect_contains "a merge into a folder in use" "in use by another run" "$err"
	expect_eq "a merge into a folder in use wrote nothing" "" "$(ls "$TMP/busy")"
	kill "$holder" 2>/dev/null
	wait "$holder" 2>/dev/null
fi
# usage errors
run_patronat merge -i "$ROOT/input" -o "$TMP/u"
expect_eq "merge without shards is a usage error" 2 "$rc"
run_patronat --shard 1/4 merge -i "$ROOT/input" -o "$TMP/u" "$S/out-1"
expect_eq "merge --shard is a usage error" 2 "$rc"
[ ! -e "$TMP/u" ] && ok || fail "a usage error wrote $TMP/u"
run_patronat --help
expect_contains "--help lists merge" "merge DIR..." "$out"
finish
