#!/usr/bin/env node
// Runs dbtrust in a real VS Code (`npm run test:vscode`):
//   host  the extension-host suites (test/vscode/suite) in a window that runs dbtrust from source
//   ui    Playwright drives the workbench with the packaged .vsix installed: Explorer, squiggles,
//         Problems, hover, quick fix; screenshots for the README (docs/images)
//   vsix  the .vsix installed into a fresh extensions folder, on a copy of examples/
//   ja    the same VS Code in Japanese: the l10n suite and the Command Palette's titles
// VS Code is code-server (offline: its npm package), or with DBTRUST_VSCODE=electron the desktop
// VS Code that @vscode/test-electron downloads (host suite only). See docs/testing.md.
import { spawn, spawnSync } from 'node:child_process';
import dns from 'node:dns';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setup } from './setup.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const ALL_PHASES = ['host', 'ui', 'vsix', 'ja'];
const OVERALL_TIMEOUT_S = Number(process.env.DBTRUST_E2E_TIMEOUT_S || 900);
const SUITE_TIMEOUT_S = 300;
const KEEP = process.env.DBTRUST_E2E_KEEP === '1';

// ---------------------------------------------------------------------------------------------
// Output, failure, cleanup

const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
const say = (msg) => process.stdout.write(`[vscode] ${msg}\n`);

class Failure extends Error {
  constructor(message, details = []) {
    super(message);
    this.details = details; // [title, text][]
  }
}

/** Live process groups (code-server, test runners), killed in every exit path. */
const groups = new Set();
/** Browsers to close. */
const browsers = new Set();

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    /* already gone */
  }
}

async function stopGroup(child) {
  if (!groups.has(child.pid)) return;
  killGroup(child.pid, 'SIGTERM');
  const exited = child.exitCode !== null || child.signalCode !== null;
  if (!exited) {
    await Promise.race([new Promise((r) => child.once('exit', r)), new Promise((r) => setTimeout(r, 3000))]);
  }
  killGroup(child.pid, 'SIGKILL'); // whatever is left of the group (watchers, extension hosts)
  groups.delete(child.pid);
}

function killAllSync() {
  for (const pid of groups) killGroup(pid, 'SIGKILL');
  groups.clear();
}

/** This run's folder (workspace copies, code-server state, logs), removed on interruption. */
let runFolder;

/**
 * Stops everything this run started and exits: browsers closed, process groups asked to stop
 * (SIGTERM lets the UI test processes close their browsers), then killed.
 */
let shuttingDown = false;

async function shutdown(code, { removeRunFolder = false } = {}) {
  if (shuttingDown) return;
  shuttingDown = true;
  const pause = (ms) => new Promise((r) => setTimeout(r, ms));
  await Promise.race([Promise.all([...browsers].map((b) => b.close().catch(() => undefined))), pause(3000)]);
  for (const pid of groups) killGroup(pid, 'SIGTERM');
  if (groups.size > 0) await pause(1500);
  killAllSync();
  if (removeRunFolder && runFolder && !KEEP) fs.rmSync(runFolder, { recursive: true, force: true });
  process.exit(code);
}

process.on('exit', killAllSync);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    say(`${sig}: stopping`);
    void shutdown(sig === 'SIGINT' ? 130 : 143, { removeRunFolder: true });
  });
}

function tail(text, lines = 40) {
  return String(text ?? '').split('\n').slice(-lines).join('\n');
}

function tailFile(file, lines = 40) {
  try {
    return tail(fs.readFileSync(file, 'utf8'), lines);
  } catch {
    return '(missing)';
  }
}

