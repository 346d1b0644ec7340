#!/usr/bin/env bash
# Copies the built index.html to 404.html. Static hosts without SPA rewrites (GitHub Pages, S3
# website hosting) answer an unknown path with 404.html: being the app itself, it reads the URL
# and shows the deep link's screen. Trunk runs it after every build (Trunk.toml hook).
set -euo pipefail
dir=${1:-${TRUNK_STAGING_DIR:-dist}}
cp "$dir/index.html" "$dir/404.html"
