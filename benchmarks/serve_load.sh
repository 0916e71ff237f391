#!/usr/bin/env bash
# Load test of `khabar serve` (docs/api.md) with wrk, on 127.0.0.1 only, for a bounded time.
#
#   benchmarks/serve_load.sh DB [DURATION] [CONNECTIONS]
#     DB           a corpus made by khabar ingest (e.g. 100,000 articles from benchmarks/corpus_gen)
#     DURATION     wrk duration per phase (default 15s)
#     CONNECTIONS  concurrent keep-alive connections (default 8)
#   Environment: KHABAR (default build/khabar), PORT (default 18080), SERVER_THREADS (default 8),
#   WRK_THREADS (default 2).
#
# Phases (each one wrk run of DURATION, p50/p90/p99 from wrk --latency, and the server's CPU time
# per request):
#   1. cold search: COLD_QUERIES (default 40,000) distinct queries of 1-2 words of random stored
#      titles; the wrk threads take disjoint slices and no query is sent twice during the run (the
#      script says so, or says how many repeated), so the server's result cache never answers:
#      every request pays the full search;
#   2. warm search: 300 distinct queries of the same kind, cycled: after the first round the
#      result cache (docs/api.md) answers them, as it would a popular query;
#   3. hostile: each hostile request once with curl, printing its status (must be 200/400/404/413/
#      414, never 500 or a dropped connection), then a wrk run over a mix of them;
#   4. the server must still answer /api/health; a summary line per phase.
#   SERVER_ARGS (default empty) is added to `khabar serve` (e.g. "--cache-mb 0" to turn the cache
#   off).
set -euo pipefail

DB=${1:?usage: serve_load.sh DB [DURATION] [CONNECTIONS]}
DURATION=${2:-15s}
CONNECTIONS=${3:-8}
KHABAR=${KHABAR:-build/khabar}
PORT=${PORT:-18080}
SERVER_THREADS=${SERVER_THREADS:-8}
WRK_THREADS=${WRK_THREADS:-2}
COLD_QUERIES=${COLD_QUERIES:-40000}
SERVER_ARGS=${SERVER_ARGS:-}
HERE=$(cd "$(dirname "$0")" && pwd)
BASE=http://127.0.0.1:$PORT
WORK=$(mktemp -d)
SERVER_PID=
cleanup() {
  if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

for tool in wrk curl sqlite3 python3; do
  command -v $tool >/dev/null || { echo "serve_load: $tool is missing (deps/debian-packages.txt)"; exit 1; }
done

# shellcheck disable=SC2086
"$KHABAR" serve --db "$DB" --host 127.0.0.1 --port "$PORT" --threads "$SERVER_THREADS" --no-web \
  $SERVER_ARGS 2>"$WORK/server.log" &
SERVER_PID=$!
for _ in $(seq 600); do  # up to 60 s: the server warms its connections before it listens
  curl -sf "$BASE/api/health" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -sf "$BASE/api/health" || { echo "serve_load: server did not start"; cat "$WORK/server.log"; exit 1; }
echo

# Search queries from stored titles (percent-encoded UTF-8): 1-2 random words of a title, each
# distinct query once. Prints at most $2 targets from titles read on stdin.
make_queries() {
  python3 -c '
import random, sys, urllib.parse
random.seed(int(sys.argv[2]))
wanted, seen = int(sys.argv[1]), set()
titles = [[w for w in t.split() if len(w) > 2 and w.isalpha()] for t in sys.stdin]
titles = [t for t in titles if t]
for attempt in range(4):
    for words in titles:
        if len(seen) >= wanted: break
        q = " ".join(random.sample(words, min(len(words), random.choice([1, 2]))))
        if q in seen: continue
        seen.add(q)
        print("/api/search?limit=20&q=" + urllib.parse.quote(q))
' "$@"
}
# The server's CPU time (user + system, in clock ticks) so far: with wrk on the same cores and other
# load on the machine, CPU per request is the steadier figure to compare builds by.
server_ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }
run_wrk() {  # name targets-file [lua args...]
  local name=$1 targets=$2
  shift 2
  local ticks_before requests cpu
  ticks_before=$(server_ticks)
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$HERE/serve_load.lua" "$BASE" \
    -- "$targets" "$@" | tee "$WORK/$name.out"
  requests=$(awk '$2 == "requests" && $3 == "in" {print $1}' "$WORK/$name.out")
  cpu=$(awk -v t="$(( $(server_ticks) - ticks_before ))" -v hz="$(getconf CLK_TCK)" -v n="${requests:-0}" \
    'BEGIN {printf "%.2f", (n > 0 ? t * 1000 / hz / n : 0)}')
  echo "server CPU: $cpu ms per request"
  printf '%-8s %s  server CPU %s ms/request\n' "$name" "$(grep '^requests/s' "$WORK/$name.out")" \
    "$cpu" >> "$WORK/summary.txt"
}

# 1. Cold search: every query distinct.
sqlite3 -readonly "$DB" "SELECT title FROM articles ORDER BY random() LIMIT $COLD_QUERIES" \
  | make_queries "$COLD_QUERIES" 11 > "$WORK/cold.txt"