/** Spawns a command in its own process group; resolves with its output, rejects on failure or timeout. */
function sh(cmd, args, { cwd = ROOT, env = process.env, timeoutMs = 600_000, logFile, echo = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    groups.add(child.pid);
    let out = '';
    const onData = (d) => {
      out += d;
      if (echo) process.stdout.write(d);
      if (logFile) fs.appendFileSync(logFile, d);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => {
      killGroup(child.pid, 'SIGTERM');
      setTimeout(() => killGroup(child.pid, 'SIGKILL'), 3000).unref();
      reject(new Failure(`${cmd} ${args.join(' ')} did not finish within ${timeoutMs / 1000} s`, [['output', tail(out)]]));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      groups.delete(child.pid);
      reject(new Failure(`${cmd}: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      killGroup(child.pid, 'SIGKILL');
      groups.delete(child.pid);
      if (code === 0) resolve(out);
      else reject(Object.assign(new Failure(`${cmd} ${args.join(' ')} failed (${signal ?? `exit ${code}`})`, [['output', tail(out, 60)]]), { output: out }));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// code-server

/** The environment of everything this runner starts: without what `npm run` exported. */
function baseEnv(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^npm_/i.test(k) || k === 'INIT_CWD' || k === 'NODE_OPTIONS') continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const USER_SETTINGS = {
  'chat.disableAIFeatures': true,
  'workbench.startupEditor': 'none',
  'workbench.colorTheme': 'Default Light Modern',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'files.hotExit': 'off',
  'editor.minimap.enabled': false,
  'editor.hover.delay': 200,
  'editor.hover.above': false,
  'editor.occurrencesHighlight': 'off',
  'editor.cursorBlinking': 'solid',
  'window.commandCenter': false,
};

/** An unreachable extension gallery on the loopback: nothing tries the network for extensions. */
const NO_GALLERY = JSON.stringify({
  serviceUrl: 'http://127.0.0.1:9/gallery',
  itemUrl: 'http://127.0.0.1:9/item',
  resourceUrlTemplate: 'http://127.0.0.1:9/{publisher}/{name}/{version}/{path}',
});

/** Console errors about the disabled gallery (expected, not worth showing). */
const GALLERY_NOISE = /127\.0\.0\.1:9\/|extensionquery|Content Security Policy/;

function codeServerDirs(dir) {
  const d = {
    dir,
    config: path.join(dir, 'config.yaml'),
    userData: path.join(dir, 'user-data'),
    extensions: path.join(dir, 'extensions'),
    xdg: path.join(dir, 'xdg'),
    log: path.join(dir, 'code-server.log'),
  };
  for (const sub of [d.userData, path.join(d.userData, 'User'), d.extensions, ...['config', 'data', 'cache', 'state'].map((x) => path.join(d.xdg, x))]) {
    fs.mkdirSync(sub, { recursive: true });
  }
  // Written before any code-server command (which would otherwise write a default one); the port is set at start.
  fs.writeFileSync(d.config, 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
  return d;
}

function codeServerEnv(d, extra = {}) {
  return baseEnv({
    XDG_CONFIG_HOME: path.join(d.xdg, 'config'),
    XDG_DATA_HOME: path.join(d.xdg, 'data'),
    XDG_CACHE_HOME: path.join(d.xdg, 'cache'),
    XDG_STATE_HOME: path.join(d.xdg, 'state'),
    EXTENSIONS_GALLERY: NO_GALLERY,
    // No TypeScript language server: it costs CPU and adds its own squiggles and refactorings.
    VSCODE_SKIP_BUILTIN_EXTENSIONS: 'vscode.typescript-language-features',
    ...extra,
  });
}

async function installExtension(tools, d, vsix) {
  await sh(tools.node, [tools.codeServerEntry, '--config', d.config, '--user-data-dir', d.userData, '--extensions-dir', d.extensions, '--install-extension', vsix, '--force'], {
    env: codeServerEnv(d),
    logFile: d.log,
    timeoutMs: 120_000,
  });
}

/** Starts code-server in its own process group and waits until it answers. */
async function startCodeServer(tools, d, { locale, env = {} } = {}) {
  fs.writeFileSync(path.join(d.userData, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  let lastError;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    fs.writeFileSync(d.config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
    const args = [
      tools.codeServerEntry,
      '--config', d.config,
      '--user-data-dir', d.userData,
      '--extensions-dir', d.extensions,
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      '--vscode-option', 'enable-smoke-test-driver',
    ];
    if (locale) args.push('--locale', locale);
    const out = fs.openSync(d.log, 'a');
    const child = spawn(tools.node, args, { env: codeServerEnv(d, env), stdio: ['ignore', out, out], detached: true });
    fs.closeSync(out);
    groups.add(child.pid);
    const base = `http://127.0.0.1:${port}/`;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && child.exitCode === null) {
      try {
        const res = await fetch(`${base}healthz`, { signal: AbortSignal.timeout(2000) });
        if (res.ok) return { child, base, port, dirs: d };
      } catch (e) {
        lastError = e;
      }
      await new Promise((r) => setTimeout(r, 150));
    }
    await stopGroup(child);
    if (!/EADDRINUSE/.test(fs.readFileSync(d.log, 'utf8'))) break;
  }
  throw new Failure(`code-server did not start (${lastError?.message ?? 'exited'})`, [['code-server log', tailFile(d.log)]]);
}

/** Log files of a code-server run worth showing on failure: the dbtrust output channel and the extension host's log. */
function serverLogs(d) {
  const found = [];
  const walk = (dir) => {
    let entries = [];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/dbtrust\.log$|exthost\.log$|remoteexthost\.log$/.test(e.name)) found.push(p);
    }
  };
  walk(path.join(d.userData, 'logs'));
  return found.map((f) => {
    if (/dbtrust\.log$/.test(f)) return [path.relative(d.dir, f), tailFile(f, 30)];
    // The extension host's own log: its errors only (it is mostly other extensions' warnings).
    let text = '';
    try {
      text = fs.readFileSync(f, 'utf8');
    } catch {
      /* gone */
    }
    const errors = text.split('\n').filter((l) => /\[error\]/.test(l));
    return [`${path.relative(d.dir, f)} (errors)`, tail(errors.join('\n'), 20) || '(none)'];
  });
}

// ---------------------------------------------------------------------------------------------
// The phases

const workbench = () => require(path.join(ROOT, 'test/vscode/out/ui/workbench.js'));

function copyWorkspace(from, to) {
  fs.cpSync(from, to, { recursive: true });
  return to;
}

function parseSummary(text) {
  const m = /DBTRUST_E2E_SUMMARY (\{.*\})/.exec(text ?? '');
  return m ? JSON.parse(m[1]) : undefined;
}

/** node:test's spec summary (ℹ tests N / ℹ pass N / ℹ fail N …). */
function parseSpecCounts(text) {
  const get = (name) => Number((new RegExp(`^ℹ ${name} (\\d+)$`, 'm').exec(text) ?? [])[1] ?? NaN);
  const counts = { tests: get('tests'), passed: get('pass'), failed: get('fail'), cancelled: get('cancelled'), skipped: get('skipped'), todo: get('todo') };
  return Number.isNaN(counts.tests) ? undefined : counts;
}

/** Starts code-server for the extension-host suites (and the suites' environment). */
async function hostServer(tools, runDir, label, locale) {
  const d = codeServerDirs(path.join(runDir, label));
  const ws = copyWorkspace(path.join(ROOT, 'test/vscode/workspace'), path.join(d.dir, 'workspace'));
  const report = path.join(d.dir, 'report.txt');
  if (locale === 'ja') await installJapanese(tools, d);
  // DBTRUST_E2E_FILES narrows the English suites; the Japanese run always runs its own.
  const files = locale === 'ja' ? '' : (process.env.DBTRUST_E2E_FILES ?? '');
  const cs = await startCodeServer(tools, d, { locale, env: { DBTRUST_E2E_LOCALE: locale, DBTRUST_E2E_REPORT: report, DBTRUST_E2E_FILES: files } });
  return { cs, d, ws, report };
}

/** The extension-host suites: a window with dbtrust from source (the test workspace) and the test module. */
async function runHostSuites(label, { cs, d, ws, report }) {
  const { launchBrowser, remoteUri, workbenchUrl } = workbench();
  const browser = await launchBrowser();
  browsers.add(browser);
  const consoleLines = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
    let exitCode;
    const exited = new Promise((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code) => {
        exitCode = code;
        resolve(code);
      });
      page.on('crash', () => resolve('crash'));
      page.on('close', () => resolve('closed'));
    });
    const payload = [
      ['extensionDevelopmentPath', remoteUri(cs.base, ROOT)],
      ['extensionTestsPath', remoteUri(cs.base, path.join(ROOT, 'test/vscode/out/suite/index.js'))],
    ];
    await page.goto(workbenchUrl(cs.base, ws, payload));
    let timer;
    const timedOut = new Promise((resolve) => {
      timer = setTimeout(() => resolve('timeout'), SUITE_TIMEOUT_S * 1000);
    });
    const result = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    const text = fs.existsSync(report) ? fs.readFileSync(report, 'utf8') : '';
    const summary = parseSummary(text);
    const details = () => [
      ['suite report', tail(text, 80) || '(the suites wrote nothing: the test module did not load?)'],
      ['browser console (errors)', tail(consoleLines.filter((l) => /^\[(error|pageerror)\]/.test(l) && !GALLERY_NOISE.test(l)).join('\n'), 25)],
      ['code-server log', tailFile(d.log, 25)],
      ...serverLogs(d),
    ];
    if (result === 'timeout') throw new Failure(`${label}: the extension-host suites did not finish within ${SUITE_TIMEOUT_S} s`, details());
    if (result === 'crash' || result === 'closed') throw new Failure(`${label}: the browser page ${result === 'crash' ? 'crashed' : 'closed'} before the suites finished`, details());
    if (!summary) throw new Failure(`${label}: the test module exited with ${exitCode} without a summary`, details());
    process.stdout.write(text.replace(/^DBTRUST_E2E_SUMMARY .*\n?/m, ''));
    return { label, counts: summary, ok: exitCode === 0 && summary.failed === 0 && summary.cancelled === 0, details };
  } finally {
    await browser.close().catch(() => undefined);
    browsers.delete(browser);
  }
}

