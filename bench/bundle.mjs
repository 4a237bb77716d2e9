// make bench: the customer bundle's bytes as served from dist/ (raw, gzip -9,
// brotli at its highest quality), and the loader's first download.
// Usage: node bench/bundle.mjs [dist]   → one JSON object on stdout.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const dist = process.argv[2] ?? 'dist';
// The demo receipt page's own files are not the widget's.
const DEMO_PAGE = new Set(['index.html', 'demo.js', 'demo.css']);
const BUNDLE = /\.(wasm|js|mjs|css)$/;

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

function sizes(bytes) {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }).length,
  };
}

const bundle = files(dist)
  .map((path) => relative(dist, path))
  .filter((name) => BUNDLE.test(name) && !DEMO_PAGE.has(name))
  .sort()
  .map((name) => ({ name, ...sizes(readFileSync(join(dist, name))) }));
const total = { raw: 0, gzip: 0, brotli: 0 };
for (const f of bundle) for (const k of Object.keys(total)) total[k] += f[k];
const loader = bundle.find((f) => f.name === 'resq-feedback.js') ?? null;
console.log(JSON.stringify({ files: bundle, total, loader }));
