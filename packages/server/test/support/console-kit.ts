// The admin Console in real Chromium: a Signet whose first admin comes from the bootstrap env vars,
// signing in to /console through Signet's own sign-in page, and screenshots for reviewers (written to
// test-artifacts/console/, git-ignored).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { startTestSignet, type DatabaseKind, type TestSignet } from './test-signet.ts';

export const consoleAdmin = { username: 'console-admin', password: 'Quiet-Lantern-Orbit-42' };

const artifactsDirectory = fileURLToPath(new URL('../../../../test-artifacts/console/', import.meta.url));

/** A Signet with a Console admin already created (SIGNET_ADMIN_USERNAME / SIGNET_ADMIN_PASSWORD). */
export function startSignetWithAdmin(kind: DatabaseKind = 'pglite', env: Record<string, string> = {}): Promise<TestSignet> {
  return startTestSignet({ kind, env: { SIGNET_ADMIN_USERNAME: consoleAdmin.username, SIGNET_ADMIN_PASSWORD: consoleAdmin.password, ...env } });
}

/**
 * Opens a Console path; Signet's sign-in page comes first (the Console's own sign-in: identifier +
 * password), then the Console shows the page.
 */
export async function signInToConsole(page: Page, instance: TestSignet, consolePath = '/console/get-started', credentials = consoleAdmin): Promise<void> {
  await page.goto(`${instance.url}${consolePath}`);
  await page.waitForURL((url) => url.pathname === '/sign-in');
  await page.locator('input[name=identifier]').fill(credentials.username);
  await page.locator('input[name=password]').fill(credentials.password);
  await page.locator('button[type=submit]').click();
  await page.waitForURL((url) => url.pathname === consolePath.split('?')[0]);
  // Works in beforeAll too (expect.poll is only allowed inside a test).
  await page.locator('main#main').waitFor();
}

/** A full-page screenshot kept as a test artifact for reviewers (never compared, never committed). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(artifactsDirectory, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDirectory, `${name}.png`), fullPage: true });
}
