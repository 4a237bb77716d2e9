// The partner's Feedback page in the console, end to end: live updates from
// the widget, comments shown as text, filters, asking ResQ to contact a
// customer, and accessibility.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { launch, BASE, demo, api, openOrder, axeViolations, artifactPath } from '../lib/browser.mjs';
import { openHostPage } from '../lib/host-page.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Opens the console, signs in as the demo partner of `venueId`, waits until live. */
async function partnerPage(venueId = 'venue-helsinki') {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${BASE}/console/?lang=en`);
  await page.locator(`button[data-demo-venue="${venueId}"]`).click();
  await page.locator('[data-testid="live"][data-state="live"]').waitFor();
  await page.locator('[data-testid="summary"]').waitFor();
  return { page, errors };
}

/** Gives feedback on a fresh open order through the customer API. */
async function rateByApi(body, venueId = 'venue-helsinki') {
  const d = await demo();
  const orderId = await openOrder({ venueId });
  const reply = await api('POST', `/orders/${orderId}/feedback`, d.tokens.customer, body, { 'idempotency-key': randomUUID() });
  assert.equal(reply.status, 201, reply.text);
  return orderId;
}

test('a rating given in the widget appears on the partner page within a second, without a reload', async () => {
  const { page: partner, errors } = await partnerPage();
  await partner.evaluate(() => { window.__sameDocument = true; });

  const orderId = await openOrder();
  const customer = await browser.newPage();
  await customer.goto(`${BASE}/?order=${orderId}&lang=en`);
  await customer.locator('resq-feedback [data-state="open"]').waitFor();
  await customer.getByRole('radio', { name: 'Bad' }).click();
  await customer.getByRole('button', { name: 'Size' }).click();
  const comment = `Live ${randomUUID()}`;
  await customer.locator('resq-feedback textarea').fill(comment);
  await customer.locator('resq-feedback button[type="submit"]').click();
  await customer.locator('resq-feedback [data-state="thanks"]').waitFor();
  const thanked = Date.now();

  const row = partner.locator('li.review', { hasText: comment });
  await row.waitFor({ timeout: 1000 });
  const seenAfter = Date.now() - thanked;
  assert.ok(seenAfter <= 1000, `shown ${seenAfter} ms after the widget said thanks`);
  assert.equal(await partner.evaluate(() => window.__sameDocument), true, 'no reload');
  assert.match(await row.locator('.rating').innerText(), /Bad/);
  assert.match(await row.locator('.aspects').innerText(), /Size/);
  assert.deepEqual(errors, []);
  await customer.close();
  await partner.close();
});

test('a comment with HTML and script shows as text and nothing runs', async () => {
  const { page, errors } = await partnerPage();
  const marker = randomUUID().slice(0, 8);
  const comment = `<img src=x onerror="window.__xss='img'"><script>window.__xss='script'</script> ${marker}`;
  await rateByApi({ rating: 'bad', aspects: ['taste'], comment });
  const row = page.locator('li.review', { hasText: marker });
  await row.waitFor({ timeout: 2000 });
  assert.equal(await row.locator('.comment').innerText(), comment);
  assert.equal(await row.locator('img, script').count(), 0, 'no element was made from the comment');
  assert.equal(await page.evaluate(() => window.__xss), undefined, 'no script ran');
  await page.reload();
  await page.locator('li.review', { hasText: marker }).waitFor();
  assert.equal(await page.evaluate(() => window.__xss), undefined, 'not after a reload either');
  assert.deepEqual(errors, []);
  await page.close();
});

test('filters narrow the list on the server and live reviews respect them', async () => {
  const { page } = await partnerPage();
  await page.locator('button[data-filter-rating="good"]').click();
  await page.locator('ul.reviews[aria-busy="false"]').first().waitFor();
  const ratings = await page.locator('[data-testid="reviews"] li.review .rating').allInnerTexts();
  assert.ok(ratings.length > 0);
  assert.ok(ratings.every((r) => r === 'Good'), ratings.join(','));
  const marker = randomUUID().slice(0, 8);
  await rateByApi({ rating: 'bad', comment: `hidden ${marker}` });
  await rateByApi({ rating: 'good', comment: `shown ${marker}` });
  await page.locator('li.review', { hasText: `shown ${marker}` }).waitFor({ timeout: 2000 });
  assert.equal(await page.locator('li.review', { hasText: `hidden ${marker}` }).count(), 0);
  await page.close();
});

test('a partner asks ResQ to contact a customer and staff see who it is', async () => {
  const { page } = await partnerPage();
  const marker = randomUUID().slice(0, 8);
  const orderId = await rateByApi({ rating: 'ok', comment: `contact me ${marker}` });
  const row = page.locator('li.review', { hasText: marker });
  await row.waitFor({ timeout: 2000 });
  await row.getByRole('button', { name: 'Ask ResQ to contact this customer' }).click();
  const message = `We would like to refund you ${marker}`;
  await row.getByLabel('Message to ResQ').fill(message);
  await row.getByRole('button', { name: 'Send' }).click();
  await row.getByRole('status').filter({ hasText: 'Sent' }).waitFor();
  assert.doesNotMatch(await page.content(), /demo-customer/, 'the page never names the customer');
  const d = await demo();
  const list = await api('GET', '/staff/contact-requests', d.tokens.staff);
  const request = list.json.items.find((r) => r.message === message);
  assert.ok(request, list.text);
  assert.equal(request.order_id, orderId);
  assert.equal(request.customer_id, 'demo-customer');
  await page.close();
});

/** The service console's contact requests, signed in as the demo's staff, live. */
async function contactRequestsPage() {
  const page = await browser.newPage();
  await page.goto(`${BASE}/console/?lang=en`);
  await page.locator('[data-demo-staff]').click();
  await page.getByRole('button', { name: 'Contact requests' }).click();
  await page.locator('.live[data-state="live"]').waitFor();
  await page.locator('[data-testid="contacts-open"]').waitFor();
  return page;
}

test('a partner asks ResQ to contact the customer behind a problem report and it appears in the service console', async () => {
  const d = await demo();
  const orderId = await openOrder();
  const marker = randomUUID().slice(0, 8);
  const filed = await api('POST', `/orders/${orderId}/problem-report`, d.tokens.customer,
    { kind: 'other', description: `Kylmää ruokaa ${marker}` }, { 'idempotency-key': randomUUID() });
  assert.equal(filed.status, 201, filed.text);
  const reportId = filed.json.report.report_id;
  const staff = await contactRequestsPage();
  const { page, errors } = await partnerPage();

  const row = page.locator(`[data-testid="reports"] li[data-report-id="${reportId}"]`);
  await row.waitFor();
  await row.getByRole('button', { name: 'Ask ResQ to contact this customer' }).click();
  const message = `Please offer a new box ${marker}`;
  await row.getByLabel('Message to ResQ').fill(message);
  await row.getByRole('button', { name: 'Send' }).click();
  await row.getByRole('status').filter({ hasText: 'Sent' }).waitFor();
  assert.doesNotMatch(await page.content(), /demo-customer/, 'the page never names the customer');
  assert.deepEqual(errors, []);

  // Already open: the request arrives live, naming the report and the customer.
  const request = staff.locator(`[data-testid="contacts-open"] li[data-about="report"][data-subject-id="${reportId}"]`);
  await request.waitFor({ timeout: 5000 });
  const text = await request.innerText();
  assert.ok(text.includes(message), text);
  assert.ok(text.includes(`Kylmää ruokaa ${marker}`), text);
  assert.ok(text.includes('Problem report'), text);
  assert.ok(text.includes('demo-customer'), text);
  assert.ok(text.includes(orderId), text);
  assert.deepEqual(await axeViolations(staff), [], 'axe on the contact requests');

  await request.getByRole('button', { name: 'Mark handled' }).click();
  const handled = staff.locator(`[data-testid="contacts-handled"] li[data-subject-id="${reportId}"]`);
  await handled.waitFor();
  assert.equal(await handled.getAttribute('data-status'), 'handled');
  assert.equal(await request.count(), 0, 'no longer among the open ones');
  await staff.reload();
  await staff.getByRole('button', { name: 'Contact requests' }).click();
  await staff.locator(`[data-testid="contacts-handled"] li[data-subject-id="${reportId}"]`).waitFor();
  await staff.close();
  await page.close();
});

test('the partner page has no axe-core violations', async () => {
  const { page } = await partnerPage();
  await page.locator('[data-testid="reports"] ul, [data-testid="reports"] p').first().waitFor();
  await page.locator('[data-testid="reviews"] li.review').first().waitFor();
  await page.screenshot({ path: artifactPath('partner-page.png'), fullPage: true });
  assert.deepEqual(await axeViolations(page), []);
  await page.getByRole('button', { name: 'Ask ResQ to contact this customer' }).first().click();
  assert.deepEqual(await axeViolations(page), [], 'with the contact form open');
  await page.close();
});

test('the sign-in and the quality sample have no axe-core violations', async () => {
  const page = await browser.newPage();
  await page.goto(`${BASE}/console/?lang=fi`);
  await page.locator('button[data-demo-staff]').waitFor();
  assert.deepEqual(await axeViolations(page), []);
  await page.locator('button[data-demo-staff]').click();
  await page.getByRole('button', { name: 'Laadun pistokokeet' }).click();
  await page.locator('input[data-sample-day]').waitFor();
  await page.locator('section.sample li').first().waitFor();
  assert.deepEqual(await axeViolations(page), []);
  await page.close();
});

/** A TCP proxy to the demo server whose connections the test can cut. */
async function cuttableProxy() {
  const target = new URL(BASE);
  const sockets = new Set();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    cut() { for (const s of sockets) s.destroy(); },
    close() { this.cut(); server.close(); },
  };
}

test('after a network drop the page reconnects by itself and shows what it missed', async () => {
  const proxy = await cuttableProxy();
  const page = await browser.newPage();
  try {
    await page.goto(`${proxy.url}/console/?lang=en`);
    await page.locator('button[data-demo-venue="venue-helsinki"]').click();
    const live = page.locator('[data-testid="live"]');
    await page.locator('[data-testid="live"][data-state="live"]').waitFor();
    const marker = randomUUID().slice(0, 8);
    await rateByApi({ rating: 'good', comment: `before ${marker}` });
    await page.locator('li.review', { hasText: `before ${marker}` }).waitFor({ timeout: 2000 });

    // Drop every connection, and give feedback while the page is away.
    proxy.cut();
    await rateByApi({ rating: 'ok', comment: `missed ${marker}` });
    await page.locator('li.review', { hasText: `missed ${marker}` }).waitFor({ timeout: 10000 });
    assert.equal(await live.getAttribute('data-state'), 'live');
    assert.equal(await page.locator('li.review', { hasText: `before ${marker}` }).count(), 1, 'nothing twice');
    // And it is live again: the next one arrives as it happens.
    await rateByApi({ rating: 'bad', comment: `after ${marker}` });
    await page.locator('li.review', { hasText: `after ${marker}` }).waitFor({ timeout: 2000 });
  } finally {
    await page.close();
    proxy.close();
  }
});

/** A host page on another origin with the rating badge of `venueId`. */
async function badgePage(venueId, lang = 'en') {
  const page = await browser.newPage();
  await openHostPage(page, `venue-${randomUUID().slice(0, 8)}.html`, `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Venue</title>
<script type="module" src="/resq-feedback.js"></script></head>
<body><main><h1>Café Söder</h1>
<resq-rating venue-id="${venueId}" api-base="${BASE}" lang="${lang}"></resq-rating>
</main></body></html>`);
  await page.locator('resq-rating section[aria-busy="false"]').waitFor();
  return page;
}

test('the badge speaks Finnish and Swedish and is axe-clean while not public', async () => {
  const venueId = 'venue-stockholm';
  assert.equal((await api('GET', `/venues/${venueId}/rating`)).json.status, 'not_enough_ratings');
  for (const [lang, text] of [['fi', 'Ei vielä tarpeeksi arvioita'], ['sv', 'Inte tillräckligt många betyg ännu'], ['en', 'Not enough ratings yet']]) {
    const page = await badgePage(venueId, lang);
    assert.equal(await page.locator('resq-rating [data-state="not_enough"]').innerText(), text);
    assert.deepEqual(await axeViolations(page), [], lang);
    await page.close();
  }
  // A venue the server does not know: no rating to show, said plainly.
  const page = await badgePage('venue-unknown', 'fi');
  assert.equal(await page.locator('resq-rating .rating-note').innerText(), 'Arviot eivät ole juuri nyt saatavilla.');
  await page.close();
});

test('the rating badge flips from "not enough ratings" to counts on the fifth rating', async () => {
  const venueId = 'venue-stockholm';
  const before = await api('GET', `/venues/${venueId}/rating`);
  assert.equal(before.json.status, 'not_enough_ratings', 'the demo starts Stockholm below five');
  // How many the demo has: from the partner's summary.
  const d = await demo();
  const summary = await api('GET', `/venues/${venueId}/summary`, d.tokens.partners[venueId]);
  const missing = summary.json.ratings_until_public;
  assert.ok(missing >= 1, summary.text);

  for (let i = 1; i <= missing; i += 1) {
    const page = await badgePage(venueId);
    const note = page.locator('resq-rating [data-state="not_enough"]');
    assert.equal(await note.innerText(), 'Not enough ratings yet', `before rating ${i} of ${missing}`);
    assert.equal(await page.locator('resq-rating [data-rating]').count(), 0, 'no counts below five');
    await page.close();
    await rateByApi({ rating: i % 2 ? 'good' : 'bad' }, venueId);
  }
  const page = await badgePage(venueId);
  await page.locator('resq-rating [data-state="public"]').waitFor();
  const after = (await api('GET', `/venues/${venueId}/rating`)).json.counts;
  assert.equal(after.good + after.ok + after.bad, 5);
  for (const [rating, name] of [['good', 'Good'], ['ok', 'OK'], ['bad', 'Bad']]) {
    const item = page.locator(`resq-rating [data-rating="${rating}"]`);
    assert.equal(await item.locator('.rating-name').innerText(), name);
    assert.match(await item.locator('.rating-count').innerText(), new RegExp(`^${after[rating]} \\(\\d+ %\\)$`));
  }
  assert.deepEqual(await axeViolations(page), []);
  await page.close();
});
