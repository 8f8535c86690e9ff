#!/usr/bin/env node
/**
 * Long fuzzing run: the property tests of test/out/fuzz.test.js with many more cases.
 *
 *   npm run fuzz                     100,000 cases in total, a fresh seed (printed)
 *   FUZZ_RUNS=1000000 npm run fuzz   more cases
 *   FUZZ_SEED=1234 npm run fuzz      replay a run (same FUZZ_RUNS as the failing run)
 *
 * Needs a build (`npm run build`, or `npx tsc -b`) so that test/out is current.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const suite = path.join(root, 'test/out/fuzz.test.js');
if (!fs.existsSync(suite)) {
  console.error('fuzz: test/out/fuzz.test.js is missing; run `npm run build` first');
  process.exit(2);
}
const runs = process.env.FUZZ_RUNS ?? '100000';
const seed = process.env.FUZZ_SEED ?? String((Date.now() ^ (process.pid << 16)) >>> 0);
console.log(`fuzz: FUZZ_RUNS=${runs} FUZZ_SEED=${seed}`);
const started = process.hrtime.bigint();
const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', suite], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, FUZZ_RUNS: runs, FUZZ_SEED: seed },
});
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(`fuzz: ${runs} cases in ${seconds.toFixed(1)} s (FUZZ_SEED=${seed}); replay with FUZZ_SEED=${seed} FUZZ_RUNS=${runs} npm run fuzz`);
process.exit(r.status ?? 1);
