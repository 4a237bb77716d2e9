// The customer's feedback flow, end to end: widget in Chromium → real server →
// visible to the venue's partner API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { launch, BASE, openOrder, partnerReviews } from '../lib/browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const WORDS = {
  fi: { good: 'Hyvä', ok: 'OK', bad: 'Huono', taste: 'Maku', price: 'Hinta', question: 'Mikä oli erityisen hyvää?' },
  sv: { good: 'Bra', ok: 'OK', bad: 'Dålig', taste: 'Smak', price: 'Pris' },
  en: { good: 'Good', ok: 'OK', bad: 'Bad', taste: 'Taste', price: 'Price', question: 'What was especially good?' },
};

/** Opens the demo receipt page on `orderId` and waits for the open widget. */
async function receipt(page, orderId, lang) {
  await page.goto(`${BASE}/?order=${orderId}&lang=${lang}`);
  await page.locator('resq-feedback [data-state="open"]').waitFor();
}

/** POSTs the page makes to the feedback endpoint. */
function countFeedbackPosts(page) {
  const seen = { sent: 0, answered: [] };
  page.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith('/feedback')) seen.sent += 1; });
  page.on('response', (r) => {
    if (r.request().method() === 'POST' && r.url().endsWith('/feedback')) seen.answered.push(r.status());
  });
  return seen;
}

for (const lang of ['fi', 'sv', 'en']) {
  test(`a customer rates an order in ${lang} and the venue sees it`, async () => {
    const orderId = await openOrder();
    const page = await browser.newPage();
    await receipt(page, orderId, lang);
    const w = WORDS[lang];
    await page.getByRole('radio', { name: w.good }).click();
    if (w.question) await page.getByRole('heading', { name: w.question }).waitFor();
    await page.getByRole('button', { name: w.taste }).click();
    assert.equal(await page.getByRole('button', { name: w.taste }).getAttribute('aria-pressed'), 'true');
    const comment = `Erinomainen ${lang} ${randomUUID()}`;
    await page.locator('resq-feedback textarea').fill(comment);
    await page.locator('resq-feedback button[type="submit"]').click();
    await page.locator('resq-feedback [data-state="thanks"]').waitFor();
    const review = (await partnerReviews()).find((r) => r.comment === comment);
    assert.ok(review, 'the venue sees the review');
    assert.equal(review.rating, 'good');
    assert.deepEqual(review.aspects, ['taste']);
    await page.close();
  });
}

test('three taps in Finnish: rate, pick an aspect, send', async () => {
  const orderId = await openOrder();
  const page = await browser.newPage({ viewport: { width: 375, height: 740 }, hasTouch: true, isMobile: true });
  await receipt(page, orderId, 'fi');
  await page.getByRole('radio', { name: 'Huono' }).tap();
  await page.getByRole('button', { name: 'Hinta' }).tap();
  await page.locator('resq-feedback button[type="submit"]').tap();
  await page.locator('resq-feedback [data-state="thanks"]').waitFor();
  const page2 = await browser.newPage();
  await page2.goto(`${BASE}/?order=${orderId}&lang=fi`);
  await page2.locator('resq-feedback [data-state="submitted"]').waitFor();
  await page.close();
  await page2.close();
});

test('a double click on Send sends once', async () => {
  const orderId = await openOrder();
  const page = await browser.newPage();
  const posts = countFeedbackPosts(page);
  await receipt(page, orderId, 'en');
  await page.getByRole('radio', { name: 'OK' }).click();
  const comment = `double ${randomUUID()}`;
  await page.locator('resq-feedback textarea').fill(comment);
  await page.locator('resq-feedback button[type="submit"]').dblclick();
  await page.locator('resq-feedback [data-state="thanks"]').waitFor();
  await page.waitForTimeout(300);
  assert.equal(posts.sent, 1, 'one request');
  assert.equal((await partnerReviews()).filter((r) => r.comment === comment).length, 1);
  await page.close();
});

test('offline: the submission waits in the browser and is sent once when back online', async () => {
  const orderId = await openOrder();
  const context = await browser.newContext();
  const page = await context.newPage();
  const posts = countFeedbackPosts(page);
  await receipt(page, orderId, 'en');
  await context.setOffline(true);
  await page.getByRole('radio', { name: 'Good' }).click();
  const comment = `offline ${randomUUID()}`;
  await page.locator('resq-feedback textarea').fill(comment);
  await page.locator('resq-feedback button[type="submit"]').click();
  await page.locator('resq-feedback .resq-status', { hasText: "we'll send it when you're online" }).waitFor();
  const stored = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('resq')));
  assert.equal(stored.length, 1, 'kept in localStorage');
  assert.equal((await partnerReviews()).filter((r) => r.comment === comment).length, 0, 'not sent yet');
  await context.setOffline(false);
  await page.locator('resq-feedback [data-state="thanks"]').waitFor();
  await page.waitForTimeout(500);
  assert.equal((await partnerReviews()).filter((r) => r.comment === comment).length, 1, 'stored once');
  assert.deepEqual(posts.answered.filter((s) => s < 300), [201], 'one accepted request');
  const left = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('resq')));
  assert.deepEqual(left, [], 'nothing left waiting');
  await context.close();
});

test("a server error is shown next to its field, in the user's language", async () => {
  const orderId = await openOrder();
  const page = await browser.newPage();
  await page.route('**/feedback', (route) => route.fulfill({
    status: 422,
    contentType: 'application/json',
    body: JSON.stringify({ code: 'comment_too_long', message: 'The comment is longer than 1000 characters.', field: 'comment' }),
  }));
  await receipt(page, orderId, 'fi');
  await page.getByRole('radio', { name: 'Hyvä' }).click();
  const textarea = page.locator('resq-feedback textarea');
  await textarea.fill('Tämä kommentti hylätään palvelimella');
  await page.locator('resq-feedback button[type="submit"]').click();
  const describedBy = await textarea.getAttribute('aria-describedby');
  assert.ok(describedBy, 'the comment field points at its error');
  const error = page.locator('resq-feedback').locator(`[id="${describedBy.split(' ').find((id) => id.includes('error')) ?? describedBy}"]`);
  await error.waitFor();
  const text = await error.innerText();
  assert.ok(text.length > 0 && !text.includes('The comment is longer'), `Finnish message, got: ${text}`);
  assert.equal(await page.locator('resq-feedback [data-state="open"]').count(), 1, 'still open, nothing lost');
  await page.close();
});