async function hostPhase(tools, runDir) {
  const server = await hostServer(tools, runDir, 'host', 'en');
  try {
    return await runHostSuites('host', server);
  } finally {
    await stopGroup(server.cs.child);
  }
}

/** Japanese: the l10n suite in the extension host, then the Command Palette (same code-server, --locale ja). */
async function japanesePhase(tools, runDir) {
  const server = await hostServer(tools, runDir, 'ja', 'ja');
  try {
    const host = await runHostSuites('ja', server);
    const ui = await uiTests('ja-ui', ['l10n.test.js'], {
      DBTRUST_E2E_URL: server.cs.base,
      DBTRUST_CHROMIUM: tools.chromium,
      DBTRUST_E2E_WORKSPACE: server.ws,
      DBTRUST_E2E_DEV_EXTENSION: ROOT,
      DBTRUST_E2E_LOCALE: 'ja',
    }, server.d);
    return [host, ui];
  } finally {
    await stopGroup(server.cs.child);
  }
}

/**
 * VS Code switches its display language only to a language for which a language pack is installed,
 * and code-server cannot download one. A minimal pack (test/vscode/fixtures/language-pack-ja: it
 * declares Japanese and translates nothing of VS Code itself) is packaged and installed, and
 * registered in the user data's languagepacks.json, which VS Code's server reads for --locale.
 */
