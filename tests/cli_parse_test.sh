#!/usr/bin/env bash
# End-to-end test of `khabar parse`: exit codes, JSON Lines on stdout, error records, summary line.
# Usage: cli_parse_test.sh KHABAR_BINARY TESTS_SOURCE_DIR
set -u
khabar="$1"
dumps="$2/golden/dumps"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# All golden dumps: exit 0, one record per dump, summary on stderr.
"$khabar" parse "$dumps" >"$tmp/out" 2>"$tmp/err" || fail "exit code $? on the golden dumps"
n_dumps=$(find "$dumps" -name '*.txt' | wc -l)
[ "$(wc -l <"$tmp/out")" -eq "$n_dumps" ] || fail "expected $n_dumps records"
grep -q "khabar parse: $n_dumps inputs read, $n_dumps records written, 0 failed" "$tmp/err" ||
  fail "summary line: $(cat "$tmp/err")"
grep -q '"code":"MENA"' "$tmp/out" || fail "no MENA dateline"

# Standard input, --tz, --pretty.
"$khabar" parse --tz Africa/Cairo --pretty - <"$dumps/egypt-youm7.txt" >"$tmp/out" 2>/dev/null ||
  fail "stdin"
grep -q '"published": "2022-04-03T14:45+02:00"' "$tmp/out" || fail "--tz: $(grep published "$tmp/out")"
grep -q '^  "paragraphs": \[' "$tmp/out" || fail "--pretty"

# Failures are reported and the run goes on: exit 1, error records with the source.
printf '\x00\x01\x02\x03\xff\xfe\x00\x00binary' >"$tmp/binary.bin"
: >"$tmp/empty.txt"
printf 'مشاركة\nطباعة\n' >"$tmp/furniture.txt"
"$khabar" parse "$tmp/binary.bin" "$tmp/missing.txt" "$tmp/empty.txt" "$tmp/furniture.txt" \
  "$dumps/gulf-spa.txt" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 1 ] || fail "exit code $rc with failing inputs (want 1)"
[ "$(grep -c '"error":' "$tmp/out")" -eq 4 ] || fail "error records: $(cat "$tmp/out")"
grep -q '"code":"SPA"' "$tmp/out" || fail "the good input after failures"
grep -q "5 inputs read, 1 records written, 4 failed" "$tmp/err" || fail "summary: $(cat "$tmp/err")"

# Windows-1256 input is detected.
if command -v iconv >/dev/null; then
  iconv -f UTF-8 -t WINDOWS-1256 "$dumps/levant-petra.txt" >"$tmp/cp1256.txt"
  "$khabar" parse "$tmp/cp1256.txt" >"$tmp/out" 2>/dev/null || fail "windows-1256 input"
  grep -q '"encoding":"windows-1256"' "$tmp/out" || fail "encoding: $(cat "$tmp/out")"
  grep -q '"code":"PETRA"' "$tmp/out" || fail "windows-1256 dateline"
fi

# Usage errors: exit 2.
"$khabar" parse >/dev/null 2>&1; rc=$?
[ "$rc" -eq 2 ] || fail "no inputs: exit $rc (want 2)"
"$khabar" parse --tz Mars/Olympus "$dumps" >/dev/null 2>&1; rc=$?
[ "$rc" -eq 2 ] || fail "bad --tz: exit $rc (want 2)"
"$khabar" parse --help >/dev/null 2>&1 || fail "--help"
echo "cli_parse_test: ok"
