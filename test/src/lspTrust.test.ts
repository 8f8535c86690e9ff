/**
 * The language server and trust files: diagnostics on sslrootcert values from the file's content,
 * the root-only bundle fix as a workspace edit that creates a file and never overwrites one,
 * diagnostics inside an open certificate file, edits of a certificate file's buffer re-judging the
 * settings that use it, and an untrusted workspace that reads nothing outside its folder.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeAction, CreateFile, HoverRequest, MarkupContent, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol/node';
import { FIXTURE_ROOT } from './util/fixtures';
import { Client, codes, rangeOf, startServer } from './util/lspClient';

const TRUST = path.join(FIXTURE_ROOT, 'trust-files');
const SECRET = 'pa55word-xyz';
const HOST = 'mydb.postgres.database.azure.com';
const ENV = (file: string) => `DATABASE_URL=postgres://app:${SECRET}@${HOST}/app?sslmode=verify-full&sslrootcert=${file}\n`;

function tempWorkspace(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dbtrust-lsp-trust-')));
  fs.mkdirSync(path.join(dir, 'certs'));
  fs.copyFileSync(path.join(TRUST, 'azure-issuing-ca-03.pem'), path.join(dir, 'certs', 'issuing-ca-03.pem'));
  return dir;
}

function creates(action: CodeAction): CreateFile[] {
  return (action.edit?.documentChanges ?? []).filter((c): c is CreateFile => (c as CreateFile).kind === 'create');
}

function textEdits(action: CodeAction): { textDocument: { uri: string }; edits: TextEdit[] }[] {
  return (action.edit?.documentChanges ?? []).filter((c): c is TextDocumentEdit => 'textDocument' in c) as { textDocument: { uri: string }; edits: TextEdit[] }[];
}

describe('language server with trust files', { timeout: 60_000 }, () => {
  let dir: string;
  let client: Client;
  const uri = (name: string) => pathToFileURL(path.join(dir, name)).href;

  before(async () => {
    dir = tempWorkspace();
    client = await startServer(dir, { createFiles: true });
  });

  after(() => {
    client?.kill();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('judges the sslrootcert file by its content: a pinned Azure intermediate without its root', async () => {
    const u = uri('.env');
    const since = client.diagnostics.length;
    client.open(u, 'dotenv', ENV('certs/issuing-ca-03.pem'));
    const p = await client.nextDiagnostics(u, since);
    assert.deepEqual(codes(p).sort(), ['missing-root', 'pinned-intermediate']);
    for (const d of p.diagnostics) assert.deepEqual(d.range, rangeOf(client.text(u), 'certs/issuing-ca-03.pem'));
    assert.ok(p.diagnostics.every((d) => !JSON.stringify(d).includes(SECRET)));
  });

  it('offers the root-only bundle as a CreateFile that never overwrites, plus sslrootcert=system', async () => {
    const u = uri('.env');
    const p = await client.nextDiagnostics(u, 0);
    const pinned = p.diagnostics.find((d) => d.code === 'pinned-intermediate')!;
    const actions = await client.codeActions(u, pinned.range, [pinned]);
    const bundle = actions.find((a) => a.title.startsWith('Create a root-only bundle'))!;
    assert.ok(bundle, actions.map((a) => a.title).join('; '));
    assert.equal(bundle.isPreferred, false);
    const created = creates(bundle);
    assert.equal(created.length, 1);
    assert.equal(created[0]!.uri, uri('certs/azure-postgresql-roots.pem'));
    assert.deepEqual(created[0]!.options, { overwrite: false, ignoreIfExists: false });
    const [content, envEdit] = textEdits(bundle);
    assert.equal(content!.textDocument.uri, created[0]!.uri);
    assert.equal((content!.edits[0]!.newText.match(/BEGIN CERTIFICATE/g) ?? []).length, 2);
    assert.match(content!.edits[0]!.newText, /# DigiCert Global Root G2\n# SHA-256: /);
    assert.equal(envEdit!.textDocument.uri, u);
    assert.equal(envEdit!.edits[0]!.newText, 'certs/azure-postgresql-roots.pem');
    const system = actions.find((a) => a.title.includes('sslrootcert=system'))!;
    assert.equal(system.edit?.changes?.[u]?.[0]?.newText, 'system');
  });

  it('reuses an identical bundle already on disk, and picks a free name next to a different file', async () => {
    const u = uri('.env');
    const target = path.join(dir, 'certs', 'azure-postgresql-roots.pem');
    const p = await client.nextDiagnostics(u, 0);
    const pinned = p.diagnostics.find((d) => d.code === 'pinned-intermediate')!;
    const first = (await client.codeActions(u, pinned.range, [pinned])).find((a) => a.title.startsWith('Create a root-only bundle'))!;
    const content = textEdits(first)[0]!.edits[0]!.newText;

    fs.writeFileSync(target, content);
    const same = (await client.codeActions(u, pinned.range, [pinned])).find((a) => a.title.startsWith('Create a root-only bundle'))!;
    assert.deepEqual(creates(same), []);
    assert.equal(textEdits(same)[0]!.edits[0]!.newText, 'certs/azure-postgresql-roots.pem');

    fs.writeFileSync(target, '# something else\n');
    const other = (await client.codeActions(u, pinned.range, [pinned])).find((a) => a.title.startsWith('Create a root-only bundle'))!;
    assert.equal(creates(other)[0]!.uri, uri('certs/azure-postgresql-roots-2.pem'));
    assert.equal(textEdits(other)[1]!.edits[0]!.newText, 'certs/azure-postgresql-roots-2.pem');
    assert.match(other.title, /azure-postgresql-roots-2\.pem/);
    fs.rmSync(target);
  });

  it('puts diagnostics on the blocks of an open certificate file that a setting uses', async () => {
    const pem = uri('certs/issuing-ca-03.pem');
    const since = client.diagnostics.length;
    client.open(pem, 'plaintext', fs.readFileSync(path.join(dir, 'certs', 'issuing-ca-03.pem'), 'utf8'));
    const p = await client.nextDiagnostics(pem, since);
    assert.deepEqual(codes(p).sort(), ['missing-root', 'pinned-intermediate']);
    const pinned = p.diagnostics.find((d) => d.code === 'pinned-intermediate')!;
    assert.deepEqual(pinned.range, rangeOf(client.text(pem), '-----BEGIN CERTIFICATE-----'));
    assert.match(String(pinned.message), /\.env/);
    const actions = await client.codeActions(pem, pinned.range, [pinned]);
    const add = actions.find((a) => a.title.startsWith('Add the root CAs'))!;
    assert.ok(add, actions.map((a) => a.title).join('; '));
    assert.equal((add.edit?.changes?.[pem]?.[0]?.newText.match(/BEGIN CERTIFICATE/g) ?? []).length, 2);
  });

  it('hovers: the trust file table on the setting (password redacted), the certificate in a certificate file', async () => {
    const env = uri('.env');
    const pem = uri('certs/issuing-ca-03.pem');
    const hover = async (u: string, needle: string) => {
      const at = rangeOf(client.text(u), needle).start;
      const h = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: u }, position: { line: at.line, character: at.character + 1 } });
      return (h?.contents as MarkupContent).value;
    };
    const onSetting = await hover(env, 'certs/issuing-ca-03.pem');
    assert.match(onSetting, /Microsoft Azure RSA TLS Issuing CA 03/);
    assert.match(onSetting, /certs\/issuing-ca-03\.pem/);
    assert.ok(!onSetting.includes(dir), 'workspace-relative paths');
    assert.ok(!onSetting.includes(SECRET));
    const onBlock = await hover(pem, 'BEGIN CERTIFICATE');
    assert.match(onBlock, /Microsoft Azure RSA TLS Issuing CA 03/);
    assert.match(onBlock, /intermediate/i);
  });

  it('re-judges the settings when the certificate file buffer changes, before it is saved', async () => {
    const env = uri('.env');
    const pem = uri('certs/issuing-ca-03.pem');
    const since = client.diagnostics.length;
    const version = client.replaceAll(pem, fs.readFileSync(path.join(TRUST, 'azure-roots.pem'), 'utf8'));
    // The first publication for .env after the edit that reflects it: nothing left to report.
    await client.nextDiagnostics(env, since, (p) => p.diagnostics.length === 0);
    const onPem = await client.nextDiagnostics(pem, since, (p) => p.version === version);
    assert.deepEqual(codes(onPem), []);
    // Closing the buffer unsaved: the file on disk (the intermediate) counts again.
    const again = client.diagnostics.length;
    client.close(pem);
    const back = await client.nextDiagnostics(env, again, (p) => p.diagnostics.length > 0);
    assert.deepEqual(codes(back).sort(), ['missing-root', 'pinned-intermediate']);
  });
});

describe('language server without file creation, and in an untrusted workspace', { timeout: 60_000 }, () => {
  it('offers no bundle action to a client that cannot create files', async () => {
    const dir = tempWorkspace();
    const client = await startServer(dir);
    try {
      const u = pathToFileURL(path.join(dir, '.env')).href;
      client.open(u, 'dotenv', ENV('certs/issuing-ca-03.pem'));
      const p = await client.nextDiagnostics(u, 0);
      const pinned = p.diagnostics.find((d) => d.code === 'pinned-intermediate')!;
      const titles = (await client.codeActions(u, pinned.range, [pinned])).map((a) => a.title);
      assert.ok(!titles.some((t) => t.startsWith('Create a root-only bundle')), titles.join('; '));
      assert.ok(titles.some((t) => t.includes('sslrootcert=system')));
    } finally {
      client.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads no trust file outside the workspace when it is not trusted', async () => {
    const dir = tempWorkspace();
    const client = await startServer(dir, { untrusted: true });
    try {
      const outside = path.join(TRUST, 'azure-issuing-ca-03.pem');
      const u = pathToFileURL(path.join(dir, '.env')).href;
      client.open(u, 'dotenv', ENV(outside) + ENV('certs/issuing-ca-03.pem').replace('DATABASE_URL', 'INSIDE_URL'));
      const p = await client.nextDiagnostics(u, 0);
      const first = p.diagnostics.filter((d) => d.range.start.line === 0);
      assert.deepEqual(codes({ uri: u, diagnostics: first }), ['trust-file-unreadable']);
      assert.equal(first[0]!.severity, 3); // information
      assert.match(String(first[0]!.message), /outside the workspace/);
      const second = p.diagnostics.filter((d) => d.range.start.line === 1);
      assert.deepEqual(codes({ uri: u, diagnostics: second }).sort(), ['missing-root', 'pinned-intermediate']);
    } finally {
      client.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