async function installJapanese(tools, d) {
  const src = path.join(ROOT, 'test/vscode/fixtures/language-pack-ja');
  const manifest = JSON.parse(fs.readFileSync(path.join(src, 'package.json'), 'utf8'));
  const vsix = path.join(d.dir, 'language-pack-ja.vsix');
  await sh(process.execPath, [require.resolve('@vscode/vsce/vsce'), 'package', '--allow-missing-repository', '--skip-license', '--out', vsix], { cwd: src, timeoutMs: 60_000 });
  await installExtension(tools, d, vsix);
  const id = `${manifest.publisher}.${manifest.name}`;
  const installed = path.join(d.extensions, `${id.toLowerCase()}-${manifest.version}`);
  const translations = path.join(installed, 'translations', 'main.i18n.json');
  if (!fs.existsSync(translations)) throw new Failure(`the Japanese language pack was not installed where expected (${installed})`);
  const { createHash } = await import('node:crypto');
  const hash = createHash('md5').update(id.toLowerCase()).update(manifest.version).digest('hex');
  const packs = { ja: { hash, extensions: [{ extensionIdentifier: { id: id.toLowerCase() }, version: manifest.version }], translations: { vscode: translations }, label: '日本語' } };
  fs.writeFileSync(path.join(d.userData, 'languagepacks.json'), JSON.stringify(packs, null, 2));
}

