#!/usr/bin/env bash
# End-to-end test of `khabar ner --kb FILE`: a user's watch list is found and linked, a malformed
# one is a clear error. Usage: cli_ner_test.sh KHABAR_BINARY TESTS_SOURCE_DIR
set -u
khabar="$1"
watch="$2/golden/ner/watchlist.tsv"
bad="$2/golden/ner/bad-watchlist.tsv"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

printf '%s\n' \
  'التقى المحافظ كمال الزيني أمس ممثلي جمعية أصدقاء النيل في القاهرة.' \
  'وقال الزيني إن الجمعية ستبدأ حملة جديدة لتنظيف ضفاف النهر.' >"$tmp/article.txt"

# With the watch list: the person (full name and, later, surname) and the association are linked.
"$khabar" ner --kb "$watch" "$tmp/article.txt" >"$tmp/out" 2>"$tmp/err" ||
  fail "exit code $? with --kb: $(cat "$tmp/err")"
grep -q '"text":"كمال الزيني","type":"PERS","id":"watch_kamal_zeini","label_en":"Kamal El-Zeini"' \
  "$tmp/out" || fail "user person not linked: $(cat "$tmp/out")"
[ "$(grep -o '"id":"watch_kamal_zeini"' "$tmp/out" | wc -l)" -ge 3 ] ||
  fail "surname not joined to the person (want 2 mentions + 1 count row): $(cat "$tmp/out")"
grep -q '"id":"watch_nile_friends","label_en":"Friends of the Nile Association"' "$tmp/out" ||
  fail "user organization not linked: $(cat "$tmp/out")"
grep -q '"id":"cairo"' "$tmp/out" || fail "built-in KB lost with --kb: $(cat "$tmp/out")"

# Without it, the built-in KB does not know them.
"$khabar" ner "$tmp/article.txt" >"$tmp/out" 2>/dev/null || fail "exit code $? without --kb"
grep -q 'watch_' "$tmp/out" && fail "user ids without --kb"

# A malformed or missing file: exit 2, a message naming the file, nothing on stdout.
"$khabar" ner --kb "$bad" "$tmp/article.txt" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 2 ] || fail "exit code $rc with a malformed --kb (want 2)"
grep -q 'bad-watchlist.tsv:' "$tmp/err" || fail "error does not name file:line: $(cat "$tmp/err")"
[ -s "$tmp/out" ] && fail "output despite a bad --kb"
"$khabar" ner --kb "$tmp/missing.tsv" "$tmp/article.txt" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || fail "missing --kb file accepted"

# The watch list saved with a BOM (Windows editors) works; saved as Windows-1256 it is an error at
# its first row, not a silently useless list; a directory is no file.
printf '\xef\xbb\xbf' >"$tmp/bom.tsv"
cat "$watch" >>"$tmp/bom.tsv"
"$khabar" ner --kb "$tmp/bom.tsv" "$tmp/article.txt" >"$tmp/out" 2>"$tmp/err" ||
  fail "exit code $? with a BOM --kb: $(cat "$tmp/err")"
grep -q '"id":"watch_kamal_zeini"' "$tmp/out" || fail "BOM --kb not applied: $(cat "$tmp/out")"
printf 'id\ttype\tlabel_en\taliases_ar\nw1\tPER\tW One\t\xed\xcd\xed\xec\n' >"$tmp/cp.tsv"
"$khabar" ner --kb "$tmp/cp.tsv" "$tmp/article.txt" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || fail "Windows-1256 --kb accepted"
grep -q 'cp.tsv:2: not UTF-8' "$tmp/err" || fail "Windows-1256 --kb: $(cat "$tmp/err")"
"$khabar" ner --kb "$tmp" "$tmp/article.txt" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -q 'a directory' "$tmp/err" || fail "directory as --kb: $(cat "$tmp/err")"

