// Nothing acknowledged is lost, nothing is sent twice: a submission saved
// while offline survives a reload and a browser restart (a persistent
// Chromium profile), and one made while the server's disk is full waits in
// the browser and arrives once when the disk has room again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { launch, launchPersistent, BASE, openOrder, partnerReviews } from '../lib/browser.mjs';
import { freePort, waitForHealth } from '../lib/servers.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Keys the widget keeps in localStorage. */
const waiting = (page) => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('resq-feedback')));

/** Every answer to a feedback POST the page sees. */
function feedbackAnswers(page, answers = []) {
  page.on('response', (r) => {
    if (r.request().method() === 'POST' && r.url().endsWith('/feedback')) answers.push(r.status());
  });
  return answers;
}

test('a submission saved offline survives a reload and a browser restart, and is sent once', async () => {
  const orderId = await openOrder();
  const profile = mkdtempSync(join(tmpdir(), 'resq-profile-'));
  const url = `${BASE}/?order=${orderId}&lang=en`;
  const comment = `durable ${randomUUID()}`;
  const answers = [];
  try {
    // 1. Offline: the customer rates and sends; it waits in the browser.
    let context = await launchPersistent(profile);
    let page = context.pages()[0] ?? await context.newPage();
    feedbackAnswers(page, answers);
    await page.goto(url);
    await page.locator('resq-feedback [data-state="open"]').waitFor();
    await context.setOffline(true);
    await page.getByRole('radio', { name: 'Good' }).click();
    await page.locator('resq-feedback textarea').fill(comment);
    await page.locator('resq-feedback button[type="submit"]').click();
    await page.locator('resq-feedback .resq-status', { hasText: "we'll send it when you're online" }).waitFor();
    assert.equal((await waiting(page)).length, 1, 'saved in the browser');

    // 2. The page reloads while the API is still unreachable (the page
    //    itself loads; every feedback POST fails as a dropped network).
    await context.route('**/api/v1/orders/*/feedback', (route) => (
      route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue()
    ));
    await context.setOffline(false);
    await page.reload();
    await page.locator('resq-feedback .resq-status', { hasText: "we'll send it when you're online" }).waitFor();
    assert.equal((await waiting(page)).length, 1, 'still saved after the reload');
    assert.equal(await page.locator('resq-feedback textarea').inputValue(), comment, 'the draft is back');

    // 3. The browser is closed and started again on the same profile.
    await context.close();
    assert.equal((await partnerReviews()).filter((r) => r.comment === comment).length, 0, 'nothing arrived yet');
    context = await launchPersistent(profile);
    page = context.pages()[0] ?? await context.newPage();
    feedbackAnswers(page, answers);
    await page.goto(url);
    await page.locator('resq-feedback [data-state="thanks"]').waitFor();
    await page.waitForTimeout(500);
    assert.deepEqual(answers, [201], 'one request reached the server, accepted');
    assert.equal((await partnerReviews()).filter((r) => r.comment === comment).length, 1, 'stored once');
    assert.deepEqual(await waiting(page), [], 'nothing left waiting');

    // A later visit shows the given feedback and sends nothing.
    await page.reload();
    await page.locator('resq-feedback [data-state="submitted"]').waitFor();
    assert.deepEqual(answers, [201]);
    await context.close();
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
});

test("the server's disk fills up: the submission waits in the browser and arrives once when there is room", async () => {
  const targetDir = process.env.CARGO_TARGET_DIR ?? join(root, 'target');
  const serverBin = process.env.RESQ_SERVER_BIN ?? join(targetDir, 'debug', 'resq-server');
  const work = mkdtempSync(join(tmpdir(), 'resq-full-disk-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // SIGXFSZ ignored (as for a real full disk, writes fail with an error
  // instead of ending the process); the fault is the kernel's file-size
  // limit on the running server, set and lifted with prlimit(1).
  const server = spawn('bash', ['-c', 'trap "" XFSZ; exec "$0" "$@"', serverBin,
    'demo', '--listen', `127.0.0.1:${port}`, '--database', join(work, 'demo.sqlite'),
    '--static-dir', join(root, 'dist')], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, RUST_LOG: 'error' } });
  let log = '';
  server.stderr.on('data', (chunk) => { log += chunk; });
  const diskFull = (full) => execFileSync('prlimit', [`--pid=${server.pid}`, `--fsize=${full ? '0' : 'unlimited'}:unlimited`]);
  const browser = await launch();
  try {
    await waitForHealth(`${base}/healthz`, server);
    const demo = await (await fetch(`${base}/api/v1/demo`)).json();
    const orderId = demo.orders.open[0];
    assert.ok(orderId, `an open demo order: ${JSON.stringify(demo.orders)}`);
    const order = await (await fetch(`${base}/api/v1/orders/${orderId}`, {
      headers: { authorization: `Bearer ${demo.tokens.customer}` },
    })).json();
    const venueId = order.venue.id;
    const reviews = async () => {
      const r = await fetch(`${base}/api/v1/venues/${venueId}/feedback?limit=100`, {
        headers: { authorization: `Bearer ${demo.tokens.partners[venueId]}` },
      });
      assert.equal(r.status, 200, 'reads keep serving');
      return (await r.json()).items;
    };
    const before = (await reviews()).length;

    const page = await browser.newPage();
    const answers = feedbackAnswers(page);
    await page.goto(`${base}/?order=${orderId}&lang=fi`);
    await page.locator('resq-feedback [data-state="open"]').waitFor();
    diskFull(true);
    await page.getByRole('radio', { name: 'Hyvä' }).click();
    const comment = `täysi levy ${randomUUID()}`;
    await page.locator('resq-feedback textarea').fill(comment);
    await page.locator('resq-feedback button[type="submit"]').click();
    await page.locator('resq-feedback .resq-status', { hasText: 'palvelu ei ole juuri nyt käytettävissä' }).waitFor();
    assert.deepEqual(answers, [503]);
    assert.equal((await waiting(page)).length, 1, 'kept in the browser');
    assert.equal((await reviews()).length, before, 'nothing stored');
    assert.match(log, /storage failed/, 'the server logged the fault');

    diskFull(false);
    await page.locator('resq-feedback [data-state="thanks"]').waitFor({ timeout: 20_000 });
    assert.deepEqual(answers.filter((s) => s < 300), [201], 'sent again by itself, accepted once');
    assert.ok(answers.slice(0, -1).every((s) => s === 503), `only 503s before: ${answers}`);
    const stored = (await reviews()).filter((r) => r.comment === comment);
    assert.equal(stored.length, 1, 'stored once');
    assert.deepEqual(await waiting(page), [], 'nothing left waiting');
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    rmSync(work, { recursive: true, force: true });
  }
});
