// Real Chromium (Debian's /usr/bin/chromium) driven by playwright-core, for the sign-in pages'
// browser tests. A fresh profile folder per launch; the folder is removed on close. The apps that
// Signet redirects back to are not running: their origin (http://localhost:3000) is answered by
// the test, which records the callback URL.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const chromiumPath = process.env.SIGNET_CHROMIUM ?? '/usr/bin/chromium';

const flags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export type TestBrowser = { context: BrowserContext; page: Page; close(): Promise<void> };

export async function launchChromium(options: { locale?: string; viewport?: { width: number; height: number }; colorScheme?: 'light' | 'dark' } = {}): Promise<TestBrowser> {
  const profile = await mkdtemp(path.join(tmpdir(), 'signet-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: flags,
    locale: options.locale ?? 'en-US',
    viewport: options.viewport ?? { width: 1280, height: 800 },
    colorScheme: options.colorScheme ?? 'light',
  });
  context.setDefaultTimeout(10_000);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Answers the app's origin and resolves with the first callback URL the browser reaches. Playwright
 * does not route a redirect that follows `page.goto`: when a navigation may go straight to the app
 * (single sign-on), start it from the page (`page.evaluate((url) => location.assign(url), url)`).
 */
export async function interceptApp(context: BrowserContext, appOrigin = 'http://localhost:3000'): Promise<{ next(): Promise<URL> }> {
  let waiters: ((url: URL) => void)[] = [];
  const seen: URL[] = [];
  await context.route(`${appOrigin}/**`, async (route) => {
    const url = new URL(route.request().url());
    seen.push(url);
    for (const waiter of waiters) waiter(url);
    waiters = [];
    await route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>App</title><h1>Back in the app</h1>' });
  });
  return {
    next: () =>
      new Promise<URL>((resolve) => {
        const already = seen.shift();
        if (already) resolve(already);
        else waiters.push((url) => {
          seen.shift();
          resolve(url);
        });
      }),
  };
}
