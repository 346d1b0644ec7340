#!/usr/bin/env bash
# Writes the sizes of the shipped .wasm/.js/.css (raw, gzip -9, brotli -q 11) to
# target/size-report.txt, says whether the total is within the budget in size-budget.txt, and
# adds what the wasm is made of (twiggy). Trunk runs it after every build (Trunk.toml hook);
# it also takes a directory: scripts/size-report.sh dist
# Exit status: 0; or 1 with --check when the brotli total exceeds the budget, or with
# --check-ceiling when it exceeds the ceiling (both in size-budget.txt).
set -euo pipefail
check=none
case "${1:-}" in
  --check) check=budget && shift ;;
  --check-ceiling) check=ceiling && shift ;;
esac
dir=${1:-${TRUNK_STAGING_DIR:-dist}}
root="$(cd "$(dirname "$0")/.." && pwd)"
report="$root/target/size-report.txt"
budget=$(awk '$1 == "brotli_total_bytes" { print $2 }' "$root/size-budget.txt")
ceiling=$(awk '$1 == "brotli_ceiling_bytes" { print $2 }' "$root/size-budget.txt")
# The analysis reads the module as rustc wrote it (before wasm-bindgen and wasm-opt): the shipped
# file has no names left to attribute bytes to. Sizes there are larger than shipped; the shares hold.
profile=${TRUNK_PROFILE:-release}
unoptimized="$root/target/wasm32-unknown-unknown/$profile/connect-playground.wasm"
mkdir -p "$root/target"
total_br=0
{
  printf '# Connect Playground bundle sizes (%s build, %s)\n' "$profile" "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  printf '%-8s %10s %10s %10s  %s\n' kind raw gzip brotli file
  total_raw=0 total_gz=0
  for f in "$dir"/*.wasm "$dir"/*.js "$dir"/*.css; do
    [ -f "$f" ] || continue
    raw=$(wc -c <"$f")
    gz=$(gzip -9 -c "$f" | wc -c)
    if command -v brotli >/dev/null; then br=$(brotli -q 11 -c "$f" | wc -c); else br=0; fi
    printf '%-8s %10d %10d %10d  %s\n' "${f##*.}" "$raw" "$gz" "$br" "$(basename "$f")"
    total_raw=$((total_raw + raw)) total_gz=$((total_gz + gz)) total_br=$((total_br + br))
  done
  printf '%-8s %10d %10d %10d\n' total "$total_raw" "$total_gz" "$total_br"
  if [ "$total_br" -le "$budget" ]; then
    printf 'budget: within, %d of %d bytes brotli (size-budget.txt)\n' "$total_br" "$budget"
  else
    printf 'budget: OVER by %d bytes: %d of %d bytes brotli (size-budget.txt)\n' \
      "$((total_br - budget))" "$total_br" "$budget"
  fi
  if [ "$total_br" -le "$ceiling" ]; then
    printf 'ceiling: within, %d bytes under %d (size-budget.txt; scripts/test.sh fails a build above it)\n' \
      "$((ceiling - total_br))" "$ceiling"
  else
    printf 'ceiling: OVER by %d bytes: %d of %d bytes brotli (size-budget.txt)\n' \
      "$((total_br - ceiling))" "$total_br" "$ceiling"
  fi

  printf '\n# What the wasm is made of: %s, before wasm-bindgen and wasm-opt\n' \
    "${unoptimized#"$root"/}"
  if ! command -v twiggy >/dev/null; then
    printf 'skipped: twiggy is not installed (scripts/setup.sh installs it)\n'
  elif [ ! -f "$unoptimized" ]; then
    printf 'skipped: %s is missing\n' "$unoptimized"
  else
    printf '\n## By crate (functions and data, bytes before optimization)\n'
    # Serde's derived impls live in the crate that derives them; they are counted apart because
    # each format they are used with instantiates them again.
    twiggy top -n 1000000 -f csv "$unoptimized" | awk -F, '
      NR == 1 { next }
      {
        size = $(NF - 3)
        name = $0
        sub(/,[^,]*,[^,]*,[^,]*,[^,]*$/, "", name)
        gsub(/^"|"$/, "", name)
        if (name ~ /function names/ || name ~ /^custom section/) group = "(names and wasm-bindgen metadata: not shipped)"
        else if (name ~ /__wbindgen_describe|wasm_bindgen::describe|__wbindgen_placeholder/) group = "(wasm-bindgen descriptors: not shipped)"
        else if (name ~ /^data segment/) group = "data (strings, tables)"
        else if (name ~ /impl serde_core::de::Deserialize for/ || name ~ /__FieldVisitor|__Visitor/) group = "serde Deserialize impls (per type and format)"
        else if (name ~ /impl serde_core::ser::Serialize for/) group = "serde Serialize impls (per type and format)"
        else if (name ~ /^<?&?(mut )?serde_json/) group = "serde_json"
        else if (name ~ /(core|alloc)(\[[0-9a-f]+\])?::fmt/) group = "core::fmt (formatting)"
        else if (match(name, /^<?&?(mut )?[a-z_0-9]+/)) { group = substr(name, RSTART, RLENGTH); sub(/^<?&?(mut )?/, "", group) }
        else group = "other"
        bytes[group] += size
        all += size
      }
      END {
        for (g in bytes) printf "%10d %5.1f%%  %s\n", bytes[g], 100 * bytes[g] / all, g
      }' | sort -rn | head -20
    printf '\n## twiggy top -n 25\n'
    twiggy top -n 25 "$unoptimized" | cut -c1-160
    printf '\n## twiggy dominators -d 3 -r 12 (what each item keeps alive)\n'
    twiggy dominators -d 3 -r 12 "$unoptimized" | cut -c1-160
    printf '\n## twiggy monos -m 12 -n 0 (generic code instantiated per type)\n'
    twiggy monos -m 12 -n 0 "$unoptimized" | grep -v '\.\.\. and' | cut -c1-160
  fi
} >"$report"
cat "$report"
if [ "$check" = budget ] && [ "$total_br" -gt "$budget" ]; then
  printf 'size-report: the shipped files are %d bytes brotli, over the budget of %d\n' "$total_br" "$budget" >&2
  exit 1
fi
if [ "$check" = ceiling ] && [ "$total_br" -gt "$ceiling" ]; then
  printf 'size-report: the shipped files are %d bytes brotli, over the ceiling of %d: cut, or raise it in size-budget.txt with a line in docs/performance.md saying what bought the bytes\n' "$total_br" "$ceiling" >&2
  exit 1
fi
