#!/usr/bin/env bash
# Writes the sizes of the shipped .wasm/.js/.css (raw, gzip -9, brotli -q 11) to
# target/size-report.txt and prints them. Trunk runs it after every build (Trunk.toml hook);
# it also takes a directory: scripts/size-report.sh dist
set -euo pipefail
dir=${1:-${TRUNK_STAGING_DIR:-dist}}
root="$(cd "$(dirname "$0")/.." && pwd)"
report="$root/target/size-report.txt"
mkdir -p "$root/target"
{
  printf '# Connect Playground bundle sizes (%s build, %s)\n' "${TRUNK_PROFILE:-release}" "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  printf '%-8s %10s %10s %10s  %s\n' kind raw gzip brotli file
  total_raw=0 total_gz=0 total_br=0
  for f in "$dir"/*.wasm "$dir"/*.js "$dir"/*.css; do
    [ -f "$f" ] || continue
    raw=$(wc -c <"$f")
    gz=$(gzip -9 -c "$f" | wc -c)
    if command -v brotli >/dev/null; then br=$(brotli -q 11 -c "$f" | wc -c); else br=0; fi
    printf '%-8s %10d %10d %10d  %s\n' "${f##*.}" "$raw" "$gz" "$br" "$(basename "$f")"
    total_raw=$((total_raw + raw)) total_gz=$((total_gz + gz)) total_br=$((total_br + br))
  done
  printf '%-8s %10d %10d %10d\n' total "$total_raw" "$total_gz" "$total_br"
} >"$report"
cat "$report"
