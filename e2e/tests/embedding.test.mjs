// Embedding on an integrator's page: one script tag + the custom element, the
// JS mount() call, a hostile host stylesheet, theming, and the DOM events.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { launch, BASE, demo, openOrder, partnerReviews } from '../lib/browser.mjs';
import { openHostPage, customElementPage, HOSTILE_CSS } from '../lib/host-page.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function rateAndSend(page, { rating = 'Good', aspect = 'Size', comment }) {
  await page.getByRole('radio', { name: rating }).click();
  await page.getByRole('button', { name: aspect }).click();
  await page.locator('resq-feedback textarea').fill(comment);
  await page.locator('resq-feedback button[type="submit"]').click();
  await page.locator('resq-feedback [data-state="thanks"]').waitFor();
}

test('one script tag and the custom element work on a plain page of another origin', async () => {
  const { tokens } = await demo();
  const orderId = await openOrder();
  const page = await browser.newPage();
  await openHostPage(page, 'plain.html', customElementPage({ orderId, apiBase: BASE, token: tokens.customer }));
  await page.evaluate(() => {
    window.events = [];
    document.addEventListener('resq-feedback:submitted', (e) => window.events.push(e.detail));
  });
  const comment = `plain page ${randomUUID()}`;
  await rateAndSend(page, { comment });
  assert.equal((await partnerReviews()).filter((r) => r.comment === comment).length, 1);
  const events = await page.evaluate(() => window.events);
  assert.equal(events.length, 1, 'one resq-feedback:submitted event reached the document');
  assert.equal(events[0].orderId, orderId);
  assert.equal(events[0].rating, 'good');
  await page.close();
});

test('mount(element, options) renders the widget and unmount() removes it', async () => {
  const { tokens } = await demo();
  const orderId = await openOrder();
  const page = await browser.newPage();
  await openHostPage(page, 'mount.html', `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Mount</title></head>
<body><div id="slot"></div></body></html>`);
  await page.evaluate(async ({ orderId, apiBase, token }) => {
    const { mount } = await import('/resq-feedback.js');
    window.handle = await mount(document.getElementById('slot'), { orderId, apiBase, token, lang: 'fi' });
  }, { orderId, apiBase: BASE, token: tokens.customer });
  await page.getByRole('radio', { name: 'Hyvä' }).waitFor();
  await page.evaluate(() => window.handle.unmount());
  await page.waitForFunction(() => !document.getElementById('slot').shadowRoot?.querySelector('[data-state]')
    && !document.getElementById('slot').querySelector('[data-state]'));
  assert.equal(await page.getByRole('radio', { name: 'Hyvä' }).count(), 0);
  await page.close();
});

test('a hostile host stylesheet leaves the widget usable', async () => {
  const { tokens } = await demo();
  const orderId = await openOrder();
  const page = await browser.newPage({ viewport: { width: 375, height: 740 } });
  await openHostPage(page, 'hostile.html', customElementPage({
    orderId, apiBase: BASE, token: tokens.customer, headExtra: HOSTILE_CSS,
  }));
  const good = page.getByRole('radio', { name: 'Good' });
  await good.waitFor();
  assert.ok(await good.isVisible(), 'rating visible');
  const fontSize = await good.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  assert.ok(fontSize < 30, `host font-size did not leak in (got ${fontSize}px)`);
  const comment = `hostile ${randomUUID()}`;
  await rateAndSend(page, { comment });
  assert.ok(await page.locator('resq-feedback [data-state="thanks"]').isVisible());
  assert.equal((await partnerReviews()).filter((r) => r.comment === comment).length, 1);
  await page.close();
});

test('the host themes the widget through CSS custom properties', async () => {
  const { tokens } = await demo();
  const orderId = await openOrder();
  const page = await browser.newPage();
  await openHostPage(page, 'themed.html', customElementPage({
    orderId, apiBase: BASE, token: tokens.customer,
    headExtra: '<style>resq-feedback { --resq-color-primary: rgb(0, 90, 40); --resq-radius: 0px; }</style>',
  }));
  await page.getByRole('radio', { name: 'Good' }).click();
  const send = page.locator('resq-feedback button[type="submit"]');
  const style = await send.evaluate((el) => ({ bg: getComputedStyle(el).backgroundColor, radius: getComputedStyle(el).borderTopLeftRadius }));
  assert.equal(style.bg, 'rgb(0, 90, 40)');
  assert.equal(style.radius, '0px');
  await page.close();
});

test('a server that cannot be reached shows a message and a retry, and the error event', async () => {
  const { tokens } = await demo();
  const page = await browser.newPage();
  await page.addInitScript(() => {
    window.errors = [];
    document.addEventListener('resq-feedback:error', (e) => window.errors.push(e.detail));
  });
  await openHostPage(page, 'down.html', customElementPage({
    orderId: 'demo-any', apiBase: 'http://127.0.0.1:9', token: tokens.customer,
  }));
  await page.locator('resq-feedback [data-state="unreachable"]').waitFor();
  assert.ok(await page.locator('resq-feedback [data-state="unreachable"] button').isVisible(), 'retry button');
  const errors = await page.evaluate(() => window.errors);
  assert.ok(errors.length >= 1 && errors[0].code, `error event with a code: ${JSON.stringify(errors)}`);
  await page.close();
});
