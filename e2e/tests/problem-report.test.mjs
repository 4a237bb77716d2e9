// "Is there a problem with this order?" end to end (R9, R10): the customer
// files a report on the demo receipt → it appears live in the service
// console → staff ask for information → the customer sees the question on
// the receipt and replies → staff resolve with credits → the customer and
// the venue see the resolution. axe-core on the form and the console.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { launch, BASE, demo, api, openOrder, axeViolations } from '../lib/browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const LINK = {
  en: 'Is there a problem with this order?',
  fi: 'Onko tässä tilauksessa ongelmia?',
  sv: 'Finns det något problem med den här beställningen?',
};

/** The demo receipt of `orderId` and its problem-report element. */
async function receipt(page, orderId, lang = 'en') {
  await page.goto(`${BASE}/?order=${orderId}&lang=${lang}`);
  const report = page.locator('resq-problem-report');
  await report.locator('.resq[data-state]:not([data-state="loading"])').waitFor();
  return report;
}

/** The customer's report of the order, through the API. */
async function reportOf(orderId) {
  const d = await demo();
  const reply = await api('GET', `/orders/${orderId}/problem-report`, d.tokens.customer);
  assert.equal(reply.status, 200, reply.text);
  return reply.json.report;
}

/** The service console, signed in as the demo's staff, live. */
async function consolePage() {
  const page = await browser.newPage();
  await page.goto(`${BASE}/console/?lang=en`);
  await page.locator('[data-demo-staff]').click();
  await page.locator('.live[data-state="live"]').waitFor();
  await page.locator('table.queue').waitFor();
  return page;
}

test('a report travels from the receipt to the console and back', async () => {
  const d = await demo();
  const orderId = await openOrder();
  const staff = await consolePage();
  const customer = await browser.newPage();
  const report = await receipt(customer, orderId, 'en');

  await report.getByRole('button', { name: LINK.en }).click();
  await report.locator('[data-state="form"]').waitFor();
  await report.getByRole('radio', { name: 'I got the wrong product' }).check();
  const description = `Väärä tuote ${randomUUID().slice(0, 8)} <b>not bold</b>`;
  await report.getByLabel(/Describe what happened/).fill(description);
  assert.deepEqual(await axeViolations(customer), [], 'axe on the report form');
  await report.getByRole('button', { name: 'Send report' }).click();
  await report.locator('[data-state="thread"][data-status="received"]').waitFor();
  assert.ok((await report.locator('[data-state="thread"]').innerText()).includes(description), 'shown as text');

  // It appears live in the console, without a reload.
  const { report_id: reportId } = await reportOf(orderId);
  const row = staff.locator(`tr[data-report-id="${reportId}"]`);
  await row.waitFor({ timeout: 5000 });
  assert.deepEqual(await axeViolations(staff), [], 'axe on the console queue');
  await row.getByRole('button').click();
  await staff.locator('#report-title').waitFor();
  assert.ok((await staff.locator('dl.facts').innerText()).includes(description));
  const question = 'Mikä tuote pussissa oli?';
  await staff.locator('#ask-text').fill(question);
  await staff.locator('form[data-action="ask"] button[type="submit"]').click();
  await staff.locator('dd[data-status="needs_info"]').waitFor();
  assert.deepEqual(await axeViolations(staff), [], 'axe on the report view');

  // The customer sees the question on the receipt and replies.
  await report.locator('[data-status="needs_info"]').waitFor({ timeout: 15_000 });
  await report.getByText(question).waitFor();
  assert.deepEqual(await axeViolations(customer), [], 'axe on the thread');
  await report.getByLabel('Your reply').fill('Kanelipullia korvapuustien sijaan.');
  await report.getByRole('button', { name: 'Send reply' }).click();
  await report.locator('[data-status="received"]').waitFor();

  // The console's open report follows live; staff resolve with credits.
  await staff.locator('dd[data-status="received"]').waitFor({ timeout: 5000 });
  await staff.getByText('Kanelipullia korvapuustien sijaan.').waitFor();
  await staff.locator('#way-credits').check();
  await staff.locator('#amount').fill('5,00');
  await staff.locator('#resolve-note').fill('Pahoittelut! 5 € krediittejä tilillesi.');
  await staff.locator('form[data-action="resolve"] button[type="submit"]').click();
  await staff.locator('dd[data-status="resolved"]').waitFor();

  // The customer and the venue see the resolution.
  await report.locator('[data-status="resolved"]').waitFor({ timeout: 15_000 });
  const resolution = report.locator('[data-resolution="credits"]');
  await resolution.waitFor();
  assert.match(await resolution.innerText(), /€5\.00/);
  assert.match(await resolution.innerText(), /Pahoittelut!/);
  const venue = await api('GET', '/venues/venue-helsinki/reports', d.tokens.partners['venue-helsinki']);
  const seen = venue.json.items.find((r) => r.report_id === reportId);
  assert.equal(seen.status, 'resolved');
  assert.deepEqual(seen.resolution, { kind: 'credits', amount_cents: 500, note: 'Pahoittelut! 5 € krediittejä tilillesi.' });
  assert.ok(!venue.text.includes(orderId), 'the venue never sees the order id');
  await customer.close();
  await staff.close();
});

