// Small helpers to run the servers the browser suites need.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, extname, normalize } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml',
};

/** A free TCP port on the loopback interface. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
    s.on('error', reject);
  });
}

/** Polls `url` until it answers 200; fails early if `child` exits. */
export async function waitForHealth(url, child, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let exited = null;
  child.on('exit', (c) => { exited = c; });
  while (Date.now() < deadline) {
    if (exited !== null) throw new Error(`server exited with ${exited} before it was healthy`);
    try { if ((await fetch(url)).ok) return; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} not healthy after ${timeoutMs} ms`);
}

/**
 * Serves files from the first of `dirs` that has them, on a loopback port of
 * its own: a second origin, like an integrator's site. `pages` maps a path
 * (`/plain.html`) to HTML written by a test.
 */
export async function startStaticServer(dirs, pages = new Map()) {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    if (pages.has(path)) {
      res.writeHead(200, { 'content-type': TYPES['.html'] });
      res.end(pages.get(path));
      return;
    }
    for (const dir of dirs) {
      try {
        const body = await readFile(join(dir, path.endsWith('/') ? `${path}index.html` : path));
        res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
        res.end(body);
        return;
      } catch { /* try the next folder */ }
    }
    res.writeHead(404).end('not found');
  });
  const port = await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
  return { url: `http://127.0.0.1:${port}`, pages, server, close: () => server.close() };
}
