/**
 * The dbtrust language server: a thin adapter over the engine.
 *
 * - diagnostics are pushed per document, debounced; a newer edit cancels a pending run, and a
 *   result is published only for the version it was computed from;
 * - one lint per document version (and config generation), shared by diagnostics, hover and
 *   code actions;
 * - `.dbtrust.json` is read per workspace folder at start-up and whenever the client reports it
 *   changed (the VS Code client watches it through `synchronize.fileEvents`);
 * - nothing from a document (connection strings, passwords) is ever logged.
 *
 * Works over --stdio, --node-ipc and --socket (ProposedFeatures.all picks the transport from argv).
 */
import {
  CodeAction,
  CodeActionKind,
  createConnection,
  DidChangeWatchedFilesParams,
  Hover,
  InitializeParams,
  InitializeResult,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'node:url';
import {
  certificateFileMarkdown,
  CONFIG_FILE_NAME,
  isCertificateFile,
  LineIndex,
  lint,
  lintCertificateFile,
  lintWithTrust,
  MAX_TRUST_FILE_BYTES,
  newTrustFileCache,
  siteAt,
  siteMarkdown,
  siteProvider,
  VERSION,
} from '../engine';
import type { CertificateFileUse, LintResult } from '../engine';
import { relativeWithin } from '../node/paths';
import { codeActions, CurrentAnalysis, Existing, FileCreation } from './codeActions';
import { FIX_ALL_KIND, toDiagnostics, toRange } from './convert';
import { WorkspaceFileAccess } from './files';
import { documentLocation, FolderSettings, loadFolders, settingsFor } from './workspace';

const DEBOUNCE_MS = 150;

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

/** What the client told us at initialize. */
let folderUris: string[] = [];
let restrictToFolders = false;
let canWatchFolders = false;
/** The client applies workspace edits that create files. */
let canCreateFiles = false;

/** Files as the server reads them: the disk, open documents' buffers first; workspace folders only when untrusted. */
let files = new WorkspaceFileAccess(documents, undefined);
/** Parsed trust files, by path + size + mtime, shared by every document. */
const trustCache = newTrustFileCache();
/** Bumped when a watched certificate file changes on disk (part of the analysis key). */
let trustGeneration = 0;
/** The trust files each analysed document's settings use: uri → (absolute path → use). */
const trustUses = new Map<string, Map<string, CertificateFileUse>>();
/** Bumped whenever trustUses changes (part of certificate files' analysis key). */
let usesGeneration = 0;

/** The loaded configs, and a counter bumped whenever they change (part of the lint cache key). */
let folders: FolderSettings[] = [];
let configGeneration = 0;
let configLoadSeq = 0;
/** Resolves once the latest config load has been applied. */
let configsReady: Promise<void> = Promise.resolve();
/** Config problems already shown to the user (each is shown once per session). */
const shownConfigErrors = new Set<string>();

type Analysis = CurrentAnalysis;

/** One analysis per uri + version + config / trust / uses generations, shared by diagnostics, hover and code actions. */
const analyses = new Map<string, { key: string; analysis: Promise<Analysis> }>();
/** Debounce timers of documents waiting to be validated. */
const pending = new Map<string, NodeJS.Timeout>();

/** Describes an error without its message text, which could quote document content. */
function describeError(e: unknown): string {
  if (e instanceof Error) {
    const frames = (e.stack ?? '').split('\n').slice(1, 6).join('\n');
    return `${e.name}${frames ? '\n' + frames : ''}`;
  }
  return typeof e;
}

function analysisKey(doc: TextDocument): string {
  return `${doc.version}:${configGeneration}:${trustGeneration}:${usesGeneration}`;
}

function analyse(doc: TextDocument): Promise<Analysis> {
  const key = analysisKey(doc);
  const cached = analyses.get(doc.uri);
  if (cached && cached.key === key) return cached.analysis;
  const analysis = compute(doc);
  analyses.set(doc.uri, { key, analysis });
  return analysis;
}

/** A path for messages: relative to its workspace folder when inside one. */
function shownPath(abs: string): string {
  for (const folder of folders) {
    const rel = relativeWithin(folder.path, abs);
    if (rel !== undefined && rel !== '') return rel;
  }
  return abs;
}

async function compute(doc: TextDocument): Promise<Analysis> {
  const text = doc.getText();
  const settings = settingsFor(folders, doc.uri);
  const lines = new LineIndex(text);
  if (settings.ignored) return { result: undefined, lines };
  // The URI's path (not the URI) decides the syntax; untitled documents have a name-only path.
  const loc = documentLocation(doc.uri);
  const now = new Date();
  try {
    if (loc.isFile && isCertificateFile(loc.path, doc.languageId)) {
      const uses = [...trustUses.values()].flatMap((m) => {
        const u = m.get(loc.path);
        return u ? [u] : [];
      });
      const r = lintCertificateFile(text, { path: loc.path, now, config: settings.config, uses });
      return { result: { sites: [], findings: r.findings }, lines, certificate: { file: r.file, chains: r.chains } };
    }
    if (!loc.isFile) return { result: lint(text, { path: loc.path, languageId: doc.languageId, config: settings.config, now }), lines };
    const options: Parameters<typeof lintWithTrust>[1] = {
      path: loc.path,
      languageId: doc.languageId,
      config: settings.config,
      now,
      files,
      documentPath: loc.path,
      cache: trustCache,
    };
    if (settings.folder !== undefined) {
      options.workspaceRoot = settings.folder;
      options.configDir = settings.folder;
    }
    const result = await lintWithTrust(text, options);
    recordUses(doc.uri, result, now);
    return { result, lines };
  } catch (e) {
    connection.console.error(`dbtrust: linting ${doc.uri} (version ${doc.version}) failed; it gets no diagnostics. ${describeError(e)}`);
    return { result: undefined, lines };
  }
}

/** Remembers which trust files a document's settings use; open certificate files that gain or lose a use are re-judged. */
function recordUses(uri: string, result: LintResult, now: Date): void {
  const next = new Map<string, CertificateFileUse>();
  for (const a of result.sites) {
    if (a.trustFile?.state !== 'read') continue;
    const use: CertificateFileUse = { from: shownPath(documentLocation(uri).path), driver: a.policy.driver };
    const provider = siteProvider(a.site, now);
    if (provider) use.provider = provider;
    if (!next.has(a.trustFile.path) || (use.provider && !next.get(a.trustFile.path)!.provider)) next.set(a.trustFile.path, use);
  }
  const prev = trustUses.get(uri);
  const same = prev !== undefined && prev.size === next.size && [...next].every(([p, u]) => {
    const o = prev.get(p);
    return o !== undefined && o.driver === u.driver && o.provider?.match.provider.id === u.provider?.match.provider.id && o.provider?.match.region === u.provider?.match.region;
  });
  if (same || (prev === undefined && next.size === 0)) return;
  const touched = new Set([...(prev?.keys() ?? []), ...next.keys()]);
  if (next.size > 0) trustUses.set(uri, next);
  else trustUses.delete(uri);
  usesGeneration++;
  for (const doc of documents.all()) {
    const loc = documentLocation(doc.uri);
    if (loc.isFile && touched.has(loc.path) && doc.uri !== uri) schedule(doc.uri, 0);
  }
}

/** Documents whose settings use the trust file at `path` (re-judged when that file's buffer changes). */
function usersOf(path: string): string[] {
  return [...trustUses].filter(([, m]) => m.has(path)).map(([uri]) => uri);
}

function schedule(uri: string, delay = DEBOUNCE_MS): void {
  const previous = pending.get(uri);
  if (previous) clearTimeout(previous);
  pending.set(
    uri,
    setTimeout(() => {
      pending.delete(uri);
      void validate(uri);
    }, delay),
  );
}

async function validate(uri: string): Promise<void> {
  try {
    await configsReady;
    // A newer edit (or config change) scheduled another run meanwhile: that run publishes.
    if (pending.has(uri)) return;
    const doc = documents.get(uri);
    if (!doc) return; // closed meanwhile
    const version = doc.version;
    const analysis = await analyse(doc);
    if (pending.has(uri)) return; // edited again while the trust files were read
    if (documents.get(uri)?.version !== version) return; // never publish a stale version
    const diagnostics = analysis.result ? toDiagnostics(analysis.result, analysis.lines) : [];
    await connection.sendDiagnostics({ uri, version, diagnostics });
  } catch (e) {
    connection.console.error(`dbtrust: validating ${uri} failed. ${describeError(e)}`);
  }
}

function revalidateAll(): void {
  for (const doc of documents.all()) schedule(doc.uri, 0);
}

function reloadConfigs(): Promise<void> {
  const seq = ++configLoadSeq;
  const load = loadFolders(folderUris, restrictToFolders).then(
    ({ folders: loaded, errors }) => {
      if (seq !== configLoadSeq) return; // a newer load wins
      folders = loaded;
      configGeneration++;
      for (const message of errors) {
        connection.console.warn(`dbtrust: ${message}`);
        if (!shownConfigErrors.has(message)) {
          shownConfigErrors.add(message);
          // A request (window/showMessageRequest): a client that does not handle it must not crash us.
          // (Typed void, but it returns the request's promise.)
          Promise.resolve(connection.window.showWarningMessage(`dbtrust: ${message}`) as unknown).catch(() => undefined);
        }
      }
      connection.console.info(`dbtrust: configuration loaded for ${loaded.length} workspace folder(s).`);
      revalidateAll();
    },
    (e: unknown) => {
      connection.console.error(`dbtrust: loading ${CONFIG_FILE_NAME} failed; keeping the previous configuration. ${describeError(e)}`);
    },
  );
  configsReady = load;
  return load;
}

connection.onInitialize((params: InitializeParams): InitializeResult => {
  if (params.workspaceFolders) folderUris = params.workspaceFolders.map((f) => f.uri);
  else if (params.rootUri) folderUris = [params.rootUri];
  const options = params.initializationOptions as { untrustedWorkspace?: unknown } | undefined;
  restrictToFolders = options?.untrustedWorkspace === true;
  resetFiles();
  const editCaps = params.capabilities.workspace?.workspaceEdit;
  canCreateFiles = editCaps?.documentChanges === true && (editCaps.resourceOperations ?? []).includes('create');
  canWatchFolders = params.capabilities.workspace?.workspaceFolders === true;
  // Start reading the configs now; validations wait for them.
  void reloadConfigs();
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'dbtrust', version: VERSION },
  };
});

