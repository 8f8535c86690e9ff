/** A minimal LSP client for tests: the server bundle over stdio, spoken to with the protocol library. */
import * as assert from 'node:assert/strict';
import { ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import {
  CodeAction,
  CodeActionRequest,
  ConfigurationRequest,
  Diagnostic,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  LogMessageNotification,
  ProtocolConnection,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  Range,
  RegistrationRequest,
  RequestType0,
  ShowMessageNotification,
  ShowMessageRequest,
  TextEdit,
  UnregistrationRequest,
  WorkDoneProgressCreateRequest,
  WorkspaceFoldersRequest,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

export const SERVER = path.resolve(__dirname, '../../../dist/server.js');
export const WAIT_MS = 10_000;

// ---------------------------------------------------------------------------------------------
// A minimal LSP client over a child process.

export class Client {
  readonly diagnostics: PublishDiagnosticsParams[] = [];
  readonly shown: { type: number; message: string }[] = [];
  readonly logs: string[] = [];
  /** `$/progress` values received (work-done progress of the workspace scan). */
  readonly progress: unknown[] = [];
  /** What workspace/configuration answers for the `dbtrust` section (the editor's settings). */
  settings: Record<string, unknown> = {};
  /** The scopeUris the server asked configuration for. */
  readonly configurationScopes: (string | undefined)[] = [];
  stderr = '';
  /** What the server answered to initialize. */
  initializeResult: unknown;
  private waiters: (() => void)[] = [];
  private readonly docs = new Map<string, TextDocument>();

  constructor(
    readonly child: ChildProcess,
    readonly connection: ProtocolConnection,
    readonly workspaceUri: string,
  ) {
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.diagnostics.push(p);
      this.wake();
    });
    connection.onNotification(ShowMessageNotification.type, (p) => {
      this.shown.push(p);
      this.wake();
    });
    connection.onRequest(ShowMessageRequest.type, (p) => {
      this.shown.push(p);
      this.wake();
      return null;
    });
    connection.onNotification(LogMessageNotification.type, (p) => {
      this.logs.push(p.message);
    });
    connection.onRequest(RegistrationRequest.type, () => undefined);
    connection.onRequest(UnregistrationRequest.type, () => undefined);
    connection.onRequest(WorkspaceFoldersRequest.type, () => [{ uri: workspaceUri, name: 'ws' }]);
    connection.onRequest(ConfigurationRequest.type, (p) =>
      p.items.map((item) => {
        this.configurationScopes.push(item.scopeUri);
        return item.section === 'dbtrust' ? this.settings : null;
      }),
    );
    connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
    connection.onNotification('$/progress', (p: { value: unknown }) => {
      this.progress.push(p.value);
      this.wake();
    });
    child.stderr?.on('data', (d: Buffer) => (this.stderr += d.toString()));
    connection.listen();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Resolves with the first value `probe` returns that is not undefined, re-checked on every message. */
  waitFor<T>(what: string, probe: () => T | undefined, ms = WAIT_MS): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; stderr: ${this.stderr.slice(-2000)}`)), ms);
      const check = (): void => {
        let v: T | undefined;
        try {
          v = probe();
        } catch (e) {
          clearTimeout(timer);
          reject(e as Error);
          return;
        }
        if (v !== undefined) {
          clearTimeout(timer);
          resolve(v);
        } else this.waiters.push(check);
      };
      check();
    });
  }

  /** The next publication for `uri` after `since` publications in total, matching `accept`. */
  nextDiagnostics(uri: string, since: number, accept: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
    return this.waitFor(`diagnostics for ${uri}`, () => this.diagnostics.slice(since).find((p) => p.uri === uri && accept(p)));
  }

  open(uri: string, languageId: string, text: string): void {
    this.docs.set(uri, TextDocument.create(uri, languageId, 1, text));
    void this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
  }

  text(uri: string): string {
    return this.docs.get(uri)!.getText();
  }

  version(uri: string): number {
    return this.docs.get(uri)!.version;
  }

  /** Applies edits locally and sends them as incremental changes; returns the new version. */
  edit(uri: string, edits: TextEdit[]): number {
    const doc = this.docs.get(uri)!;
    // Incremental changes are applied in order, so send them from the end of the text backwards.
    const sorted = [...edits].sort((a, b) => doc.offsetAt(b.range.start) - doc.offsetAt(a.range.start));
    const changes = sorted.map((e) => ({ range: e.range, text: e.newText }));
    const version = doc.version + 1;
    TextDocument.update(doc, changes, version);
    void this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  replaceAll(uri: string, text: string): number {
    const doc = this.docs.get(uri)!;
    const version = doc.version + 1;
    TextDocument.update(doc, [{ text }], version);
    void this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  /** Changes the editor's settings and tells the server (which pulls them again). */
  changeSettings(settings: Record<string, unknown>): void {
    this.settings = settings;
    void this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  }

  close(uri: string): void {
    this.docs.delete(uri);
    void this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  codeActions(uri: string, range: Range, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    const context = only ? { diagnostics, only } : { diagnostics };
    return this.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context }) as Promise<CodeAction[]>;
  }

  kill(): void {
    this.connection.dispose();
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

export function withTimeout<T>(p: Promise<T>, what: string, ms = WAIT_MS): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms);
    }),
  ]);
}

export function initializeParams(
  workspaceUri: string,
  options: StartOptions = {},
): Parameters<ProtocolConnection['sendRequest']>[1] {
  return {
    processId: process.pid,
    rootUri: workspaceUri,
    workspaceFolders: [{ uri: workspaceUri, name: 'ws' }],
    ...(options.untrusted || options.suspects ? { initializationOptions: { ...(options.untrusted ? { untrustedWorkspace: true } : {}), ...(options.suspects ? { suspects: options.suspects } : {}) } } : {}),
    capabilities: {
      workspace: {
        workspaceFolders: true,
        didChangeWatchedFiles: { dynamicRegistration: false },
        ...(options.createFiles ? { workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } } : {}),
        ...(options.settings ? { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } : {}),
      },
      ...(options.progress ? { window: { workDoneProgress: true } } : {}),
      textDocument: {
        publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'source', 'source.fixAll'] } }, isPreferredSupport: true },
        hover: { contentFormat: ['markdown', 'plaintext'] },
      },
    },
  };
}

export function rangeOf(text: string, needle: string): Range {
  const doc = TextDocument.create('x:', 'plaintext', 0, text);
  const start = text.indexOf(needle);
  assert.ok(start >= 0, `${needle} not in text`);
  return { start: doc.positionAt(start), end: doc.positionAt(start + needle.length) };
}

export function codes(p: PublishDiagnosticsParams): string[] {
  return p.diagnostics.map((d) => String(d.code));
}


/** Spawns the server bundle over stdio and initializes it for one workspace folder. */
/** What dbtrust/scanWorkspace answers. */
export interface ScanSummary {
  files: number;
  findings: number;
  filesWithFindings: number;
  skipped: number;
  cancelled: boolean;
}

/** Runs the workspace scan and waits for its summary. */
export function scanWorkspace(client: Client, timeoutMs = 120_000): Promise<ScanSummary> {
  return withTimeout(client.connection.sendRequest(new RequestType0<ScanSummary, void>('dbtrust/scanWorkspace')), 'workspace scan', timeoutMs);
}

export interface StartOptions {
  createFiles?: boolean;
  untrusted?: boolean;
  /** The client answers workspace/configuration with these `dbtrust` settings. */
  settings?: Record<string, unknown>;
  /** The client shows server-initiated work-done progress. */
  progress?: boolean;
  /** Environment variables for the server process (added to this process's). */
  env?: Record<string, string>;
  /** initializationOptions.suspects: documents whose analysis may have stopped the previous server. */
  suspects?: string[];
}

export async function startServer(dir: string, options: StartOptions = {}): Promise<Client> {
  const { spawn } = await import('node:child_process');
  const { pathToFileURL } = await import('node:url');
  const { createProtocolConnection, InitializeRequest, InitializedNotification, StreamMessageReader, StreamMessageWriter } = await import('vscode-languageserver-protocol/node');
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], ...(options.env ? { env: { ...process.env, ...options.env } } : {}) });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const client = new Client(child, connection, pathToFileURL(dir).href);
  if (options.settings) client.settings = options.settings;
  client.initializeResult = await withTimeout(connection.sendRequest(InitializeRequest.type, initializeParams(pathToFileURL(dir).href, options) as never), 'initialize');
  await connection.sendNotification(InitializedNotification.type, {});
  return client;
}
