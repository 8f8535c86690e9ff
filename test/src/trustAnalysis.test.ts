/** Sites' trust files located, read through FileAccess and attached for the rules. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lint, MemoryFileAccess } from '../../server/out/engine';
import { attachTrustFiles, newTrustFileCache } from '../../server/out/engine/trustAnalysis';

const G2 = fs.readFileSync(path.resolve(__dirname, '../../test/fixtures/certs/digicert-global-root-g2.pem'), 'utf8');

test('a relative sslrootcert is found from the workspace root, read once, and attached', async () => {
  const files = new MemoryFileAccess({ '/w/certs/root.pem': G2, '/w/bad.pem': '<html><title>301 Moved Permanently</title></html>' });
  const text = [
    'A=postgresql://db.example.com/app?sslmode=verify-full&sslrootcert=certs/root.pem',
    'B=postgresql://db.example.com/app?sslmode=verify-full&sslrootcert=certs/root.pem',
    'C=postgresql://db.example.com/app?sslmode=verify-full&sslrootcert=/w/bad.pem',
    'D=postgresql://db.example.com/app?sslmode=verify-full&sslrootcert=missing.pem',
    'E=postgresql://db.example.com/app?sslmode=verify-full&sslrootcert=~/.postgresql/root.crt',
    'F=postgresql://db.example.com/app?sslmode=verify-full&sslrootcert=system',
  ].join('\n');
  const result = lint(text, { path: '/w/config/.env' });
  const cache = newTrustFileCache();
  await attachTrustFiles(result, { files, documentPath: '/w/config/.env', workspaceRoot: '/w', cache });
  const [a, b, c, d, e, f] = result.sites.map((s) => s.trustFile);
  assert.equal(a?.state, 'read');
  if (a?.state === 'read') {
    assert.equal(a.basis, 'workspace-root');
    assert.equal(a.parsed.file.certificates[0]?.role, 'root');
    assert.equal(a.parsed.chains[0]?.reachesRoot, true);
  }
  assert.equal(b?.state === 'read' && b.parsed, a?.state === 'read' && a.parsed, 'parsed once, shared');
  assert.equal(c?.state === 'read' && c.parsed.file.certificates.length, 0);
  assert.match(c?.state === 'read' ? c.parsed.file.description : '', /HTML/i);
  assert.deepEqual(d?.state === 'missing' && d.tried.map((t) => t.path), ['/w/config/missing.pem', '/w/missing.pem']);
  assert.equal(e?.state, 'machine-dependent');
  assert.equal(f, undefined, 'sslrootcert=system names no file');
  assert.equal(cache.size, 2);
});
