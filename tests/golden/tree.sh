#!/bin/sh
# tests/golden/tree.sh [-n] CASE DOC OUT: the document tree of DOC for the golden case CASE
# (a folder holding case.sh), as tests/e2e/golden.sh compares it and tests/golden/update.sh
# writes it. DOC is passport:ID, plan:ID, order, report or inventory; OUT is a scratch output
# folder (only the inventory writes there: it is the register of what `all` wrote). With -n,
# prints the command instead of running it. Run from the repository root.
# case.sh sets INPUT (the input folder, relative to the repository root) and DATE, and DOCS
# (the documents whose trees are kept, one word each).
set -u
show=false
[ "$1" = "-n" ] && { show=true; shift; }
case_dir=$1 doc=$2 out=$3
. "$case_dir/case.sh"
P=${PATRONAT:-./build/patronat}
base="$P --date $DATE -i $INPUT"
case $doc in
passport:*) cmd="$base --tree passports --graduate ${doc#passport:}" ;;
plan:*) cmd="$base --tree plans --graduate ${doc#plan:}" ;;
order | report) cmd="$base --tree $doc" ;;
inventory) cmd="rm -rf $out && $base -q -j 1 all -o $out && $base -o $out --tree inventory" ;;
*) echo "tree.sh: unknown document '$doc' in $case_dir/case.sh" >&2; exit 2 ;;
esac
if $show; then
	printf '%s\n' "$cmd"
else
	eval "$cmd"
fi
