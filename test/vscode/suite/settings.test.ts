/**
 * The settings of the UI contract: contributed with their types, applied without a reload, and
 * .dbtrust.json winning over them when both set a value. Every test puts the settings back.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import * as vscode from 'vscode';
import { extension, fileUri, open, ruleOf, setSetting, waitForDiagnostics, waitForExactly } from './util';

interface Property {
  type?: string | string[];
  default?: unknown;
  enum?: string[];
}

test('the settings are contributed with their types and defaults', async () => {
  const ext = await extension();
  const properties = (ext.packageJSON.contributes?.configuration?.properties ?? {}) as Record<string, Property>;
  const expect: Record<string, string> = {
    'dbtrust.rules': 'object',
    'dbtrust.ignore': 'array',
    'dbtrust.expiryWindowDays': 'number',
    'dbtrust.providers': 'object',
    'dbtrust.drivers': 'object',
    'dbtrust.trace.server': 'string',
  };
  for (const [key, type] of Object.entries(expect)) {
    const p = properties[key];
    assert.ok(p, `${key} is not contributed`);
    const types = Array.isArray(p.type) ? p.type : [p.type];
    assert.ok(types.includes(type) || (type === 'number' && types.includes('integer')), `${key} has type ${JSON.stringify(p.type)}, expected ${type}`);
  }
  assert.equal(properties['dbtrust.expiryWindowDays']!.default, 90);
  assert.deepEqual(properties['dbtrust.trace.server']!.enum, ['off', 'messages', 'verbose']);
  assert.equal(vscode.workspace.getConfiguration('dbtrust').get('expiryWindowDays'), 90);
});

test('dbtrust.rules changes a rule\'s severity and turns it off, without a reload', async () => {
  await open('settings/rules.env');
  const uri = fileUri('settings/rules.env');
  await waitForExactly(uri, ['weak-sslmode warning 0:71-0:77']);
  try {
    await setSetting('rules', { 'weak-sslmode': 'error' });
    await waitForExactly(uri, ['weak-sslmode error 0:71-0:77']);
    await setSetting('rules', { 'weak-sslmode': 'hint' });
    await waitForExactly(uri, ['weak-sslmode hint 0:71-0:77']);
    await setSetting('rules', { 'weak-sslmode': 'off' });
    await waitForExactly(uri, []);
  } finally {
    await setSetting('rules', undefined);
  }
  await waitForExactly(uri, ['weak-sslmode warning 0:71-0:77']);
});

test('.dbtrust.json wins over the settings when both set a value', async () => {
  await open('settings/rules.env');
  const uri = fileUri('settings/rules.env');
  const config = fileUri('.dbtrust.json');
  await waitForExactly(uri, ['weak-sslmode warning 0:71-0:77']);
  try {
    await setSetting('rules', { 'weak-sslmode': 'error' });
    await waitForExactly(uri, ['weak-sslmode error 0:71-0:77']);
    await vscode.workspace.fs.writeFile(config, Buffer.from(JSON.stringify({ rules: { 'weak-sslmode': 'info' } }, null, 2) + '\n'));
    await waitForExactly(uri, ['weak-sslmode info 0:71-0:77']);
    await vscode.workspace.fs.delete(config);
    await waitForExactly(uri, ['weak-sslmode error 0:71-0:77']);
  } finally {
    await vscode.workspace.fs.delete(config).then(undefined, () => undefined);
    await setSetting('rules', undefined);
  }
  await waitForExactly(uri, ['weak-sslmode warning 0:71-0:77']);
});

test('dbtrust.ignore: files matching a glob get no diagnostics', async () => {
  await open('settings/ignored/legacy.env');
  const uri = fileUri('settings/ignored/legacy.env');
  await waitForExactly(uri, ['weak-sslmode warning 0:62-0:68']);
  try {
    await setSetting('ignore', ['settings/ignored/**']);
    await waitForExactly(uri, []);
  } finally {
    await setSetting('ignore', undefined);
  }
  await waitForExactly(uri, ['weak-sslmode warning 0:62-0:68']);
});

test('dbtrust.drivers assigns a driver to files by glob', async () => {
  await open('settings/drivers/app.env');
  const uri = fileUri('settings/drivers/app.env');
  const [before] = await waitForExactly(uri, ['weak-sslmode warning 0:53-0:60']);
  assert.match(before!.message, /^sslmode=require: libpq encrypts/);
  try {
    await setSetting('drivers', { 'settings/drivers/**': 'node-postgres' });
    const [after] = await waitForDiagnostics(uri, (ds) => ds.length === 1 && /^sslmode=require: node-postgres/.test(ds[0]!.message), 'a node-postgres message');
    assert.equal(ruleOf(after!), 'weak-sslmode');
  } finally {
    await setSetting('drivers', undefined);
  }
  await waitForDiagnostics(uri, (ds) => ds.length === 1 && /^sslmode=require: libpq/.test(ds[0]!.message), 'the libpq message again');
});

test('dbtrust.providers names the provider of a host', async () => {
  await open('settings/providers/app.env');
  const uri = fileUri('settings/providers/app.env');
  const AZURE = /none of the roots of Azure Database for PostgreSQL flexible server is in the file/;
  const before = await waitForDiagnostics(uri, (ds) => ds.some((d) => ruleOf(d) === 'missing-root'), 'missing-root');
  assert.ok(!before.some((d) => AZURE.test(d.message)), 'without the setting the host is no known provider\'s');
  try {
    await setSetting('providers', { 'db.internal.example.com': 'azure-postgresql-flexible' });
    await waitForDiagnostics(uri, (ds) => ds.some((d) => ruleOf(d) === 'missing-root' && AZURE.test(d.message)), 'missing-root naming Azure');
  } finally {
    await setSetting('providers', undefined);
  }
  await waitForDiagnostics(uri, (ds) => ds.some((d) => ruleOf(d) === 'missing-root') && !ds.some((d) => AZURE.test(d.message)), 'missing-root without Azure');
});

test('dbtrust.expiryWindowDays sets how early expiring-ca warns', async () => {
  // A root CA valid for 30 more days, made now (the default window is 90 days).
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dbtrust-e2e-ca-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
      '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'root.pem'), '-days', '30',
      '-subj', '/CN=dbtrust e2e root', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    ], { stdio: 'pipe' });
    await vscode.workspace.fs.writeFile(fileUri('settings/expiry/root.pem'), fs.readFileSync(path.join(dir, 'root.pem')));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  await open('settings/expiry/app.env');
  const uri = fileUri('settings/expiry/app.env');
  await waitForExactly(uri, ['expiring-ca warning 0:79-0:87']);
  try {
    await setSetting('expiryWindowDays', 10);
    await waitForExactly(uri, []);
  } finally {
    await setSetting('expiryWindowDays', undefined);
  }
  await waitForExactly(uri, ['expiring-ca warning 0:79-0:87']);
});
