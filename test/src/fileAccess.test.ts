/** NodeFileAccess: regular files only, a size cap, and the workspace roots of an untrusted workspace. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NodeFileAccess } from '../../server/out/node/fileAccess';

function tmp(): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dbtrust-fa-')));
}

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return (e as { code: string }).code;
  }
}

test('reads regular files; refuses directories, FIFOs, devices and files over the cap', async () => {
  const dir = tmp();
  fs.writeFileSync(path.join(dir, 'a.pem'), 'hello');
  execFileSync('mkfifo', [path.join(dir, 'fifo')]);
  const fa = new NodeFileAccess();
  assert.equal(new TextDecoder().decode(await fa.readFile(path.join(dir, 'a.pem'), 100)), 'hello');
  assert.equal(await code(fa.readFile(path.join(dir, 'a.pem'), 3)), 'too-large');
  assert.equal(await code(fa.readFile(dir, 100)), 'not-a-file');
  assert.equal(await code(fa.readFile(path.join(dir, 'fifo'), 100)), 'not-a-file');
  assert.equal(await code(fa.readFile('/dev/zero', 100)), 'not-a-file');
  assert.equal(await code(fa.readFile(path.join(dir, 'missing'), 100)), 'not-found');
  assert.equal((await fa.stat(path.join(dir, 'fifo')))?.kind, 'other');
});

test('with roots, only files inside them are read, after resolving links', async () => {
  const root = tmp();
  const outside = tmp();
  fs.writeFileSync(path.join(outside, 'secret.pem'), 'x');
  fs.writeFileSync(path.join(root, '..notparent'), 'y');
  fs.symlinkSync(path.join(outside, 'secret.pem'), path.join(root, 'link.pem'));
  const fa = new NodeFileAccess({ roots: [root] });
  assert.equal(await code(fa.readFile(path.join(outside, 'secret.pem'), 10)), 'outside');
  assert.equal(await code(fa.readFile(path.join(root, 'link.pem'), 10)), 'outside');
  assert.equal(await code(fa.readFile(path.join(root, '..notparent'), 10)), 'ok');
});

test('roots are resolved by NodeFileAccess itself: a root given through a link admits its files', async () => {
  const real = tmp();
  fs.writeFileSync(path.join(real, 'root.pem'), 'x');
  const link = path.join(tmp(), 'ws');
  fs.symlinkSync(real, link);
  const fa = new NodeFileAccess({ roots: [link] });
  assert.equal(await code(fa.readFile(path.join(link, 'root.pem'), 10)), 'ok');
  assert.equal(await code(fa.readFile('/etc/hostname', 10)), 'outside');
});
