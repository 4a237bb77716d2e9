// Start-up (issue 6, time to interactive): the loader asks for the order as
// soon as the element connects, while the wasm is still on its way, and the
// widget takes that answer instead of asking again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, BASE, demo, openOrder } from '../lib/browser.mjs';
import { openHostPage, customElementPage } from '../lib/host-page.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the order is asked for once, before the wasm has arrived', async () => {
  const { tokens } = await demo();
  const orderId = await openOrder();
  const page = await browser.newPage();
  const orderGets = [];
  let wasmArrived = false;
  let orderAsked;
  const asked = new Promise((resolve) => { orderAsked = resolve; });
  page.on('request', (r) => {
    if (r.method() === 'GET' && r.url().endsWith(`/api/v1/orders/${orderId}`)) {
      orderGets.push({ beforeWasm: !wasmArrived });
      orderAsked();
    }
  });
  // The wasm is held back until the order has been asked for (at most 5 s:
  // a widget that asks only once it runs would wait that long, and fail).
  await page.route('**/resq-feedback_bg.wasm', async (route) => {
    await Promise.race([asked, new Promise((resolve) => setTimeout(resolve, 5000))]);
    wasmArrived = true;
    await route.continue();
  });
  await openHostPage(page, 'startup.html', customElementPage({ orderId, apiBase: BASE, token: tokens.customer }));
  await page.getByRole('radio', { name: 'Good' }).waitFor();
  assert.equal(await page.locator('resq-feedback [data-state="open"]').count(), 1);
  assert.deepEqual(orderGets, [{ beforeWasm: true }], 'one GET of the order, sent before the wasm arrived');
  await page.close();
});
