/**
 * Shared by the extension-host suites: the workspace (a fresh copy of test/vscode/workspace made
 * by the runner for every run), dbtrust's diagnostics, and waiting for the language server.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'dbtrust.dbtrust';
export const SOURCE = 'dbtrust';
/** How long the language server may take to answer after a change (a generous bound, not a measurement). */
export const WAIT_MS = 20_000;

export function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test window has no workspace folder');
  return folder;
}

export function fileUri(relative: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceFolder().uri, ...relative.split('/'));
}

/** The extension, activated. */
export async function extension(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  await ext.activate();
  return ext;
}

export async function open(relative: string): Promise<vscode.TextEditor> {
  await extension();
  const doc = await vscode.workspace.openTextDocument(fileUri(relative));
  return vscode.window.showTextDocument(doc, { preview: false });
}

/** A manifest string as the extension host gives it: plain, or localised as { value, original }. */
export function manifestText(v: unknown): unknown {
  return typeof v === 'object' && v !== null && 'value' in v ? (v as { value: unknown }).value : v;
}

export function ruleOf(d: vscode.Diagnostic): string {
  const code = d.code;
  if (typeof code === 'object' && code !== null) return String(code.value);
  return String(code);
}

export function dbtrustDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

const SEVERITY: Record<number, string> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'info',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

/** `rule severity startLine:startChar-endLine:endChar` (0-based, as VS Code counts). */
export function describe(d: vscode.Diagnostic): string {
  const r = d.range;
  return `${ruleOf(d)} ${SEVERITY[d.severity]} ${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

export function describeAll(ds: readonly vscode.Diagnostic[]): string[] {
  return [...ds].sort((a, b) => a.range.start.compareTo(b.range.start) || ruleOf(a).localeCompare(ruleOf(b))).map(describe);
}

/**
 * Waits until the dbtrust diagnostics of `uri` satisfy `done`; fails with what they were instead.
 * Listens to diagnostic changes and also re-checks periodically (a change may precede the wait).
 */
export async function waitForDiagnostics(
  uri: vscode.Uri,
  done: (ds: vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = WAIT_MS,
): Promise<vscode.Diagnostic[]> {
  const check = (): vscode.Diagnostic[] | undefined => {
    const ds = dbtrustDiagnostics(uri);
    return done(ds) ? ds : undefined;
  };
  const now = check();
  if (now) return now;
  return new Promise((resolve, reject) => {
    const finish = (ds: vscode.Diagnostic[] | undefined, error?: Error): void => {
      sub.dispose();
      clearInterval(poll);
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(ds ?? []);
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString())) return;
      const ds = check();
      if (ds) finish(ds);
    });
    const poll = setInterval(() => {
      const ds = check();
      if (ds) finish(ds);
    }, 250);
    const timer = setTimeout(() => {
      const got = describeAll(dbtrustDiagnostics(uri));
      finish(undefined, new Error(`timed out after ${timeoutMs} ms waiting for ${what} in ${vscode.workspace.asRelativePath(uri)}; diagnostics: ${JSON.stringify(got)}`));
    }, timeoutMs);
  });
}

/** Waits for exactly these diagnostics (as `describe` prints them, in position order). */
export function waitForExactly(uri: vscode.Uri, expected: string[], timeoutMs = WAIT_MS): Promise<vscode.Diagnostic[]> {
  const want = JSON.stringify(expected);
  return waitForDiagnostics(uri, (ds) => JSON.stringify(describeAll(ds)) === want, want, timeoutMs);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** The code actions VS Code collects for a range, code actions (not bare commands) only. */
export async function codeActionsAt(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  const all = (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, range, kind)) ?? [];
  return all.filter((a): a is vscode.CodeAction => 'title' in a && !('command' in a && typeof a.command === 'string'));
}

export async function applyAction(action: vscode.CodeAction): Promise<void> {
  assert.ok(action.edit, `code action "${action.title}" has no edit`);
  assert.equal(await vscode.workspace.applyEdit(action.edit), true, `applying "${action.title}" failed`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

/** Sets a dbtrust setting for the workspace folder (written to its .vscode/settings.json). */
export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('dbtrust').update(key, value, vscode.ConfigurationTarget.Workspace);
}

/** A document's text after it changed away from `before`. */
export async function waitForText(doc: vscode.TextDocument, expected: string, timeoutMs = WAIT_MS): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (doc.getText() !== expected && Date.now() < end) await sleep(100);
  assert.equal(doc.getText(), expected);
}
