#!/usr/bin/env bash
# Sizes of the customer bundle as served: raw, gzip -9 and brotli (quality 11)
# per file, and the total of what a page with a widget downloads (loader +
# wasm-bindgen glue + wasm; the CSS is compiled into the wasm).
#   scripts/bundle-size.sh [DIST]     (default: dist, after `make widget`)
# Prints one tab-separated row per file and a `total` row; exits 1 if a file
# is missing.
set -euo pipefail
dist="${1:-dist}"
files=(resq-feedback.js wasm/resq-feedback.js wasm/resq-feedback_bg.wasm)
for f in "${files[@]}"; do
  [[ -f "$dist/$f" ]] || { echo "bundle-size: $dist/$f missing (run make widget)" >&2; exit 1; }
done
node - "$dist" "${files[@]}" <<'JS'
const fs = require("fs"), zlib = require("zlib"), path = require("path");
const [dist, ...files] = process.argv.slice(2);
const row = (name, r, g, b) => console.log([name, r, g, b].join("\t"));
row("file", "raw", "gzip-9", "brotli");
const total = [0, 0, 0];
for (const f of files) {
  const data = fs.readFileSync(path.join(dist, f));
  const sizes = [
    data.length,
    zlib.gzipSync(data, { level: 9 }).length,
    zlib.brotliCompressSync(data, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length },
    }).length,
  ];
  sizes.forEach((s, i) => (total[i] += s));
  row(f, ...sizes);
}
row("total", ...total);
JS
