// Shared pieces of the browser suites: Chromium, the demo API, axe-core.
import { chromium } from 'playwright-core';
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';

export const BASE = process.env.E2E_BASE;
export const ARTIFACTS = process.env.E2E_ARTIFACTS ?? 'e2e/artifacts';

/** Chromium flags for this closed-network, root, headless machine. */
export const CHROMIUM_ARGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run', '--disable-quic',
];

export function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

export function launchPersistent(userDataDir, options = {}) {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS, ...options,
  });
}

let demoInfo;
/** The demo server's tokens, venues and order ids (GET /api/v1/demo). */
export async function demo() {
  demoInfo ??= await (await fetch(`${BASE}/api/v1/demo`)).json();
  return demoInfo;
}

/** The `sub` claim of a JWT (which customer a demo token is for). */
export function tokenSubject(token) {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).sub;
}

export async function api(method, path, token, body, headers = {}) {
  const res = await fetch(`${BASE}/api/v1${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: text ? JSON.parse(text) : null };
}

/**
 * Registers a fresh order for the demo customer through the service API and
 * marks it picked up, so its feedback is open: each test rates its own order.
 */
export async function openOrder({ venueId = 'venue-helsinki', products = [{ name: 'Lounaslaatikko', quantity: 1 }] } = {}) {
  const d = await demo();
  const venue = d.venues.find((v) => v.id === venueId);
  const orderId = `e2e-${randomUUID().slice(0, 8)}`;
  const now = Date.now();
  const reg = await api('POST', '/orders', d.tokens.service, {
    order_id: orderId,
    venue: { id: venue.id, name: venue.name, time_zone: venue.time_zone },
    customer_id: tokenSubject(d.tokens.customer),
    products,
    purchased_at: new Date(now - 3 * 3600_000).toISOString(),
    pickup_window: { start: new Date(now - 2 * 3600_000).toISOString(), end: new Date(now - 3600_000).toISOString() },
  });
  if (reg.status !== 201) throw new Error(`register order: ${reg.status} ${reg.text}`);
  const mark = await api('POST', `/orders/${orderId}/pickup`, d.tokens.service);
  if (mark.status !== 200) throw new Error(`mark picked up: ${mark.status} ${mark.text}`);
  return orderId;
}

/** Every review the partner of `venueId` sees (all pages). */
export async function partnerReviews(venueId = 'venue-helsinki') {
  const d = await demo();
  const items = [];
  let cursor;
  do {
    const q = cursor ? `?limit=100&cursor=${encodeURIComponent(cursor)}` : '?limit=100';
    const page = await api('GET', `/venues/${venueId}/feedback${q}`, d.tokens.partners[venueId]);
    if (page.status !== 200) throw new Error(`partner list: ${page.status} ${page.text}`);
    items.push(...page.json.items);
    cursor = page.json.next_cursor;
  } while (cursor);
  return items;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core (WCAG 2.x A/AA rules) on the page, shadow roots included. */
export async function axeViolations(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
  }));
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary}`).join('; ')})`);
}

export function artifactPath(name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}
