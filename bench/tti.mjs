// make bench: time to interactive of the feedback widget, in headless
// Chromium, median of N cold loads (a fresh browser context each: empty
// HTTP cache, no compiled-wasm cache), against the same page with the
// widget's rendered markup and styles as static HTML.
//
// Widget page: navigation start → the widget's `performance.mark`
// "resq-feedback:interactive" (set when the rating group is usable).
// Static page: navigation start → domContentLoadedEventEnd (the same
// markup, parsed and styled; a declarative shadow root, no script).
//
// Usage: node bench/tti.mjs <static-dir> <base> <order-id> <token> [loads]
//   → one JSON object on stdout. Writes bench-widget.html, bench-static.html
//   and bench-static.css into <static-dir> (served by the bench's server).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch } from '../e2e/lib/browser.mjs';

const [dir, base, orderId, token, loadsArg] = process.argv.slice(2);
const LOADS = Number(loadsArg ?? 20);
const MARK = 'resq-feedback:interactive';

const page = (body, head = '') => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Receipt</title>
${head}
</head>
<body>
<main>
<h1>Receipt</h1>
<p>Lounaslaatikko × 1</p>
${body}
</main>
</body>
</html>
`;

writeFileSync(join(dir, 'bench-widget.html'), page(
  `<resq-feedback order-id="${orderId}" api-base="${base}" token="${token}" lang="en"></resq-feedback>`,
  '<script type="module" src="/resq-feedback.js"></script>',
));

const browser = await launch();
try {
  // The widget's rendered rating step and its stylesheet, once.
  {
    const context = await browser.newContext();
    const tab = await context.newPage();
    await tab.goto(`${base}/bench-widget.html`);
    await tab.waitForFunction((m) => performance.getEntriesByName(m).length > 0, MARK, { timeout: 30000 });
    const { html, css } = await tab.evaluate(() => {
      const root = document.querySelector('resq-feedback').shadowRoot;
      const css = [...root.adoptedStyleSheets, ...root.styleSheets]
        .flatMap((s) => [...s.cssRules].map((r) => r.cssText)).join('\n');
      return { html: root.innerHTML, css };
    });
    await context.close();
    writeFileSync(join(dir, 'bench-static.css'), css);
    writeFileSync(join(dir, 'bench-static.html'), page(
      `<resq-feedback><template shadowrootmode="open"><link rel="stylesheet" href="/bench-static.css">${html}</template></resq-feedback>`,
    ));
  }

  async function coldLoad(path, measure) {
    const context = await browser.newContext();
    const tab = await context.newPage();
    await tab.goto(`${base}${path}`);
    const ms = await measure(tab);
    await context.close();
    return ms;
  }
  // Waits for the mark in one evaluate (a PerformanceObserver), not with
  // waitForFunction: that first injects Playwright's selector engine into the
  // page, ~50-100 ms of main-thread work landing in the middle of the
  // widget's start-up (seen in a Chromium trace) but after the static page's
  // DOMContentLoaded, i.e. charged to the widget alone.
  const widget = () => coldLoad('/bench-widget.html', (tab) => tab.evaluate((m) => new Promise((resolve, reject) => {
    setTimeout(() => reject(new Error(`no ${m} mark in 30 s`)), 30000);
    const at = () => performance.getEntriesByName(m)[0]?.startTime;
    if (at() !== undefined) return resolve(at());
    new PerformanceObserver(() => at() !== undefined && resolve(at())).observe({ type: 'mark' });
  }), MARK));
  const plain = () => coldLoad('/bench-static.html', async (tab) => {
    await tab.waitForFunction(() => performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd > 0);
    return tab.evaluate(() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd);
  });

  await widget(); // warm the server and the OS caches, not the browser's
  await plain();
  const widgetMs = [];
  const staticMs = [];
  for (let i = 0; i < LOADS; i++) {
    // Interleaved, so drifting machine load hits both alike.
    widgetMs.push(await widget());
    staticMs.push(await plain());
  }
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  };
  console.log(JSON.stringify({
    loads: LOADS,
    widget_median_ms: median(widgetMs),
    static_median_ms: median(staticMs),
    widget_ms: widgetMs,
    static_ms: staticMs,
  }));
} finally {
  await browser.close();
}
