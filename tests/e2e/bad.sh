#!/usr/bin/env bash
# bad: the corpus of bad inputs (tests/bad/*/) — each gives its exact message and exit code,
# within a second, and writes nothing when it fails.
. "$(dirname "$0")/../lib.sh"
BASE="$ROOT/tests/data/small"
limit=10.0
case "$BUILD" in *asan*) limit=20.0 ;; esac

# apply_edits DIR EDITFILE: literal replacements FILE<TAB>TEXT<TAB>REPLACEMENT
apply_edits() {
	while IFS=$'\t' read -r file from to; do
		from=$(printf '%b' "$from")
		to=$(printf '%b' "$to")
		content=$(cat "$1/$file"; printf x)
		content=${content%x}
		case "$content" in *"$from"*) ;; *) fail "$2: '$file' no longer holds the text to edit"; continue ;; esac
		printf '%s' "${content/"$from"/"$to"}" >"$1/$file"
	done <"$2"
}

for c in "$ROOT"/tests/bad/*/; do
	name=$(basename "$c")
	w="$TMP/$name"
	mkdir -p "$w/in"
	cp "$BASE"/*.csv "$BASE"/institution.xml "$w/in/"
	[ -f "$c/delete" ] && (cd "$w/in" && xargs rm -f <"$c/delete")
	for f in "$c"/*.csv "$c"/*.xml; do [ -f "$f" ] && cp "$f" "$w/in/"; done
	[ -f "$c/gen.sh" ] && (cd "$w/in" && sh "$c/gen.sh")
	data="$ROOT"
	if [ -d "$c/templates" ] || [ -f "$c/template-edit" ]; then
		data="$w/data"
		mkdir -p "$data"
		cp -R "$ROOT/templates" "$ROOT/fonts" "$data/"
		[ -d "$c/templates" ] && cp "$c"/templates/* "$data/templates/"
		[ -f "$c/template-edit" ] && apply_edits "$data/templates" "$c/template-edit"
	fi
	want=$(grep -m1 '^exit ' "$c/expect" | cut -d' ' -f2)
	start=$(date +%s.%N)
	PATRONAT_DATA="$data" timeout 20 "$PATRONAT" --date 2026-11-23 -q all -i "$w/in" -o "$w/out" \
		>"$w/stdout" 2>"$w/stderr"
	rc=$?
	took=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
	err=$(cat "$w/stderr")
	expect_eq "$name: exit code" "$want" "$rc"
	grep -v -e '^#' -e '^exit ' "$c/expect" | while IFS= read -r line; do
		[ -z "$line" ] && continue
		case "$line" in
		'!'*) case "$err" in *"${line#!}"*) echo "UNWANTED ${line#!}" ;; esac ;;
		*) case "$err" in *"$line"*) ;; *) echo "MISSING $line" ;; esac ;;
		esac
	done >"$w/missing"
	if [ -s "$w/missing" ]; then fail "$name: stderr lacks: $(cat "$w/missing") — it said: $(head -c 400 "$w/stderr")"; else ok; fi
	if [ "$want" = 0 ]; then
		[ -n "$(ls "$w/out/passports" 2>/dev/null)" ] && ok || fail "$name: usable input, but no documents"
		[ -f "$w/out/problems.csv" ] && ok || fail "$name: no out/problems.csv"
	else
		only_problems "$w/out" && ok || fail "$name: failed, yet wrote $(ls -R "$w/out" | head -3)"
		[ "$(grep -c ';error;' "$w/out/problems.csv" 2>/dev/null)" -ge 1 ] && ok ||
			fail "$name: out/problems.csv lists no error"
	fi
	awk -v t="$took" -v l="$limit" 'BEGIN { exit !(t < l) }' && ok || fail "$name: took $took s (limit $limit s)"
	grep -q -E 'AddressSanitizer|runtime error|Segmentation' "$w/stderr" && fail "$name: crashed: $(head -c 300 "$w/stderr")"
done
n=$(ls -d "$ROOT"/tests/bad/*/ | wc -l)
[ "$n" -ge 50 ] && ok || fail "the corpus has $n cases, at least 50 wanted"
finish
