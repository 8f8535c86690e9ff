/**
 * The packaged extension (dbtrust.vsix installed with --install-extension into a fresh extensions
 * folder) on a copy of examples/: it activates, and diagnostics appear in the editor and in Problems.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { activeEditor, launchBrowser, openFromExplorer, openWorkbench, requiredEnv } from './workbench';

const BASE = requiredEnv('DBTRUST_E2E_URL');
const WORKSPACE = requiredEnv('DBTRUST_E2E_WORKSPACE');
const INSTALLED = requiredEnv('DBTRUST_E2E_EXTENSION_DIR');

let browser: Browser;
let page: Page;

before(async () => {
  browser = await launchBrowser();
  page = (await openWorkbench(browser, BASE, WORKSPACE)).page;
});

after(async () => {
  await browser?.close();
});

test('the installed extension holds the bundles and the manifest only', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(INSTALLED, 'package.json'), 'utf8')) as { name: string; main: string };
  assert.equal(manifest.name, 'dbtrust');
  assert.ok(fs.existsSync(path.join(INSTALLED, manifest.main)), `${manifest.main} is in the package`);
  assert.ok(fs.existsSync(path.join(INSTALLED, 'dist', 'server.js')), 'dist/server.js is in the package');
  assert.ok(!fs.existsSync(path.join(INSTALLED, 'node_modules')), 'no node_modules in the package');
  assert.ok(!fs.existsSync(path.join(INSTALLED, 'server', 'src')), 'no sources in the package');
});

test('examples/service/db.ts: squiggles and Problems entries from dbtrust', async () => {
  await openFromExplorer(page, 'service/db.ts');
  await activeEditor(page).locator('.squiggly-warning').first().waitFor();
  await activeEditor(page).locator('.squiggly-error').first().waitFor();
  await page.keyboard.press('Control+Shift+M');
  const row = page.locator('.markers-panel .monaco-list-row').filter({ hasText: /verification-disabled/ }).filter({ hasText: /dbtrust/ });
  await row.first().waitFor();
  const weak = page.locator('.markers-panel .monaco-list-row').filter({ hasText: /weak-sslmode/ }).filter({ hasText: /dbtrust/ });
  await weak.first().waitFor();
});
