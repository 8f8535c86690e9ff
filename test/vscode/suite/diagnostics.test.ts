/**
 * Diagnostics as VS Code shows them: rule codes with their documentation links, severities and
 * exact ranges, for files of several languages; updates while typing; nothing for a clean file.
 */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import * as vscode from 'vscode';
import { describeAll, extension, fileUri, open, ruleOf, SOURCE, waitForDiagnostics, waitForExactly } from './util';

test('the extension activates from the development folder', async () => {
  const ext = await extension();
  assert.equal(ext.isActive, true);
  assert.equal(ext.packageJSON.name, 'dbtrust');
});

test('a TypeScript file: rule codes, severities and exact ranges', async () => {
  await open('service/db.ts');
  const ds = await waitForExactly(fileUri('service/db.ts'), [
    // 'postgres://api@orders.db.example.com/orders?sslmode=require': the value `require`
    'weak-sslmode warning 4:73-4:80',
    // 'postgres://etl:…@analytics.db.example.com/warehouse?sslmode=no-verify': `sslmode=no-verify`
    'verification-disabled error 9:86-9:103',
  ]);
  const doc = vscode.window.activeTextEditor!.document;
  assert.equal(doc.getText(ds[0]!.range), 'require');
  assert.equal(doc.getText(ds[1]!.range), 'sslmode=no-verify');
  for (const d of ds) {
    assert.equal(d.source, SOURCE);
    const code = d.code as { value: string; target: vscode.Uri };
    assert.equal(typeof code, 'object', 'the code carries a link to the rule page');
    assert.match(code.target.toString(), new RegExp(`/docs/rules/${ruleOf(d)}\\.md$`));
  }
  assert.match(ds[0]!.message, /^sslmode=require: node-postgres treats sslmode=require as a deprecated alias of verify-full/);
  assert.match(ds[1]!.message, /^sslmode=no-verify: node-postgres encrypts but accepts any certificate/);
  for (const d of ds) assert.doesNotMatch(d.message, /Wint3rIsComing/, 'no message quotes the password');
});

test('a .env file (language dotenv)', async () => {
  const editor = await open('.env');
  assert.equal(editor.document.languageId, 'dotenv');
  const [d] = await waitForExactly(fileUri('.env'), ['weak-sslmode warning 1:85-1:91']);
  assert.equal(editor.document.getText(d!.range), 'prefer');
  assert.match(d!.message, /^sslmode=prefer: libpq tries TLS but silently falls back to plaintext/);
  assert.doesNotMatch(d!.message, /Wint3rIsComing/);
});

test('a Python file with a URI and a keyword/value string', async () => {
  await open('fixes/onsave.py');
  await waitForExactly(fileUri('fixes/onsave.py'), ['weak-sslmode warning 2:77-2:83', 'weak-sslmode warning 3:78-3:85']);
});

test('diagnostics follow unsaved edits, and a clean file has none', async () => {
  const editor = await open('clean.py');
  const uri = editor.document.uri;
  const line = 3;
  const text = editor.document.lineAt(line).text;
  const strong = 'sslmode=verify-full&sslrootcert=system';
  const at = text.indexOf(strong);
  assert.ok(at > 0, `fixture: clean.py holds ${strong} on line 4`);
  // Weaken the mode: a finding appears on the edited value.
  await editor.edit((b) => b.replace(new vscode.Range(line, at, line, at + strong.length), 'sslmode=disable'));
  const value = at + 'sslmode='.length;
  await waitForExactly(uri, [`weak-sslmode warning ${line}:${value}-${line}:${value + 'disable'.length}`]);
  // Back as it was: the file is clean again.
  await editor.edit((b) => b.replace(new vscode.Range(line, at, line, at + 'sslmode=disable'.length), strong));
  const after = await waitForDiagnostics(uri, (ds) => ds.length === 0, 'no diagnostics');
  assert.deepEqual(describeAll(after), []);
  assert.equal(editor.document.isDirty, true);
});
