/**
 * The Command Palette of a Japanese VS Code lists dbtrust's commands with the titles of
 * package.nls.ja.json (dbtrust from source, as an extension under development).
 */
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openWorkbench, remoteUri, requiredEnv } from './workbench';

const BASE = requiredEnv('DBTRUST_E2E_URL');
const WORKSPACE = requiredEnv('DBTRUST_E2E_WORKSPACE');
const EXTENSION = requiredEnv('DBTRUST_E2E_DEV_EXTENSION');

const TITLES = ['ワークスペースをスキャン', 'トラストファイルの詳細を表示', 'プロバイダーのルートバンドルを作成…', 'サーバーの証明書チェーンを確認', '言語サーバーを再起動'];

let browser: Browser;
let page: Page;

before(async () => {
  browser = await launchBrowser();
  page = (await openWorkbench(browser, BASE, WORKSPACE, { locale: 'ja-JP', payload: [['extensionDevelopmentPath', remoteUri(BASE, EXTENSION)]] })).page;
});

after(async () => {
  await browser?.close();
});

test('the Command Palette shows the Japanese titles in the dbtrust category', async () => {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const rows = page.locator('.quick-input-widget .monaco-list-row');
  let labels: string[] = [];
  const end = Date.now() + 30_000;
  // The palette lists the commands known when it opens; the extension's contributions may arrive
  // after the workbench: open it again until they are there.
  for (;;) {
    await page.keyboard.press('F1');
    await input.waitFor();
    await input.fill('>dbtrust');
    await page.waitForTimeout(500);
    labels = (await rows.allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
    if (TITLES.every((t) => labels.some((l) => l.includes(`dbtrust: ${t}`)))) break;
    if (Date.now() > end) assert.fail(`Command Palette rows for "dbtrust": ${JSON.stringify(labels, null, 1)}`);
    await page.keyboard.press('Escape');
    await page.waitForTimeout(500);
  }
  await page.keyboard.press('Escape');
});
