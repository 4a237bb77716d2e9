#!/bin/sh
# Trunk's post_build hook (Trunk.toml): minifies the wasm-bindgen glue of a
# release build with esbuild (Trunk's own JS minifier cannot parse it and
# leaves it as it is). Saves about 2.5 KB gzip of the customer bundle.
# Not the loader (resq-feedback.js, ~0.6 KB gzip to gain): the page's script
# tag carries Trunk's integrity hash of it, computed before this hook runs.
set -eu
[ "${TRUNK_PROFILE:-}" = release ] || exit 0
glue="$TRUNK_STAGING_DIR/wasm/resq-feedback.js"
[ -f "$glue" ] || exit 0
node_modules/.bin/esbuild "$glue" --minify --format=esm --log-level=warning \
  --allow-overwrite --outfile="$glue"
