#!/usr/bin/env bash
# Sets up what is missing, then runs every check: format, lints (native and wasm32), the native
# rule tests and doc-tests, the webhook snippet's node tests, the browser tests in headless
# Chromium (and Firefox where it is installed), the release build with its size report, the
# end-to-end runs on dist/, and demo mode on a second build under a sub-path.
# Exits non-zero as soon as anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."

# Chromium leaves a profile copy (/tmp/org.chromium.Chromium.scoped_dir.*, about 78 MB) behind
# for each browser a test run stops; a few hundred of them filled this machine's disk. The ones
# this run made are removed when it ends, whatever its outcome.
tmp=${TMPDIR:-/tmp}
since=$(mktemp "$tmp/connect-test-run.XXXXXX")
cleanup() {
  find "$tmp" -maxdepth 1 -name 'org.chromium.Chromium.scoped_dir.*' -newer "$since" \
    -exec rm -rf {} + 2>/dev/null || true
  rm -f "$since"
}
trap cleanup EXIT

scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true
step() { printf '\n== %s\n' "$*"; }

step "format"
cargo fmt --all -- --check

step "lints, native and wasm32"
cargo clippy --locked --workspace --all-targets -- -D warnings
cargo clippy --locked --workspace --all-targets --target wasm32-unknown-unknown -- -D warnings

step "native tests: the rules, and doc-tests (wasm32 would skip them)"
cargo test --locked --workspace

step "the webhook verification snippet (node --test)"
node --test tools/webhook/

step "browser tests: headless Chromium"
env -u GECKODRIVER CHROMEDRIVER=/usr/bin/chromedriver \
  cargo test --locked --target wasm32-unknown-unknown --tests

if command -v firefox >/dev/null && command -v geckodriver >/dev/null; then
  # Every test file, demo mode's (tests/demo.rs) included: both browsers must agree.
  step "browser tests: headless Firefox (every test file)"
  env -u CHROMEDRIVER GECKODRIVER="$(command -v geckodriver)" \
    cargo test --locked --target wasm32-unknown-unknown --tests
else
  step "browser tests: Firefox skipped (firefox or geckodriver is not installed)"
fi

step "release build (sizes in target/size-report.txt), within the size ceiling"
trunk build --release --locked --offline
scripts/size-report.sh --check-ceiling dist >/dev/null

step "end to end: two tabs at once (live sync, no lost tokens, 50 redeem races)"
node e2e/tabs.mjs dist 50

step "end to end: dist/ served on 127.0.0.1, driven in headless Chromium"
node e2e/share-flow.mjs dist target/e2e

step "end to end: webhooks to a real receiver, every delivery verified"
node e2e/webhooks.mjs dist target/e2e

step "end to end: a panic shows the overlay; its download and reload work"
node e2e/panic.mjs dist target/e2e

step "end to end: a busy playground (2,000 share tokens) exports compressed and imports back whole"
mkdir -p target/e2e
cargo run --locked --quiet -p connect --example bench_state -- 2000 v3 target/e2e/busy-2000.json
node e2e/busy-export.mjs dist target/e2e/busy-2000.json target/e2e

step "release build under a sub-path, as a static host serves it (target/dist-subpath)"
trunk build --release --locked --offline --public-url /connect-playground/ --dist target/dist-subpath

step "end to end: demo mode (guided flow in at most 10 clicks, screenshots, accessibility), and the sub-path build"
node e2e/demo.mjs dist target/dist-subpath target/e2e
