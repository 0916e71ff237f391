#!/usr/bin/env bash
# Runs every libFuzzer target in BUILD_DIR (default build-fuzz) for a short time each, starting from its
# seed corpus in fuzz/corpus/. Set FUZZ_SECONDS to fuzz longer. New crashes are written as crash-* files.
set -euo pipefail
build=${1:-build-fuzz}
seconds=${FUZZ_SECONDS:-30}
here=$(cd "$(dirname "$0")/.." && pwd)
status=0
for bin in "$build"/fuzz/fuzz_*; do
  [ -x "$bin" ] || continue
  name=$(basename "$bin")
  corpus="$here/fuzz/corpus/${name#fuzz_}"
  work=$(mktemp -d)
  [ -d "$corpus" ] && cp -r "$corpus"/. "$work"/
  echo "== $name (${seconds}s)"
  if ! "$bin" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 "$work" 2>&1 | tail -3; then
    status=1
  fi
  rm -rf "$work"
done
exit $status
