#!/usr/bin/env bash
# End-to-end test of `khabar ner --kb FILE`: a user's watch list is found and linked, a malformed
# one is a clear error. Usage: cli_ner_test.sh KHABAR_BINARY TESTS_SOURCE_DIR
set -u
khabar="$1"
watch="$2/golden/ner/watchlist.tsv"
bad="$2/golden/ner/bad-watchlist.tsv"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

printf '%s\n' \
  'التقى المحافظ كمال الزيني أمس ممثلي جمعية أصدقاء النيل في القاهرة.' \
  'وقال الزيني إن الجمعية ستبدأ حملة جديدة لتنظيف ضفاف النهر.' >"$tmp/article.txt"

# With the watch list: the person (full name and, later, surname) and the association are linked.
"$khabar" ner --kb "$watch" "$tmp/article.txt" >"$tmp/out" 2>"$tmp/err" ||
  fail "exit code $? with --kb: $(cat "$tmp/err")"
grep -q '"text":"كمال الزيني","type":"PERS","id":"watch_kamal_zeini","label_en":"Kamal El-Zeini"' \
  "$tmp/out" || fail "user person not linked: $(cat "$tmp/out")"
[ "$(grep -o '"id":"watch_kamal_zeini"' "$tmp/out" | wc -l)" -ge 3 ] ||
  fail "surname not joined to the person (want 2 mentions + 1 count row): $(cat "$tmp/out")"
grep -q '"id":"watch_nile_friends","label_en":"Friends of the Nile Association"' "$tmp/out" ||
  fail "user organization not linked: $(cat "$tmp/out")"
grep -q '"id":"cairo"' "$tmp/out" || fail "built-in KB lost with --kb: $(cat "$tmp/out")"

# Without it, the built-in KB does not know them.
"$khabar" ner "$tmp/article.txt" >"$tmp/out" 2>/dev/null || fail "exit code $? without --kb"
grep -q 'watch_' "$tmp/out" && fail "user ids without --kb"

# A malformed or missing file: exit 2, a message naming the file, nothing on stdout.
"$khabar" ner --kb "$bad" "$tmp/article.txt" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 2 ] || fail "exit code $rc with a malformed --kb (want 2)"
grep -q 'bad-watchlist.tsv:' "$tmp/err" || fail "error does not name file:line: $(cat "$tmp/err")"
[ -s "$tmp/out" ] && fail "output despite a bad --kb"
"$khabar" ner --kb "$tmp/missing.tsv" "$tmp/article.txt" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || fail "missing --kb file accepted"
echo "cli_ner_test: ok"
