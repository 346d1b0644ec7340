#!/usr/bin/env bash
# Where startup goes (a measurement, not a test; see docs/performance.md): builds the release
# app with its function names kept (wasm-opt -g) into target/profile-dist, generates the stored
# state of TOKENS share tokens if missing, and prints a CPU profile of the first render.
#
#   scripts/profile-startup.sh [TOKENS] [UNDER]      default: 20000, read_stored
set -euo pipefail
cd "$(dirname "$0")/.."
tokens=${1:-20000}
under=${2:-read_stored}

scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true
# Trunk reads wasm-opt's flags from the page, so the names-kept build has a page of its own
# beside index.html (its links are relative to it), removed afterwards.
# Trunk's hooks run for it too: the size report of the shipped build is put back afterwards.
page=.profile-index.html
report=target/size-report.txt
[ -f "$report" ] && cp "$report" "$report.kept"
trap 'rm -f "$page"; [ -f "$report.kept" ] && mv "$report.kept" "$report"' EXIT
sed 's/data-wasm-opt-params="/&-g /' index.html > "$page"
trunk build --release --locked --offline --dist target/profile-dist "$page"
mkdir -p target/bench
state="target/bench/state-$tokens-v3.json"
if [ ! -f "$state" ]; then
  cargo build --release --locked -p connect --example bench_state
  target/release/examples/bench_state "$tokens" v3 "$state"
fi
node e2e/profile.mjs target/profile-dist "$state" "$under"