connection.onInitialized(() => {
  if (canWatchFolders) {
    connection.workspace.onDidChangeWorkspaceFolders((event) => {
      const removed = new Set(event.removed.map((f) => f.uri));
      folderUris = folderUris.filter((u) => !removed.has(u)).concat(event.added.map((f) => f.uri));
      resetFiles();
      void reloadConfigs();
    });
  }
});

connection.onDidChangeWatchedFiles((params: DidChangeWatchedFilesParams) => {
  const isConfig = (uri: string) => uri.endsWith('/' + CONFIG_FILE_NAME) || uri === CONFIG_FILE_NAME;
  if (params.changes.some((c) => isConfig(c.uri))) void reloadConfigs();
  // Any other watched file is a certificate or keystore: settings that name one are judged again.
  if (params.changes.some((c) => !isConfig(c.uri))) {
    trustGeneration++;
    revalidateAll();
  }
});

documents.onDidChangeContent((event) => {
  const uri = event.document.uri;
  schedule(uri);
  // A certificate file being edited: the settings that use it see the buffer.
  const loc = documentLocation(uri);
  const users = loc.isFile ? usersOf(loc.path) : [];
  if (users.length > 0) {
    trustGeneration++;
    for (const user of users) schedule(user);
  }
});

documents.onDidClose((event) => {
  const uri = event.document.uri;
  const timer = pending.get(uri);
  if (timer) clearTimeout(timer);
  pending.delete(uri);
  analyses.delete(uri);
  if (trustUses.delete(uri)) usesGeneration++;
  // A closed certificate file is read from disk again by the settings that use it.
  const loc = documentLocation(uri);
  const users = loc.isFile ? usersOf(loc.path) : [];
  if (users.length > 0) {
    trustGeneration++;
    for (const user of users) schedule(user);
  }
  void connection.sendDiagnostics({ uri, diagnostics: [] }).catch(() => undefined);
});

