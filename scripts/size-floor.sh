#!/usr/bin/env bash
# What the bundle cannot go below (docs/performance.md, "The floor"). Builds tools/size-floor
# three ways, like the app's release build (its profile, wasm-bindgen, then wasm-opt with the
# flags of index.html), and prints what each ships, brotli -q 11: the rules crate's entry points
# with no screen; the smallest Yew app with a router; both. It measures; it asserts nothing.
#
#   scripts/size-floor.sh        (after scripts/setup.sh; about two minutes warm)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
crate="$root/tools/size-floor"
out="$root/target/size-floor"
wasm_opt="$root/node_modules/.bin/wasm-opt"
# index.html's data-wasm-opt="z" and data-wasm-opt-params, and the wasm features rustc's
# wasm32 target uses.
opt_flags=(-Oz --low-memory-unused --converge --enable-bulk-memory
  --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals)

printf '%-40s %10s %10s %10s %10s\n' part 'wasm raw' 'wasm br' 'js br' 'total br'
for part in rules ui rules,ui; do
  cargo build --quiet --locked --offline --release --target wasm32-unknown-unknown \
    --manifest-path "$crate/Cargo.toml" --target-dir "$out/target" \
    --no-default-features --features "$part"
  dir="$out/${part/,/-}"
  rm -rf "$dir" && mkdir -p "$dir"
  wasm-bindgen --target web --out-dir "$dir" \
    "$out/target/wasm32-unknown-unknown/release/size_floor.wasm"
  "$wasm_opt" "${opt_flags[@]}" "$dir/size_floor_bg.wasm" -o "$dir/size_floor_bg.wasm"
  raw=$(wc -c <"$dir/size_floor_bg.wasm")
  wasm_br=$(brotli -q 11 -c "$dir/size_floor_bg.wasm" | wc -c)
  js_br=$(brotli -q 11 -c "$dir/size_floor.js" | wc -c)
  case $part in
    rules) name='the rules, no screen' ;;
    ui) name='Yew and its router, one screen' ;;
    *) name='both' ;;
  esac
  printf '%-40s %10d %10d %10d %10d\n' "$name" "$raw" "$wasm_br" "$js_br" "$((wasm_br + js_br))"
done
