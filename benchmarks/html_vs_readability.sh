#!/bin/bash
# khabar's HTML extraction vs Debian's python3-readability (readability-lxml), side by side in one
# run, on the two HTML golden sets: the small pages (tests/golden/html, 3-6 KB: page structure
# only) and the full-size pages (tests/golden/html/full, 125-200 KB: the same 35 articles in the same
# outlet layouts with the chrome of real outlet pages, written by tests/golden/html/make_pages.py
# --full). For each set: title/date exact rates of khabar, body token F1 of both (same tokenizer and
# expected bodies), time per page and the speed ratio. Each tool's time is the best of ROUNDS passes
# over the set; the two tools take turns REPEATS times and each keeps its best, so that the load of
# a shared machine falls on both alike.
#   benchmarks/html_vs_readability.sh [BUILD_DIR] [ROUNDS] [REPEATS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
rounds=${2:-20}
repeats=${3:-3}
golden=$here/../tests/golden/html
bench=$build/benchmarks/html_bench
[ -x "$bench" ] || { echo "build $bench first (cmake --build $build --target html_bench)" >&2; exit 2; }
/usr/bin/python3 -c 'import readability' 2>/dev/null || { echo "python3-readability missing (apt-get install python3-readability)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "load: $(uptime)"
run_set() {  # NAME DIR ROUNDS
  local name=$1 dir=$2 n=$3 k
  echo "== $name: $dir"
  for k in $(seq "$repeats"); do
    /usr/bin/python3 "$here/html_readability.py" "$dir" "$n" > "$tmp/r$k.json"
    "$bench" "$dir" "$tmp/r$k.json" "$n" > "$tmp/k$k.txt"
  done
  # The khabar report of the best khabar pass, with the best readability time of all passes.
  /usr/bin/python3 - "$tmp" "$repeats" <<'PY'
import json, re, sys
tmp, repeats = sys.argv[1], int(sys.argv[2])
kh = []
for k in range(1, repeats + 1):
    text = open(f"{tmp}/k{k}.txt", encoding="utf-8").read()
    kh.append((float(re.search(r"^khabar .*?([0-9.]+) us/page", text, re.M).group(1)), text))
rd = min(json.load(open(f"{tmp}/r{k}.json"))["seconds_per_page"] for k in range(1, repeats + 1)) * 1e6
best, text = min(kh)
for line in text.splitlines():
    if line.startswith("readability-lxml"):
        line = re.sub(r"[0-9.]+ us/page", f"{rd:.1f} us/page", line)
    if line.startswith("speed ratio"):
        line = f"speed ratio (readability time / khabar time): {rd / best:.1f}x"
    print(line)
PY
}
run_set "small pages" "$golden" "$rounds"
run_set "full-size pages" "$golden/full" $(( rounds > 5 ? rounds / 4 : rounds ))
