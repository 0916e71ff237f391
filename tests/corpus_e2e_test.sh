#!/usr/bin/env bash
# End-to-end test of the corpus: ingest is idempotent and survives kill -9, search finds inflected
# and variant spellings and refuses malformed queries, stories group planted near-duplicates, the
# entities found at ingest feed stats and entity search consistently.
# Usage: corpus_e2e_test.sh KHABAR_BINARY
set -euo pipefail
khabar=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# Synthetic articles (the team's own vocabulary): 4000 distinct ones, plus 3 outlet copies of a wire story.
/usr/bin/python3 - "$work/feed.jsonl" <<'PY'
import json, random, sys
random.seed(7)
subjects = ["الوزارة", "الحكومة", "المجلس", "الرئيس", "البرلمان", "الشركة", "الجامعة", "الهيئة"]
verbs = ["أعلنت", "ناقشت", "أقرت", "رفضت", "درست", "بحثت", "اعتمدت", "أجلت"]
objects = ["خطة للطاقة", "مشروع قانون", "ميزانية العام", "اتفاقية تعاون", "برنامج الإسكان",
           "قرارات جديدة", "مبادرة للتعليم", "إجراءات صحية"]
places = ["القاهرة", "الرياض", "عمان", "بيروت", "الرباط", "تونس", "بغداد", "الدوحة", "دبي", "الكويت"]
extra = ["وقال مسؤول إن", "وأضاف البيان أن", "وأشار المتحدث إلى أن", "وأكدت المصادر أن"]
tails = ["التنفيذ يبدأ الشهر المقبل", "التمويل متوفر بالكامل", "اللجان ستتابع التطبيق",
         "المواطنين سيستفيدون مباشرة", "النتائج ستعلن قريبا"]
with open(sys.argv[1], "w", encoding="utf-8") as out:
    for i in range(4000):
        paras = []
        for p in range(4):
            words = [random.choice(verbs), random.choice(subjects), "في", random.choice(places),
                     random.choice(objects), random.choice(extra), random.choice(tails),
                     "رقم", str(random.randint(1, 10**6))]
            paras.append(" ".join(words) + ".")
        out.write(json.dumps({"url": f"https://example.org/a/{i}", "title": f"خبر رقم {i} من {random.choice(places)}",
                              "content": "\n\n".join(paras), "date": f"2023-0{1 + i % 9}-1{i % 10}T10:00:00+03:00",
                              "source": "example"}, ensure_ascii=False) + "\n")
    wire = ["أعلنت وزارة الخارجية اليوم أن الوزير سيتوجه إلى العاصمة الأردنية في زيارة رسمية تستمر يومين "
            "يلتقي خلالها نظيره لبحث العلاقات الثنائية وتطورات الأوضاع في المنطقة والتعاون الاقتصادي.",
            "وقال المتحدث باسم الوزارة إن المباحثات ستتناول سبل تعزيز التعاون التجاري بين البلدين وتنسيق "
            "المواقف إزاء القضايا الإقليمية والدولية ذات الاهتمام المشترك في المرحلة المقبلة.",
            "وأضاف أن الزيارة تأتي في إطار التشاور المستمر وتنفيذا لتوجيهات القيادتين بتطوير العلاقات في "
            "مختلف المجالات وعلى رأسها الطاقة والنقل والاستثمار والسياحة."]
    for k, site in enumerate(["outlet-a", "outlet-b", "outlet-c"]):
        paras = wire[: 3 - (k % 2)]
        out.write(json.dumps({"url": f"https://{site}.example/wire", "title": f"عنوان مختلف {k}",
                              "content": "\n\n".join(paras), "date": f"2023-05-0{k + 1}T09:00:00+03:00",
                              "source": site}, ensure_ascii=False) + "\n")
PY
total=4003
count() { sqlite3 "$1" "SELECT count(*) FROM articles"; }

# 1. Ingest, then ingest again: nothing changes.
"$khabar" ingest "$work/feed.jsonl" --db "$work/a.db" 2>"$work/log1" || fail "ingest: $(cat "$work/log1")"
[ "$(count "$work/a.db")" = "$total" ] || fail "expected $total articles, got $(count "$work/a.db")"
"$khabar" ingest "$work/feed.jsonl" --db "$work/a.db" 2>"$work/log2" || fail "re-ingest"
grep -q "0 new, 0 updated, $total unchanged, 0 stale" "$work/log2" || fail "re-ingest changed things: $(cat "$work/log2")"

