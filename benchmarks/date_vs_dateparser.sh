#!/bin/bash
# khabar's date parser vs Debian's python3-dateparser over the same test list, in one run:
# prints the accuracy of each and the speed ratio.
#   benchmarks/date_vs_dateparser.sh [BUILD_DIR] [LIST]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
list=${2:-$here/../src/time/testdata/dates.tsv}
bench=$build/benchmarks/date_list_bench
[ -x "$bench" ] || { echo "build $bench first (cmake --build $build --target date_list_bench)" >&2; exit 2; }
/usr/bin/python3 -c 'import dateparser' 2>/dev/null || { echo "python3-dateparser missing (apt-get install python3-dateparser)" >&2; exit 2; }
k=$("$bench" "$list" 300)
d=$(/usr/bin/python3 "$here/date_dateparser.py" "$list" 1)
/usr/bin/python3 - "$k" "$d" <<'PY'
import json, sys
k, d = json.loads(sys.argv[1]), json.loads(sys.argv[2])
for r in (k, d):
    print(f"{r['tool']:<22} accuracy {r['correct']}/{r['strings']} = {100.0 * r['correct'] / r['strings']:5.1f}%"
          f"   {r['seconds_per_string'] * 1e6:10.2f} µs/string")
print(f"speed ratio (dateparser time / khabar time): {d['seconds_per_string'] / k['seconds_per_string']:.0f}x")
if d.get("failures_sample"):
    print("dateparser misses, e.g.: " + " | ".join(d["failures_sample"][:5]))
PY
