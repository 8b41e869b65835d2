// Support for the browser e2e test: a static file server for web-demo/out on loopback, headless
// Debian Chromium through playwright-core (installed by web-demo's package.json), and small page helpers.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';

import { ROOT, startHub } from './helpers.mjs';

export const WEB_DEMO = join(ROOT, 'web-demo');
export const WEB_OUT = join(WEB_DEMO, 'out');
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

async function isFile(path) {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Serves `dir` on 127.0.0.1 (port 0): "/" -> index.html, "/x" -> x.html, unknown paths -> 404.html. */
export async function startStaticServer(dir) {
  const root = resolve(dir);
  const served = [];
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      let path = decodeURIComponent(url.pathname);
      if (path.endsWith('/')) path += 'index.html';
      let file = normalize(join(root, path));
      if (file !== root && !file.startsWith(root + sep)) {
        res.writeHead(403).end();
        return;
      }
      if (!(await isFile(file)) && (await isFile(file + '.html'))) file += '.html';
      if (!(await isFile(file))) {
        served.push({ path: url.pathname, status: 404 });
        const notFound = join(root, '404.html');
        res.writeHead(404, { 'Content-Type': MIME['.html'] });
        res.end((await isFile(notFound)) ? await readFile(notFound) : 'not found');
        return;
      }
      const body = await readFile(file);
      served.push({ path: url.pathname, status: 200, bytes: body.length });
      res.writeHead(200, {
        'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
        'Content-Length': body.length,
        'Cache-Control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (e) {
      res.writeHead(500).end(String(e));
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections?.();
        server.close(() => r());
      }),
  };
}

/** playwright-core from web-demo/node_modules (installed by scripts/build_web.sh; never downloads a browser). */
export function playwright() {
  const require = createRequire(join(WEB_DEMO, 'package.json'));
  return require('playwright-core');
}

/** Debian's Chromium, headless, with a fresh profile; downloads allowed. close() removes the profile. */
export async function launchChromium() {
  const userDataDir = await mkdtemp(join(tmpdir(), 'hfmi-chromium-'));
  const context = await playwright().chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
    timeout: 60_000,
  });
  return {
    context,
    close: async () => {
      await context.close().catch(() => {});
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** The gated flag of every fixture repo: {"ORG/NAME": true|false}. */
export async function fixtureGating(reposDir) {
  const { readdir } = await import('node:fs/promises');
  const out = {};
  for (const org of await readdir(reposDir)) {
    let names;
    try {
      names = await readdir(join(reposDir, org));
    } catch {
      continue;
    }
    for (const name of names) {
      try {
        const repo = JSON.parse(await readFile(join(reposDir, org, name, 'repo.json'), 'utf8'));
        out[`${org}/${name}`] = repo.gated === true;
      } catch {
        // not a repo folder
      }
    }
  }
  return out;
}

/** The number of runs the page has started (its status element's data-run). */
export async function runsStarted(page) {
  return Number((await page.getByTestId('status').getAttribute('data-run')) ?? 0);
}

/**
 * Waits until a run numbered above `afterRun` has finished; returns "done", "error", "cancelled", or
 * "idle" (the page refused to start it: an error shown at a field).
 */
export async function waitForRun(page, { afterRun = 0, timeout = 120_000 } = {}) {
  await page.waitForFunction(
    (n) => {
      const el = document.querySelector('[data-testid="status"]');
      const s = el?.getAttribute('data-state');
      return Number(el?.getAttribute('data-run') ?? 0) > n && (s === 'done' || s === 'error' || s === 'cancelled' || s === 'idle');
    },
    afterRun,
    { timeout },
  );
  return page.getByTestId('status').getAttribute('data-state');
}

/** Does `action` (which starts a run) and waits for that run's end. */
export async function runAndWait(page, action, options = {}) {
  const afterRun = await runsStarted(page);
  await action();
  return waitForRun(page, { ...options, afterRun });
}

/** The shown error as {code, message}, or undefined. */
export async function shownError(page) {
  if ((await page.getByTestId('error').count()) === 0) return undefined;
  return {
    code: (await page.getByTestId('error-code').textContent())?.trim(),
    message: (await page.getByTestId('error-message').textContent())?.trim(),
    text: (await page.getByTestId('error').textContent())?.trim(),
  };
}

/**
 * Opens a shareable link that names a non-default endpoint: the page shows that endpoint and waits;
 * this confirms it (the import then starts). Returns the endpoint the page showed.
 */
export async function openLinkAndConfirm(page, url) {
  await page.goto(url);
  const shown = (await page.getByTestId('link-endpoint').textContent())?.trim();
  await page.getByTestId('confirm-endpoint').click();
  return shown;
}

/** Types the endpoint into its field (so a token may go there): cleared first, so the change registers. */
export async function typeEndpoint(page, endpoint) {
  await page.getByTestId('endpoint-input').fill('');
  await page.getByTestId('endpoint-input').fill(endpoint);
}

/**
 * The browser tests' world: the fixture hub, a static server for web-demo/out, Chromium with every
 * request any page made (`requests`), and pages that record uncaught exceptions (`pageErrors`).
 */
export async function startWebSession() {
  const { access } = await import('node:fs/promises');
  await access(join(WEB_OUT, 'index.html')).catch(() => {
    throw new Error(`${WEB_OUT}/index.html is missing: build the web demo first (bash scripts/build_web.sh)`);
  });
  const hub = await startHub();
  const site = await startStaticServer(WEB_OUT);
  const browser = await launchChromium();
  const requests = [];
  const pageErrors = [];
  browser.context.on('request', (r) => requests.push({ url: r.url(), method: r.method(), headers: r.headers() }));
  return {
    hub,
    site,
    browser,
    requests,
    pageErrors,
    /** A new page (optionally at a viewport size) whose uncaught exceptions land in pageErrors. */
    async openPage(viewport) {
      const page = await browser.context.newPage();
      if (viewport) await page.setViewportSize(viewport);
      page.setDefaultTimeout(60_000);
      page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.stack ?? e.message}`));
      return page;
    },
    async close() {
      await browser.close();
      await site.close();
      await hub.close();
    },
  };
}

/**
 * Drops the file at `path` onto `locator` the way a user's drag and drop does: a `drop` event whose
 * DataTransfer holds a File with the file's exact bytes and its base name.
 */
export async function dropFile(page, locator, path) {
  const bytes = await readFile(path);
  const name = path.slice(path.lastIndexOf(sep) + 1);
  const dataTransfer = await page.evaluateHandle(
    ({ base64, fileName }) => {
      const raw = atob(base64);
      const data = new Uint8Array(raw.length);
      for (let i = 0; i < raw.length; i++) data[i] = raw.charCodeAt(i);
      const dt = new DataTransfer();
      dt.items.add(new File([data], fileName));
      return dt;
    },
    { base64: bytes.toString('base64'), fileName: name },
  );
  await locator.dispatchEvent('drop', { dataTransfer });
  await dataTransfer.dispose();
}

/** The viewport's width, the page's scroll width, and up to 20 visible elements reaching outside the viewport. */
export async function widerThanViewport(page) {
  return page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const out = [];
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.right > vw + 0.5 || r.left < -0.5) out.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(r.left)}..${Math.round(r.right)}`);
    }
    return { vw, scrollWidth: document.documentElement.scrollWidth, out: out.slice(0, 20) };
  });
}
