/**
 * Hovers on connection settings: what the driver does with them, the password shown as •••
 * wherever the pointer is (on the password itself too), and the hover's range.
 */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import * as vscode from 'vscode';
import { fileUri, open, waitForExactly } from './util';

const PASSWORD = 'Wint3rIsComing';

function markdownOf(hover: vscode.Hover): string {
  return hover.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')).join('\n');
}

/** The dbtrust hover at a position (VS Code merges the hovers of every provider). */
async function dbtrustHover(uri: vscode.Uri, position: vscode.Position): Promise<{ hover: vscode.Hover; markdown: string; all: string }> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position)) ?? [];
  const all = hovers.map(markdownOf).join('\n---\n');
  const hover = hovers.find((h) => markdownOf(h).includes('**dbtrust**'));
  assert.ok(hover, `no dbtrust hover at ${position.line}:${position.character}; hovers: ${JSON.stringify(all)}`);
  return { hover, markdown: markdownOf(hover), all };
}

test('hover on a URI with a password: the driver verdict, the password as •••', async () => {
  const editor = await open('.env');
  const uri = editor.document.uri;
  await waitForExactly(uri, ['weak-sslmode warning 1:85-1:91']);
  const line = editor.document.lineAt(1).text;
  assert.ok(line.includes(PASSWORD), 'fixture: the URI holds a password');

  const { hover, markdown } = await dbtrustHover(uri, new vscode.Position(1, line.indexOf('db.staging')));
  assert.match(markdown, /^\*\*dbtrust\*\* — connection URI/);
  assert.match(markdown, /\| Host \| db\.staging\.example\.com:5432 \|/);
  assert.match(markdown, /\| Database \| app \|/);
  assert.match(markdown, /\| User \| app \|/);
  assert.match(markdown, /\| Password \| ••• \|/);
  assert.match(markdown, /\| sslmode as written \| `prefer` \|/);
  assert.match(markdown, /\| Verifies certificate chain \| \*\*no\*\* \|/);
  assert.match(markdown, /\| Driver assumed \| \*\*libpq\*\*/);
  assert.ok(!markdown.includes(PASSWORD), 'the hover never shows the password');
  // The hover covers the whole URI.
  const start = line.indexOf('postgresql://');
  assert.deepEqual(
    [hover.range?.start.line, hover.range?.start.character, hover.range?.end.line, hover.range?.end.character],
    [1, start, 1, line.length],
  );
});

test('no hover anywhere on the line shows the password (on the password itself too)', async () => {
  const editor = await open('.env');
  const uri = editor.document.uri;
  const line = editor.document.lineAt(1).text;
  const columns = [line.indexOf(PASSWORD), line.indexOf(PASSWORD) + 5, line.indexOf('app:'), line.indexOf('sslmode'), line.length - 1];
  for (const column of columns) {
    const { markdown, all } = await dbtrustHover(uri, new vscode.Position(1, column));
    assert.match(markdown, /\| Password \| ••• \|/);
    assert.ok(!all.includes(PASSWORD), `a hover at column ${column} shows the password`);
  }
});

test('hover in a TypeScript string: node-postgres semantics, password redacted', async () => {
  const editor = await open('service/db.ts');
  const uri = editor.document.uri;
  await waitForExactly(uri, ['weak-sslmode warning 4:73-4:80', 'verification-disabled error 9:86-9:103']);
  const line = editor.document.lineAt(9).text;
  const { hover, markdown, all } = await dbtrustHover(uri, new vscode.Position(9, line.indexOf('sslmode=no-verify') + 3));
  assert.match(markdown, /\| Host \| analytics\.db\.example\.com \|/);
  assert.match(markdown, /\| Password \| ••• \|/);
  assert.match(markdown, /\| Driver assumed \| \*\*node-postgres\*\*/);
  assert.ok(!all.includes(PASSWORD), 'no hover shows the password');
  const start = line.indexOf('postgres://');
  const end = line.indexOf("'", start);
  assert.deepEqual([hover.range?.start.character, hover.range?.end.character], [start, end]);
});

test('no dbtrust hover outside connection settings', async () => {
  const editor = await open('service/db.ts');
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', fileUri('service/db.ts'), new vscode.Position(0, 2))) ?? [];
  assert.equal(editor.document.lineAt(0).text.startsWith('import'), true);
  assert.equal(hovers.filter((h) => markdownOf(h).includes('**dbtrust**')).length, 0);
});