/** Runs compiled node:test UI files against a running code-server. */
async function uiTests(label, files, env, d) {
  const args = ['--test', '--test-concurrency=1', '--test-reporter=spec', ...files.map((f) => path.join(ROOT, 'test/vscode/out/ui', f))];
  let out;
  let failed = false;
  try {
    out = await sh(process.execPath, args, { env: baseEnv({ ...env, FORCE_COLOR: '0', NO_COLOR: '1' }), timeoutMs: SUITE_TIMEOUT_S * 1000, logFile: path.join(d.dir, `${label}.log`) });
  } catch (e) {
    if (e.output === undefined) throw e;
    out = e.output;
    failed = true;
  }
  process.stdout.write(out);
  const counts = parseSpecCounts(out);
  if (!counts) throw new Failure(`${label}: node --test printed no summary`, [['output', tail(out, 60)]]);
  const details = () => [['UI test output', tail(out, 60)], ['code-server log', tailFile(d.log, 25)], ...serverLogs(d)];
  return { label, counts, ok: !failed && counts.failed === 0 && counts.cancelled === 0, details };
}

/** Packages the .vsix (npm run package) and returns its path in the run folder. */
async function packageVsix(runDir) {
  const vsix = path.join(runDir, 'dbtrust.vsix');
  if (process.env.DBTRUST_E2E_BUILD === '0') {
    // dist/ as it is, packaged the way `npm run package` packages it.
    await sh(process.execPath, [require.resolve('@vscode/vsce/vsce'), 'package', '--no-dependencies', '--out', vsix], { env: baseEnv(), timeoutMs: 120_000 });
    return vsix;
  }
  await sh('npm', ['run', 'package'], { env: baseEnv(), timeoutMs: 300_000 });
  fs.copyFileSync(path.join(ROOT, 'dbtrust.vsix'), vsix);
  return vsix;
}

/** The packaged extension in a fresh extensions folder: the UI test on the test workspace, the install test on examples/. */
async function packagedPhases(tools, runDir, phases) {
  const vsix = await packageVsix(runDir);
  const size = fs.statSync(vsix).size;
  say(`dbtrust.vsix: ${(size / 1024).toFixed(1)} KiB (${size} bytes)`);
  const d = codeServerDirs(path.join(runDir, 'packaged'));
  await installExtension(tools, d, vsix);
  const installed = fs.readdirSync(d.extensions).filter((n) => n.startsWith('dbtrust.dbtrust-'));
  if (installed.length !== 1) throw new Failure(`--install-extension left ${JSON.stringify(fs.readdirSync(d.extensions))} in the extensions folder`, [['code-server log', tailFile(d.log)]]);
  const cs = await startCodeServer(tools, d);
  const results = [];
  try {
    const env = {
      DBTRUST_E2E_URL: cs.base,
      DBTRUST_CHROMIUM: tools.chromium,
      DBTRUST_E2E_EXTENSION_DIR: path.join(d.extensions, installed[0]),
    };
    if (phases.includes('ui')) {
      const ws = copyWorkspace(path.join(ROOT, 'test/vscode/workspace'), path.join(d.dir, 'workspace'));
      const shots = process.env.DBTRUST_E2E_SCREENSHOTS ?? path.join(ROOT, 'docs/images');
      results.push(await uiTests('ui', ['editor.test.js'], { ...env, DBTRUST_E2E_WORKSPACE: ws, DBTRUST_E2E_SCREENSHOTS: shots }, d));
    }
    if (phases.includes('vsix')) {
      const examples = copyWorkspace(path.join(ROOT, 'examples'), path.join(d.dir, 'examples'));
      results.push(await uiTests('vsix', ['vsix.test.js'], { ...env, DBTRUST_E2E_WORKSPACE: examples, DBTRUST_E2E_VSIX_BYTES: String(size) }, d));
    }
  } finally {
    await stopGroup(cs.child);
  }
  return results;
}

// ---------------------------------------------------------------------------------------------
// Desktop VS Code through @vscode/test-cli (needs VS Code's download server)

async function canDownloadVSCode() {
  try {
    await Promise.race([dns.promises.lookup('update.code.visualstudio.com'), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 3000))]);
    return true;
  } catch {
    return false;
  }
}

