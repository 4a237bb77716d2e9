// Integrator pages on a second origin, written per test with the exact markup
// an integrator would use. The loader and wasm are served by the host's own
// static server (a copy of dist/); the API is the demo server (CORS).
//
// The pages are served over real HTTP rather than with page.route(): Chromium
// treats a route-fulfilled document as public and, rightly, refuses its
// requests to a loopback API (Local Network Access).
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStaticServer } from './servers.mjs';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist');
let host;
async function hostServer() {
  if (!host) {
    host = await startStaticServer([dist]);
    host.server.unref(); // lives as long as the suite's process

  }
  return host;
}

const escape = (s) => String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** Serves `html` at <host>/<name> and opens it in `page`. */
export async function openHostPage(page, name, html) {
  const { url, pages } = await hostServer();
  pages.set(`/${name}`, html);
  await page.goto(`${url}/${name}`);
}

/** The one-tag embedding: a script tag and the custom element. */
export function customElementPage({ orderId, apiBase, token, lang = 'en', headExtra = '', bodyExtra = '' }) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Receipt</title>${headExtra}
<script type="module" src="/resq-feedback.js"></script></head>
<body><main><h1>Your receipt</h1>
<resq-feedback order-id="${escape(orderId)}" api-base="${escape(apiBase)}" token="${escape(token)}" lang="${escape(lang)}"></resq-feedback>
${bodyExtra}</main></body></html>`;
}

/** A hostile host stylesheet: it must not break the widget. */
export const HOSTILE_CSS = `<style>
* { all: revert !important; font-size: 40px !important; color: #ff00ff !important; }
button { display: none !important; }
textarea, input { display: none !important; }
div, section, form { display: inline !important; visibility: visible; }
:root { --resq-font: "Comic Sans MS"; }
</style>`;
