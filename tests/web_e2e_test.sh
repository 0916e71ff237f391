#!/usr/bin/env bash
# End-to-end test of the web UI in a real browser: ingests a small corpus (the bundled samples, the
# golden dumps and a planted wire story), starts `khabar serve` on a free port, and runs
# web/tests/e2e.mjs (Playwright driving Debian's headless Chromium): search, open an article, see
# highlights, open an entity and see a non-empty chart, open a story.
# Usage: web_e2e_test.sh KHABAR_BINARY REPO_DIR [WEB_DIR]
#   WEB_DIR: the built UI (default: `web` next to the binary); when it is not built, the UI is built
#   into a temporary directory. KHABAR_E2E_SCREENSHOTS=DIR keeps a screenshot of every page.
# Exit: 0 passed, 1 failed, 77 skipped (no node, Chromium or web/node_modules: run `make deps`).
set -euo pipefail
khabar=$(realpath "$1")
repo=$(realpath "$2")
web=${3:-$(dirname "$khabar")/web}
skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }

command -v node >/dev/null || skip "node is not installed (the web UI needs Node.js and npm)"
chromium=${KHABAR_CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || skip "$chromium not found (make deps installs Debian's chromium)"
[ -d "$repo/web/node_modules/playwright-core" ] || skip "web/node_modules missing (make deps runs npm ci in web/)"

work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
start=$(date +%s.%N)

if [ ! -f "$web/index.html" ]; then
  echo "note: $web is not built; building the UI into a temporary directory"
  (cd "$repo/web" && npx --no-install vite build --logLevel warn --outDir "$work/web") || fail "vite build"
  web=$work/web
fi

"$khabar" ingest "$repo/web/tests/fixtures/wire-story.jsonl" "$repo/samples" "$repo/tests/golden/dumps" \
  --db "$work/corpus.db" 2>"$work/ingest.log" || fail "ingest: $(cat "$work/ingest.log")"

port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
"$khabar" serve --db "$work/corpus.db" --port "$port" --web "$web" >"$work/serve.log" 2>&1 &
server=$!
url="http://127.0.0.1:$port/"
node -e '
  const url = process.argv[1];
  const deadline = Date.now() + 20000;
  (async function poll() {
    try { const r = await fetch(url + "api/health"); if (r.ok) process.exit(0); } catch {}
    if (Date.now() > deadline) process.exit(1);
    setTimeout(poll, 100);
  })();' "$url" || fail "khabar serve did not answer /api/health: $(cat "$work/serve.log")"
kill -0 "$server" 2>/dev/null || fail "khabar serve exited: $(cat "$work/serve.log")"

args=(--url "$url" --query "وزير الخارجية" --xss-query "رسائل مزيفة" --chromium "$chromium")
[ -n "${KHABAR_E2E_SCREENSHOTS:-}" ] && args+=(--screenshots "$(realpath -m "$KHABAR_E2E_SCREENSHOTS")")
set +e
(cd "$repo/web" && node tests/e2e.mjs "${args[@]}")
status=$?
set -e
if [ $status -ne 0 ] && [ $status -ne 77 ]; then
  echo "--- khabar serve log:"; tail -20 "$work/serve.log"
fi
echo "web_e2e_test: $(node -e "console.log((Date.now()/1000 - $start).toFixed(1))") s"
exit $status
