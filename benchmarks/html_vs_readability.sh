#!/bin/bash
# khabar's HTML extraction vs Debian's python3-readability (readability-lxml) on the HTML golden set,
# in one run: body token F1 of both (same tokenizer and expected bodies) and the speed ratio.
#   benchmarks/html_vs_readability.sh [BUILD_DIR] [ROUNDS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
rounds=${2:-20}
golden=$here/../tests/golden/html
bench=$build/benchmarks/html_bench
[ -x "$bench" ] || { echo "build $bench first (cmake --build $build --target html_bench)" >&2; exit 2; }
/usr/bin/python3 -c 'import readability' 2>/dev/null || { echo "python3-readability missing (apt-get install python3-readability)" >&2; exit 2; }
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
/usr/bin/python3 "$here/html_readability.py" "$golden" "$rounds" > "$tmp"
"$bench" "$golden" "$tmp" "$rounds"
