/**
 * Driving VS Code (code-server) in Chromium with playwright-core: the browser, the workbench URL,
 * and the workbench parts the UI tests use. The runner (scripts/vscode/run.mjs) starts code-server
 * and passes its address and the workspace folders in DBTRUST_E2E_* variables.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';

export const VIEWPORT = { width: 1280, height: 800 };

/** Headless Chromium that can reach nothing but this machine. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: the UI tests run under scripts/vscode/run.mjs (npm run test:vscode)`);
  return value;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.DBTRUST_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  });
}

export type Payload = [string, string][];

/** The workbench URL for a folder, optionally with a smoke-test payload (extension development / tests). */
export function workbenchUrl(base: string, folder: string, payload?: Payload): string {
  const url = new URL(base);
  url.searchParams.set('folder', folder);
  if (payload) url.searchParams.set('payload', JSON.stringify(payload));
  return url.toString();
}

/** A `vscode-remote://` URI for a path on the code-server machine (for payload entries). */
export function remoteUri(base: string, file: string): string {
  const u = new URL(base);
  return `vscode-remote://${u.host}${file.split(path.sep).join('/')}`;
}

export interface Workbench {
  context: BrowserContext;
  page: Page;
  /** Browser console lines (for the failure report). */
  console: string[];
}

/** Opens the workbench on a folder and waits for the Explorer to list it. */
export async function openWorkbench(
  browser: Browser,
  base: string,
  folder: string,
  options: { deviceScaleFactor?: number; locale?: string; payload?: Payload } = {},
): Promise<Workbench> {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: options.deviceScaleFactor ?? 1, locale: options.locale ?? 'en-US' });
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  const lines: string[] = [];
  page.on('console', (m) => lines.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => lines.push(`[pageerror] ${e.message}`));
  await page.goto(workbenchUrl(base, folder, options.payload));
  await page.locator('.monaco-workbench').waitFor();
  await explorerRow(page, path.basename(folder)).or(page.locator('.explorer-folders-view .monaco-list-row').first()).first().waitFor();
  return { context, page, console: lines };
}

function explorerRow(page: Page, name: string): Locator {
  return page.locator('.explorer-folders-view .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }) });
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Opens a file by clicking through the Explorer (folders expanded one by one). */
export async function openFromExplorer(page: Page, relative: string): Promise<void> {
  const parts = relative.split('/');
  for (let i = 0; i < parts.length; i++) {
    const row = explorerRow(page, parts[i]!).first();
    await row.waitFor();
    const isFolder = i < parts.length - 1;
    if (isFolder) {
      if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
      await page.waitForFunction((el) => el?.getAttribute('aria-expanded') === 'true', await row.elementHandle());
    } else {
      await row.click();
    }
  }
  const name = parts[parts.length - 1]!;
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor();
  await activeEditor(page).locator('.view-lines').waitFor();
}

export function activeEditor(page: Page): Locator {
  return page.locator('.editor-group-container.active .editor-container .monaco-editor').first();
}

/** The text of the visible lines of the active editor (rendered, so without what is scrolled away). */
export async function visibleText(page: Page): Promise<string> {
  const lines = await activeEditor(page).locator('.view-lines .view-line').evaluateAll((els) =>
    els
      .map((el) => ({ top: parseFloat((el as unknown as { style: { top: string } }).style.top || '0'), text: (el.textContent ?? '').replace(/\u00a0/g, ' ') }))
      .sort((a, b) => a.top - b.top)
      .map((l) => l.text),
  );
  return lines.join('\n');
}

/** Runs a command through the Command Palette by its full label. */
export async function runCommand(page: Page, label: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor();
  await input.fill(`>${label}`);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: label }).first().waitFor();
  await page.keyboard.press('Enter');
}

/**
 * Waits until the active editor stops changing (text, squiggles, code lenses and other decorations
 * that providers add some time after a file opens), so that pictures show the settled state.
 */
export async function settle(page: Page, quietMs = 1500, maxMs = 10_000): Promise<void> {
  const editor = activeEditor(page);
  const state = (): Promise<string> =>
    editor.evaluate((el) => {
      const q = (sel: string): string => Array.from(el.querySelectorAll(sel), (n) => (n as { textContent: string | null }).textContent ?? '').join('|');
      return [q('.view-lines'), q('.view-zones'), el.querySelectorAll('[class*="squiggly-"]').length, el.querySelectorAll('.codelens-decoration').length].join('#');
    });
  const end = Date.now() + maxMs;
  let last = await state();
  let since = Date.now();
  while (Date.now() < end) {
    await page.waitForTimeout(250);
    const now = await state();
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) {
      return;
    }
  }
}

export async function screenshot(page: Page, file: string | undefined, options: { clip?: { x: number; y: number; width: number; height: number } } = {}): Promise<void> {
  if (!file) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, ...options });
}