# 1b. Two versions of one article (a re-crawled URL) in one input: the later wins; running it again
#     changes nothing (the older version is stale, not an update), and a third version updates.
/usr/bin/python3 - "$work/versions.jsonl" <<'PY'
import json, sys
def line(url, title, content):
    return json.dumps({"url": url, "title": title, "content": content, "source": "example",
                       "date": "2023-06-01T10:00:00+03:00"}, ensure_ascii=False) + "\n"
with open(sys.argv[1], "w", encoding="utf-8") as out:
    out.write(line("https://example.org/other", "خبر آخر", "ناقشت الهيئة في الدوحة برنامج الإسكان."))
    out.write(line("https://example.org/v", "الوزارة تعلن خطة", "أعلنت الوزارة في الرياض خطة للطاقة."))
    out.write(line("https://example.org/v", "الوزارة تعدل الخطة", "عدلت الوزارة في الرياض خطة النقل."))
PY
summary() { grep -o '[0-9]* new, [0-9]* updated, [0-9]* unchanged, [0-9]* stale' "$1"; }
# Ingests versions.jsonl into v.db; $1 names the run, $2 is the summary it must print.
ingest_versions() {
  "$khabar" ingest "$work/versions.jsonl" --db "$work/v.db" 2>"$work/logv" || fail "$1: $(cat "$work/logv")"
  [ "$(summary "$work/logv")" = "$2" ] || fail "$1: $(cat "$work/logv")"
}
ingest_versions "versions" "2 new, 1 updated, 0 unchanged, 0 stale"
sum=$(sha1sum < "$work/v.db")
ingest_versions "versions again" "0 new, 0 updated, 2 unchanged, 1 stale"
[ "$(sha1sum < "$work/v.db")" = "$sum" ] || fail "re-running two versions changed the database"
[ "$("$khabar" search "النقل" --db "$work/v.db" --format json 2>/dev/null | wc -l)" = 1 ] || fail "second version not stored"
/usr/bin/python3 - "$work/versions.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], "a", encoding="utf-8") as out:
    out.write(json.dumps({"url": "https://example.org/v", "title": "الوزارة تلغي الخطة",
                          "content": "ألغت الوزارة في الرياض خطة الموانئ.", "source": "example",
                          "date": "2023-06-01T10:00:00+03:00"}, ensure_ascii=False) + "\n")
PY
ingest_versions "third version" "0 new, 1 updated, 2 unchanged, 1 stale"
sum=$(sha1sum < "$work/v.db")
ingest_versions "three versions again" "0 new, 0 updated, 2 unchanged, 2 stale"
[ "$(sha1sum < "$work/v.db")" = "$sum" ] || fail "re-running three versions changed the database"
[ "$("$khabar" search "الموانئ" --db "$work/v.db" --format json 2>/dev/null | wc -l)" = 1 ] || fail "third version not stored"
# The search summary: one article, a page past the last result, no match.
"$khabar" search "الموانئ" --db "$work/v.db" --format json >/dev/null 2>"$work/err"
[ "$(cat "$work/err")" = "khabar search: 1 article matches, showing 1 from 1" ] || fail "summary: $(cat "$work/err")"
[ -z "$("$khabar" search "الموانئ" --db "$work/v.db" --format json --offset 5 2>"$work/err")" ] || fail "hits past the end"
[ "$(cat "$work/err")" = "khabar search: 1 article matches, none shown: --offset 5 is past the last result" ] ||
  fail "summary past the end: $(cat "$work/err")"
"$khabar" search "القمر" --db "$work/v.db" --format json >/dev/null 2>"$work/err"
[ "$(cat "$work/err")" = "khabar search: 0 articles match" ] || fail "summary of no match: $(cat "$work/err")"

# 2. kill -9 in the middle, then run again: everything there once, the database intact.
"$khabar" ingest "$work/feed.jsonl" --db "$work/b.db" --batch 100 --threads 1 2>/dev/null &
pid=$!
for _ in $(seq 1 400); do
  n=$(sqlite3 "$work/b.db" "SELECT count(*) FROM articles" 2>/dev/null || echo 0)
  [ "${n:-0}" -ge 300 ] && break
  sleep 0.02
done
kill -9 "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
partial=$(count "$work/b.db")
[ "$partial" -lt "$total" ] || echo "note: ingest finished before the kill ($partial)"
[ "$(sqlite3 "$work/b.db" "PRAGMA integrity_check")" = "ok" ] || fail "database damaged by kill -9"
"$khabar" ingest "$work/feed.jsonl" --db "$work/b.db" 2>"$work/log3" || fail "resume: $(cat "$work/log3")"
[ "$(count "$work/b.db")" = "$total" ] || fail "after resume: $(count "$work/b.db") articles"
grep -q "$((total - partial)) new" "$work/log3" || fail "resume did not add exactly the missing articles: $(cat "$work/log3")"

