/** Trust file location (relative paths, machine-dependent paths) and the content cache. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { FileAccess, FileStat, MemoryFileAccess } from '../../server/out/engine';
import { findTrustFile, joinPath, locateCandidates, TrustFileCache } from '../../server/out/engine/trustSource';

test('absolute paths are tried as they are; relative ones against the document folder, then the workspace root', () => {
  const ctx = { documentPath: '/w/app/config/.env', workspaceRoot: '/w/app' };
  assert.deepEqual(locateCandidates('/etc/ssl/root.pem', ctx), { kind: 'files', written: '/etc/ssl/root.pem', candidates: [{ path: '/etc/ssl/root.pem', basis: 'absolute' }] });
  const rel = locateCandidates('certs/root.pem', ctx);
  assert.deepEqual(rel.kind === 'files' && rel.candidates, [
    { path: '/w/app/config/certs/root.pem', basis: 'document-folder' },
    { path: '/w/app/certs/root.pem', basis: 'workspace-root' },
  ]);
  const up = locateCandidates('../certs/./root.pem', ctx);
  assert.deepEqual(up.kind === 'files' && up.candidates.map((c) => c.path), ['/w/app/certs/root.pem', '/w/certs/root.pem']);
  // Same folder: one candidate.
  const same = locateCandidates('root.pem', { documentPath: '/w/.env', workspaceRoot: '/w' });
  assert.equal(same.kind === 'files' && same.candidates.length, 1);
});

test('home, environment and other-OS paths depend on the client machine and are not read', () => {
  const ctx = { documentPath: '/w/.env', workspaceRoot: '/w' };
  for (const p of ['~/.postgresql/root.crt', '%APPDATA%\\postgresql\\root.crt', '$HOME/root.pem', '${CERT_DIR}/root.pem', 'C:\\certs\\root.pem']) {
    assert.equal(locateCandidates(p, ctx).kind, 'machine-dependent', p);
  }
  assert.equal(locateCandidates('C:\\certs\\root.pem', { documentPath: 'C:\\w\\app.config' }).kind, 'files');
  assert.equal(joinPath('C:\\w\\app', '..\\certs\\r.pem'), 'C:\\w\\certs\\r.pem');
});

test('findTrustFile picks the first regular file and reports a directory in the way', async () => {
  const files = new MemoryFileAccess({ '/w/certs/root.pem': 'x', '/w/app/certs/a': 'y' });
  const found = await findTrustFile(files, [
    { path: '/w/app/certs/root.pem', basis: 'document-folder' },
    { path: '/w/certs/root.pem', basis: 'workspace-root' },
  ]);
  assert.equal(found.found && found.basis, 'workspace-root');
  const dir = await findTrustFile(files, [{ path: '/w/app/certs', basis: 'document-folder' }]);
  assert.deepEqual(!dir.found && dir.notAFile, { path: '/w/app/certs', kind: 'directory' });
});

test('the cache parses a file once per size + mtime, and again when it changes', async () => {
  let mtime = 1;
  const backing = new MemoryFileAccess({ '/w/r.pem': 'one' });
  const files: FileAccess = {
    stat: async (p) => {
      const s = await backing.stat(p);
      return s && ({ ...s, mtimeMs: mtime } as FileStat);
    },
    readFile: (p, max) => backing.readFile(p, max),
  };
  let parses = 0;
  const cache = new TrustFileCache((bytes) => {
    parses++;
    return new TextDecoder().decode(bytes);
  });
  assert.deepEqual(await cache.read(files, '/w/r.pem'), { ok: true, value: 'one' });
  await cache.read(files, '/w/r.pem');
  assert.equal(parses, 1);
  backing.set('/w/r.pem', 'two');
  mtime = 2;
  assert.deepEqual(await cache.read(files, '/w/r.pem'), { ok: true, value: 'two' });
  assert.equal(parses, 2);
  const missing = await cache.read(files, '/w/none.pem');
  assert.equal(!missing.ok && missing.error.code, 'not-found');
  backing.set('/w/big.pem', new Uint8Array(1024 * 1024 + 1));
  const big = await cache.read(files, '/w/big.pem');
  assert.equal(!big.ok && big.error.code, 'too-large');
});
