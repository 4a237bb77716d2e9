// Runs the browser suites against the real demo server.
//
// Starts `resq-server demo` (fresh SQLite, demo data, serving dist/) on a free
// port, then runs every e2e/tests/*.test.mjs with Node's test runner. Suites
// that embed the widget on an integrator's page start a static server of
// their own on a second origin (e2e/lib/host-page.mjs).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, waitForHealth } from './lib/servers.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const targetDir = process.env.CARGO_TARGET_DIR ?? join(root, 'target');
const serverBin = process.env.RESQ_SERVER_BIN ?? join(targetDir, 'debug', 'resq-server');
if (!existsSync(serverBin)) throw new Error(`no server binary at ${serverBin}: build it first`);
if (!existsSync(join(root, 'dist', 'resq-feedback.js'))) throw new Error('no dist/: run the widget build first');
if (!existsSync(join(root, 'console', 'dist', 'index.html'))) throw new Error('no console/dist/: run `make console` first');

const work = mkdtempSync(join(tmpdir(), 'resq-e2e-'));
const port = await freePort();
const server = spawn(serverBin, [
  'demo',
  '--listen', `127.0.0.1:${port}`,
  '--database', join(work, 'demo.sqlite'),
  '--static-dir', join(root, 'dist'),
  '--console-dir', join(root, 'console', 'dist'),
], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? 'warn' } });
const base = `http://127.0.0.1:${port}`;
let code = 1;
try {
  await waitForHealth(`${base}/healthz`, server);
  const files = process.argv.slice(2);
  const tests = spawn(process.execPath, [
    '--test', '--test-concurrency=1', '--test-reporter=spec',
    ...(files.length ? files : [join(root, 'e2e', 'tests')]),
  ], {
    stdio: 'inherit',
    env: { ...process.env, E2E_BASE: base, E2E_ARTIFACTS: join(root, 'e2e', 'artifacts') },
  });
  code = await new Promise((resolve) => tests.on('exit', (c) => resolve(c ?? 1)));
} finally {
  server.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}
process.exit(code);
