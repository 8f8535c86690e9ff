/**
 * The commands of the UI contract: contributed with their titles in the "dbtrust" category,
 * registered by the extension, and the ones that run without a prompt do what they say.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import * as vscode from 'vscode';
import { extension, fileUri, manifestText, open, waitForExactly } from './util';

/** Command id → English title (contract). */
export const COMMANDS: Record<string, string> = {
  'dbtrust.scanWorkspace': 'Scan Workspace',
  'dbtrust.showTrustFileDetails': 'Show Trust File Details',
  'dbtrust.createRootBundle': 'Create Root Bundle for Provider…',
  'dbtrust.checkServerChain': 'Check Server Chain',
  'dbtrust.restartServer': 'Restart Language Server',
  'dbtrust.openRuleDocs': 'Open Rule Documentation',
};

interface ContributedCommand {
  command: string;
  title: unknown;
  category?: string;
}

test('every command is contributed with its title, in the dbtrust category', async () => {
  const ext = await extension();
  const contributed = (ext.packageJSON.contributes?.commands ?? []) as ContributedCommand[];
  const byId = new Map(contributed.map((c) => [c.command, c]));
  for (const [id, title] of Object.entries(COMMANDS)) {
    const c = byId.get(id);
    assert.ok(c, `${id} is not in contributes.commands`);
    assert.equal(manifestText(c.title), title, `title of ${id}`);
    assert.equal(c.category, 'dbtrust', `category of ${id}`);
  }
});

test('every command is registered once the extension is active', async () => {
  await extension();
  const registered = new Set(await vscode.commands.getCommands(true));
  const missing = Object.keys(COMMANDS).filter((id) => !registered.has(id));
  assert.deepEqual(missing, []);
});

test('Scan Workspace reports files that were never opened', async () => {
  await extension();
  // A file written to disk behind VS Code's back, after the window opened: only a scan finds it.
  const uri = fileUri('scan/unopened.env');
  const created = fileUri('scan/created.env');
  fs.writeFileSync(created.fsPath, 'EXPORT_URL=postgresql://export@export.example.com/exports?sslmode=disable\n');
  assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), 'fixture: scan/unopened.env is not open');
  await vscode.commands.executeCommand('dbtrust.scanWorkspace');
  await waitForExactly(uri, ['weak-sslmode warning 1:60-1:65']);
  await waitForExactly(created, ['weak-sslmode warning 0:66-0:73']);
});

test('Restart Language Server: diagnostics keep following edits afterwards', async () => {
  const editor = await open('commands/restart.env');
  const uri = editor.document.uri;
  await waitForExactly(uri, ['weak-sslmode warning 0:60-0:66']);
  await vscode.commands.executeCommand('dbtrust.restartServer');
  await editor.edit((b) => b.replace(new vscode.Range(0, 60, 0, 66), 'allow'));
  await waitForExactly(uri, ['weak-sslmode warning 0:60-0:65']);
});

test('Open Rule Documentation runs for a rule id', async () => {
  await extension();
  await vscode.commands.executeCommand('dbtrust.openRuleDocs', 'weak-sslmode');
});

test('Create Root Bundle for Provider… writes the provider\'s roots where asked', async () => {
  await extension();
  const target = fileUri('commands/azure-roots.pem');
  if (fs.existsSync(target.fsPath)) fs.rmSync(target.fsPath);
  const written = (await vscode.commands.executeCommand('dbtrust.createRootBundle', { provider: 'azure-postgresql-flexible', target })) as vscode.Uri | undefined;
  assert.equal(written?.toString(), target.toString());
  const text = fs.readFileSync(target.fsPath, 'utf8');
  assert.equal(text.match(/-----BEGIN CERTIFICATE-----/g)?.length, 2, 'DigiCert Global Root G2 and Microsoft RSA Root CA 2017');
  assert.match(text, /DigiCert Global Root G2/);
  fs.rmSync(target.fsPath);
});

test('Show Trust File Details describes a certificate file', async () => {
  await extension();
  const pem = fileUri('commands/details.pem');
  const written = (await vscode.commands.executeCommand('dbtrust.createRootBundle', { provider: 'aws-rds', region: 'eu-west-1', target: pem })) as vscode.Uri | undefined;
  assert.ok(written);
  try {
    const details = (await vscode.commands.executeCommand('dbtrust.showTrustFileDetails', pem)) as { markdown: string; count: number } | undefined;
    assert.ok(details && details.count >= 1, `details: ${JSON.stringify(details)?.slice(0, 200)}`);
    assert.match(details.markdown, /eu-west-1/);
  } finally {
    fs.rmSync(pem.fsPath, { force: true });
  }
});

test('Check Server Chain answers for an endpoint, also when nothing listens there', async () => {
  await extension();
  const net = await import('node:net');
  const server = net.createServer();
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
  await new Promise((resolve) => server.close(resolve));
  const answer = (await vscode.commands.executeCommand('dbtrust.checkServerChain', { host: '127.0.0.1', port })) as { result: { error?: { code: string } }; text: string } | undefined;
  assert.equal(answer?.result.error?.code, 'refused');
  assert.match(answer!.text, /127\.0\.0\.1/);
});
