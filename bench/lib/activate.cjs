// Extension activation cost, outside VS Code: loads dist/client.js with a stubbed `vscode` module
// and runs activate() until its promise resolves (what VS Code waits for), then waits for the moment
// the language client, started in the background, forks the server process.
//
// What it measures: the JavaScript work of the extension itself — evaluating the bundle (the
// client code and vscode-languageclient) and running activate() (creating the output channel, the
// client, the watchers, the status bar item, registering the commands) until LanguageClient.start()
// reaches child_process.fork. VS Code's own work behind those API calls is not included (every
// vscode API is a no-op stub here), nor is the server's start-up (see "server cold start").
//
//   node bench/lib/activate.cjs [client.js]   prints one JSON line: { requireMs, activateMs, totalMs, forked, toForkMs }
'use strict';
const Module = require('node:module');
const path = require('node:path');
const childProcess = require('node:child_process');

const t0 = process.hrtime.bigint();
const ms = (a, b) => Number(b - a) / 1e6;

// A universal stub: every property is another stub, calling or constructing one returns a stub,
// classes can extend it; never a thenable, iterates as empty, prints as ''.
const cache = new WeakMap();
function stub(name) {
  const fn = function () {};
  const handler = {
    get(target, prop) {
      if (prop === 'then') return undefined;
      if (prop === Symbol.iterator) return function* () {};
      if (prop === Symbol.toPrimitive) return () => '';
      if (prop === 'prototype') return target.prototype;
      if (prop in target && typeof prop === 'symbol') return target[prop];
      let children = cache.get(target);
      if (!children) cache.set(target, (children = new Map()));
      if (!children.has(prop)) children.set(prop, stub(`${name}.${String(prop)}`));
      return children.get(prop);
    },
    apply() {
      return stub(`${name}()`);
    },
    construct(target, args, newTarget) {
      return Reflect.construct(target, args, newTarget);
    },
  };
  return new Proxy(fn, handler);
}

// The parts of the API whose results activate() or the language client use as values.
class Disposable {
  constructor(f) {
    this.f = f;
  }
  static from(...items) {
    return new Disposable(() => items.forEach((d) => d?.dispose?.()));
  }
  dispose() {
    this.f?.();
  }
}
class EventEmitter {
  constructor() {
    this.listeners = [];
    this.event = (l) => {
      this.listeners.push(l);
      return new Disposable(() => undefined);
    };
  }
  fire(e) {
    this.listeners.forEach((l) => l(e));
  }
  dispose() {}
}
const event = () => new Disposable(() => undefined);
const outputChannel = () => ({
  name: 'dbtrust',
  append() {},
  appendLine() {},
  replace() {},
  clear() {},
  show() {},
  hide() {},
  dispose() {},
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error(m) {
    if (process.env.DBTRUST_BENCH_DEBUG) process.stderr.write(`output.error: ${m}\n`);
  },
  logLevel: 2,
  onDidChangeLogLevel: event,
});
const configuration = () => ({ get: (_k, d) => d, has: () => false, inspect: () => undefined, update: async () => undefined });
const base = stub('vscode');
const api = {
    Disposable,
    EventEmitter,
    version: '1.91.0',
    env: new Proxy({ language: 'en', appName: 'bench', machineId: 'bench', sessionId: 'bench', uiKind: 1 }, { get: (t, p) => (p in t ? t[p] : base.env[p]) }),
    l10n: { t: (m) => (typeof m === 'string' ? m : m.message), bundle: undefined, uri: undefined },
    window: new Proxy(
      {
        createOutputChannel: outputChannel,
        createStatusBarItem: () => ({ show() {}, hide() {}, dispose() {} }),
        onDidChangeActiveTextEditor: event,
        onDidChangeVisibleTextEditors: event,
        visibleTextEditors: [],
        activeTextEditor: undefined,
      },
      { get: (t, p) => (p in t ? t[p] : base.window[p]) },
    ),
    workspace: new Proxy(
      {
        isTrusted: true,
        workspaceFolders: [],
        textDocuments: [],
        getConfiguration: configuration,
        createFileSystemWatcher: () => ({ onDidCreate: event, onDidChange: event, onDidDelete: event, dispose() {} }),
        registerTextDocumentContentProvider: () => new Disposable(),
        onDidGrantWorkspaceTrust: event,
        onDidChangeConfiguration: event,
        onDidChangeWorkspaceFolders: event,
        onDidOpenTextDocument: event,
        onDidCloseTextDocument: event,
        onDidChangeTextDocument: event,
        onDidSaveTextDocument: event,
        onWillSaveTextDocument: event,
      },
      { get: (t, p) => (p in t ? t[p] : base.workspace[p]) },
    ),
    languages: new Proxy(
      { getDiagnostics: () => [], onDidChangeDiagnostics: event, createDiagnosticCollection: () => ({ set() {}, delete() {}, clear() {}, dispose() {}, forEach() {} }) },
      { get: (t, p) => (p in t ? t[p] : base.languages[p]) },
    ),
    commands: new Proxy({ registerCommand: () => new Disposable(), executeCommand: async () => undefined }, { get: (t, p) => (p in t ? t[p] : base.commands[p]) }),
    extensions: new Proxy({ getExtension: () => undefined, all: [] }, { get: (t, p) => (p in t ? t[p] : base.extensions[p]) }),
};
// Bundlers copy a module's own properties (esbuild's __toESM): every name the API declares is one,
// a stub unless defined above.
const declared = require('node:fs').readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8');
for (const m of declared.matchAll(/^\texport (?:class|enum|namespace|const|let|function) (\w+)/gm)) {
  if (!(m[1] in api)) api[m[1]] = base[m[1]];
}
const vscode = api;

