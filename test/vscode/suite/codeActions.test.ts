/**
 * Code actions as VS Code collects them: a quick fix, fix-all for a rule, `source.fixAll.dbtrust`
 * on save (editor.codeActionsOnSave), suppression and the documentation link; each applied and
 * checked on the document's text.
 */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import * as vscode from 'vscode';
import { applyAction, codeActionsAt, open, waitForDiagnostics, waitForExactly, waitForText } from './util';

const QUICK_FIX = vscode.CodeActionKind.QuickFix;
const FIX_ALL = vscode.CodeActionKind.SourceFixAll.append('dbtrust');

function titles(actions: vscode.CodeAction[]): string[] {
  return actions.map((a) => a.title);
}

test('quick fix: "Set sslmode=verify-full" is preferred and fixes the finding', async () => {
  const editor = await open('fixes/quickfix.env');
  const uri = editor.document.uri;
  const [d] = await waitForExactly(uri, ['weak-sslmode warning 0:72-0:79']);
  const actions = await codeActionsAt(uri, d!.range, QUICK_FIX.value);
  const fix = actions.find((a) => a.title === 'Set sslmode=verify-full');
  assert.ok(fix, `no "Set sslmode=verify-full" among ${JSON.stringify(titles(actions))}`);
  assert.equal(fix.kind?.value, QUICK_FIX.value);
  assert.equal(fix.isPreferred, true);
  await applyAction(fix);
  await waitForText(editor.document, 'REPORTING_URL=postgresql://report@reports.example.com/reporting?sslmode=verify-full\n');
  // verify-full without sslrootcert: libpq verifies against ~/.postgresql/root.crt of the machine that runs it.
  await waitForExactly(uri, ['implicit-trust-store warning 0:72-0:83']);
});

test('fix all weak-sslmode problems in this file', async () => {
  const editor = await open('fixes/fixall.ts');
  const uri = editor.document.uri;
  const ds = await waitForExactly(uri, ['weak-sslmode warning 2:101-2:107', 'weak-sslmode warning 3:98-3:103']);
  const actions = await codeActionsAt(uri, ds[0]!.range, QUICK_FIX.value);
  const all = actions.find((a) => a.title === 'Fix all weak-sslmode problems in this file');
  assert.ok(all, `no fix-all action among ${JSON.stringify(titles(actions))}`);
  await applyAction(all);
  await waitForText(
    editor.document,
    [
      "import { Pool } from 'pg';",
      '',
      "export const orders = new Pool({ connectionString: 'postgres://api@orders.example.com/orders?sslmode=verify-full' });",
      "export const users = new Pool({ connectionString: 'postgres://api@users.example.com/users?sslmode=verify-full' });",
      '',
    ].join('\n'),
  );
  await waitForDiagnostics(uri, (x) => x.length === 0, 'no diagnostics after fix-all');
});

test('source.fixAll.dbtrust is offered as a source action', async () => {
  const editor = await open('service/db.ts');
  const uri = editor.document.uri;
  await waitForExactly(uri, ['weak-sslmode warning 4:73-4:80', 'verification-disabled error 9:86-9:103']);
  const whole = new vscode.Range(0, 0, editor.document.lineCount, 0);
  const actions = await codeActionsAt(uri, whole, FIX_ALL.value);
  const fixAll = actions.filter((a) => a.kind?.value === FIX_ALL.value);
  assert.deepEqual(titles(fixAll), ['Fix all dbtrust problems']);
});

test('editor.codeActionsOnSave runs source.fixAll.dbtrust on save', async () => {
  const editor = await open('fixes/onsave.py');
  const uri = editor.document.uri;
  await waitForExactly(uri, ['weak-sslmode warning 2:77-2:83', 'weak-sslmode warning 3:78-3:85']);
  const config = vscode.workspace.getConfiguration('editor', { uri, languageId: 'python' });
  await config.update('codeActionsOnSave', { 'source.fixAll.dbtrust': 'explicit' }, vscode.ConfigurationTarget.Workspace, true);
  try {
    // An edit (a comment at the end) so that the save is a real one.
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    await editor.edit((b) => b.insert(end, '# saved\n'));
    await vscode.commands.executeCommand('workbench.action.files.save');
    await waitForText(
      editor.document,
      [
        'import psycopg',
        '',
        'orders = psycopg.connect("postgresql://api@orders.example.com/orders?sslmode=verify-full")',
        'users = psycopg.connect("host=users.example.com dbname=users user=api sslmode=verify-full")',
        '# saved',
        '',
      ].join('\n'),
    );
    assert.equal(editor.document.isDirty, false, 'the fixed text was saved');
    // No weak mode left; verify-full without sslrootcert depends on the client machine's root.crt.
    await waitForExactly(uri, ['implicit-trust-store warning 2:77-2:88', 'implicit-trust-store warning 3:78-3:89']);
  } finally {
    await config.update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Workspace, true);
  }
});

test('suppress on this line: a dbtrust-disable-next-line comment in the file\'s syntax', async () => {
  const editor = await open('fixes/suppress.env');
  const uri = editor.document.uri;
  const [d] = await waitForExactly(uri, ['weak-sslmode warning 0:62-0:69']);
  const actions = await codeActionsAt(uri, d!.range, QUICK_FIX.value);
  const suppress = actions.find((a) => a.title === 'Suppress weak-sslmode on this line');
  assert.ok(suppress, `no suppress action among ${JSON.stringify(titles(actions))}`);
  await applyAction(suppress);
  await waitForText(editor.document, '# dbtrust-disable-next-line weak-sslmode\nLEGACY_URL=postgresql://legacy@legacy.example.com/app?sslmode=disable\n');
  await waitForDiagnostics(uri, (ds) => ds.length === 0, 'no diagnostics once suppressed');
});

test('open documentation for the rule: an action running dbtrust.openRuleDocs with the rule id', async () => {
  const editor = await open('.env');
  const uri = editor.document.uri;
  const [d] = await waitForExactly(uri, ['weak-sslmode warning 1:85-1:91']);
  const actions = await codeActionsAt(uri, d!.range, QUICK_FIX.value);
  const docs = actions.find((a) => a.title === 'Open documentation for weak-sslmode');
  assert.ok(docs, `no documentation action among ${JSON.stringify(titles(actions))}`);
  assert.equal(docs.command?.command, 'dbtrust.openRuleDocs');
  assert.equal(docs.command?.arguments?.[0], 'weak-sslmode', 'the first argument is the rule id');
  assert.equal(docs.edit, undefined, 'opening the documentation edits nothing');
});