echo "== cold search: $(wc -l < "$WORK/cold.txt") distinct queries, none repeated, $CONNECTIONS connections, $DURATION"
run_wrk cold "$WORK/cold.txt" once "$WRK_THREADS"
echo

# 2. Warm search: 300 distinct queries, cycled.
sqlite3 -readonly "$DB" "SELECT title FROM articles ORDER BY random() LIMIT 300" \
  | make_queries 300 7 > "$WORK/search.txt"
echo "== warm search: $(wc -l < "$WORK/search.txt") distinct queries cycled, $CONNECTIONS connections, $DURATION"
head -3 "$WORK/search.txt" | python3 -c 'import sys, urllib.parse; [print("  e.g.", urllib.parse.unquote(l.strip())) for l in sys.stdin]'
run_wrk warm "$WORK/search.txt"

# 2. Hostile input.
python3 - "$WORK/hostile.txt" <<'PY'
import sys, urllib.parse
q = lambda s: urllib.parse.quote(s, safe="")
word = "الوزارة "
hostile = [
    ("long query (150 words)", "/api/search?q=" + q(word * 150)),
    ("query over 4 KiB", "/api/search?q=" + q("abcd " * 900)),
    ("one word of 1,300 letters", "/api/search?q=" + q("م" * 1300)),
    ("request line over 8 KiB", "/api/search?q=" + "a" * 9000),
    ("65 words", "/api/search?q=" + q(" ".join(["كلمة%d" % i for i in range(65)]))),
    ("64 one-letter prefixes", "/api/search?q=" + q(" OR ".join(["ا*"] * 32))),
    ("one-letter prefix", "/api/search?q=" + q("م*")),
    ("invalid UTF-8", "/api/search?q=%FF%FE%FD"),
    ("overlong UTF-8 /", "/api/search?q=%C0%AF"),
    ("UTF-16 surrogate", "/api/search?q=%ED%A0%80"),
    ("truncated UTF-8", "/api/search?q=%D9"),
    ("NUL in query", "/api/search?q=a%00b"),
    ("bidi controls + diacritics", "/api/search?q=" + q("\u202e\u200fالوزارة\u064b\u064b\u0640")),
    ("emoji + BOM", "/api/search?q=" + q("\U0001F600\ufeff")),
    ("SQL injection", "/api/search?q=" + q("'; DROP TABLE articles; --")),
    ("SQL OR 1=1", "/api/search?q=" + q("\" OR 1=1 --")),
    ("FTS5 syntax", "/api/search?q=" + q("NEAR(a b) title:x ^y {z}")),
    ("unbalanced quote", "/api/search?q=" + q("\"الوزارة")),
    ("only exclusions", "/api/search?q=" + q("-الوزارة")),
    ("SQL in source", "/api/search?q=" + q("الوزارة") + "&source=" + q("x' OR '1'='1")),
    ("bad date", "/api/search?q=" + q("الوزارة") + "&from=" + q("2020-01-01' --")),
    ("huge limit", "/api/search?q=" + q("الوزارة") + "&limit=99999999999999999999"),
    ("huge offset", "/api/search?q=" + q("الوزارة") + "&offset=100000"),
    ("bad article id", "/api/articles/" + q("1' OR '1'='1")),
    ("traversal in id", "/api/articles/..%2F..%2Fetc%2Fpasswd"),
    ("static ../", "/../../etc/passwd"),
    ("static %2e%2e", "/%2e%2e/%2e%2e/etc/passwd"),
    ("static %252e", "/%252e%252e/etc/passwd"),
    ("static backslash", "/..%5c..%5cetc%5cpasswd"),
    ("static NUL", "/index.html%00.js"),
    ("static absolute", "//etc/passwd"),
]
with open(sys.argv[1], "w") as out:
    for name, target in hostile:
        out.write(name + "\t" + target + "\n")
PY
echo
echo "== hostile requests (status, time)"
bad=0
while IFS=$'\t' read -r name target; do
  result=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' --path-as-is "$BASE$target" || echo "000 -")
  printf '  %-28s %s\n' "$name" "$result"
  case ${result%% *} in 200|400|404|413|414) ;; *) bad=1 ;; esac
done < "$WORK/hostile.txt"
cut -f2 "$WORK/hostile.txt" | grep -v '^/api/search?q=aaaa' > "$WORK/hostile-targets.txt"
echo
echo "== hostile mix under load: $CONNECTIONS connections, $DURATION"
run_wrk hostile "$WORK/hostile-targets.txt"
echo
echo "== summary: $("$KHABAR" --version 2>/dev/null || echo "$KHABAR"), $SERVER_THREADS server threads, load:$(uptime | sed 's/.*load average://')"
cat "$WORK/summary.txt"
curl -sf "$BASE/api/health" >/dev/null || { echo "serve_load: server died"; bad=1; }
if grep -q "internal error" "$WORK/server.log"; then echo "serve_load: internal errors logged:"; cat "$WORK/server.log"; bad=1; fi
[[ $bad == 0 ]] && echo "serve_load: every hostile request answered 200/400/404/413/414; server alive" \
  || { echo "serve_load: FAILED"; exit 1; }
