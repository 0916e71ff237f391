#!/usr/bin/env bash
# `make demo`: runs khabar on the bundled samples (samples/, written by the khabar team).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
khabar=${KHABAR:-$here/build/khabar}
echo "== khabar parse --pretty samples/"
"$khabar" parse --pretty "$here/samples"