connection.onHover(async (params): Promise<Hover | null> => {
  await configsReady;
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return null;
  const { result, lines, certificate } = await analyse(doc);
  const offset = doc.offsetAt(params.position);
  const now = new Date();
  if (certificate) {
    // Inside a certificate file: that block's details, or the whole file's table between blocks.
    const block = certificate.file.certificates.find((c) => c.span && offset >= c.span.start && offset <= c.span.end);
    const value = certificateFileMarkdown(certificate.file, certificate.chains, offset, now);
    return block?.span ? { contents: { kind: 'markdown', value }, range: toRange(lines, block.span) } : { contents: { kind: 'markdown', value } };
  }
  if (!result) return null;
  const hit = siteAt(result, offset);
  if (!hit) return null;
  return { contents: { kind: 'markdown', value: siteMarkdown(hit, { now, shownPath }) }, range: toRange(lines, hit.site.span) };
});

connection.onCodeAction(async (params): Promise<CodeAction[]> => {
  await configsReady;
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return [];
  return codeActions(params, await analyse(doc), fileCreation, doc.version);
});

/** How quick fixes that create files learn what is already there (never overwritten). */
const fileCreation: FileCreation = {
  get supported() {
    return canCreateFiles;
  },
  async probe(uri: string, content: string): Promise<Existing> {
    try {
      const path = fileURLToPath(uri);
      const stat = await files.stat(path);
      if (!stat) return 'absent';
      if (stat.kind !== 'file') return 'different';
      const bytes = await files.readFile(path, MAX_TRUST_FILE_BYTES);
      return new TextDecoder().decode(bytes) === content ? 'same' : 'different';
    } catch {
      return 'different';
    }
  },
};

function resetFiles(): void {
  const roots = restrictToFolders ? folderUris.map((u) => documentLocation(u)).filter((l) => l.isFile).map((l) => l.path) : undefined;
  files = new WorkspaceFileAccess(documents, roots);
}

connection.onShutdown(() => {
  for (const timer of pending.values()) clearTimeout(timer);
  pending.clear();
});

// Last line of defence: a stray rejection is logged (without its message, which could quote a
// document) instead of ending the process and every open document's diagnostics with it.
process.on('unhandledRejection', (reason) => {
  connection.console.error(`dbtrust: unhandled rejection. ${describeError(reason)}`);
});

documents.listen(connection);
connection.listen();
