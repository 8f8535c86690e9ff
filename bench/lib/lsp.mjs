// A small LSP client for the benchmarks: dist/server.js over stdio, spoken to with the protocol
// library, with timestamps on every diagnostics publication.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const { SERVER_EXEC_ARGV, serverEnvironment } = require('../../client/out/serverLaunch.js');
const P = require('vscode-languageserver-protocol/node');
const { TextDocument } = require('vscode-languageserver-textdocument');

export const now = () => Number(process.hrtime.bigint()) / 1e6;

export class Server {
  /** Spawns the server; `spawnedAt` is taken just before the spawn. */
  constructor(serverJs, { cwd, execArgv = [] } = {}) {
    this.spawnedAt = now();
    // The Node options and environment the extension gives the server (client/src/serverLaunch.ts).
    this.child = spawn(process.execPath, [...SERVER_EXEC_ARGV, ...execArgv, serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], cwd, env: serverEnvironment(process.env) });
    this.connection = P.createProtocolConnection(new P.StreamMessageReader(this.child.stdout), new P.StreamMessageWriter(this.child.stdin));
    this.stderr = '';
    this.child.stderr.on('data', (d) => (this.stderr += d.toString()));
    /** uri → [{ version, count, at }] */
    this.published = new Map();
    this.publishCount = 0;
    this.waiters = [];
    this.docs = new Map();
    this.connection.onNotification(P.PublishDiagnosticsNotification.type, (p) => {
      const at = now();
      this.publishCount++;
      let list = this.published.get(p.uri);
      if (!list) this.published.set(p.uri, (list = []));
      list.push({ version: p.version, count: p.diagnostics.length, at });
      const w = this.waiters;
      this.waiters = [];
      for (const f of w) f();
    });
    this.connection.onNotification(P.LogMessageNotification.type, () => undefined);
    this.connection.onNotification(P.ShowMessageNotification.type, () => undefined);
    this.connection.onRequest(P.ShowMessageRequest.type, () => null);
    this.connection.onRequest(P.RegistrationRequest.type, () => undefined);
    this.connection.onRequest(P.UnregistrationRequest.type, () => undefined);
    this.connection.onRequest(P.WorkDoneProgressCreateRequest.type, () => undefined);
    this.connection.onNotification('$/progress', () => undefined);
    this.connection.onRequest(P.ConfigurationRequest.type, (p) => p.items.map(() => null));
    this.connection.listen();
  }

  async initialize(workspaceDir) {
    const uri = pathToFileURL(workspaceDir).href;
    this.connection.onRequest(P.WorkspaceFoldersRequest.type, () => [{ uri, name: 'ws' }]);
    const result = await this.connection.sendRequest(P.InitializeRequest.type, {
      processId: process.pid,
      rootUri: uri,
      workspaceFolders: [{ uri, name: 'ws' }],
      capabilities: {
        workspace: { workspaceFolders: true },
        textDocument: {
          publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'source', 'source.fixAll'] } } },
        },
      },
    });
    this.initializedAt = now();
    await this.connection.sendNotification(P.InitializedNotification.type, {});
    return result;
  }

  /** The first publication for `uri` (with `version`, when given) after `since` publications of it. */
  waitForDiagnostics(uri, { version, since = 0, timeoutMs = 60_000 } = {}) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version}; server stderr: ${this.stderr.slice(-500)}`)), timeoutMs);
      const check = () => {
        const list = this.published.get(uri) ?? [];
        const hit = list.slice(since).find((p) => version === undefined || p.version === version);
        if (hit) {
          clearTimeout(timer);
          resolve(hit);
        } else this.waiters.push(check);
      };
      check();
    });
  }

  open(file, languageId, text) {
    const uri = pathToFileURL(file).href;
    this.docs.set(uri, TextDocument.create(uri, languageId, 1, text));
    void this.connection.sendNotification(P.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
    return uri;
  }

  doc(uri) {
    return this.docs.get(uri);
  }

  /** Inserts `text` at `position` (an incremental change); returns the new version. */
  insert(uri, position, text) {
    const doc = this.docs.get(uri);
    const version = doc.version + 1;
    const change = { range: { start: position, end: position }, text };
    TextDocument.update(doc, [change], version);
    void this.connection.sendNotification(P.DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [change] });
    return version;
  }

  hover(uri, position) {
    return this.connection.sendRequest(P.HoverRequest.type, { textDocument: { uri }, position });
  }

  request(method, params) {
    // No params at all for a request without parameters (RequestType0: the handler's first argument is the token).
    return params === undefined ? this.connection.sendRequest(method) : this.connection.sendRequest(method, params);
  }

  /** The server's resident set size now and at its peak (Linux: /proc/PID/status), in MB. */
  memory() {
    try {
      const status = fs.readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
      const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
      return { rssMB: kb('VmRSS') / 1024, peakMB: kb('VmHWM') / 1024 };
    } catch {
      return undefined;
    }
  }

  async stop() {
    try {
      await Promise.race([this.connection.sendRequest(P.ShutdownRequest.type), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification(P.ExitNotification.type);
    } catch {
      // already gone
    }
    this.connection.dispose();
    await new Promise((r) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) return r();
      const t = setTimeout(() => {
        this.child.kill('SIGKILL');
        r();
      }, 2000);
      this.child.once('exit', () => {
        clearTimeout(t);
        r();
      });
    });
  }
}

export const serverPath = (root) => path.join(root, 'dist/server.js');
