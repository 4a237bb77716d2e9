// Content-Security-Policy: the demo page and the console work under the
// server's strict policy, and the widget works on an integrator page (a
// second origin) that sets its own strict policy in a meta tag. No page may
// report a single violation; HTML in a comment stays text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { launch, BASE, demo, openOrder, partnerReviews, api } from '../lib/browser.mjs';
import { openHostPage, customElementPage } from '../lib/host-page.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** A page that records every CSP violation (event and console) and every script error. */
async function watchedPage() {
  const page = await browser.newPage();
  const violations = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => violations.push(`page error: ${e.message}`));
  await page.exposeFunction('__reportViolation', (v) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__reportViolation(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`), true);
  });
  return { page, violations };
}

async function rateAndSend(page, comment) {
  await page.getByRole('radio', { name: 'Good' }).click();
  await page.locator('resq-feedback textarea').fill(comment);
  await page.locator('resq-feedback button[type="submit"]').click();
  await page.locator('resq-feedback [data-state="thanks"]').waitFor();
}

test('the demo page sends its strict policy and works under it without a violation', async () => {
  const orderId = await openOrder();
  const { page, violations } = await watchedPage();
  const response = await page.goto(`${BASE}/?order=${orderId}&lang=en`);
  const policy = response.headers()['content-security-policy'];
  assert.match(policy, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.match(policy, /style-src 'self';/);
  assert.match(policy, /frame-ancestors 'none'/);
  assert.doesNotMatch(policy, /unsafe-inline/);
  assert.equal(response.headers()['x-content-type-options'], 'nosniff');
  assert.equal(response.headers()['referrer-policy'], 'no-referrer');
  // The widget styles itself with constructable stylesheets: they apply.
  const styled = await page.getByRole('radio', { name: 'Good' }).evaluate((b) => getComputedStyle(b).cursor);
  assert.equal(styled, 'pointer', 'the widget\'s own stylesheet applies');
  const comment = `under the server's CSP ${randomUUID()}`;
  await rateAndSend(page, comment);
  assert.equal((await partnerReviews()).filter((r) => r.comment === comment).length, 1);
  assert.deepEqual(violations, []);
  await page.close();
});

test('the widget works on an integrator page with its own strict CSP meta tag', async () => {
  const { tokens } = await demo();
  const orderId = await openOrder();
  const { page, violations } = await watchedPage();
  const api = new URL(BASE).origin;
  const meta = `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self' ${api}; object-src 'none'; base-uri 'none'">`;
  await openHostPage(page, 'strict-csp.html', customElementPage({ orderId, apiBase: BASE, token: tokens.customer, headExtra: meta }));
  const comment = `under the host's CSP ${randomUUID()}`;
  await rateAndSend(page, comment);
  assert.equal((await partnerReviews()).filter((r) => r.comment === comment).length, 1);
  assert.deepEqual(violations, []);
  await page.close();
});

test('a host policy without the API origin in connect-src is what breaks the widget (the test can fail)', async () => {
  const { tokens } = await demo();
  const orderId = await openOrder();
  const { page, violations } = await watchedPage();
  const meta = `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'">`;
  await openHostPage(page, 'no-connect.html', customElementPage({ orderId, apiBase: BASE, token: tokens.customer, headExtra: meta }));
  await page.waitForFunction(() => true);
  for (let i = 0; i < 50 && !violations.some((v) => v.includes('connect-src')); i++) await page.waitForTimeout(100);
  assert.ok(violations.some((v) => v.includes('connect-src')), `a connect-src violation: ${violations.join('\n')}`);
  await page.close();
});

test('the console works under the server policy and shows HTML in a comment as text', async () => {
  const { tokens } = await demo();
  const orderId = await openOrder();
  const marker = randomUUID();
  const comment = `<img src=x onerror="window.__xss=1"><script>window.__xss=2</script><b>bold</b> ${marker}`;
  const sent = await api('POST', `/orders/${orderId}/feedback`, tokens.customer,
    { rating: 'bad', comment }, { 'idempotency-key': `csp-${marker}` });
  assert.equal(sent.status, 201, sent.text);
  const { page, violations } = await watchedPage();
  const response = await page.goto(`${BASE}/console/`);
  assert.match(response.headers()['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
  await page.locator('[data-demo-venue="venue-helsinki"]').first().click();
  await page.getByText(marker).first().waitFor();
  const shown = await page.getByText(marker).first().textContent();
  assert.ok(shown.includes('<img src=x onerror='), `the comment is shown as text: ${shown}`);
  assert.equal(await page.evaluate(() => window.__xss), undefined, 'no script from the comment ran');
  assert.equal(await page.locator('b', { hasText: 'bold' }).count(), 0, 'no markup from the comment');
  assert.deepEqual(violations, []);
  await page.close();
});
