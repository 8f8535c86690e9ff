/**
 * The editor survives its language server dying: vscode-languageclient's default error handler starts
 * it again (up to 4 times in 3 minutes), and the documents get their diagnostics back. A server that
 * stops answering (its thread stuck) is ended by the client's watchdog, and the same follows.
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

test('a language server that stops answering is ended by the watchdog, started again, and diagnostics come back', async () => {
  await extension();
  const editor = await open('.env');
  const uri = fileUri('.env');
  await waitForDiagnostics(uri, (ds) => ds.some((d) => d.source === 'dbtrust'), 'the first diagnostics');
  const before = serverPids();
  assert.equal(before.length, 1, `one server process (found ${before.join(', ') || 'none'})`);
  // Stopped, the server answers nothing, as when its thread is stuck in an analysis that never ends.
  process.kill(before[0]!, 'SIGSTOP');
  const line = editor.document.lineAt(1);
  const at = line.text.indexOf('sslmode=prefer');
  assert.ok(at > 0, 'fixture: .env line 2 holds sslmode=prefer');
  try {
    // An edit: the client pings while documents are worked on, and gets no answer.
    await editor.edit((e) => e.replace(new vscode.Range(1, at + 8, 1, at + 14), 'allow'));
    // The watchdog waits 15 s by default (the server's 10 s limit for a suspect, and 5 s more).
    const deadline = Date.now() + 45_000;
    let after: number[] = [];
    while (Date.now() < deadline) {
      after = serverPids().filter((p) => p !== before[0]);
      if (after.length === 1) break;
      await sleep(250);
    }
    assert.equal(after.length, 1, 'a new server process was started');
    assert.ok(!serverPids().includes(before[0]!), 'the stopped server was ended');
    const ds = await waitForDiagnostics(uri, (all) => all.some((d) => d.source === 'dbtrust' && editor.document.getText(d.range) === 'allow'), 'a diagnostic on the edited value from the new server', 30_000);
    assert.ok(ds.every((d) => d.code !== 'internal-error'), 'the suspected document ended in time: analysed as usual');
  } finally {
    try {
      process.kill(before[0]!, 'SIGCONT');
    } catch {
      // already ended
    }
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
});