# Several --kb files (session 14): each adds to the ones before; the input after a --kb stays an
# input; an id two files define is an error naming both rows.
printf 'id\ttype\tlabel_en\tcountry\taliases_ar\nwatch_suad\tPER\tSuad Al-Harbi\tEG\tسعاد الحربي\n' \
  >"$tmp/second.tsv"
printf '%s\n' 'وقال الزيني إن سعاد الحربي ستشرف على الحملة في القاهرة.' >>"$tmp/article.txt"
"$khabar" ner --kb "$watch" --kb "$tmp/second.tsv" "$tmp/article.txt" >"$tmp/out" 2>"$tmp/err" ||
  fail "two --kb files: $(cat "$tmp/err")"
grep -q '"id":"watch_kamal_zeini"' "$tmp/out" && grep -q '"id":"watch_suad"' "$tmp/out" ||
  fail "two --kb files: not both applied: $(cat "$tmp/out")"
printf 'id\ttype\tlabel_en\taliases_ar\nwatch_kamal_zeini\tPER\tK. Zeini\tالزيني كمال\n' >"$tmp/clash.tsv"
"$khabar" ner --kb "$watch" --kb "$tmp/clash.tsv" "$tmp/article.txt" >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] || fail "an id in two --kb files accepted"
grep -q "clash.tsv:2: duplicate id 'watch_kamal_zeini' (also at .*watchlist.tsv:4)" "$tmp/err" ||
  fail "conflict message: $(cat "$tmp/err")"
"$khabar" ingest --kb "$watch" --kb "$tmp/second.tsv" "$tmp/article.txt" --db "$tmp/db" \
  >/dev/null 2>"$tmp/err" || fail "ingest with two --kb files: $(cat "$tmp/err")"

# A user's entity wins an alias it shares with the built-in KB (session 15), in a story naming the
# built-in entity's country too; without the file the built-in entity keeps it.
printf 'id\ttype\tlabel_en\tcountry\taliases_ar\nwatch_front\tORG\tA Front\tTR\tجبهة النصرة\n' \
  >"$tmp/shared.tsv"
printf '%s\n' 'وأعلنت جبهة النصرة هدنة في ريف حلب السوري.' >"$tmp/front.txt"
"$khabar" ner --kb "$tmp/shared.tsv" "$tmp/front.txt" >"$tmp/out" 2>"$tmp/err" ||
  fail "exit code $? with a shared alias: $(cat "$tmp/err")"
grep -q '"text":"جبهة النصرة","type":"ORG","id":"watch_front"' "$tmp/out" ||
  fail "the built-in entity won the user's alias: $(cat "$tmp/out")"
"$khabar" ner "$tmp/front.txt" >"$tmp/out" 2>/dev/null || fail "exit code $? without --kb"
grep -q '"id":"nusra_front"' "$tmp/out" || fail "built-in alias lost: $(cat "$tmp/out")"

# Options of the other mode are errors, not silently ignored.
printf 'قال O\nبوتين B-PERS\nفي O\nموسكو B-LOC\n' >"$tmp/gold.conll"
"$khabar" ner --model "$tmp/gold.conll" "$tmp/article.txt" >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] || fail "--model without --conll accepted"
"$khabar" ner --conll --kb "$watch" "$tmp/gold.conll" >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] || fail "--kb with --conll accepted"

# --conll: one `TOKEN TAG` line per token, a gold tag of another scheme dropped (B-GPE).
printf '\n\r\nقال O\r\nبوتين B-GPE\r\n\n\nفي\vO\nموسكو S-LOC\n\n' >"$tmp/other.conll"
"$khabar" ner --conll "$tmp/other.conll" >"$tmp/pred" 2>"$tmp/err" ||
  fail "exit code $? on --conll with other tags: $(cat "$tmp/err")"
[ "$(grep -c . "$tmp/pred")" -eq 4 ] || fail "not one line per token: $(cat "$tmp/pred")"
awk 'NF && NF != 2 { exit 1 }' "$tmp/pred" || fail "lines not TOKEN TAG: $(cat "$tmp/pred")"