async function electronPhase() {
  const bin = path.join(ROOT, 'node_modules/@vscode/test-cli/out/bin.mjs');
  let cmd = process.execPath;
  let args = [bin, '--config', path.join(ROOT, '.vscode-test.mjs'), '--label', 'extension-host'];
  if (process.platform === 'linux' && !process.env.DISPLAY) {
    if (spawnSync('sh', ['-c', 'command -v xvfb-run']).status !== 0) {
      throw Object.assign(new Failure('desktop VS Code on Linux needs a display: set DISPLAY or install xvfb (xvfb-run)'), { noTestRan: true });
    }
    args = ['-a', cmd, ...args];
    cmd = 'xvfb-run';
  }
  let out;
  let failed = false;
  try {
    out = await sh(cmd, args, { env: baseEnv({ DBTRUST_E2E_LOCALE: 'en' }), timeoutMs: 900_000, echo: true });
  } catch (e) {
    if (e.output === undefined) throw e;
    out = e.output;
    failed = true;
  }
  const counts = parseSummary(out);
  if (!counts) {
    throw Object.assign(new Failure('desktop VS Code did not run the suites (could it be downloaded? DBTRUST_VSCODE=code-server runs them offline)', [['output', tail(out, 60)]]), { noTestRan: true });
  }
  return { label: 'host (desktop)', counts, ok: !failed && counts.failed === 0, details: () => [['output', tail(out, 60)]] };
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const phases = (process.env.DBTRUST_E2E_PHASES || ALL_PHASES.join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = phases.filter((p) => !ALL_PHASES.includes(p));
  if (unknown.length) throw new Failure(`DBTRUST_E2E_PHASES: unknown phase(s) ${unknown.join(', ')} (known: ${ALL_PHASES.join(', ')})`);
  let mode = (process.env.DBTRUST_VSCODE || 'auto').toLowerCase();
  if (!['auto', 'code-server', 'electron'].includes(mode)) throw new Failure(`DBTRUST_VSCODE=${mode}: expected code-server, electron or auto`);
  const autoElectron = mode === 'auto' && phases.includes('host') && (await canDownloadVSCode());
  if (mode === 'auto') {
    mode = autoElectron ? 'electron' : 'code-server';
    say(`VS Code for the extension-host suites: ${mode} (${autoElectron ? "VS Code's download server resolves" : 'offline: code-server from npm'}; set DBTRUST_VSCODE to choose)`);
  }

  say('installing or checking the tools (Node 24, code-server, Chromium)');
  const tools = await setup().catch((e) => {
    throw new Failure(`setup failed: ${e.message}`);
  });
  tools.codeServerEntry = tools.codeServerEntry ?? tools.codeServer;
  say(`tools ready (${elapsed()})`);

  if (process.env.DBTRUST_E2E_BUILD === '0') {
    say('DBTRUST_E2E_BUILD=0: using dist/ as it is');
    if (!fs.existsSync(path.join(ROOT, 'dist/client.js')) || !fs.existsSync(path.join(ROOT, 'dist/server.js'))) throw new Failure('dist/ has no client.js or server.js: run npm run build');
  } else {
    say('npm run build');
    await sh('npm', ['run', 'build'], { env: baseEnv(), timeoutMs: 300_000 });
  }
  say(`compiling test/vscode (${elapsed()})`);
  await sh(process.execPath, [path.join(path.dirname(require.resolve('typescript/package.json')), 'bin', 'tsc'), '-p', path.join(ROOT, 'test/vscode/tsconfig.json')], { timeoutMs: 120_000 });

  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dbtrust-vscode-'));
  runFolder = runDir;
  say(`run folder ${runDir}`);
  const results = [];
  // Runs a phase; a phase that breaks down (a server that does not start, a time limit) counts as
  // one failed test and the other phases still run.
  const timed = async (name, label, fn) => {
    const s = Date.now();
    say(`── ${name} (${elapsed()})`);
    let r;
    try {
      r = [await fn()].flat();
    } catch (e) {
      if (shuttingDown) throw e;
      say(`${label}: ${e.message}`);
      r = [{ label, counts: { passed: 0, failed: 1 }, ok: false, details: () => [['error', e.message], ...(e.details ?? [])] }];
    }
    r[0].seconds = (Date.now() - s) / 1000; // the phase's time, on its first result
    results.push(...r);
    return r;
  };

  let ok = false;
  try {
    if (phases.includes('host')) {
      if (mode === 'electron') {
        await timed('extension-host suites in desktop VS Code (@vscode/test-cli)', 'host (desktop)', async () => {
          try {
            return await electronPhase();
          } catch (e) {
            if (!(autoElectron && e.noTestRan)) throw e;
            say(`desktop VS Code could not run here (${e.message}); falling back to code-server`);
            return hostPhase(tools, runDir);
          }
        });
      } else {
        await timed('extension-host suites in code-server', 'host', () => hostPhase(tools, runDir));
      }
    }
    if (phases.includes('ui') || phases.includes('vsix')) {
      await timed('packaged .vsix: UI test and install test', 'ui/vsix', () => packagedPhases(tools, runDir, phases));
    }
    if (phases.includes('ja')) {
      await timed('Japanese: l10n suite and Command Palette', 'ja', () => japanesePhase(tools, runDir));
    }
    ok = results.every((r) => r.ok);
  } finally {
    if (!shuttingDown) report(results, runDir, ok);
  }
  if (!ok) throw new Failure('some real-VS-Code tests failed (see above)');
}

function report(results, runDir, ok) {
  const total = results.reduce((a, r) => ({ passed: a.passed + (r.counts.passed || 0), failed: a.failed + (r.counts.failed || 0) + (r.counts.cancelled || 0), skipped: a.skipped + (r.counts.skipped || 0) + (r.counts.todo || 0) }), { passed: 0, failed: 0, skipped: 0 });
  say('');
  say('summary');
  for (const r of results) say(`  ${r.ok ? 'ok  ' : 'FAIL'} ${r.label.padEnd(16)} ${String(r.counts.passed).padStart(3)} passed, ${String((r.counts.failed || 0) + (r.counts.cancelled || 0)).padStart(3)} failed  ${r.seconds === undefined ? '' : `(${r.seconds.toFixed(1)} s)`}`);
  for (const r of results.filter((x) => !x.ok)) {
    for (const [title, text] of r.details()) process.stdout.write(`\n── ${r.label}: ${title}\n${text}\n`);
  }
  const empty = results.length === 0 && fs.readdirSync(runDir).length === 0;
  if ((ok || empty) && !KEEP) fs.rmSync(runDir, { recursive: true, force: true });
  else say(`run folder kept: ${runDir}`);
  say(`total ${elapsed()}`);
  if (results.length > 0) process.stdout.write(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}\n`);
}

/** The most recently written logs and reports of the run folder (for a run stopped by its time limit). */
function latestLogs(dir, count = 3) {
  const files = [];
  const walk = (d) => {
    let entries = [];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'workspace' && e.name !== 'examples' && e.name !== 'extensions') walk(p);
      } else if (/^(report\.txt|code-server\.log|ui\.log|vsix\.log|ja-ui\.log|dbtrust\.log)$/.test(e.name)) {
        files.push({ p, mtime: fs.statSync(p).mtimeMs });
      }
    }
  };
  walk(dir);
  return files.sort((a, b) => b.mtime - a.mtime).slice(0, count).map((f) => [path.relative(dir, f.p), tailFile(f.p, 25)]);
}

const overall = setTimeout(() => {
  say(`FAILED: the whole run did not finish within ${OVERALL_TIMEOUT_S} s (DBTRUST_E2E_TIMEOUT_S)`);
  if (runFolder) {
    for (const [title, text] of latestLogs(runFolder)) process.stdout.write(`\n── ${title}\n${text}\n`);
    say(`run folder kept: ${runFolder}`);
  }
  void shutdown(1);
}, OVERALL_TIMEOUT_S * 1000);
overall.unref();

main().then(
  () => {
    clearTimeout(overall);
    process.exit(0);
  },
  (e) => {
    clearTimeout(overall);
    if (shuttingDown) return;
    say(`FAILED: ${e.message}`);
    for (const [title, text] of e.details ?? []) process.stdout.write(`\n── ${title}\n${text}\n`);
    void shutdown(1);
  },
);
