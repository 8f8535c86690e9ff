// The engine alone on the editor benchmark's edits: lintWithTrust of the whole text after each
// single-character insertion, in-process (server/out, the unbundled tsc output), with the options
// the language server passes for a file in a workspace folder (one AnalysisMemo kept across the
// versions, as the server keeps one per open document). No LSP, no debounce, no pipe.
//
//   node bench/lib/engineEdits.cjs <file> <edits> <seed> [whole]   prints { n, p50, p95, p99, … } as JSON
//
// With `whole`, no memo: every version is analysed from scratch (as the CLI analyses a file).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');

(async () => {
  const [file, editsText, seedText, mode] = process.argv.slice(2);
  const { Rng } = await import('../corpus.mjs');
  const { summary } = await import('./stats.mjs');
  const engine = require(path.join(root, 'server/out/engine'));
  const { NodeFileAccess } = require(path.join(root, 'server/out/node/fileAccess'));
  const rng = new Rng(Number(seedText) ^ 0xe1);
  let text = fs.readFileSync(file, 'utf8');
  const files = new NodeFileAccess();
  const cache = engine.newTrustFileCache();
  const ws = path.dirname(path.dirname(file));
  const memo = mode === 'whole' ? undefined : new engine.AnalysisMemo();
  const options = { memo, path: file, languageId: 'typescript', config: engine.defaultConfig(), files, documentPath: file, cache, workspaceRoot: ws, configDir: ws };
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const times = [];
  const n = Number(editsText);
  for (let i = 0; i < n + 10; i++) {
    const at = rng.int(text.length + 1);
    text = text.slice(0, at) + letters[rng.int(26)] + text.slice(at);
    const t0 = process.hrtime.bigint();
    await engine.lintWithTrust(text, { ...options, now: new Date() });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (i >= 10) times.push(ms); // the first 10 warm the JIT
  }
  process.stdout.write(JSON.stringify(summary(times)) + '\n');
})().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e) + '\n');
  process.exitCode = 1;
});