# CoNLL 2003-style -DOCSTART- lines are echoed as they are, so the output has the input's lines.
printf -- '-DOCSTART- -X- -X- O\n\nقال O\nبوتين B-PERS\n\n-DOCSTART- O\n\nفي O\nموسكو B-LOC\n\n' \
  >"$tmp/docs.conll"
"$khabar" ner --conll "$tmp/docs.conll" >"$tmp/pred" 2>"$tmp/err" ||
  fail "--conll with -DOCSTART-: $(cat "$tmp/err")"
[ "$(wc -l <"$tmp/pred")" -eq "$(wc -l <"$tmp/docs.conll")" ] &&
  [ "$(sed -n 1p "$tmp/pred")" = '-DOCSTART- -X- -X- O' ] &&
  [ "$(sed -n 6p "$tmp/pred")" = '-DOCSTART- O' ] || fail "-DOCSTART- not echoed: $(cat "$tmp/pred")"
"$khabar" eval ner "$tmp/docs.conll" "$tmp/pred" >/dev/null 2>"$tmp/err" ||
  fail "eval of -DOCSTART- output: $(cat "$tmp/err")"

# A CoNLL file saved as UTF-16 with a BOM (Notepad) is read, in --conll and eval; one in
# Windows-1256 with --encoding (it was ignored: "invalid UTF-8"); options of records are errors.
{ printf '\xff\xfe'; iconv -f UTF-8 -t UTF-16LE "$tmp/gold.conll"; } >"$tmp/u16.conll"
"$khabar" ner --conll "$tmp/u16.conll" >"$tmp/pred" 2>"$tmp/err" || fail "UTF-16 --conll: $(cat "$tmp/err")"
[ "$(grep -c . "$tmp/pred")" -eq 4 ] && grep -q '^بوتين ' "$tmp/pred" || fail "UTF-16: $(cat "$tmp/pred")"
"$khabar" eval ner "$tmp/u16.conll" "$tmp/pred" >/dev/null 2>"$tmp/err" || fail "UTF-16 eval: $(cat "$tmp/err")"
iconv -f UTF-8 -t WINDOWS-1256 "$tmp/gold.conll" >"$tmp/cp.conll"
"$khabar" ner --conll --encoding windows-1256 "$tmp/cp.conll" >"$tmp/pred" 2>"$tmp/err" ||
  fail "--encoding with --conll: $(cat "$tmp/err")"
grep -q '^موسكو ' "$tmp/pred" || fail "--encoding with --conll: $(cat "$tmp/pred")"
for bad in "--map title=t" "--format text" "--tz Asia/Riyadh" "--pretty" "--encoding nonsense"; do
  # shellcheck disable=SC2086
  "$khabar" ner --conll $bad "$tmp/gold.conll" >/dev/null 2>"$tmp/err"
  [ $? -eq 2 ] || fail "ner --conll $bad: $(cat "$tmp/err")"
done

# --model: a gzip model is read; "" (an unset variable) and a directory are errors, not the
# shipped model or "corrupt: empty".
"$khabar" train ner "$tmp/gold.conll" --epochs 1 --runs 1 --out "$tmp/m.tsv" >/dev/null 2>&1 ||
  fail "training a small model"
gzip -c "$tmp/m.tsv" >"$tmp/m.tsv.gz"
"$khabar" ner --conll --model "$tmp/m.tsv.gz" "$tmp/gold.conll" >"$tmp/pred" 2>"$tmp/err" ||
  fail "gzip --model: $(cat "$tmp/err")"
"$khabar" ner --conll --model "" "$tmp/gold.conll" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -q 'empty path' "$tmp/err" || fail "--model '': $(cat "$tmp/err")"
"$khabar" ner --conll --model "$tmp" "$tmp/gold.conll" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -q 'a directory' "$tmp/err" || fail "--model DIR: $(cat "$tmp/err")"
rm -f "$tmp/m.tsv" "$tmp/m.tsv.gz"

