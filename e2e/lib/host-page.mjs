// Integrator pages on a second origin (E2E_HOST), written per test with the
// exact markup an integrator would use. The loader and wasm are served by the
// host's static server (a copy of dist/); the API is the demo server (CORS).
import { HOST } from './browser.mjs';

const escape = (s) => String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** Serves `html` at HOST/<name> for this page only, and opens it. */
export async function openHostPage(page, name, html) {
  const url = `${HOST}/${name}`;
  await page.route(url, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }));
  await page.goto(url);
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
