/**
 * The editor as a person sees it, with the packaged extension installed: a file opened from the
 * Explorer, squiggles, the Problems panel, a hover, the quick-fix menu (Ctrl+.) and its fix, the
 * status bar. Takes the README's screenshots (DBTRUST_E2E_SCREENSHOTS, docs/images by default).
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { activeEditor, launchBrowser, openFromExplorer, openWorkbench, requiredEnv, screenshot, settle, visibleText, Workbench } from './workbench';

const BASE = requiredEnv('DBTRUST_E2E_URL');
const WORKSPACE = requiredEnv('DBTRUST_E2E_WORKSPACE');
const SHOTS = process.env.DBTRUST_E2E_SCREENSHOTS || undefined;
const shot = (name: string): string | undefined => (SHOTS ? path.join(SHOTS, name) : undefined);
const PASSWORD = 'Wint3rIsComing';
/** The upper part of the window: the editor with its hover or menu (CSS pixels). */
const EDITOR_AREA = { x: 0, y: 0, width: 1280, height: 560 };

let browser: Browser;
let wb: Workbench;
let page: Page;

before(async () => {
  browser = await launchBrowser();
  wb = await openWorkbench(browser, BASE, WORKSPACE, { deviceScaleFactor: 2 });
  page = wb.page;
});

after(async () => {
  await browser?.close();
});

function squiggles(kind: 'warning' | 'error'): Locator {
  return activeEditor(page).locator(`.squiggly-${kind}`);
}

/** The rows of the Problems panel, as text ("message source(code) [Ln x, Col y]"). */
async function problemRows(): Promise<string[]> {
  return page.locator('.markers-panel .monaco-list-row').evaluateAll((rows) => rows.map((r) => (r.textContent ?? '').replace(/\s+/g, ' ').trim()));
}

test('a file opened from the Explorer gets squiggles', async () => {
  await openFromExplorer(page, 'service/db.ts');
  // The editor gets the whole width (the long lines stay visible in the pictures).
  await page.keyboard.press('Control+B');
  await page.locator('.explorer-folders-view').waitFor({ state: 'hidden' });
  await squiggles('warning').first().waitFor();
  await squiggles('error').first().waitFor();
  await settle(page);
  assert.match(await visibleText(page), /sslmode=no-verify/);
});

test('Problems (Ctrl+Shift+M) lists exactly the two findings', async () => {
  await page.keyboard.press('Control+Shift+M');
  await page.locator('.markers-panel').waitFor();
  const expected = [
    /^sslmode=no-verify: node-postgres encrypts but accepts any certificate.*dbtrust\s*\(?verification-disabled\)?\s*\[Ln 10, Col 87\]$/,
    /^sslmode=require: node-postgres treats sslmode=require as a deprecated alias of verify-full.*dbtrust\s*\(?weak-sslmode\)?\s*\[Ln 5, Col 74\]$/,
  ];
  // The panel may show a partial list while it updates: wait for the exact entries.
  let rows: string[] = [];
  const end = Date.now() + 20_000;
  for (;;) {
    rows = (await problemRows()).filter((r) => !/^db\.ts/.test(r));
    if (rows.length === expected.length && expected.every((re, i) => re.test(rows[i]!))) break;
    if (Date.now() > end) assert.fail(`Problems panel rows: ${JSON.stringify(rows, null, 1)}`);
    await page.waitForTimeout(200);
  }
  for (const r of rows) assert.ok(!r.includes(PASSWORD), 'no problem shows the password');
  await screenshot(page, shot('diagnostics.png'));
});

test('hovering the error squiggle shows the finding and the connection, password as •••', async () => {
  // Close the panel so the hover has room, then point at the squiggle.
  await page.keyboard.press('Control+J');
  await page.locator('.markers-panel').waitFor({ state: 'hidden' });
  const target = squiggles('error').first();
  const box = await target.boundingBox();
  assert.ok(box, 'the error squiggle is visible');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const hover = page.locator('.monaco-hover').filter({ hasText: 'verification-disabled' }).first();
  await hover.waitFor({ state: 'visible' });
  await hover.locator('text=Password').first().waitFor();
  const text = (await hover.textContent()) ?? '';
  assert.match(text, /sslmode=no-verify: node-postgres encrypts but accepts any certificate/);
  assert.match(text, /dbtrust\s*—\s*connection URI/);
  assert.match(text, /Password\s*•••/);
  assert.match(text, /Host\s*analytics\.db\.example\.com/);
  assert.ok(!text.includes(PASSWORD), 'the hover never shows the password');
  await page.waitForTimeout(300); // the hover fades in
  await screenshot(page, shot('hover.png'), { clip: { ...EDITOR_AREA, height: 660 } });
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');
  await hover.waitFor({ state: 'hidden' });
});

test('Ctrl+. on a finding opens the quick-fix menu, and its fix changes the text', async () => {
  const warning = squiggles('warning').first();
  const box = await warning.boundingBox();
  assert.ok(box, 'the warning squiggle is visible');
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.move(5, 5);
  await page.keyboard.press('Control+.');
  const menu = page.locator('.action-widget').first();
  await menu.waitFor({ state: 'visible' });
  const item = menu.locator('.action-list-item, .monaco-list-row', { hasText: 'Set sslmode=verify-full' }).first();
  await item.waitFor();
  const items = await menu.locator('.action-list-item, .monaco-list-row').allTextContents();
  assert.ok(items.some((t) => t.includes('Fix all') || t.includes('Suppress') || t.includes('Set sslmode=verify-full')), `menu items: ${JSON.stringify(items)}`);
  await page.waitForTimeout(200);
  await screenshot(page, shot('quick-fix.png'), { clip: EDITOR_AREA });
  await item.click();
  await menu.waitFor({ state: 'hidden' });
  const end = Date.now() + 10_000;
  while (!/orders\?sslmode=verify-full/.test(await visibleText(page)) && Date.now() < end) await page.waitForTimeout(100);
  assert.match(await visibleText(page), /'postgres:\/\/api@orders\.db\.example\.com\/orders\?sslmode=verify-full'/);
  // The fixed line has no warning left: only the error squiggle remains.
  const stop = Date.now() + 10_000;
  while ((await squiggles('warning').count()) > 0 && Date.now() < stop) await page.waitForTimeout(100);
  assert.equal(await squiggles('warning').count(), 0);
  assert.ok((await squiggles('error').count()) > 0);
});

test('the status bar shows dbtrust with its counts', async () => {
  const item = page.locator('.statusbar-item').filter({ has: page.locator('.codicon-shield') }).filter({ hasText: 'dbtrust' }).first();
  await item.waitFor();
  const text = ((await item.textContent()) ?? '').trim();
  assert.match(text, /dbtrust/);
  assert.match(text, /\d/, `no counts in "${text}"`);
});