# Gzip CoNLL files are read as every other input is (they failed as invalid UTF-8).
gzip -c "$tmp/gold.conll" >"$tmp/gold.conll.gz"
"$khabar" ner --conll "$tmp/gold.conll.gz" >"$tmp/pred" 2>"$tmp/err" ||
  fail "--conll on gzip: $(cat "$tmp/err")"
[ "$(grep -c . "$tmp/pred")" -eq 4 ] || fail "--conll on gzip: $(cat "$tmp/pred")"
"$khabar" eval ner "$tmp/gold.conll.gz" "$tmp/pred" >/dev/null 2>"$tmp/err" ||
  fail "eval on gzip: $(cat "$tmp/err")"

# eval: an empty gold and a split sentence are errors that say where.
: >"$tmp/empty.conll"
"$khabar" eval ner "$tmp/empty.conll" "$tmp/empty.conll" >"$tmp/out" 2>"$tmp/err"
[ $? -eq 1 ] && grep -q 'no tokens' "$tmp/err" || fail "empty eval: $(cat "$tmp/err")"
printf 'قال O\nبوتين B-PERS\n\nفي O\nموسكو B-LOC\n' >"$tmp/split.conll"
"$khabar" eval ner "$tmp/gold.conll" "$tmp/split.conll" >/dev/null 2>"$tmp/err"
grep -q 'sentence 1 (gold line 1, prediction line 1): gold has 4 tokens, prediction 2' \
  "$tmp/err" || fail "split sentence: $(cat "$tmp/err")"

# train: no entity, too few sentences for --folds or --holdout, an unwritable --out (before
# training, not after): clear errors.
printf 'قال O\nالرئيس O\n' >"$tmp/noent.conll"
"$khabar" train ner "$tmp/noent.conll" --out "$tmp/m.tsv" >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] && grep -q 'no entity tags' "$tmp/err" || fail "no entities: $(cat "$tmp/err")"
[ -e "$tmp/m.tsv" ] && fail "model written from data without entities"
"$khabar" train ner "$tmp/gold.conll" --folds 2 >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] && grep -q 'needs at least 2 sentences' "$tmp/err" || fail "folds: $(cat "$tmp/err")"
"$khabar" train ner "$tmp/gold.conll" --holdout 0.5 >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] && grep -q 'holds out 0' "$tmp/err" || fail "holdout: $(cat "$tmp/err")"
"$khabar" train ner "$tmp/gold.conll" --out "$tmp/no/such/dir/m.tsv" >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] && ! grep -q epoch "$tmp/err" || fail "unwritable --out: $(cat "$tmp/err")"
"$khabar" train ner "$tmp/gold.conll" --folds 2 --out "$tmp/m.tsv" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || fail "--folds with --out accepted"
# Numbers that are no numbers: usage errors, not an internal error or a model rejected at the end.
# Session 14: a bias the model file cannot store (it ended in "corrupt model" after training), an
# unknown edge template (found after reading the data, exit 1), none with templates.
for bad in "--holdout nan" "--entity-bias inf" "--prune nan" "--folds 2 --cv-bias nan" \
  "--entity-bias -1e300" "--folds 2 --cv-bias 1e9" "--edge-templates bogus" \
  "--edge-templates none,w0" "--min-count -1" "--seed -1"; do
  # shellcheck disable=SC2086
  "$khabar" train ner "$tmp/gold.conll" $bad >/dev/null 2>"$tmp/err"
  [ $? -eq 2 ] || fail "train ner $bad: $(cat "$tmp/err")"