test('a second attempt shows the open report instead of a new form', async () => {
  const orderId = await openOrder();
  const first = await browser.newPage();
  const report = await receipt(first, orderId, 'fi');
  await report.getByRole('button', { name: LINK.fi }).click();
  await report.getByRole('radio', { name: /Muu/ }).check();
  // "Other" needs a description: the form says so instead of sending.
  await report.locator('button[type="submit"]').click();
  await report.locator('[data-state="form"] .resq-error').waitFor();
  await report.getByLabel(/Kuvaile/).fill('Pussi oli tyhjä.');
  await report.locator('button[type="submit"]').click();
  await report.locator('[data-state="thread"]').waitFor();

  const second = await browser.newPage();
  const again = await receipt(second, orderId, 'sv');
  await again.locator('[data-state="thread"][data-status="received"]').waitFor();
  assert.equal(await again.getByRole('button', { name: LINK.sv }).count(), 0);
  assert.ok((await again.locator('.resq').innerText()).includes('Pussi oli tyhjä.'));
  await first.close();
  await second.close();
});

test('a report written offline is sent once when the connection is back', async () => {
  const orderId = await openOrder();
  const context = await browser.newContext();
  const page = await context.newPage();
  let posts = 0;
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/problem-report')) posts += 1;
  });
  const report = await receipt(page, orderId, 'en');
  await report.getByRole('button', { name: LINK.en }).click();
  await report.getByRole('radio', { name: 'The venue was closed when I arrived on time' }).check();
  await context.setOffline(true);
  await report.getByRole('button', { name: 'Send report' }).click();
  await report.locator('[data-sending="offline"]').waitFor();
  // A reload while offline keeps it in the outbox…
  await context.setOffline(false);
  await page.reload();
  await report.locator('[data-state="thread"][data-status="received"]').waitFor();
  const stored = await reportOf(orderId);
  assert.equal(stored.kind, 'venue_closed');
  // …and it was stored once, whatever was retried.
  const d = await demo();
  const queue = await api('GET', '/staff/reports?status=all', d.tokens.staff);
  assert.equal(queue.json.items.filter((r) => r.order_id === orderId).length, 1);
  assert.ok(posts >= 1);
  await context.close();
});

test('a photo is downscaled in the browser and stored as JPEG', async () => {
  const orderId = await openOrder();
  const page = await browser.newPage();
  const report = await receipt(page, orderId, 'en');
  // A large PNG made by the page's own canvas (3000 × 2000).
  const png = await page.evaluate(async () => {
    const canvas = document.createElement('canvas');
    canvas.width = 3000;
    canvas.height = 2000;
    const g = canvas.getContext('2d');
    for (let i = 0; i < 60; i += 1) {
      g.fillStyle = `hsl(${i * 6}, 70%, 50%)`;
      g.fillRect(i * 50, 0, 50, 2000);
    }
    const blob = await new Promise((r) => canvas.toBlob(r, 'image/png'));
    return Array.from(new Uint8Array(await blob.arrayBuffer()));
  });
  await report.getByRole('button', { name: LINK.en }).click();
  await report.getByRole('radio', { name: 'The order was not available' }).check();
  await report.locator('input[type="file"]').setInputFiles({ name: 'shelf.png', mimeType: 'image/png', buffer: Buffer.from(png) });
  await report.getByRole('button', { name: 'Send report' }).click();
  await report.locator('[data-state="thread"]').waitFor();
  await report.locator('[data-photos="1"]').waitFor({ timeout: 10_000 });
  const stored = await reportOf(orderId);
  assert.equal(stored.photos.length, 1);
  assert.equal(stored.photos[0].content_type, 'image/jpeg');
  assert.ok(stored.photos[0].size_bytes < png.length, `${stored.photos[0].size_bytes} < ${png.length}`);
  await page.close();
});
