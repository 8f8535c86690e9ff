// `npm run bench`: every performance figure of dbtrust in one run, written to bench/results.md.
//
//   node bench/run.mjs [--quick] [--runs N] [--seed N] [--scale X] [--out FILE]
//                      [--no-package] [--profile | --no-profile] [--only a,b,…]
//
// --quick (or DBTRUST_BENCH_QUICK=1): a corpus 1/20 of the size, fewer repetitions; the results go
// next to that corpus instead of bench/results.md. Sections (--only): package, throughput,
// profile, editor, scan, cold, activation, trust.
//
// Exit status: 0 when every answer was right, 1 when dbtrust missed a planted finding, reported
// one where it must not look, read a different set of files, or the harness could not check
// that; 2 when the harness could not run (no build, a tool missing for a correctness check).
// A slow figure never fails the run: the figures are reported against their targets.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SEED, editorDocument, ensureCorpus, NOW, Rng } from './corpus.mjs';
import { analyseProfile } from './lib/cpuprofile.mjs';
import { now, Server } from './lib/lsp.mjs';
import { f0, f1, f2, median, percentile, summary } from './lib/stats.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const QUICK = flag('--quick') || process.env.DBTRUST_BENCH_QUICK === '1';
const SEED = Number(option('--seed') ?? DEFAULT_SEED);
const SCALE = Number(option('--scale') ?? (QUICK ? 0.05 : 1));
const RUNS = Number(option('--runs') ?? (QUICK ? 3 : 5));
const COLD_RUNS = QUICK ? 5 : 15;
const EDITS = QUICK ? 60 : 200;
const ONLY = option('--only')?.split(',');
// DBTRUST_BENCH_SERVER_ARGS="--cpu-prof --cpu-prof-dir=DIR": Node options for the language servers it
// starts (to profile them); the figures of such a run are not comparable.
const SERVER_ARGS = (process.env.DBTRUST_BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean);
const want = (section) => !ONLY || ONLY.includes(section);
const DEBOUNCE_MS = 150; // server/src/lsp/main.ts DEBOUNCE_MS

const TARGETS = {
  rgRatio: 2.0,
  editP95: 10,
  coldStart: 150,
  activation: 30,
  serverRss: 80,
  vsixMB: 1.5,
};

const log = (s) => process.stderr.write(s + '\n');
/**
 * The bundles measured: dist/ copied aside once built, so that a rebuild in the working tree while
 * the benchmark runs changes nothing (they are self-contained bundles).
 */
const DIST = path.join(os.tmpdir(), `dbtrust-bench-dist-${process.pid}`);
const CLI_JS = path.join(DIST, 'cli.js');
const SERVER_JS = path.join(DIST, 'server.js');
const CLIENT_JS = path.join(DIST, 'client.js');
const wrong = []; // wrong answers: any makes the exit status 1
const notes = []; // things the reader must know (missing tools, skipped sections)

// ---------------------------------------------------------------------------------------------
// Processes

/** Runs a command to completion; wall time from just before spawn to its exit, stdout captured. */
function timed(cmd, argv, { cwd = root, env, input } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = now();
    const child = spawn(cmd, argv, { cwd, env: env ? { ...process.env, ...env } : process.env, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    const out = [];
    let err = '';
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ ms: now() - t0, code, stdout: Buffer.concat(out).toString(), stderr: err }));
    if (input !== undefined) child.stdin.end(input);
  });
}

