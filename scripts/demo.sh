#!/usr/bin/env bash
# `make demo`: runs khabar on the bundled samples (samples/, written by the khabar team): parse the
# dumps, read dates, analyze a sentence, find entities, then build a corpus and search it.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
khabar=${KHABAR:-$here/build/khabar}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== khabar parse --pretty samples/   (one record per article dump)"
"$khabar" parse --pretty "$here/samples"

echo
echo "== khabar date   (every regional month family, Hijri, relative dates)"
"$khabar" date --tz Africa/Cairo --ref 2022-02-11T12:00:00 \
  "الجمعة، 11 فبراير 2022 06:20 م" "15 شباط 2022" "جانفي 2021" "26 شوال 1436 هـ" "منذ ساعتين" "31 فبراير 2022" || true

echo
echo "== khabar analyze   (tokens, clitics, stems)"
echo "وقال وزير الخارجية إن الوزارة ستعقد ٣ اجتماعات مع نظرائه في واشنطن." | "$khabar" analyze - \
  | /usr/bin/python3 -c '
import json, sys
for line in sys.stdin:
    for t in json.loads(line)["tokens"]:
        s = t.get("segments", {})
        parts = "+".join([s.get("proclitics", ""), s.get("base", ""), s.get("enclitic", "")])
        print("  %-12s %-11s key=%-12s stem=%-10s %s" % (t["surface"], t["kind"], t["key"], t["stem"], parts))'

echo
echo "== khabar parse samples/ | khabar ner -   (entities linked to the knowledge base)"
"$khabar" parse "$here/samples" 2>/dev/null | "$khabar" ner - 2>/dev/null \
  | /usr/bin/python3 -c 'import json,sys
for line in sys.stdin:
    r = json.loads(line)
    names = sorted({(e.get("text"), e.get("label_en") or "NIL", e.get("type")) for e in r.get("entities", [])})
    print(" ", r.get("title", "")[:60])
    print("    " + "; ".join(f"{t} -> {l} ({ty})" for t, l, ty in names[:12]))'

echo
echo "== khabar ingest samples/ --db demo.db, then khabar search"
"$khabar" ingest "$here/samples" --db "$work/demo.db"
"$khabar" search "الوزارة" --db "$work/demo.db" --format table --limit 3
