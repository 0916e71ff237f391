#!/usr/bin/env bash
# Runs every benchmark with its side-by-side baseline, in one go. Each benchmark prints the ratio
# against its named baseline (Snowball for the analyzer, dateparser for dates, readability for HTML...).
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$here/build}
for bin in "$build"/benchmarks/*_benchmark; do
  [ -x "$bin" ] || continue
  echo "== $(basename "$bin")"
  "$bin" --benchmark_min_time=0.5 || echo "(failed: $bin)"
done
for script in "$here"/benchmarks/*.sh; do
  [ -x "$script" ] || continue
  echo "== $(basename "$script")"
  BUILD_DIR="$build" "$script" || echo "(failed: $script)"
done
