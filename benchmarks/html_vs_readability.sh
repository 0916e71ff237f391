#!/bin/bash
# khabar's HTML extraction vs Debian's python3-readability (readability-lxml), side by side in one
# run, on two page sets: the small HTML golden set (tests/golden/html, ~3 KB pages) and full-size
# pages (benchmarks/html_fullsize.py: 150-180 KB pages with mega-menus, inline scripts, CSS, SVG,
# related cards, comments and footers, generated into a temporary directory). For each set: body
# token F1 of both (same tokenizer and expected bodies), seconds per page (best of ROUNDS passes)
# and the speed ratio.
#   benchmarks/html_vs_readability.sh [BUILD_DIR] [ROUNDS] [FULL_PAGES]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
rounds=${2:-20}
full_pages=${3:-20}
golden=$here/../tests/golden/html
bench=$build/benchmarks/html_bench
[ -x "$bench" ] || { echo "build $bench first (cmake --build $build --target html_bench)" >&2; exit 2; }
/usr/bin/python3 -c 'import readability' 2>/dev/null || { echo "python3-readability missing (apt-get install python3-readability)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 "$here/html_fullsize.py" "$tmp/full" "$full_pages"
echo "== small pages: tests/golden/html"
/usr/bin/python3 "$here/html_readability.py" "$golden" "$rounds" > "$tmp/small.json"
"$bench" "$golden" "$tmp/small.json" "$rounds"
echo "== full-size pages: benchmarks/html_fullsize.py ($full_pages pages)"
full_rounds=$(( rounds > 5 ? rounds / 4 : rounds ))
/usr/bin/python3 "$here/html_readability.py" "$tmp/full" "$full_rounds" > "$tmp/full.json"
"$bench" "$tmp/full" "$tmp/full.json" "$full_rounds"