# 2b. kill -9 after the last commit (during the end step's index merge and compaction), then run
#     again: the re-run stores nothing but completes the merge (one index segment, as a clean run).
segments() { sqlite3 "$1" "SELECT count(DISTINCT segid) FROM articles_fts_idx"; }
"$khabar" ingest "$work/feed.jsonl" --db "$work/c.db" --batch 100 --threads 1 2>/dev/null &
pid=$!
while kill -0 "$pid" 2>/dev/null; do
  n=$(sqlite3 "$work/c.db" "SELECT count(*) FROM articles" 2>/dev/null || echo 0)
  [ "${n:-0}" -ge "$total" ] && break
  sleep 0.01
done
if kill -9 "$pid" 2>/dev/null; then
  wait "$pid" 2>/dev/null || true
  killed_with=$(segments "$work/c.db")
  "$khabar" ingest "$work/feed.jsonl" --db "$work/c.db" 2>"$work/log4" || fail "re-run: $(cat "$work/log4")"
  grep -q "0 new, 0 updated, $total unchanged" "$work/log4" || fail "re-run stored: $(cat "$work/log4")"
  [ "$(segments "$work/c.db")" = "$(segments "$work/a.db")" ] ||
    fail "re-run left $(segments "$work/c.db") index segments (killed with $killed_with)"
else
  wait "$pid" 2>/dev/null || true
  echo "note: ingest finished before the end-step kill"
fi

# 3. Search: inflections and spellings meet; malformed queries get a message and exit 2.
hits=$("$khabar" search "وزارتها" --db "$work/a.db" --format json --limit 5 2>/dev/null | wc -l)
[ "$hits" -ge 1 ] || fail "وزارتها should find الوزارة"
"$khabar" search '"خطة للطاقة" -القاهرة' --db "$work/a.db" --format json >/dev/null 2>&1 || fail "phrase query"
if "$khabar" search '"unclosed' --db "$work/a.db" 2>"$work/err"; then fail "unbalanced quote accepted"; fi
grep -q "quote" "$work/err" || fail "no clear message: $(cat "$work/err")"
# A query may start with an exclusion (CLI11 took it for an unknown option), and -"a phrase" excludes
# the phrase (the parser refused it); an unknown option is still a usage error.
last=$("$khabar" search 'خطة -القاهرة -"مشروع قانون"' --db "$work/a.db" --format json --limit 1000 2>/dev/null)
first=$("$khabar" search '-"مشروع قانون" -القاهرة خطة' --db "$work/a.db" --format json --limit 1000 2>"$work/err") ||
  fail "query starting with an exclusion: $(cat "$work/err")"
[ -n "$last" ] && [ "$first" = "$last" ] || fail "exclusions first and last differ"
[ "$(grep -c 'مشروع قانون' <<<"$first" || true)" = 0 ] || fail "excluded phrase found"
set +e
"$khabar" search 'خطة' --lmit 3 --db "$work/a.db" >/dev/null 2>"$work/err"
rc=$?
set -e
[ "$rc" = 2 ] && grep -q "unexpected argument '--lmit'" "$work/err" || fail "unknown option: $rc $(cat "$work/err")"
"$khabar" search "x'); DROP TABLE articles; --" --db "$work/a.db" --format json >/dev/null 2>&1 || true
[ "$(count "$work/a.db")" = "$total" ] || fail "SQL-looking query changed the database"

# 4. The three outlet copies are one story, folded in search by default.
"$khabar" stories --db "$work/a.db" --format json > "$work/stories" 2>/dev/null
grep -q '"size":3' "$work/stories" || fail "wire story not grouped: $(cat "$work/stories")"
folded=$("$khabar" search "الأردنية" --db "$work/a.db" --format json 2>/dev/null | wc -l)
all=$("$khabar" search "الأردنية" --db "$work/a.db" --format json --all 2>/dev/null | wc -l)
[ "$folded" = 1 ] && [ "$all" = 3 ] || fail "duplicates not folded ($folded folded, $all all)"