function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function firstLine(cmd, argv) {
  try {
    return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n')[0].trim();
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// The engine's literal prefilter, read from its source so that rg searches for the same
// candidates dbtrust looks at.

function enginePrefilter() {
  const src = fs.readFileSync(path.join(root, 'server/src/engine/lint.ts'), 'utf8');
  const m = /const PREFILTER = \/(.+)\/i;/.exec(src);
  if (!m) throw new Error('bench: PREFILTER not found in server/src/engine/lint.ts; update bench/run.mjs');
  return m[1];
}

/** rg options that make it read the files `dbtrust scan` reads (server/src/cli/walk.ts, report.ts). */
const RG_WALK = [
  '--no-config',
  '--hidden', // dbtrust reads dot files (.env, .gitignore)
  '--no-ignore-parent', // .gitignore files above the repository do not apply
  '--no-ignore-global',
  '--glob', '!.git',
  '--glob', '!node_modules',
  '--iglob', '!*.{md,markdown,mdx,rst,adoc,asciidoc,html,htm}', // prose is not scanned
  '--max-filesize', '2M', // files over 2 MB are skipped
];

// ---------------------------------------------------------------------------------------------
// Answers

/** Checks a `dbtrust scan --format json` run against the corpus manifest. */
function checkScan(json, manifest) {
  const report = JSON.parse(json);
  const expectedScanned = manifest.byKind.text.files;
  const result = { filesScanned: report.filesScanned, expectedScanned, findings: report.findings.length, missed: [], misplaced: [], unexpected: [], expectedFindings: 0 };
  if (report.filesScanned !== expectedScanned) wrong.push(`dbtrust scanned ${report.filesScanned} files; the corpus has ${expectedScanned} files it must read`);
  const found = new Map();
  for (const f of report.findings) found.set(`${f.file}\0${f.line}\0${f.rule}`, f);
  const expected = new Set();
  for (const p of manifest.planted) {
    for (const rule of p.rules) {
      const key = `${p.file}\0${p.line}\0${rule}`;
      expected.add(key);
      result.expectedFindings++;
      if (!found.has(key)) result.missed.push(`${p.file}:${p.line} ${rule}`);
    }
  }
  const decoyFiles = new Set(manifest.decoys.map((d) => d.file));
  for (const [key, f] of found) {
    if (expected.has(key)) continue;
    if (decoyFiles.has(f.file)) result.misplaced.push(`${f.file}:${f.line} ${f.rule}`);
    else result.unexpected.push(`${f.file}:${f.line} ${f.rule}`);
  }
  if (result.missed.length > 0) wrong.push(`dbtrust missed ${result.missed.length} of ${result.expectedFindings} planted findings: ${result.missed.slice(0, 5).join(', ')}`);
  if (result.misplaced.length > 0) wrong.push(`dbtrust reported ${result.misplaced.length} findings in files it must not read: ${result.misplaced.slice(0, 5).join(', ')}`);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Sections

const results = {};

async function sectionPackage() {
  log('· npm run package (production build + .vsix)');
  const r = await timed('npm', ['run', 'package'], { cwd: root });
  if (r.code !== 0) {
    log(r.stdout.slice(-3000) + r.stderr.slice(-3000));
    throw new Error('npm run package failed');
  }
  results.packaged = true;
}

function vsixFigures() {
  const vsix = path.join(root, 'dbtrust.vsix');
  const size = (p) => (fs.existsSync(p) ? fs.statSync(p).size : undefined);
  const out = { vsix: size(vsix), vsixMtime: fs.existsSync(vsix) ? fs.statSync(vsix).mtime.toISOString() : undefined };
  for (const f of ['client.js', 'server.js', 'cli.js']) out[f] = size(path.join(root, 'dist', f));
  // esbuild.mjs: the production build is minified and has no source map.
  const server = path.join(root, 'dist/server.js');
  out.production = fs.existsSync(server) && !fs.readFileSync(server, 'utf8').includes('//# sourceMappingURL=');
  results.vsix = out;
}

async function sectionThroughput(manifest) {
  const tree = manifest.tree;
  const cli = CLI_JS;
  const prefilter = enginePrefilter();
  const rg = which('rg');
  results.throughput = { prefilter, rg: rg ? firstLine('rg', ['--version']) : undefined, runs: RUNS };
  if (!rg) {
    notes.push('ripgrep (rg) is not installed: the dbtrust ÷ rg ratio was not measured. Install it with `apt-get install -y ripgrep` (Debian, Ubuntu), `brew install ripgrep` (macOS) or see https://github.com/BurntSushi/ripgrep#installation, then run `npm run bench` again.');
    log('! ripgrep (rg) not found: install it with `apt-get install -y ripgrep`; the rg comparison is skipped');
  }
  const listFile = path.join(manifest.dir, 'walked.list');
  const cacheFile = path.join(manifest.dir, 'scan.dbtrustcache');
  fs.rmSync(cacheFile, { force: true });
  const jobs = {
    cat: () => timed('sh', ['-c', 'xargs -0 -a "$1" cat > /dev/null', 'sh', listFile], { cwd: tree }),
    ...(rg
      ? {
          rg: () => timed('rg', [...RG_WALK, '--count', '--ignore-case', '-e', prefilter, '.'], { cwd: tree }),
          rg1: () => timed('rg', ['-j1', ...RG_WALK, '--count', '--ignore-case', '-e', prefilter, '.'], { cwd: tree }),
        }
      : {}),
    dbtrust: () => timed(process.execPath, [cli, 'scan', '.', '--format', 'json', '--fail-on', 'none', '--now', NOW], { cwd: tree }),
    dbtrustAll: () => timed(process.execPath, [cli, 'scan', '.', '--format', 'json', '--fail-on', 'none', '--now', NOW, '--jobs', String(os.availableParallelism?.() ?? os.cpus().length)], { cwd: tree }),
    // --cache, outside the tree: the warm-up run writes it, the timed runs find every file unchanged.
    dbtrustCached: () => timed(process.execPath, [cli, 'scan', '.', '--format', 'json', '--fail-on', 'none', '--now', NOW, '--cache-location', cacheFile], { cwd: tree }),
  };

  // The answers first (untimed): the same files for both tools, and every planted finding.
  if (rg) {
    const files = await timed('rg', [...RG_WALK, '--files', '.'], { cwd: tree });
    const rgSet = new Set(files.stdout.split('\n').filter(Boolean).map((p) => p.replace(/^\.\//, '')));
    const walked = manifest.list.filter(([, kind]) => kind === 'text' || kind === 'binary').map(([p]) => p);
    const onlyManifest = walked.filter((p) => !rgSet.has(p));
    const walkedSet = new Set(walked);
    const onlyRg = [...rgSet].filter((p) => !walkedSet.has(p));
    results.throughput.sameFiles = onlyManifest.length === 0 && onlyRg.length === 0;
    if (!results.throughput.sameFiles) {
      wrong.push(`rg and dbtrust would not read the same files (only rg: ${onlyRg.slice(0, 3).join(', ')}; only dbtrust: ${onlyManifest.slice(0, 3).join(', ')}): the comparison is void`);
    }
    const matched = await jobs.rg();
    const rgFiles = new Set(matched.stdout.split('\n').filter(Boolean).map((l) => l.replace(/:\d+$/, '').replace(/^\.\//, '')));
    const plantedFiles = manifest.planted.filter((p) => !p.safe).map((p) => p.file);
    results.throughput.rgCandidateFiles = rgFiles.size;
    results.throughput.rgMissesPlanted = plantedFiles.filter((f) => !rgFiles.has(f)).length;
  }
  const rssFile = path.join(os.tmpdir(), `dbtrust-bench-rss-${process.pid}`);
  const check = await timed(process.execPath, ['--require', path.join(root, 'bench/lib/maxrss.cjs'), cli, 'scan', '.', '--format', 'json', '--fail-on', 'none', '--now', NOW], {
    cwd: tree,
    env: { DBTRUST_BENCH_MAXRSS_FILE: rssFile },
  });
  if (check.code !== 0) {
    wrong.push(`dbtrust scan exited with ${check.code}: ${check.stderr.slice(0, 500)}`);
    return;
  }
  results.throughput.answer = checkScan(check.stdout, manifest);
  if (fs.existsSync(rssFile)) {
    const mem = JSON.parse(fs.readFileSync(rssFile, 'utf8'));
    results.throughput.cliMaxRssMB = mem.maxRssKB / 1024;
    results.throughput.cliPeaksMB = Object.fromEntries(Object.entries(mem.peakBytes).map(([k, b]) => [k, b / 2 ** 20]));
  }
  fs.rmSync(rssFile, { force: true });

  // Warm-up (discarded), then RUNS rounds, the tools interleaved so that a noisy moment hits all.
  log(`· throughput: warm-up, then ${RUNS} rounds of ${Object.keys(jobs).join(', ')}`);
  for (const job of Object.values(jobs)) await job();
  const times = Object.fromEntries(Object.keys(jobs).map((k) => [k, []]));
  for (let i = 0; i < RUNS; i++) {
    for (const [name, job] of Object.entries(jobs)) {
      const r = await job();
      if (r.code !== 0 && !(name.startsWith('rg') && r.code === 1)) throw new Error(`${name} exited with ${r.code}: ${r.stderr.slice(0, 300)}`);
      times[name].push(r.ms);
    }
    log(`  round ${i + 1}: ${Object.entries(times).map(([k, v]) => `${k} ${f0(v[i])} ms`).join(', ')}`);
  }
  results.throughput.times = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, summary(v)]));
  // The cached scan's answer must be the scan's.
  const cached = await jobs.dbtrustCached();
  if (cached.stdout !== check.stdout) wrong.push('dbtrust scan --cache printed something else than dbtrust scan');
  fs.rmSync(cacheFile, { force: true });
}

async function sectionProfile(manifest) {
  const dir = path.join(manifest.dir, 'profile');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  log('· profile: node --cpu-prof on the unbundled CLI (server/out/cli/main.js), in one thread');
  // --jobs 1: the whole scan in the profiled thread (each scan thread would write its own profile).
  const r = await timed(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, path.join(root, 'server/out/cli/main.js'), 'scan', '.', '--format', 'json', '--fail-on', 'none', '--now', NOW, '--jobs', '1'], { cwd: manifest.tree });
  const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (r.code !== 0 || !file) {
    notes.push(`the profile run failed (exit ${r.code}); no profile`);
    return;
  }
  const profile = analyseProfile(path.join(dir, file), root);
  log('· phases: the CLI steps timed in-process');
  const phases = await timed(process.execPath, [path.join(root, 'bench/lib/phases.cjs'), manifest.tree, NOW, enginePrefilter()]);
  results.profile = {
    file: path.join(dir, file),
    wallMs: r.ms,
    totalMs: profile.totalMs,
    functions: profile.functions.slice(0, 25),
    files: profile.files.slice(0, 15),
    phases: phases.code === 0 ? JSON.parse(phases.stdout) : undefined,
  };
}

/** A position of `doc` chosen by `rng`: a random line, a random column in it. */
function randomPosition(doc, rng) {
  const line = rng.int(doc.lineCount);
  const start = doc.offsetAt({ line, character: 0 });
  const end = line + 1 < doc.lineCount ? doc.offsetAt({ line: line + 1, character: 0 }) - 1 : doc.getText().length;
  return { line, character: rng.int(Math.max(1, end - start + 1)) };
}

async function sectionEditor() {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'dbtrust-bench-editor-'));
  const { text, sites } = editorDocument(10_000);
  const file = path.join(ws, 'src', 'orders.ts');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  const small = path.join(ws, 'src', 'small.ts');
  const smallText = editorDocument(40).text;
  fs.writeFileSync(small, smallText);
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const out = { lines: 10_000, bytes: Buffer.byteLength(text), sites: sites.length, edits: EDITS };

  const server = new Server(SERVER_JS, { cwd: ws, execArgv: SERVER_ARGS });
  try {
    await server.initialize(ws);
    const t0 = now();
    const uri = server.open(file, 'typescript', text);
    const first = await server.waitForDiagnostics(uri, { version: 1 });
    out.openToFirstDiagnosticsMs = first.at - t0;
    out.firstDiagnostics = first.count;
    const rng = new Rng(SEED ^ 0xed17);
    const doc = server.doc(uri);
    const since = () => (server.published.get(uri) ?? []).length;
    const editAndWait = async () => {
      const pos = randomPosition(doc, rng);
      const n = since();
      const t = now();
      const version = server.insert(uri, pos, letters[rng.int(26)]);
      const p = await server.waitForDiagnostics(uri, { version, since: n });
      return p.at - t;
    };
    log(`· editor: ${EDITS} edits → diagnostics`);
    for (let i = 0; i < 10; i++) await editAndWait(); // warm-up
    const e2e = [];
    for (let i = 0; i < EDITS; i++) e2e.push(await editAndWait());
    out.e2e = summary(e2e);
    out.afterDebounce = summary(e2e.map((x) => x - DEBOUNCE_MS));

    log(`· editor: ${EDITS} edits → hover`);
    const hover = [];
    for (let i = 0; i < EDITS; i++) {
      const pos = randomPosition(doc, rng);
      const n = since();
      const t = now();
      const version = server.insert(uri, pos, letters[rng.int(26)]);
      await server.hover(uri, pos);
      hover.push(now() - t);
      await server.waitForDiagnostics(uri, { version, since: n }); // idle again before the next edit
    }
    out.hover = summary(hover);
    const idleHover = [];
    for (let i = 0; i < 50; i++) {
      const pos = randomPosition(doc, rng);
      const t = now();
      await server.hover(uri, pos);
      idleHover.push(now() - t);
    }
    out.hoverNoEdit = summary(idleHover);
    out.memoryAfterEdits = server.memory();
    // Idle: V8 shrinks its heap (its memory reducer) a few seconds after allocation stops.
    await new Promise((r) => setTimeout(r, 11_000));
    out.memoryIdle = server.memory();

    // The floor: the same loop on a 40-line file.
    const smallUri = server.open(small, 'typescript', smallText);
    await server.waitForDiagnostics(smallUri, { version: 1 });
    const smallDoc = server.doc(smallUri);
    const floor = [];
    for (let i = 0; i < 40; i++) {
      const pos = randomPosition(smallDoc, rng);
      const n = (server.published.get(smallUri) ?? []).length;
      const t = now();
      const version = server.insert(smallUri, pos, letters[rng.int(26)]);
      const p = await server.waitForDiagnostics(smallUri, { version, since: n });
      floor.push(p.at - t);
    }
    out.smallAfterDebounce = summary(floor.map((x) => x - DEBOUNCE_MS));
  } finally {
    await server.stop();
  }

  // The engine alone, in-process, on the same kind of edits (server/out: the unbundled engine).
  log('· editor: the engine alone, in-process');
  const r = await timed(process.execPath, [path.join(root, 'bench/lib/engineEdits.cjs'), file, String(EDITS), String(SEED)]);
  if (r.code === 0) out.engine = JSON.parse(r.stdout);
  else notes.push(`the in-process engine timing failed: ${r.stderr.slice(0, 300)}`);
  const w = await timed(process.execPath, [path.join(root, 'bench/lib/engineEdits.cjs'), file, String(EDITS), String(SEED), 'whole']);
  if (w.code === 0) out.engineWhole = JSON.parse(w.stdout);
  else notes.push(`the in-process engine timing without a memo failed: ${w.stderr.slice(0, 300)}`);
  fs.rmSync(ws, { recursive: true, force: true });
  results.editor = out;
}

async function sectionScan(manifest) {
  log('· server: workspace scan of the corpus');
  const server = new Server(SERVER_JS, { cwd: manifest.tree, execArgv: SERVER_ARGS });
  try {
    await server.initialize(manifest.tree);
    const before = server.memory();
    const t0 = now();
    const summaryResult = await server.request('dbtrust/scanWorkspace', undefined);
    const ms = now() - t0;
    const expected = manifest.planted.reduce((n, p) => n + p.rules.length, 0);
    results.scan = { ms, summary: summaryResult, expectedFindings: expected, before, after: server.memory(), publications: server.publishCount };
    if (summaryResult.findings !== expected) wrong.push(`the server's workspace scan reported ${summaryResult.findings} findings; ${expected} are planted`);
    const walked = manifest.byKind.text.files + manifest.byKind.binary.files + manifest.byKind.large.files;
    if (summaryResult.files !== walked) {
      notes.push(`the server's workspace scan counted ${summaryResult.files} files; the corpus has ${walked} to walk (text, binary, over 2 MB)`);
    }
  } finally {
    await server.stop();
  }
}

async function sectionCold() {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'dbtrust-bench-cold-'));
  const file = path.join(ws, 'db.ts');
  const text = "import { Pool } from 'pg';\n\nexport const pool = new Pool({ connectionString: 'postgres://app@db.prod.example.com/orders?sslmode=disable' });\n";
  fs.writeFileSync(file, text);
  const out = { runs: COLD_RUNS };
  log(`· cold start: ${COLD_RUNS} × node -e 0, server, CLI`);
  const nodeRuns = [];
  for (let i = 0; i < COLD_RUNS; i++) nodeRuns.push((await timed(process.execPath, ['-e', '0'])).ms);
  out.node = summary(nodeRuns);
  const init = [];
  const first = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const s = new Server(SERVER_JS, { cwd: ws, execArgv: SERVER_ARGS });
    try {
      await s.initialize(ws);
      init.push(s.initializedAt - s.spawnedAt);
      const uri = s.open(file, 'typescript', text);
      const p = await s.waitForDiagnostics(uri, { version: 1 });
      first.push(p.at - s.spawnedAt);
      if (p.count !== 1) wrong.push(`the server published ${p.count} diagnostics for the cold-start file; 1 is expected`);
    } finally {
      await s.stop();
    }
  }
  out.initialize = summary(init);
  out.firstDiagnostics = summary(first);
  out.firstDiagnosticsLessDebounce = summary(first.map((x) => x - DEBOUNCE_MS));
  const cli = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const r = await timed(process.execPath, [CLI_JS, 'scan', 'db.ts', '--format', 'json', '--fail-on', 'none', '--now', NOW], { cwd: ws });
    cli.push(r.ms);
    if (r.code !== 0 || JSON.parse(r.stdout).findings.length !== 1) wrong.push('the CLI cold-start scan did not report the one finding of its file');
  }
  out.cli = summary(cli);
  fs.rmSync(ws, { recursive: true, force: true });
  results.cold = out;
}

