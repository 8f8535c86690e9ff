// Where a CLI scan's time goes, in-process: the CLI's own steps (server/out, the unbundled tsc
// output) replayed one by one with a clock around each, in one thread — walk the tree, read each
// file, test its bytes with the prefilter, decode the files that pass, lint them, locate the
// findings — with the lint time summed by file kind and the slowest files listed. It mirrors
// FileLinter.lint in server/src/cli/report.ts (what each scan lane does per file); it is a profiling
// aid, not a figure that is compared with anything.
//
//   node bench/lib/phases.cjs <tree> <now YYYY-MM-DD> <prefilter regex source>   prints JSON
'use strict';
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
const out = (p) => require(path.join(root, 'server/out', p));

(async () => {
  const [tree, nowText, prefilterSource] = process.argv.slice(2);
  const prefilter = new RegExp(prefilterSource, 'i');
  const t = () => Number(process.hrtime.bigint()) / 1e6;
  const engine = out('engine');
  const { Walker } = out('cli/walk');
  const { decodeText, locate, MAX_FILE_BYTES } = out('cli/report');
  const { NodeFileAccess } = out('node/fileAccess');
  const { bytePrefilter } = out('cli/bytePrefilter');
  const cwd = path.resolve(tree);
  const now = new Date(`${nowText}T00:00:00Z`);

  const t0 = t();
  const { config } = await engine.loadConfig(new NodeFileAccess(), path.join(cwd, engine.CONFIG_FILE_NAME));
  const targets = await new Walker({ cwd, warn: () => undefined }).collect(['.']);
  const walkMs = t() - t0;

  const trustFiles = new NodeFileAccess();
  const cache = engine.newTrustFileCache();
  let readMs = 0;
  let decodeMs = 0;
  let lintMs = 0;
  let locateMs = 0;
  let findings = 0;
  let passed = 0;
  let linted = 0;
  let bytes = 0;
  const byKind = new Map();
  const slowest = [];
  const scratch = Buffer.allocUnsafe(MAX_FILE_BYTES + 1);
  let prefilterMs = 0;
  for (const target of targets) {
    let a = t();
    let data;
    try {
      data = target.files.readFileSync(target.abs, MAX_FILE_BYTES, scratch);
    } catch {
      readMs += t() - a;
      continue;
    }
    readMs += t() - a;
    bytes += data.length;
    if (engine.isCertificateFile(target.abs)) continue;
    a = t();
    const utf16 = data.length >= 2 && ((data[0] === 0xff && data[1] === 0xfe) || (data[0] === 0xfe && data[1] === 0xff));
    const binary = !utf16 && data.subarray(0, 8192).indexOf(0) >= 0;
    const verdict = binary || utf16 ? 'none' : bytePrefilter(data);
    const hit = !binary && (utf16 || verdict !== 'none');
    prefilterMs += t() - a;
    if (binary) continue;
    linted++;
    if (!hit) continue;
    a = t();
    const text = decodeText(data);
    decodeMs += t() - a;
    if (text === undefined) continue;
    if (prefilter.test(text)) passed++;
    a = t();
    const result = await engine.lintWithTrust(text, { path: target.abs, config, files: trustFiles, documentPath: target.abs, workspaceRoot: cwd, cache, now, configDir: cwd, prefilterPassed: verdict === 'found' });
    const ms = t() - a;
    lintMs += ms;
    a = t();
    findings += locate(text, result, path.relative(cwd, target.abs), target.abs, cwd).length;
    locateMs += t() - a;
    const base = path.basename(target.abs);
    const ext = base.includes('.min.') ? '.min.js' : path.extname(base) || base.replace(/\..*$/, '') || base;
    const k = byKind.get(ext) ?? { kind: ext, files: 0, bytes: 0, passed: 0, lintMs: 0 };
    k.files++;
    k.bytes += data.length;
    if (hit) k.passed++;
    k.lintMs += ms;
    byKind.set(ext, k);
    slowest.push({ file: path.relative(cwd, target.abs), bytes: data.length, prefilter: hit, lintMs: ms });
  }
  slowest.sort((x, y) => y.lintMs - x.lintMs);
  process.stdout.write(
    JSON.stringify({
      files: targets.length,
      linted,
      passedPrefilter: passed,
      bytes,
      findings,
      walkMs,
      readMs,
      prefilterMs,
      decodeMs,
      lintMs,
      locateMs,
      totalMs: t() - t0,
      byKind: [...byKind.values()].sort((x, y) => y.lintMs - x.lintMs),
      slowest: slowest.slice(0, 12),
    }) + '\n',
  );
})().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e) + '\n');
  process.exitCode = 1;
});
