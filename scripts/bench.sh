#!/usr/bin/env bash
# Benchmarks (they measure, they assert nothing): persist time per action at 100 and 10,000
# share tokens, in headless Chromium. Writes target/bench-report.txt. See docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
mkdir -p target
env -u GECKODRIVER CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=600 \
  cargo test --locked --release --target wasm32-unknown-unknown --test bench_persist -- --include-ignored --nocapture \
  2>&1 | tee target/bench-report.txt
