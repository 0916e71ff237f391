#!/bin/bash
# The corpus figures of issue #7 in one run (docs/storage.md, "Performance"): synthetic news
# (corpus_gen), `khabar ingest` articles/s with 1 and 2 threads with and without entities, search
# latency per query class (search_latency), and size and recall side by side with SQLite's
# unicode61 tokenizer (search_compare).
#   benchmarks/corpus_bench.sh [BUILD_DIR]      env: CORPUS_N (articles, default 5000),
#   CORPUS_WORDS (default 400), CORPUS_DIR (scratch, default a new temp dir, removed at the end),
#   CORPUS_QUICK=1 (one ingest only: the ctest smoke run), KHABAR_BASE=/path/to/old/khabar (ingest
#   only: CORPUS_ROUNDS (default 3) rounds alternating the old binary and this build, 2 threads,
#   with and without entities: articles/s and CPU seconds side by side, then exit)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-${BUILD_DIR:-$here/../build}}
n=${CORPUS_N:-5000}
words=${CORPUS_WORDS:-400}
for bin in khabar benchmarks/corpus_gen benchmarks/search_latency benchmarks/search_compare; do
  [ -x "$build/$bin" ] || { echo "build $build/$bin first" >&2; exit 2; }
done
dir=${CORPUS_DIR:-$(mktemp -d)}
[ -n "${CORPUS_DIR:-}" ] || trap 'rm -rf "$dir"' EXIT
"$build/benchmarks/corpus_gen" --n "$n" --words "$words" --out "$dir/news.jsonl" --truth "$dir/news.truth"
echo "corpus: $n articles of ~$words words, $(du -m "$dir/news.jsonl" | cut -f1) MB of JSON Lines"
ingest() {  # threads, extra flags
  rm -f "$dir/news.db" "$dir/news.db-wal" "$dir/news.db-shm"
  /usr/bin/time -f "  cpu: user %U s, sys %S s, wall %e s" \
    "$build/khabar" ingest "$dir/news.jsonl" --db "$dir/news.db" --threads "$1" "${@:2}" 2>&1 |
    sed 's/^/  /'
}
if [ -n "${KHABAR_BASE:-}" ]; then
  echo "load: $(uptime | sed 's/.*load average: //')"
  for flags in --no-entities ""; do
    for round in $(seq "${CORPUS_ROUNDS:-3}"); do
      for bin in "$KHABAR_BASE" "$build/khabar"; do
        rm -f "$dir/news.db" "$dir/news.db-wal" "$dir/news.db-shm"
        /usr/bin/time -f "%U %S" -o "$dir/time.txt" "$bin" ingest "$dir/news.jsonl" \
          --db "$dir/news.db" --threads 2 $flags 2> "$dir/ingest.txt"
        echo "${flags:-with entities} round $round $bin: $(grep -o '[0-9]*/s' "$dir/ingest.txt")," \
          "cpu $(awk '{print $1 + $2}' "$dir/time.txt") s"
      done
    done
  done
  echo "load: $(uptime | sed 's/.*load average: //')"
  exit 0
fi
if [ -n "${CORPUS_QUICK:-}" ]; then
  echo "ingest, 2 threads, no entities:"; ingest 2 --no-entities
else
  for t in 1 2; do
    echo "ingest, $t thread(s), no entities:"; ingest "$t" --no-entities
    [ "$t" = 2 ] && cp "$dir/news.db" "$dir/news-no-entities.db"
    echo "ingest, $t thread(s), with entities:"; ingest "$t"
  done
  # Size against the raw text (titles + bodies, as search_compare defines it) without entities;
  # the run below reports it with entities (the default of khabar ingest).
  echo "size without entities:"
  "$build/benchmarks/search_compare" --db "$dir/news-no-entities.db" --truth "$dir/news.truth" \
    --baseline "$dir/unicode61.db" > "$dir/size-no-entities.txt"
  sed -n '1,4p' "$dir/size-no-entities.txt"
fi
"$build/benchmarks/search_latency" --db "$dir/news.db" --queries "${CORPUS_QUERIES:-100}"
"$build/benchmarks/search_compare" --db "$dir/news.db" --truth "$dir/news.truth" \
  --baseline "$dir/unicode61.db" --min-recall "${CORPUS_MIN_RECALL:-0}"
