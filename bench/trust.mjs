// Trust-file parsing figures: the AWS RDS global bundle (108 certificates, RSA and EC) read and
// linked cold (first parse in a fresh process), warm (parsed again), and through the cache
// (path + size + mtime unchanged). Run: npm run bench:trust (after npm run build).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';
import * as fs from 'node:fs';
import * as os from 'node:os';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const t0 = process.hrtime.bigint();
const { readTrustFile, buildChains } = require(path.join(root, 'server/out/engine/trust'));
const { newTrustFileCache } = require(path.join(root, 'server/out/engine/trustAnalysis'));
const { NodeFileAccess } = require(path.join(root, 'server/out/node/fileAccess'));
const loadMs = Number(process.hrtime.bigint() - t0) / 1e6;

const file = path.join(root, 'test/fixtures/certs/global-bundle--2025-09.pem');
const bytes = fs.readFileSync(file);
const ms = (f) => {
  const s = process.hrtime.bigint();
  const v = f();
  return [Number(process.hrtime.bigint() - s) / 1e6, v];
};

const [coldParse, first] = ms(() => readTrustFile(bytes, file));
const [coldChains] = ms(() => buildChains(first.certificates));
const warm = [];
for (let i = 0; i < 20; i++) warm.push(ms(() => buildChains(readTrustFile(bytes, file).certificates))[0]);
warm.sort((a, b) => a - b);

const cache = newTrustFileCache();
const files = new NodeFileAccess();
const c0 = process.hrtime.bigint();
await cache.read(files, file);
const cacheMiss = Number(process.hrtime.bigint() - c0) / 1e6;
const hits = [];
for (let i = 0; i < 200; i++) {
  const s = process.hrtime.bigint();
  await cache.read(files, file);
  hits.push(Number(process.hrtime.bigint() - s) / 1e6);
}
hits.sort((a, b) => a - b);

const f2 = (n) => n.toFixed(2);
console.log(`Trust-file parsing (${first.certificates.length} certificates, ${bytes.length} bytes), ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}\n`);
console.log('| figure | ms |');
console.log('|---|---|');
console.log(`| loading the reader modules | ${f2(loadMs)} |`);
console.log(`| cold: first readTrustFile | ${f2(coldParse)} |`);
console.log(`| cold: first buildChains | ${f2(coldChains)} |`);
console.log(`| warm: read + chains, median of 20 | ${f2(warm[10])} |`);
console.log(`| cache miss (stat + read + parse + chains) | ${f2(cacheMiss)} |`);
console.log(`| cache hit (stat only), median of 200 | ${f2(hits[100])} |`);
