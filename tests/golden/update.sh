#!/bin/sh
# tests/golden/update.sh [CASE...]: writes again the expected trees of the golden cases (all of
# them by default), for when a document is meant to change: review `git diff tests/golden`
# before committing. Run from the repository root after `make`.
set -u
cd "$(dirname "$0")/../.." || exit 1
export PATRONAT_DATA=$(pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/golden-update.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
[ $# -gt 0 ] || set -- tests/golden/*/case.sh
status=0
for c in "$@"; do
	dir=${c%/case.sh}
	dir=${dir%/}
	rm -f "$dir"/*.tree
	DOCS=
	. "$dir/case.sh"
	for doc in $DOCS; do
		f="$dir/$(printf '%s' "$doc" | tr ':' '-').tree"
		if sh tests/golden/tree.sh "$dir" "$doc" "$tmp/out" >"$f" 2>"$tmp/err"; then
			echo "$f"
		else
			echo "update.sh: $dir $doc failed:" >&2
			cat "$tmp/err" >&2
			rm -f "$f"
			status=1
		fi
	done
done
exit $status
