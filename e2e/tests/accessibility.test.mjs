// Accessibility (axe-core, WCAG 2.2 AA rules) in every state, keyboard-only
// completion, and screenshots of each state at phone and desktop widths.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { launch, BASE, demo, openOrder, partnerReviews, axeViolations, artifactPath } from '../lib/browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const WIDTHS = [375, 1280];

async function shoot(page, name) {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: width < 600 ? 740 : 800 });
    await page.screenshot({ path: artifactPath(`${name}-${width}.png`), fullPage: true });
  }
}

async function checkState(page, name, expectState) {
  await page.locator(`resq-feedback [data-state="${expectState}"]`).waitFor();
  assert.deepEqual(await axeViolations(page), [], `axe finds no violations in ${name}`);
  await shoot(page, name);
}

test('every state is free of axe violations (and is photographed)', async () => {
  const d = await demo();
  const page = await browser.newPage();
  for (const state of ['not_open', 'submitted', 'closed']) {
    await page.goto(`${BASE}/?order=${d.orders[state][0]}&lang=fi`);
    await checkState(page, `state-${state}`, state);
  }
  const orderId = await openOrder();
  await page.goto(`${BASE}/?order=${orderId}&lang=fi`);
  await checkState(page, 'state-open-rating', 'open');
  await page.getByRole('radio', { name: 'Hyvä' }).click();
  await page.locator('resq-feedback [data-step="details"]').waitFor();
  await page.getByRole('button', { name: 'Maku' }).click();
  await checkState(page, 'state-open-details', 'open');
  await page.locator('resq-feedback button[type="submit"]').click();
  await checkState(page, 'state-thanks', 'thanks');
  await page.route('**/api/v1/orders/**', (route) => route.abort('connectionrefused'));
  await page.goto(`${BASE}/?order=${orderId}&lang=en`);
  await checkState(page, 'state-unreachable', 'unreachable');
  await page.close();
});

test('a keyboard alone completes the feedback', async () => {
  const orderId = await openOrder();
  const page = await browser.newPage();
  await page.goto(`${BASE}/?order=${orderId}&lang=en`);
  await page.locator('resq-feedback [data-state="open"]').waitFor();
  // Tab until focus is inside the rating group.
  for (let i = 0; i < 30; i += 1) {
    const role = await page.evaluate(() => {
      let el = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      return el?.getAttribute('role');
    });
    if (role === 'radio') break;
    await page.keyboard.press('Tab');
  }
  await page.keyboard.press('ArrowRight'); // Good -> OK
  await page.keyboard.press('ArrowRight'); // OK -> Bad
  await page.keyboard.press('ArrowLeft'); // Bad -> OK
  await page.keyboard.press('Enter');
  await page.locator('resq-feedback [data-step="details"]').waitFor();
  // Focus moved to the follow-up; Tab to the first aspect and press Space.
  const focusedText = async () => page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return { tag: el?.tagName, text: el?.textContent?.trim(), type: el?.getAttribute('type'), pressed: el?.getAttribute('aria-pressed') };
  });
  for (let i = 0; i < 10 && (await focusedText()).pressed === null; i += 1) await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  for (let i = 0; i < 10 && (await focusedText()).tag !== 'TEXTAREA'; i += 1) await page.keyboard.press('Tab');
  const comment = `keyboard ${randomUUID()}`;
  await page.keyboard.type(comment);
  for (let i = 0; i < 10 && (await focusedText()).type !== 'submit'; i += 1) await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.locator('resq-feedback [data-state="thanks"]').waitFor();
  const review = (await partnerReviews()).find((r) => r.comment === comment);
  assert.ok(review, 'stored');
  assert.equal(review.rating, 'ok');
  assert.equal(review.aspects.length, 1);
  await page.close();
});