done
# --out "" (an unset variable) trained and wrote nothing with exit 0.
"$khabar" train ner "$tmp/gold.conll" --out "" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -q 'empty path' "$tmp/err" || fail "--out '': $(cat "$tmp/err")"
# A thread count the system cannot start is a usage error, not std::terminate; --map's errors say
# "--map:" once.
"$khabar" ner --threads 100000 "$tmp/article.txt" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -q -- '--threads: 100000' "$tmp/err" || fail "--threads 100000: $(cat "$tmp/err")"
"$khabar" ner --map nonsense "$tmp/article.txt" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && [ "$(grep -o -- '--map:' "$tmp/err" | wc -l)" -eq 1 ] || fail "--map: $(cat "$tmp/err")"
# Session 14: one line typed on standard input is body text (no headline): a record with its
# entities and exit 0, the same record from `parse` (it was an error record, "a headline but no
# body text", exit 1).
echo "بايدن يزور واشنطن في زيارة رسمية" | "$khabar" ner - >"$tmp/out" 2>"$tmp/err" ||
  fail "one line on stdin: exit $?: $(cat "$tmp/err")"
grep -q '"title":"","published"' "$tmp/out" && grep -q '"id":"joe_biden"' "$tmp/out" &&
  grep -q '"id":"washington"' "$tmp/out" || fail "one line on stdin: $(cat "$tmp/out")"
echo "بايدن يزور واشنطن في زيارة رسمية" | "$khabar" parse - >"$tmp/parsed" 2>/dev/null ||
  fail "one line, parse: exit $?"
"$khabar" ner "$tmp/parsed" 2>/dev/null | cmp -s - "$tmp/out" ||
  fail "parse | ner differs from ner on the line"
# Session 14: Latin names link by their English labels, with the KB's type (the tagger read
# `Emmanuel Macron` as ORG, `Joe Biden` was NIL).
echo "التقى Emmanuel Macron و Joe Biden ممثلي NATO وشركة Apple." | "$khabar" ner - >"$tmp/out" 2>/dev/null ||
  fail "Latin names: exit $?"
for want in '"text":"Emmanuel Macron","type":"PERS","id":"emmanuel_macron"' \
  '"text":"Joe Biden","type":"PERS","id":"joe_biden"' '"text":"NATO","type":"ORG","id":"nato"' \
  '"text":"Apple","type":"ORG","id":"apple"'; do
  grep -q "$want" "$tmp/out" || fail "Latin name: want $want in $(cat "$tmp/out")"
done
# Session 14: the headline is tagged and linked with the body (`title_entities`, offsets into the
# title, no "paragraph"); a headline's surname joins the body's full name and entity_counts counts
# both.
cat >"$tmp/headline.jsonl" <<'JSON'
{"title":"الزهراني يفوز بجائزة الرواية في الرياض","content":"أعلنت لجنة الجائزة فوز الكاتب كريم الزهراني بجائزة الرواية لهذا العام.","date":"2022-07-15"}
JSON
"$khabar" ner "$tmp/headline.jsonl" --map title=title,text=content,date=date >"$tmp/out" 2>/dev/null ||
  fail "headline: exit $?"
/usr/bin/python3 - "$tmp/out" <<'PY' || fail "headline: $(cat "$tmp/out")"
import json, sys
r = json.loads(open(sys.argv[1], encoding="utf-8").read())
t = r["title_entities"]
assert [(m["text"], m["type"]) for m in t] == [("الزهراني", "PERS"), ("الرياض", "LOC")], t
assert all("paragraph" not in m and r["title"][m["begin"]:m["end"]] == m["text"] for m in t), t
assert t[1]["id"] == "riyadh" and t[0]["source"] == "coref", t
assert sum(c["count"] for c in r["entity_counts"]) == len(t) + len(r["entities"]), r
row = [c for c in r["entity_counts"] if c["text"] == "كريم الزهراني"]
assert row and row[0]["count"] == 2, r["entity_counts"]
assert list(r).index("title_entities") < list(r).index("entities"), list(r)
PY
echo "cli_ner_test: ok"
