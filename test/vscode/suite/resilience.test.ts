/**
 * The editor survives its language server dying: vscode-languageclient's default error handler starts
 * it again (up to 4 times in 3 minutes), and the documents get their diagnostics back.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import * as vscode from 'vscode';
import { extension, fileUri, open, sleep, waitForDiagnostics } from './util';

/** Process ids of dbtrust language servers started by this extension host. */
function serverPids(): number[] {
  let out = '';
  try {
    out = execFileSync('pgrep', ['-P', String(process.pid), '-f', 'dist/server.js']).toString();
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
  return out.split(/\s+/).filter(Boolean).map(Number);
}

test('a killed language server is restarted and diagnostics come back', async () => {
  await extension();
  const editor = await open('.env');
  const uri = fileUri('.env');
  await waitForDiagnostics(uri, (ds) => ds.some((d) => d.source === 'dbtrust'), 'the first diagnostics');
  const before = serverPids();
  assert.equal(before.length, 1, `one server process (found ${before.join(', ') || 'none'})`);
  process.kill(before[0]!, 'SIGKILL');

  // A new process appears…
  const deadline = Date.now() + 20_000;
  let after: number[] = [];
  while (Date.now() < deadline) {
    after = serverPids().filter((p) => p !== before[0]);
    if (after.length === 1) break;
    await sleep(200);
  }
  assert.equal(after.length, 1, 'a new server process was started');

  // …and it lints again: weaken the mode in an edit and see the finding for the new text.
  const line = editor.document.lineAt(1);
  const at = line.text.indexOf('sslmode=prefer');
  assert.ok(at > 0, 'fixture: .env line 2 holds sslmode=prefer');
  await editor.edit((e) => e.replace(new vscode.Range(1, at + 8, 1, at + 14), 'allow'));
  try {
    const ds = await waitForDiagnostics(uri, (all) => all.some((d) => d.source === 'dbtrust' && editor.document.getText(d.range) === 'allow'), 'a diagnostic on the edited value from the new server');
    assert.ok(ds.length > 0);
  } finally {
    // Back to the file as it is on disk (the edit was never saved).
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
});