const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === 'vscode') return vscode;
  return load.call(this, request, parent, isMain);
};

// The language client starts the server with child_process.fork (TransportKind.ipc): stop there.
let forkedAt;
const stopFork = () => {
  forkedAt ??= process.hrtime.bigint();
  throw new Error('bench: the server is not started');
};
childProcess.fork = stopFork;
childProcess.spawn = stopFork;

const root = path.resolve(__dirname, '../..');
const context = {
  subscriptions: [],
  extensionPath: root,
  extensionUri: { fsPath: root, path: root, scheme: 'file', toString: () => `file://${root}` },
  asAbsolutePath: (p) => path.join(root, p),
  globalState: { get: () => undefined, update: async () => undefined, keys: () => [] },
  workspaceState: { get: () => undefined, update: async () => undefined, keys: () => [] },
  environmentVariableCollection: base.environmentVariableCollection,
  extensionMode: 1,
  logUri: { fsPath: '/tmp' },
  storageUri: undefined,
  globalStorageUri: { fsPath: '/tmp' },
};

(async () => {
  const t1 = process.hrtime.bigint();
  const ext = require(process.argv[2] ? path.resolve(process.argv[2]) : path.join(root, 'dist/client.js'));
  const t2 = process.hrtime.bigint();
  let activateError;
  const timeout = setTimeout(() => {
    process.stdout.write(JSON.stringify({ error: 'activate() did not reach fork within 10 s' }) + '\n');
    process.exit(1);
  }, 10_000);
  try {
    await ext.activate(context);
  } catch (e) {
    // activate() itself reports a server that did not start and returns; this is something else
    activateError = e instanceof Error ? e.stack : String(e);
  }
  const t3 = process.hrtime.bigint();
  // activate() returns once the commands are registered; the language client is loaded and the
  // server forked right after, in the background: wait for that too (it is reported separately).
  while (forkedAt === undefined && ms(t3, process.hrtime.bigint()) < 5000) await new Promise((r) => setTimeout(r, 1));
  clearTimeout(timeout);
  process.stdout.write(
    JSON.stringify({
      requireMs: ms(t1, t2),
      activateMs: ms(t2, t3),
      totalMs: ms(t1, t3),
      forked: forkedAt !== undefined,
      toForkMs: forkedAt !== undefined ? ms(t1, forkedAt) : undefined,
      processMs: ms(t0, t3),
      ...(activateError ? { error: activateError } : {}),
    }) + '\n',
  );
  process.exit(0);
})();