async function sectionActivation() {
  log(`· activation: ${COLD_RUNS} fresh processes`);
  const runs = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const r = await timed(process.execPath, [path.join(root, 'bench/lib/activate.cjs'), CLIENT_JS]);
    const j = JSON.parse(r.stdout.trim().split('\n').pop());
    if (!j.forked) {
      notes.push(`the activation harness did not reach the server start: ${j.error ?? r.stderr.slice(0, 300)}`);
      return;
    }
    runs.push(j);
  }
  results.activation = {
    runs: runs.length,
    require: summary(runs.map((r) => r.requireMs)),
    activate: summary(runs.map((r) => r.activateMs)),
    total: summary(runs.map((r) => r.totalMs)),
    toFork: summary(runs.map((r) => r.toForkMs)),
  };
}

async function sectionTrust() {
  log('· trust files: bench/trust.mjs');
  const r = await timed(process.execPath, [path.join(root, 'bench/trust.mjs')]);
  results.trust = r.code === 0 ? r.stdout.trim() : undefined;
  if (r.code !== 0) notes.push(`bench/trust.mjs failed: ${r.stderr.slice(0, 300)}`);
}

// ---------------------------------------------------------------------------------------------
// The report

function machine() {
  const cpus = os.cpus();
  let commit = firstLine('git', ['-C', root, 'rev-parse', '--short', 'HEAD']);
  const dirty = spawnSync('git', ['-C', root, 'status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).stdout?.trim();
  if (commit && dirty) commit += ' + uncommitted changes';
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memGB: os.totalmem() / 2 ** 30,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    commit,
    load: os.loadavg(),
  };
}

const pass = (ok) => (ok === undefined ? 'not measured' : ok ? '**pass**' : '**FAIL**');

function report(m, manifest, loadAtEnd) {
  const L = [];
  const t = results.throughput;
  const MB = manifest.walked.bytes / 1e6;
  const med = (k) => t?.times?.[k]?.median;
  const ratio = med('rg') ? med('dbtrust') / med('rg') : undefined;
  const ratio1 = med('rg1') ? med('dbtrust') / med('rg1') : undefined;
  const ratioAll = med('rg') && med('dbtrustAll') ? med('dbtrustAll') / med('rg') : undefined;
  const catRatio = med('cat') ? med('dbtrust') / med('cat') : undefined;
  const e = results.editor;
  const c = results.cold;
  const a = results.activation;
  const s = results.scan;
  const v = results.vsix;
  const vsixMB = v?.vsix !== undefined ? v.vsix / 2 ** 20 : undefined;

  L.push('# dbtrust performance figures', '');
  L.push(QUICK ? '**Quick run (a corpus 1/20 of the size, fewer repetitions): not the reference figures.**\n' : '');
  L.push(`Generated by \`npm run bench\` (bench/run.mjs). How each figure is measured: [docs/performance.md](../docs/performance.md).`, '');
  L.push('| machine | |', '|---|---|');
  L.push(`| CPU | ${m.cpu}, ${m.cores} cores |`);
  L.push(`| memory | ${f1(m.memGB)} GiB |`);
  L.push(`| OS | ${m.os} |`);
  L.push(`| Node | ${m.node} |`);
  L.push(`| ripgrep | ${t?.rg ?? 'not installed'} |`);
  L.push(`| bundles measured | ${v?.production ? 'production (`npm run build:production`: minified, no source maps)' : 'development (`npm run build`: not minified, source maps)'} |`);
  L.push(`| date | ${m.date} |`);
  L.push(`| commit | ${m.commit ?? 'unknown'} |`);
  L.push(`| load average (1, 5, 15 min) at start / end | ${m.load.map(f2).join(', ')} / ${loadAtEnd.map(f2).join(', ')} |`);
  L.push('');
  if (m.load[0] > m.cores * 0.5) L.push(`> The machine was busy (load ${f2(m.load[0])} on ${m.cores} cores): timings are noisy and pessimistic.`, '');

  L.push('## Summary', '');
  L.push('| figure | measured | target | result |', '|---|---|---|---|');
  L.push(`| CLI scan wall time ÷ \`rg\` wall time (same files, the engine's prefilter regex; medians of ${RUNS}) | ${ratio !== undefined ? `${f2(ratio)}× (${f0(med('dbtrust'))} ms ÷ ${f0(med('rg'))} ms)` : 'not measured'} | ≤ ${TARGETS.rgRatio} | ${pass(ratio === undefined ? undefined : ratio <= TARGETS.rgRatio)} |`);
  L.push(`| CLI scan wall time ÷ \`rg -j1\` (rg in one thread) | ${ratio1 !== undefined ? `${f2(ratio1)}× (÷ ${f0(med('rg1'))} ms)` : 'not measured'} | reported | |`);
  L.push(`| CLI with every core linting (\`--jobs ${m.cores}\`) ÷ \`rg\` | ${ratioAll !== undefined ? `${f2(ratioAll)}× (${f0(med('dbtrustAll'))} ms)` : 'not measured'} | reported | |`);
  const ratioCached = med('rg') && med('dbtrustCached') ? med('dbtrustCached') / med('rg') : undefined;
  L.push(`| CLI with \`--cache\`, every file unchanged since the last scan, ÷ \`rg\` | ${ratioCached !== undefined ? `${f2(ratioCached)}× (${f0(med('dbtrustCached'))} ms)` : 'not measured'} | reported | |`);
  L.push(`| CLI scan wall time ÷ \`cat\` of the same files (the I/O floor) | ${catRatio !== undefined ? `${f2(catRatio)}× (÷ ${f0(med('cat'))} ms)` : 'not measured'} | reported | |`);
  L.push(`| LSP edit → diagnostics, 10k-line file, over stdio, p95, less the ${DEBOUNCE_MS} ms debounce | ${e ? `${f1(e.afterDebounce.p95)} ms` : 'not measured'} | ≤ ${TARGETS.editP95} ms | ${pass(e ? e.afterDebounce.p95 <= TARGETS.editP95 : undefined)} |`);
  L.push(`| LSP edit → hover answered (analysis on demand, no debounce), 10k-line file, p95 | ${e ? `${f1(e.hover.p95)} ms` : 'not measured'} | ≤ ${TARGETS.editP95} ms | ${pass(e ? e.hover.p95 <= TARGETS.editP95 : undefined)} |`);
  L.push(`| server cold start: spawn → initialize answered (median of ${c?.runs ?? '—'}) | ${c ? `${f0(c.initialize.median)} ms` : 'not measured'} | ≤ ${TARGETS.coldStart} ms | ${pass(c ? c.initialize.median <= TARGETS.coldStart : undefined)} |`);
  L.push(`| extension activation: load dist/client.js + activate() resolved (median of ${a?.runs ?? '—'}) | ${a ? `${f1(a.total.median)} ms` : 'not measured'} | ≤ ${TARGETS.activation} ms | ${pass(a ? a.total.median <= TARGETS.activation : undefined)} |`);
  const scanAfter = results.scan?.after;
  L.push(`| server RSS after a workspace scan of the corpus (VmRSS when the scan has answered) | ${scanAfter ? `${f1(scanAfter.rssMB)} MB` : 'not measured'} | ≤ ${TARGETS.serverRss} MB | ${pass(scanAfter ? scanAfter.rssMB <= TARGETS.serverRss : undefined)} |`);
  L.push(`| server peak RSS during the scan (VmHWM; the scan thread included) | ${scanAfter ? `${f1(scanAfter.peakMB)} MB` : 'not measured'} | reported | |`);
  L.push(`| server RSS after the 10k-line file and ${e?.edits ?? '—'} × 2 edits (peak) | ${e?.memoryAfterEdits ? `${f1(e.memoryAfterEdits.rssMB)} MB (${f1(e.memoryAfterEdits.peakMB)} MB)` : 'not measured'} | ≤ ${TARGETS.serverRss} MB | ${pass(e?.memoryAfterEdits ? e.memoryAfterEdits.rssMB <= TARGETS.serverRss : undefined)} |`);
  L.push(`| .vsix size | ${vsixMB !== undefined ? `${f2(vsixMB)} MB (${v.vsix} bytes)` : 'not measured'} | ≤ ${TARGETS.vsixMB} MB | ${pass(vsixMB === undefined ? undefined : vsixMB <= TARGETS.vsixMB)} |`);
  L.push('');
  L.push(wrong.length === 0 ? 'Answers: **all correct** (details below).' : `Answers: **WRONG** — ${wrong.join('; ')}`, '');
  if (notes.length > 0) L.push(...notes.map((n) => `> ${n}`), '');

  L.push('## The corpus', '');
  L.push(`\`bench/corpus.mjs\`, seed ${manifest.seed}, scale ${manifest.scale}: ${manifest.files} files, ${f1(manifest.bytes / 1e6)} MB (generated once into \`${manifest.dir}\`).`, '');
  L.push('| part | files | MB | read by dbtrust and rg |', '|---|---|---|---|');
  const kindNames = { text: 'source, configuration, minified bundles, generated data (≤ 2 MB)', binary: 'binaries (NUL in the first bytes)', large: 'generated files over 2 MB', ignored: 'git-ignored build output', node_modules: 'node_modules', prose: 'Markdown', git: '.git' };
  for (const [k, label] of Object.entries(kindNames)) {
    const b = manifest.byKind[k];
    L.push(`| ${label} | ${b.files} | ${f1(b.bytes / 1e6)} | ${k === 'text' || k === 'binary' ? 'yes' : 'no'} |`);
  }
  L.push('');
  const planted = manifest.planted.filter((p) => !p.safe);
  L.push(`Planted: ${planted.length} flagged connection settings (${planted.reduce((n, p) => n + p.rules.length, 0)} expected findings) in ${manifest.byKind.text.files} scanned files (one in ${f0(manifest.byKind.text.files / planted.length)}), ${manifest.planted.length - planted.length} correct settings that must stay quiet, and ${manifest.decoys.length} decoys where dbtrust must not look (node_modules, ignored output, Markdown, files over 2 MB, binaries, .git).`, '');

  if (t) {
    L.push('## Throughput', '');
    L.push(`Warm cache: one discarded run of each, then ${RUNS} rounds with the tools interleaved; wall time of the whole process from spawn to exit. MB/s over the ${f1(MB)} MB the tools read (${manifest.walked.files} files: text files up to 2 MB and binaries).`, '');
    L.push('| tool | command | median ms | min | max | MB/s |', '|---|---|---|---|---|---|');
    const rows = {
      cat: '`xargs -0 cat > /dev/null` over the list of files dbtrust reads',
      rg: `\`rg ${'<walk options>'} --count --ignore-case -e <prefilter> .\``,
      rg1: '`rg -j1 …` (the same, one thread)',
      dbtrust: `\`node dist/cli.js scan . --format json --fail-on none --now ${NOW}\` (default: one lane per core but one)`,
      dbtrustAll: `\`node dist/cli.js scan … --jobs ${m.cores}\` (every core linting)`,
      dbtrustCached: '`node dist/cli.js scan … --cache-location FILE` (the scan cache, every file unchanged since the warm-up run)',
    };
    for (const [k, label] of Object.entries(rows)) {
      const x = t.times?.[k];
      if (!x) continue;
      L.push(`| ${k} | ${label} | ${f0(x.median)} | ${f0(x.min)} | ${f0(x.max)} | ${f1(MB / (x.median / 1000))} |`);
    }
    L.push('');
    L.push(`rg walk options: \`${RG_WALK.join(' ')}\` — they make rg read exactly the files \`dbtrust scan\` reads${t.sameFiles === undefined ? '' : t.sameFiles ? ' (checked: `rg --files` lists the same files as the corpus manifest)' : ' (**checked and NOT the same**)'}. The prefilter is the engine's own (server/src/engine/lint.ts): \`${t.prefilter}\`${t.rgCandidateFiles !== undefined ? `; rg finds candidates in ${t.rgCandidateFiles} files${t.rgMissesPlanted ? `, missing ${t.rgMissesPlanted} planted files` : ', every planted file among them'}` : ''}.`, '');
    if (t.answer) {
      const x = t.answer;
      L.push(`Answer: dbtrust read ${x.filesScanned} files (expected ${x.expectedScanned}), reported ${x.findings} findings: ${x.expectedFindings - x.missed.length} of ${x.expectedFindings} planted findings found, ${x.misplaced.length} in files it must not read, ${x.unexpected.length} elsewhere${x.unexpected.length ? ` (${x.unexpected.slice(0, 5).join(', ')})` : ''}.`, '');
    }
      const pk = t.cliPeaksMB;
    L.push(`CLI peak RSS on the corpus: ${f1(t.cliMaxRssMB)} MB (process.resourceUsage().maxRSS, preloaded with bench/lib/maxrss.cjs)${pk ? `; sampled peaks (process.memoryUsage() every 20 ms): V8 heap used ${f1(pk.heapUsed)} MB of ${f1(pk.heapTotal)} MB, outside the heap ${f1(pk.external)} MB, of which ArrayBuffers (file buffers, typed arrays) ${f1(pk.arrayBuffers)} MB` : ''}.`, '');
  }

  if (results.profile) {
    const p = results.profile;
    L.push('## Where the CLI\'s time goes', '');
    L.push(`\`node --cpu-prof\` on the unbundled CLI (server/out/cli/main.js, same code as dist/cli.js, readable names) with \`--jobs 1\`, so that the whole scan is in one profiled thread: ${f0(p.wallMs)} ms wall, ${f0(p.totalMs)} ms of samples. Profile: \`${p.file}\` (open it in Chrome DevTools or VS Code).`, '');
    if (p.phases) {
      const ph = p.phases;
      L.push(`Steps of the scan, timed in-process by bench/lib/phases.cjs (${ph.files} files walked, ${ph.linted} linted, ${ph.passedPrefilter} pass the prefilter, ${ph.findings} findings):`, '');
      L.push('| step | ms | share |', '|---|---|---|');
      for (const [k, label] of [['walkMs', 'walk (readdir, .gitignore)'], ['readMs', 'read (open, fstat, read, close per file)'], ['prefilterMs', 'NUL probe and the prefilter on the bytes'], ['decodeMs', 'decode (UTF-8) the files that pass'], ['lintMs', 'lint (engine)'], ['locateMs', 'locate findings']]) {
        L.push(`| ${label} | ${f0(ph[k])} | ${f0((100 * ph[k]) / ph.totalMs)} % |`);
      }
      L.push('');
      L.push('Lint time by kind of file:', '', '| kind | files | MB | pass the prefilter | lint ms |', '|---|---|---|---|---|');
      for (const k of ph.byKind.slice(0, 12)) L.push(`| ${k.kind} | ${k.files} | ${f1(k.bytes / 1e6)} | ${k.passed} | ${f0(k.lintMs)} |`);
      L.push('', 'Slowest files to lint:', '', '| file | KB | prefilter | lint ms |', '|---|---|---|---|');
      for (const s2 of ph.slowest.slice(0, 8)) L.push(`| ${s2.file} | ${f0(s2.bytes / 1024)} | ${s2.prefilter ? 'pass' : 'no'} | ${f1(s2.lintMs)} |`);
      L.push('');
    }
    L.push('Self time by source file:', '', '| file | self ms | share |', '|---|---|---|');
    for (const x of p.files.slice(0, 12)) L.push(`| ${x.file} | ${f0(x.selfMs)} | ${f1((100 * x.selfMs) / p.totalMs)} % |`);
    L.push('', 'Self time by function:', '', '| function | where | self ms | share |', '|---|---|---|---|');
    for (const x of p.functions.slice(0, 20)) L.push(`| ${x.name} | ${x.file}:${x.line} | ${f0(x.selfMs)} | ${f1((100 * x.selfMs) / p.totalMs)} % |`);
    L.push('');
  }

  if (e) {
    L.push('## Editor latency', '');
    L.push(`The language server (dist/server.js --stdio) with a ${e.lines}-line TypeScript file (${f0(e.bytes / 1024)} KB, ${e.sites} connection settings) open; ${e.edits} single-character insertions at random places (seeded), one at a time, after 10 discarded ones. The server debounces diagnostics by ${DEBOUNCE_MS} ms after the last change (server/src/lsp/main.ts), so an edit's diagnostics can never arrive sooner: the figure for the analysis is the end-to-end time less ${DEBOUNCE_MS} ms, which is what the server spends on the edit (receiving the change, the timer's lateness, analysing the new version — lexed again only around the edit, from what the analysis of the version before kept — converting and sending the diagnostics) plus the pipe both ways.`, '');
    L.push('| measured | p50 ms | p95 ms | p99 ms | max ms |', '|---|---|---|---|---|');
    const row = (label, x) => L.push(`| ${label} | ${f1(x.p50)} | ${f1(x.p95)} | ${f1(x.p99)} | ${f1(x.max)} |`);
    row('didChange → publishDiagnostics of that version (end to end)', e.e2e);
    row(`the same, less the ${DEBOUNCE_MS} ms debounce`, e.afterDebounce);
    row('didChange → hover answered at the edit (the hover computes the analysis of the new version at once)', e.hover);
    row('hover answered with no edit before it (the pipe and the request, analysis cached)', e.hoverNoEdit);
    row(`edit → diagnostics less the debounce on a 40-line file (the floor: timer + pipe)`, e.smallAfterDebounce);
    if (e.engine) row(`the engine alone in-process: lintWithTrust of the edited ${e.lines}-line text (server/out), with the document's AnalysisMemo as the server keeps it`, e.engine);
    if (e.engineWhole) row('the same without a memo: every version lexed and read whole (as before incremental analysis)', e.engineWhole);
    L.push('');
    L.push(`Opening the file: didOpen → first diagnostics ${f0(e.openToFirstDiagnosticsMs)} ms (debounce included, ${e.firstDiagnostics} diagnostics). Server memory after the edits: RSS ${f1(e.memoryAfterEdits?.rssMB)} MB, peak ${f1(e.memoryAfterEdits?.peakMB)} MB (/proc/PID/status VmRSS, VmHWM); 11 s later, idle (V8 shrinks its heap a few seconds after allocation stops): RSS ${f1(e.memoryIdle?.rssMB)} MB.`, '');
  }

  if (s) {
    L.push('## Server workspace scan', '');
    L.push(`\`dbtrust/scanWorkspace\` (the "Scan Workspace" command) on the corpus: ${f0(s.ms)} ms, ${s.summary.files} files, ${s.summary.findings} findings (${s.expectedFindings} planted) in ${s.summary.filesWithFindings} files, ${s.summary.skipped} skipped. Server memory: before the scan RSS ${f1(s.before?.rssMB)} MB; after it RSS ${f1(s.after?.rssMB)} MB, peak ${f1(s.after?.peakMB)} MB (VmHWM).`, '');
  }

  if (c) {
    L.push('## Cold start', '');
    L.push(`Median of ${c.runs} fresh processes each.`, '');
    L.push('| measured | median ms | min | max |', '|---|---|---|---|');
    L.push(`| \`node -e 0\` (Node's own start-up, for reference) | ${f0(c.node.median)} | ${f0(c.node.min)} | ${f0(c.node.max)} |`);
    L.push(`| server: spawn → initialize answered | ${f0(c.initialize.median)} | ${f0(c.initialize.min)} | ${f0(c.initialize.max)} |`);
    L.push(`| server: spawn → first diagnostics of a 3-line file (didOpen right after initialized) | ${f0(c.firstDiagnostics.median)} | ${f0(c.firstDiagnostics.min)} | ${f0(c.firstDiagnostics.max)} |`);
    L.push(`| the same, less the ${DEBOUNCE_MS} ms debounce | ${f0(c.firstDiagnosticsLessDebounce.median)} | ${f0(c.firstDiagnosticsLessDebounce.min)} | ${f0(c.firstDiagnosticsLessDebounce.max)} |`);
    L.push(`| CLI: \`node dist/cli.js scan db.ts --format json\` (a 3-line file), spawn → exit | ${f0(c.cli.median)} | ${f0(c.cli.min)} | ${f0(c.cli.max)} |`);
    L.push('');
  }

  if (a) {
    L.push('## Extension activation', '');
    L.push(`bench/lib/activate.cjs, in ${a.runs} fresh Node processes: \`require('dist/client.js')\` with a stubbed \`vscode\` module, then \`activate(context)\` until its promise resolves (what VS Code waits for: the commands, status bar item and content provider are registered), and separately until the language client, loaded and started in the background right after, calls \`child_process.fork\` to start the server (stopped there). It measures the extension's own JavaScript: evaluating the bundle (the client and vscode-languageclient) and activate()'s work. Not included: VS Code's work behind the API calls (stubbed as no-ops), the extension host's own start-up, and the server's start (see Cold start). Node ${process.version} compiles the bundle from scratch every time (no code cache).`, '');
    L.push('| measured | median ms | min | max |', '|---|---|---|---|');
    L.push(`| require dist/client.js (${v?.['client.js'] !== undefined ? `${f0(v['client.js'] / 1024)} KB` : 'size unknown'}) | ${f1(a.require.median)} | ${f1(a.require.min)} | ${f1(a.require.max)} |`);
    L.push(`| activate() until it resolves | ${f1(a.activate.median)} | ${f1(a.activate.min)} | ${f1(a.activate.max)} |`);
    L.push(`| total: activation (the target) | ${f1(a.total.median)} | ${f1(a.total.min)} | ${f1(a.total.max)} |`);
    L.push(`| require + activate() until the background start forks the server | ${f1(a.toFork.median)} | ${f1(a.toFork.min)} | ${f1(a.toFork.max)} |`);
    L.push('');
  }

  if (v) {
    L.push('## Package', '');
    L.push(`${results.packaged ? '`npm run package` (production build, `vsce package`) in this run' : `\`npm run package\` not run by this benchmark (--no-package); dbtrust.vsix of ${v.vsixMtime ?? 'unknown date'}`}: dbtrust.vsix ${v.vsix !== undefined ? `${v.vsix} bytes (${f2(v.vsix / 2 ** 20)} MB)` : 'missing'}. Bundles: dist/client.js ${f0((v['client.js'] ?? NaN) / 1024)} KB, dist/server.js ${f0((v['server.js'] ?? NaN) / 1024)} KB, dist/cli.js ${f0((v['cli.js'] ?? NaN) / 1024)} KB (dist/cli.js is not in the .vsix).`, '');
  }

  if (results.trust) {
    L.push('## Trust-file parsing', '', '`bench/trust.mjs` (also `npm run bench:trust`):', '', results.trust, '');
  }
  return L.filter((l, i, arr) => !(l === '' && arr[i - 1] === '')).join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------

async function main() {
  for (const f of ['dist/cli.js', 'dist/server.js', 'dist/client.js']) {
    if (!flag('--no-package') || fs.existsSync(path.join(root, f))) continue;
    log(`bench: ${f} is missing: run \`npm run build\` (or drop --no-package)`);
    process.exit(2);
  }
  if (!which('xargs') || !which('cat')) {
    log('bench: `xargs` and `cat` are needed for the I/O floor (coreutils, findutils)');
    process.exit(2);
  }
  const m = machine();
  log(`dbtrust bench${QUICK ? ' (quick)' : ''}: ${m.cpu}, ${m.cores} cores, Node ${m.node}, load ${m.load.map(f2).join(' ')}`);
  if (want('package') && !flag('--no-package')) await sectionPackage();
  vsixFigures();
  fs.mkdirSync(DIST, { recursive: true });
  for (const f of ['cli.js', 'server.js', 'client.js']) fs.copyFileSync(path.join(root, 'dist', f), path.join(DIST, f));
  const manifest = ensureCorpus({ seed: SEED, scale: SCALE, log });
  log(`· corpus: ${manifest.files} files, ${f1(manifest.bytes / 1e6)} MB in ${manifest.tree}`);
  if (want('throughput')) await sectionThroughput(manifest);
  const t = results.throughput?.times;
  const slow = t?.rg ? t.dbtrust.median / t.rg.median > TARGETS.rgRatio : false;
  if (want('profile') && !flag('--no-profile') && (slow || flag('--profile'))) await sectionProfile(manifest);
  if (want('editor')) await sectionEditor();
  if (want('scan')) await sectionScan(manifest);
  if (want('cold')) await sectionCold();
  if (want('activation')) await sectionActivation();
  if (want('trust')) await sectionTrust();

  const outFile = option('--out') ?? (QUICK ? path.join(manifest.dir, 'results.md') : path.join(root, 'bench/results.md'));
  fs.writeFileSync(outFile, report(m, manifest, os.loadavg()));
  fs.writeFileSync(path.join(manifest.dir, 'results.json'), JSON.stringify({ machine: m, quick: QUICK, results, wrong, notes }, null, 1));
  log(`\nwritten: ${outFile} (raw figures: ${path.join(manifest.dir, 'results.json')})`);
  if (notes.length > 0) log(`\nNOTES:\n- ${notes.join('\n- ')}`);
  if (wrong.length > 0) {
    log(`\nWRONG ANSWERS:\n- ${wrong.join('\n- ')}`);
    process.exitCode = 1;
  }
}

main()
  .catch((e) => {
    log(`bench: ${e && e.stack ? e.stack : e}`);
    process.exitCode = 2;
  })
  .finally(() => fs.rmSync(DIST, { recursive: true, force: true }));
