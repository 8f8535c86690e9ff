/**
 * Japanese: runs only in a window whose display language is Japanese (the runner starts VS Code with
 * the locale ja and asks for this suite with DBTRUST_E2E_LOCALE=ja). The manifest's titles come from
 * package.nls.ja.json and the language server's messages from l10n/bundle.l10n.ja.json.
 */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import * as vscode from 'vscode';
import { extension, fileUri, manifestText, open, ruleOf, waitForDiagnostics } from './util';

/** Command id → Japanese title (contract). */
const JAPANESE_TITLES: Record<string, string> = {
  'dbtrust.scanWorkspace': 'ワークスペースをスキャン',
  'dbtrust.showTrustFileDetails': 'トラストファイルの詳細を表示',
  'dbtrust.createRootBundle': 'プロバイダーのルートバンドルを作成…',
  'dbtrust.checkServerChain': 'サーバーの証明書チェーンを確認',
  'dbtrust.restartServer': '言語サーバーを再起動',
  'dbtrust.openRuleDocs': 'ルールのドキュメントを開く',
};

/** Hiragana, katakana or CJK ideographs. */
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

test('VS Code runs in Japanese', () => {
  assert.equal(vscode.env.language, 'ja');
});

test('the command titles come from package.nls.ja.json', async () => {
  const ext = await extension();
  // Localised manifest strings reach the extension host as { value, original }.
  const contributed = (ext.packageJSON.contributes?.commands ?? []) as { command: string; title: unknown }[];
  const titles = Object.fromEntries(contributed.map((c) => [c.command, manifestText(c.title)]));
  for (const [id, title] of Object.entries(JAPANESE_TITLES)) assert.equal(titles[id], title, `title of ${id}`);
});

test('diagnostic messages are in Japanese, with the same rule codes and ranges', async () => {
  await open('service/db.ts');
  const ds = await waitForDiagnostics(fileUri('service/db.ts'), (x) => x.length === 2, 'two diagnostics');
  assert.deepEqual(ds.map(ruleOf).sort(), ['verification-disabled', 'weak-sslmode']);
  for (const d of ds) assert.match(d.message, JAPANESE, `not Japanese: ${d.message}`);
});
