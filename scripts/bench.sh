#!/usr/bin/env bash
# The benchmark (it measures, it asserts nothing; see docs/performance.md). Builds the release
# app, generates stored playgrounds of 100, 1,000, 10,000 and 20,000 share tokens (a quarter as
# many completed inquiries) through the rules crate, loads each in headless Chromium and times
# startup, the Share Tokens and Inquiries screens, one create-token click and one redeem click,
# with the characters stored and the ratio of each to the 100-token row: each figure the median
# of BENCH_RUNS runs (default 5), the sizes taken in turns. Writes target/bench-report.txt.
#
#   scripts/bench.sh [--format v2|v3] [--sizes "100 1000"] [--persist]
#
# --format  the stored form the generated records take: v3 (default) is the one the store reads;
#           v2 is migrated on load (measures the migration, and the version-2 room).
# --persist also runs tests/bench_persist.rs: the time to save one action at 100 and 10,000
#           tokens, measured inside the page (a wasm test in release, several minutes to build).
set -euo pipefail
cd "$(dirname "$0")/.."

format=v3
sizes="100 1000 10000 20000"
persist=no
while [ $# -gt 0 ]; do
  case "$1" in
    --format) format=$2; shift 2 ;;
    --sizes) sizes=$2; shift 2 ;;
    --persist) persist=yes; shift ;;
    *) echo "bench.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true
mkdir -p target/bench

trunk build --release --locked --offline
cargo build --release --locked -p connect --example bench_state
states=()
for n in $sizes; do
  state="target/bench/state-$n-$format.json"
  target/release/examples/bench_state "$n" "$format" "$state"
  states+=("$state")
done
node e2e/bench.mjs dist target/bench-report.txt "${states[@]}"

if [ "$persist" = yes ]; then
  env -u GECKODRIVER CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=600 \
    cargo test --locked --release --target wasm32-unknown-unknown --test bench_persist -- --include-ignored --nocapture \
    2>&1 | tee -a target/bench-report.txt
fi
