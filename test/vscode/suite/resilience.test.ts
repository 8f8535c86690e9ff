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

/** `.env` open with its first diagnostics, and the one server process that produced them. */
async function openWithServer(): Promise<{ editor: vscode.TextEditor; uri: vscode.Uri; pid: number }> {
  await extension();
  const editor = await open('.env');
  const uri = fileUri('.env');
  await waitForDiagnostics(uri, (ds) => ds.some((d) => d.source === 'dbtrust'), 'the first diagnostics');
  const pids = serverPids();
  assert.equal(pids.length, 1, `one server process (found ${pids.join(', ') || 'none'})`);
  return { editor, uri, pid: pids[0]! };
}

/** Waits for a server process other than `old`. */
async function newServer(old: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let after: number[] = [];
  while (Date.now() < deadline) {
    after = serverPids().filter((p) => p !== old);
    if (after.length === 1) break;
    await sleep(200);
  }
  assert.equal(after.length, 1, 'a new server process was started');
  return after[0]!;
}

/** Weakens line 2's `sslmode=prefer` to `allow` (unsaved; reverted by the caller). */
async function weakenMode(editor: vscode.TextEditor): Promise<void> {
  const at = editor.document.lineAt(1).text.indexOf('sslmode=prefer');
  assert.ok(at > 0, 'fixture: .env line 2 holds sslmode=prefer');
  await editor.edit((e) => e.replace(new vscode.Range(1, at + 8, 1, at + 14), 'allow'));
}

/** The new server lints the edited text: a diagnostic on `allow`. */
function diagnosticsOfEdit(editor: vscode.TextEditor, uri: vscode.Uri, timeoutMs?: number): Promise<vscode.Diagnostic[]> {
  return waitForDiagnostics(uri, (all) => all.some((d) => d.source === 'dbtrust' && editor.document.getText(d.range) === 'allow'), 'a diagnostic on the edited value from the new server', timeoutMs);
}

test('a killed language server is restarted and diagnostics come back', async () => {
  const { editor, uri, pid } = await openWithServer();
  process.kill(pid, 'SIGKILL');
  await newServer(pid, 20_000);
  try {
    await weakenMode(editor);
    assert.ok((await diagnosticsOfEdit(editor, uri)).length > 0);
  } finally {
    // Back to the file as it is on disk (the edit was never saved).
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
});

test('a language server that stops answering is ended by the watchdog, started again, and diagnostics come back', async () => {
  const { editor, uri, pid } = await openWithServer();
  // Stopped, the server answers nothing, as when its thread is stuck in an analysis that never ends.
  process.kill(pid, 'SIGSTOP');
  try {
    // An edit: the client pings while documents are worked on, and gets no answer. The watchdog
    // waits 15 s by default (the server's 10 s limit for a suspect, and 5 s more).
    await weakenMode(editor);
    await newServer(pid, 45_000);
    assert.ok(!serverPids().includes(pid), 'the stopped server was ended');
    const ds = await diagnosticsOfEdit(editor, uri, 30_000);
    assert.ok(ds.every((d) => d.code !== 'internal-error'), 'the suspected document ended in time: analysed as usual');
  } finally {
    try {
      process.kill(pid, 'SIGCONT');
    } catch {
      // already ended
    }
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
});
