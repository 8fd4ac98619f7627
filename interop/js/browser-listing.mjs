// Looks at a gateway directory listing the way a person does: in a real Chromium (Debian's package, driven
// headless by playwright-core), reading the rendered text rather than the HTML.
//
// Usage: node browser-listing.mjs REQUEST.json, where the request is
//   { "executablePath": "/usr/bin/chromium", "userDataDir": fresh empty dir, "url": listing URL,
//     "click": [entry names to click from the listing], "big": entry name of a big subdirectory to open,
//     "screenshot": PNG path, "bigScreenshot": PNG path, "timeoutMs": per-step bound }
// and stdout is one JSON object: what the listing page showed (title, innerText, whether the page's script-like
// entry name ran), per clicked name the navigation's URL, status, content type and body (base64), and for the big
// directory the time from click to load, its innerText and its row count.
//
// The browser is closed in `finally`; a run that hangs is killed with its process tree by the Java caller.
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const request = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const timeout = request.timeoutMs ?? 30000;

const result = {};
const launchStarted = performance.now();
const context = await chromium.launchPersistentContext(request.userDataDir, {
  executablePath: request.executablePath,
  headless: true,
  timeout,
  viewport: { width: 1280, height: 900 },
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
});
result.launchMs = performance.now() - launchStarted;
try {
  const page = context.pages()[0] ?? await context.newPage();
  page.setDefaultTimeout(timeout);

  // What the listing shows before anything is clicked. `pwned` is what the hostile entry name would set if the
  // browser ran it as markup; `images` counts <img> elements, of which an escaped listing has none.
  const listing = await page.goto(request.url, { waitUntil: 'load' });
  result.status = listing.status();
  result.contentType = listing.headers()['content-type'] ?? null;
  result.title = await page.title();
  result.text = await page.evaluate(() => document.body.innerText);
  result.pwned = await page.evaluate(() => globalThis.pwned ?? null);
  result.images = await page.evaluate(() => document.images.length);
  result.links = await page.evaluate(() => Array.from(document.querySelectorAll('a'),
    a => ({ text: a.innerText, href: a.href })));
  await page.screenshot({ path: request.screenshot, fullPage: true });

  // A person clicks an entry's name and gets the file.
  result.clicked = [];
  for (const name of request.click ?? []) {
    await page.goto(request.url, { waitUntil: 'load' });
    const [response] = await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }),
      page.getByRole('link', { name, exact: true }).click(),
    ]);
    const body = await response.body();
    result.clicked.push({
      name,
      url: page.url(),
      status: response.status(),
      contentType: response.headers()['content-type'] ?? null,
      bodyBase64: body.toString('base64'),
    });
  }

  // The big directory: opened by clicking it, timed from the click to the load event.
  if (request.big) {
    await page.goto(request.url, { waitUntil: 'load' });
    const started = performance.now();
    // waitForNavigation gives the response after redirects ("./big" is redirected to "./big/").
    const [response] = await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }),
      page.getByRole('link', { name: request.big, exact: true }).click(),
    ]);
    const loadMs = performance.now() - started;
    result.big = {
      url: page.url(),
      status: response.status(),
      loadMs,
      text: await page.evaluate(() => document.body.innerText),
      rows: await page.evaluate(() => document.querySelectorAll('tbody tr').length),
    };
    await page.screenshot({ path: request.bigScreenshot });
  }
  process.stdout.write(JSON.stringify(result) + '\n');
} finally {
  await context.close();
}
