#!/usr/bin/env bash
# Installs what building and testing Connect Playground needs, and skips what is already there.
# Everything comes from the package registries (Debian, crates.io, npm); nothing else is downloaded.
# Versions are pinned for a reason: see docs/toolchain.md.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.129
GECKODRIVER_VERSION=0.37.1

say() { printf 'setup: %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# --- Debian packages -------------------------------------------------------------------------
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
command -v brotli >/dev/null || missing+=(brotli)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
# Firefox is a second browser for the wasm tests; the suite still runs on Chromium without it.
if ! command -v firefox >/dev/null; then
  say "installing firefox-esr (optional)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq firefox-esr \
    || say "firefox-esr could not be installed; browser tests will run on Chromium only"
fi

# --- Rust targets and tools ------------------------------------------------------------------
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

cargo_tool() { # binary version crate
  local have
  have=$("$1" --version 2>/dev/null || true)
  if [[ "$have" != *"$2"* ]]; then
    say "installing $3 $2 (a few minutes the first time)"
    cargo install --locked "$3" --version "$2"
  fi
}
cargo_tool trunk "$TRUNK_VERSION" trunk
cargo_tool wasm-bindgen "$WASM_BINDGEN_VERSION" wasm-bindgen-cli
# The size report's breakdown of the wasm; the report skips it (with a note) when it is missing.
command -v twiggy >/dev/null || cargo install --locked twiggy \
  || say "twiggy could not be installed; the size report will skip its breakdown"
if command -v firefox >/dev/null; then
  cargo_tool geckodriver "$GECKODRIVER_VERSION" geckodriver \
    || say "geckodriver could not be installed; browser tests will run on Chromium only"
fi

# --- npm: wasm-opt (binaryen) and playwright-core (drives Debian's chromium; downloads no browser)
if ! node_modules/.bin/wasm-opt --version 2>/dev/null | grep -q 'version 132' \
  || [ ! -d node_modules/playwright-core ]; then
  say "installing npm packages (binaryen, playwright-core)"
  npm ci --no-audit --no-fund --loglevel=error
fi

# --- crates for offline builds ----------------------------------------------------------------
cargo fetch --locked >/dev/null
say "ready"
