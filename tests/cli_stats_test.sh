#!/usr/bin/env bash
# `khabar ingest` finds entities, `khabar stats` and `khabar search --entity` agree about them.
# Small and fast (a dozen articles). Usage: cli_stats_test.sh KHABAR_BINARY
set -euo pipefail
khabar=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# Articles written for this test: places the knowledge base knows, two sites, three months.
/usr/bin/python3 - "$work/feed.jsonl" <<'PY'
import json, sys
places = ["القاهرة", "الرياض", "بيروت"]
with open(sys.argv[1], "w", encoding="utf-8") as out:
    for i in range(12):
        place = places[i % 3]
        other = places[(i + 1) % 3]
        text = (f"وصل وفد رسمي إلى {place} اليوم في زيارة تستمر ثلاثة أيام لبحث التعاون الاقتصادي "
                f"والتجاري رقم {i}.\n\nوقال مسؤول إن الوفد سيتوجه بعد ذلك إلى {other} لاستكمال "
                f"المباحثات حول مشروعات الطاقة والنقل.")
        out.write(json.dumps({"url": f"https://site{i % 2}.example/a/{i}", "title": f"وفد رسمي يزور {place}",
                              "content": text, "date": f"2023-0{1 + i % 3}-1{i % 9}T10:00:00+03:00",
                              "source": f"site{i % 2}.example"}, ensure_ascii=False) + "\n")
PY
n=12
"$khabar" ingest "$work/feed.jsonl" --db "$work/c.db" --threads 2 2>"$work/log" || fail "ingest: $(cat "$work/log")"

# Articles per month add up to the articles.
sum=$("$khabar" stats --db "$work/c.db" --by month --json | python3 -c 'import json,sys; print(sum(json.loads(l)["articles"] for l in sys.stdin))')
[ "$sum" = "$n" ] || fail "months sum to $sum, not $n"
[ "$("$khabar" stats --db "$work/c.db" --by month --json | wc -l)" = 3 ] || fail "expected 3 months"
sites=$("$khabar" stats --db "$work/c.db" --sources --json)
echo "$sites" | grep -q '"site":"site0.example","articles":6' || fail "sources: $sites"

# Top entities: the three cities, each with its articles; the profile, timeline, search and
# per-source counts of an entity agree with one another.
top=$("$khabar" stats --db "$work/c.db" --top-entities --type LOC --json)
for id in cairo riyadh beirut; do
  echo "$top" | grep -q "\"id\":\"$id\"" || fail "$id not among the top entities: $top"
done
"$khabar" stats --db "$work/c.db" --top-entities | grep -q "Cairo" || fail "table output"
profile=$("$khabar" stats --db "$work/c.db" --entity cairo --json | head -1)
articles=$(echo "$profile" | python3 -c 'import json,sys; print(json.load(sys.stdin)["entity"]["articles"])')
[ "$articles" -ge 4 ] || fail "cairo in $articles articles: $profile"
timeline=$("$khabar" stats --db "$work/c.db" --entity cairo --by month --json | tail -n +2 | python3 -c 'import json,sys; print(sum(json.loads(l)["articles"] for l in sys.stdin))')
[ "$timeline" = "$articles" ] || fail "timeline sums to $timeline, profile says $articles"
"$khabar" search --entity cairo --db "$work/c.db" --all --format json --limit 100 >"$work/hits" 2>"$work/err"
[ "$(wc -l <"$work/hits")" = "$articles" ] || fail "search --entity: $(wc -l <"$work/hits") hits, profile says $articles"
grep -q "^khabar search: $articles articles match" "$work/err" || fail "search total: $(cat "$work/err")"
by_site=$("$khabar" stats --db "$work/c.db" --sources --entity cairo --json | python3 -c 'import json,sys; print(sum(json.loads(l)["articles"] for l in sys.stdin))')
[ "$by_site" = "$articles" ] || fail "sources of cairo sum to $by_site"
narrowed=$("$khabar" search "الطاقة" --entity cairo --entity riyadh --db "$work/c.db" --all --format json --limit 100 2>/dev/null | wc -l)
[ "$narrowed" -ge 1 ] && [ "$narrowed" -le "$articles" ] || fail "two entities: $narrowed hits"
co=$("$khabar" stats --db "$work/c.db" --co cairo --min-count 1 --json)
echo "$co" | grep -q '"pmi":' || fail "co-mentions: $co"
echo "$co" | grep -q '"id":"cairo"' && fail "an entity is not co-mentioned with itself"

# Session 14: an entity named only in a headline is the article's too (stats, search).
printf '%s\n' '{"url":"https://site9.example/h/1","title":"وفد رسمي يصل إلى الكويت","content":"وصل وفد رسمي اليوم في زيارة تستمر ثلاثة أيام لبحث التعاون الاقتصادي.\n\nوقال مسؤول إن المباحثات ستتناول مشروعات الطاقة والنقل.","date":"2023-04-02T10:00:00+03:00"}' >"$work/headline.jsonl"
"$khabar" ingest "$work/headline.jsonl" --db "$work/h.db" 2>"$work/log" || fail "ingest: $(cat "$work/log")"
"$khabar" stats --db "$work/h.db" --top-entities --json | grep -q '"id":"KW"' ||
  fail "headline entity not counted: $("$khabar" stats --db "$work/h.db" --top-entities --json)"
"$khabar" search --entity KW --db "$work/h.db" --all --format json >/dev/null 2>"$work/err"
grep -q "^khabar search: 1 article matches" "$work/err" || fail "search --entity KW: $(cat "$work/err")"

# Errors: unknown entity (1), bad type or period (2), read-only.
if "$khabar" stats --db "$work/c.db" --entity nobody 2>/dev/null; then fail "unknown entity accepted"; fi
set +e
"$khabar" stats --db "$work/c.db" --top-entities --type PLANET 2>/dev/null; [ $? = 2 ] || fail "bad type"
"$khabar" stats --db "$work/c.db" --by fortnight 2>/dev/null; [ $? = 2 ] || fail "bad period"
set -e

# --no-entities, then the same inputs with entities: every article gets its entities.
"$khabar" ingest "$work/feed.jsonl" --db "$work/bare.db" --no-entities 2>/dev/null
[ -z "$("$khabar" stats --db "$work/bare.db" --top-entities --json)" ] || fail "--no-entities stored entities"
"$khabar" ingest "$work/feed.jsonl" --db "$work/bare.db" 2>"$work/log2"
grep -q "0 new, $n updated" "$work/log2" || fail "entities not added on re-ingest: $(cat "$work/log2")"
[ "$("$khabar" stats --db "$work/bare.db" --top-entities --json)" = "$("$khabar" stats --db "$work/c.db" --top-entities --json)" ] || fail "backfilled entities differ"
echo "cli stats: OK"
