#!/usr/bin/env bash
# golden: the document tree of every document of each case in tests/golden/ equals the one
# kept there (tests/golden/<case>/<doc>.tree). A failure names the case and the document, the
# command that prints the tree, and the diff; tests/golden/update.sh writes the trees again
# when a document is meant to change.
. "$(dirname "$0")/../lib.sh"
cd "$ROOT" || exit 1
export PATRONAT
cases=0
for c in tests/golden/*/case.sh; do
	dir=${c%/case.sh}
	DOCS=
	. "$c"
	cases=$((cases + 1))
	[ -n "$DOCS" ] && ok || fail "$dir: case.sh names no document"
	for doc in $DOCS; do
		want="$dir/$(printf '%s' "$doc" | tr ':' '-').tree"
		sh tests/golden/tree.sh "$dir" "$doc" "$TMP/out" >"$TMP/got" 2>"$TMP/err"
		st=$?
		if [ $st -ne 0 ]; then
			fail "$dir $doc: exit $st: $(head -c 400 "$TMP/err")"
			echo "  rerun: $(PATRONAT=./$BUILD/patronat sh tests/golden/tree.sh -n "$dir" "$doc" /tmp/golden-out)"
		elif [ ! -f "$want" ]; then
			fail "$dir $doc: no expected tree $want (run tests/golden/update.sh $c)"
		elif cmp -s "$want" "$TMP/got"; then
			ok
		else
			fail "$dir $doc: the tree differs from $want"
			echo "  rerun: $(PATRONAT=./$BUILD/patronat sh tests/golden/tree.sh -n "$dir" "$doc" /tmp/golden-out)"
			echo "  accept (when the change is meant): sh tests/golden/update.sh $c"
			diff -u "$want" "$TMP/got" | head -60
		fi
	done
	# no expected tree is left unchecked (a document dropped from DOCS)
	for f in "$dir"/*.tree; do
		[ -e "$f" ] || continue
		name=$(basename "$f" .tree)
		case " $(printf '%s' "$DOCS" | tr ':' '-') " in
		*" $name "*) ok ;;
		*) fail "$dir: $f is kept but case.sh does not name $name" ;;
		esac
	done
done
# --tree writes nothing and shows one document
run_patronat --date 2026-11-23 -i input -o "$TMP/none" --tree order
expect_eq "--tree order: exit 0" 0 "$rc"
expect_contains "--tree order: the tree on stdout" 'document title="Приказ' "$out"
[ ! -e "$TMP/none" ] && ok || fail "--tree order created the output folder"
run_patronat --date 2026-11-23 -i input --tree passports
expect_eq "--tree passports without --graduate: exit 2" 2 "$rc"
expect_contains "--tree passports without --graduate: message" "needs --graduate" "$err"
run_patronat --date 2026-11-23 -i input --tree all
expect_eq "--tree all: exit 2" 2 "$rc"
run_patronat --date 2026-11-23 -i input inventory
expect_eq "inventory without --tree: exit 2" 2 "$rc"
run_patronat --date 2026-11-23 -i input --tree plans --graduate 9999-999
expect_eq "--tree of an unknown graduate: exit 1" 1 "$rc"
expect_contains "--tree of an unknown graduate: message" "no graduate with id 9999-999" "$err"
mkdir -p "$TMP/empty"
run_patronat --date 2026-11-23 -i input -o "$TMP/empty" --tree inventory
expect_eq "--tree inventory of a folder with no manifest: exit 1" 1 "$rc"
expect_contains "--tree inventory with no manifest: message" "manifest.csv" "$err"
expect_eq "--tree inventory with no manifest: nothing written" "" "$(ls "$TMP/empty")"
[ "$cases" -ge 2 ] && ok || fail "expected at least two golden cases, found $cases"
finish