# 5. Entities (found at ingest by default): stats and entity search agree with one another.
months=$("$khabar" stats --db "$work/a.db" --by month --json | python3 -c 'import json,sys; print(sum(json.loads(l)["articles"] for l in sys.stdin))')
[ "$months" = "$total" ] || fail "articles per month sum to $months"
"$khabar" stats --db "$work/a.db" --top-entities --type LOC --limit 12 --json > "$work/top"
grep -q '"id":"cairo"' "$work/top" || fail "Cairo not among the top places: $(cat "$work/top")"
cairo=$("$khabar" stats --db "$work/a.db" --entity cairo --json | head -1 | python3 -c 'import json,sys; print(json.load(sys.stdin)["entity"]["articles"])')
[ "$cairo" -ge 1000 ] || fail "Cairo in only $cairo articles"
"$khabar" search --entity cairo --db "$work/a.db" --all --format json --limit 5 >/dev/null 2>"$work/err"
grep -q "^khabar search: $cairo articles match" "$work/err" || fail "search --entity cairo: $(cat "$work/err")"
"$khabar" search "خطة" --entity cairo --db "$work/a.db" --all --format json --limit 5 >/dev/null 2>"$work/err"
both=$(sed -n 's/^khabar search: \([0-9]*\) articles\{0,1\} match.*/\1/p' "$work/err")
[ "$both" -ge 1 ] && [ "$both" -lt "$cairo" ] || fail "words and entity: $(cat "$work/err")"
if "$khabar" search "خطة" --entity kairo --db "$work/a.db" --format json >/dev/null 2>"$work/err"; then
  fail "an unknown entity id gave no error"
fi
grep -q "no entity with id kairo" "$work/err" || fail "unknown entity: $(cat "$work/err")"
"$khabar" stats --db "$work/a.db" --co cairo --min-count 5 --json > "$work/co"
[ "$(wc -l < "$work/co")" -ge 5 ] && grep -q '"pmi":' "$work/co" || fail "co-mentions: $(cat "$work/co")"
# 6. A folder of mixed inputs: every document is a stored article or a counted, reported error; a
#    redirected stderr holds the messages alone (no progress-line terminal codes).
mkdir "$work/mixed"
printf 'عنوان الخبر الأول\n\nأعلنت الهيئة اليوم عن برنامج جديد لدعم المزارعين في المناطق الجنوبية.\n' \
  > "$work/mixed/one.txt"
: > "$work/mixed/empty.txt"
printf 'ELF\0\1\2\3\0\0binary' > "$work/mixed/tool.bin"
/usr/bin/python3 - "$work/mixed/feed.jsonl.gz" <<'PY2'
import gzip, json, sys
lines = "".join(json.dumps({"url": f"https://feed.example/{i}", "title": f"عنوان {i}",
                            "content": f"نص الخبر رقم {i} عن مشروع الطرق الجديد في المدينة."},
                           ensure_ascii=False) + "\n" for i in range(3))
data = gzip.compress(lines.encode())
open(sys.argv[1], "wb").write(data[: len(data) - 12])  # the member's end cut off
PY2
set +e
"$khabar" ingest "$work/mixed" --db "$work/m.db" 2>"$work/log6"
rc=$?
set -e
[ "$rc" = 1 ] || fail "mixed inputs: exit $rc, expected 1 (some failed): $(cat "$work/log6")"
if grep -q $'\x1b' "$work/log6"; then fail "terminal codes in a redirected stderr: $(cat -A "$work/log6")"; fi
summary=$(grep '^khabar ingest: [0-9]* documents' "$work/log6") || fail "no summary: $(cat "$work/log6")"
docs=$(sed -n 's/^khabar ingest: \([0-9]*\) documents.*/\1/p' <<<"$summary")
new=$(sed -n 's/.*: \([0-9]*\) new.*/\1/p' <<<"$summary")
failed=$(sed -n 's/.*stale, \([0-9]*\) failed.*/\1/p' <<<"$summary")
stored=$(count "$work/m.db")
reported=$(grep -c '^khabar ingest: .*/mixed/' "$work/log6" || true)
[ "$new" = "$stored" ] && [ "$failed" = "$reported" ] && [ $((new + failed)) = "$docs" ] ||
  fail "mixed inputs: $stored stored, $reported reported: $(cat "$work/log6")"
[ "$failed" -ge 3 ] || fail "empty, binary and truncated inputs not all reported: $(cat "$work/log6")"
# A date bound that is no date gets a message (it was compared as text: no error, wrong answers).
if "$khabar" search "الهيئة" --db "$work/m.db" --from 2023/05 2>"$work/err"; then fail "--from 2023/05 accepted"; fi
grep -q "from must be a date" "$work/err" || fail "no clear message: $(cat "$work/err")"

echo "corpus end-to-end: OK ($total articles, resumed after kill -9 at $partial)"
