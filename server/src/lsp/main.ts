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
import * as l10n from '@vscode/l10n';
import {
  CancellationToken,
  CodeAction,
  CodeActionKind,
  createConnection,
  Diagnostic,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesParams,
  Hover,
  InitializeParams,
  InitializeResult,
  LSPErrorCodes,
  Position,
  ProposedFeatures,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  AbortedError,
  bundleProviders,
  certificateFileMarkdown,
  defaultConfig,
  providerBundle,
  rdsRegionsEmbedded,
  CONFIG_FILE_NAME,
  isCertificateFile,
  LineIndex,
  lint,
  lintCertificateFile,
  lintWithTrust,
  AnalysisMemos,
  MAX_TRUST_FILE_BYTES,
  newTrustFileCache,
  siteAt,
  siteMarkdown,
  siteProvider,
  guarded,
  TimeLimitError,
  VERSION,
} from '../engine';
import type { CertificateFileUse, Config, Guard, LintResult } from '../engine';
import { useLocale } from '../node/l10n';
import { fileTimeLimitMs, timeLimitGuard } from '../node/stall';
import { relativeWithin } from '../node/paths';
import { codeActions, CurrentAnalysis, Existing, FileCreation } from './codeActions';
import { FIX_ALL_KIND, toDiagnostics, toRange } from './convert';
import { WorkspaceFileAccess } from './files';
import { documentLocation, FolderSettings, loadFolders, settingsFor } from './workspace';
import { folderOf, scanFile, ScanTarget } from './scan';
import { scanInThread, ScanThreadInit } from './scanThread';
import { IdleCollector } from './idleGc';
import { ALIVE_REQUEST, BUNDLE_PROVIDERS_REQUEST, PROBE_REQUEST, ProbeAnswer, ProbeParams, ROOT_BUNDLE_REQUEST, SCAN_REQUEST, ScanSummary, TRUST_DETAILS_REQUEST, TrustDetails } from './protocol';
import { formatProbeText, probeServer } from '../probe';

const DEBOUNCE_MS = 150;
/** Garbage collection in the debounce's idle time, not during the analysis that follows it. */
const idleCollector = new IdleCollector();

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

/** What the client told us at initialize. */
let folderUris: string[] = [];
let restrictToFolders = false;
/** The locale whose messages the server uses (undefined: English). */
let serverLocale: string | undefined;
let canWatchFolders = false;
/** The client applies workspace edits that create files. */
let canCreateFiles = false;
/** The client answers workspace/configuration (the editor's `dbtrust.*` settings). */
let canPullConfig = false;
/** The client lets us register for didChangeConfiguration of the `dbtrust` section. */
let canRegisterConfigChange = false;
/** The client shows server-initiated progress (the workspace scan). */
let canShowProgress = false;

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
/** The editor's settings for documents outside every workspace folder. */
let outsideConfig: Config = defaultConfig();
let configGeneration = 0;
let configLoadSeq = 0;
/** Resolves once the latest config load has been applied. */
let configsReady: Promise<void> = Promise.resolve();
/** Config problems already shown to the user (each is shown once per session). */
const shownConfigErrors = new Set<string>();

type Analysis = CurrentAnalysis;

/**
 * One analysis per uri + version + config / trust / uses generations, shared by diagnostics, hover and
 * code actions. `abort` stops a computation a newer version has made pointless.
 */
const analyses = new Map<string, { key: string; analysis: Promise<Analysis>; abort: { aborted: boolean } }>();
/**
 * Per document: what its last analysis kept, so that an edit is analysed again only around it (a few
 * megabytes for a 10,000-line file), for the 8 documents analysed most recently.
 */
const memos = new AnalysisMemos(8);

/**
 * Analyses that never end. Nothing can stop this thread from outside, so the client asks it now and
 * then whether it is alive; when it is not, the client ends it, starts a new server and names the
 * documents whose analysis may have been the one (initializationOptions.suspects). Those documents
 * are analysed under a time limit (timeLimitGuard: slower, so only them), until one analysis of
 * each ends in time. A document whose analysis runs past the limit is `stalled`: it gets one
 * diagnostic that says so, and no analysis until it is reopened.
 */
const timeLimitMs = fileTimeLimitMs();
const suspects = new Set<string>();
const stalled = new Set<string>();
let guard: Guard | undefined;
/** The guard a suspect's analysis runs under; undefined for every other document. */
function guardFor(uri: string): Guard | undefined {
  if (!suspects.has(uri)) return undefined;
  return (guard ??= timeLimitGuard(timeLimitMs));
}

/** A suspect's analysis ended in time (cleared) or did not (stalled). */
function settleSuspect(uri: string, e?: unknown): boolean {
  if (!suspects.has(uri)) return false;
  suspects.delete(uri);
  if (!(e instanceof TimeLimitError)) return false;
  stalled.add(uri);
  memos.delete(uri);
  connection.console.error(`dbtrust: the analysis of ${uri} did not finish within ${timeLimitMs / 1000} s and was stopped (an internal error); it is analysed again when the document is reopened.`);
  return true;
}

/**
 * A request (hover, code actions, code lens, trust details) could be what never ends, too: the
 * client's watchdog names the documents requests were about as well. So for this server's life every
 * request about a document it was started with as a suspect runs under the time limit. A request
 * that runs past it switches that document's requests off (they answer nothing) until the document
 * is reopened, with one warning among its diagnostics, which are not affected.
 */
const guardedRequests = new Set<string>();
const requestsStalled = new Set<string>();

/**
 * Answers a request about `uri` with `compute`, which passes its synchronous steps to `run`: under
 * the time limit for a document this server was started with as a suspect. `fallback` is the answer
 * once the document's requests are switched off.
 */
async function answer<T>(uri: string, what: string, fallback: T, compute: (run: Guard) => T | Promise<T>): Promise<T> {
  if (requestsStalled.has(uri)) return fallback;
  const limit = guardedRequests.has(uri) ? (guard ??= timeLimitGuard(timeLimitMs)) : undefined;
  try {
    return await compute((step) => guarded(limit, step));
  } catch (e) {
    if (!(e instanceof TimeLimitError) || !limit) throw e;
    requestsStalled.add(uri);
    connection.console.error(`dbtrust: computing ${what} for ${uri} did not finish within ${timeLimitMs / 1000} s and was stopped (an internal error); this document's requests answer nothing until it is reopened.`);
    schedule(uri, 0); // publishes the warning
    return fallback;
  }
}

/** Files the last workspace scan published diagnostics for (while they are not open). */
const scanned = new Set<string>();
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
  if (cached) cached.abort.aborted = true; // an older version (or configuration) still computing stops
  const abort = { aborted: false };
  const analysis = compute(doc, abort);
  analyses.set(doc.uri, { key, analysis, abort });
  return analysis;
}

/**
 * The analysis of the document's current version for a request. An analysis stopped by a newer
 * configuration (same version) is computed again, a few times at most.
 */
async function currentAnalysis(doc: TextDocument): Promise<Analysis> {
  const version = doc.version;
  let analysis = await analyse(doc);
  for (let i = 0; i < 3 && analysis.aborted && documents.get(doc.uri)?.version === version; i++) analysis = await analyse(doc);
  return analysis;
}

/**
 * For a request about an open document: the document and the analysis of its current version, once
 * the configuration is loaded; undefined when it is not open. Ends the request when the document
 * changed (or the request was cancelled) meanwhile.
 */
async function requestAnalysis(uri: string, token: CancellationToken): Promise<{ doc: TextDocument; analysis: Analysis } | undefined> {
  await configsReady;
  const doc = documents.get(uri);
  if (!doc) return undefined;
  const version = doc.version;
  const analysis = await currentAnalysis(doc);
  checkCurrent(uri, version, token);
  return { doc, analysis };
}

/** Ends a request whose document changed (or that the client cancelled) while it waited for the analysis. */
function checkCurrent(uri: string, version: number, token: CancellationToken): void {
  if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
  if (documents.get(uri)?.version !== version) throw new ResponseError(LSPErrorCodes.ContentModified, 'the document changed');
}

/** A path for messages: relative to its workspace folder when inside one. */
function shownPath(abs: string): string {
  for (const folder of folders) {
    const rel = relativeWithin(folder.path, abs);
    if (rel !== undefined && rel !== '') return rel;
  }
  return abs;
}

async function compute(doc: TextDocument, abort: { aborted: boolean }): Promise<Analysis> {
  const text = doc.getText();
  const settings = settingsFor(folders, doc.uri, outsideConfig);
  // The URI's path (not the URI) decides the syntax; untitled documents have a name-only path.
  const loc = documentLocation(doc.uri);
  const certificate = loc.isFile && isCertificateFile(loc.path, doc.languageId);
  if (stalled.has(doc.uri)) return { result: undefined, lines: new LineIndex(text), stalled: timeLimitMs };
  const suspectGuard = guardFor(doc.uri);
  // Only documents linted as text keep a memo (another would push out one that is used). A suspect
  // is analysed from scratch: a memo could hold what a stopped analysis left half done.
  const memo = settings.ignored || certificate || suspectGuard ? undefined : memos.of(doc.uri);
  if (!memo) memos.delete(doc.uri);
  const lines = memo ? memo.lineIndex(text) : new LineIndex(text);
  if (settings.ignored) return { result: undefined, lines };
  const now = new Date();
  try {
    if (certificate) {
      const uses = [...trustUses.values()].flatMap((m) => {
        const u = m.get(loc.path);
        return u ? [u] : [];
      });
      const r = guarded(suspectGuard, () => lintCertificateFile(text, { path: loc.path, now, config: settings.config, uses }));
      settleSuspect(doc.uri);
      return { result: { sites: [], findings: r.findings }, lines, certificate: { file: r.file, chains: r.chains } };
    }
    if (!loc.isFile) {
      const result = lint(text, { path: loc.path, languageId: doc.languageId, config: settings.config, now, lines, memo, ...(suspectGuard ? { guard: suspectGuard } : {}) });
      settleSuspect(doc.uri);
      return { result, lines };
    }
    const options: Parameters<typeof lintWithTrust>[1] = {
      path: loc.path,
      languageId: doc.languageId,
      config: settings.config,
      now,
      lines,
      memo,
      files,
      documentPath: loc.path,
      cache: trustCache,
      signal: abort,
    };
    if (suspectGuard) options.guard = suspectGuard;
    if (settings.folder !== undefined) {
      options.workspaceRoot = settings.folder;
      options.configDir = settings.folder;
    }
    const result = await lintWithTrust(text, options);
    settleSuspect(doc.uri);
    recordUses(doc.uri, result, now);
    return { result, lines };
  } catch (e) {
    if (e instanceof AbortedError) return { result: undefined, lines, aborted: true };
    if (settleSuspect(doc.uri, e)) return { result: undefined, lines, stalled: timeLimitMs };
    connection.console.error(`dbtrust: linting ${doc.uri} (version ${doc.version}) failed. ${describeError(e)}`);
    return { result: undefined, lines, failed: e instanceof Error ? e.name : typeof e };
  }
}

/** The one warning of a file dbtrust could not analyse (on its first line), so that the failure is seen. */
function fileWarning(message: string): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Warning,
    source: 'dbtrust',
    code: 'internal-error',
    message,
  };
}

/** The analysis failed: the error's name (its message could quote the document). */
function internalErrorDiagnostic(kind: string): Diagnostic {
  return fileWarning(l10n.t('dbtrust could not analyse this file (internal error: {0}); it has no dbtrust diagnostics. Please report this with the "dbtrust" output.', kind));
}

/** The analysis did not end within the time limit. */
function stalledDiagnostic(limitMs: number): Diagnostic {
  return fileWarning(
    l10n.t('dbtrust stopped analysing this file: its analysis did not finish within {0} s (an internal error), so it has no dbtrust diagnostics. It is analysed again when it is reopened. Please report this with the "dbtrust" output.', limitMs / 1000),
  );
}

/** A request about the document did not end within the time limit. */
function requestStalledDiagnostic(limitMs: number): Diagnostic {
  return fileWarning(
    l10n.t('dbtrust stopped answering requests about this file: one did not finish within {0} s (an internal error). Its hovers, quick fixes and code lenses are off until it is reopened; its diagnostics are not affected. Please report this with the "dbtrust" output.', limitMs / 1000),
  );
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
  idleCollector.idleFor(delay);
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
    if (analysis.aborted) return; // a newer analysis publishes
    const diagnostics = analysis.result
      ? toDiagnostics(analysis.result, analysis.lines)
      : analysis.stalled !== undefined
        ? [stalledDiagnostic(analysis.stalled)]
        : analysis.failed
          ? [internalErrorDiagnostic(analysis.failed)]
          : [];
    if (requestsStalled.has(uri)) diagnostics.push(requestStalledDiagnostic(timeLimitMs));
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
  const editorSettings = canPullConfig
    ? (uri: string | undefined) => connection.workspace.getConfiguration(uri !== undefined ? { scopeUri: uri, section: 'dbtrust' } : { section: 'dbtrust' })
    : undefined;
  const load = loadFolders(folderUris, restrictToFolders, editorSettings).then(
    ({ folders: loaded, outside, errors }) => {
      if (seq !== configLoadSeq) return; // a newer load wins
      folders = loaded;
      outsideConfig = outside;
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
  // Messages, fix titles and hovers in VS Code's display language (l10n/bundle.l10n.<locale>.json).
  serverLocale = useLocale(params.locale);
  if (params.workspaceFolders) folderUris = params.workspaceFolders.map((f) => f.uri);
  else if (params.rootUri) folderUris = [params.rootUri];
  const options = params.initializationOptions as { untrustedWorkspace?: unknown; suspects?: unknown } | undefined;
  restrictToFolders = options?.untrustedWorkspace === true;
  if (Array.isArray(options?.suspects)) {
    for (const uri of options.suspects) {
      if (typeof uri !== 'string') continue;
      suspects.add(uri);
      guardedRequests.add(uri);
    }
  }
  resetFiles();
  const editCaps = params.capabilities.workspace?.workspaceEdit;
  canCreateFiles = editCaps?.documentChanges === true && (editCaps.resourceOperations ?? []).includes('create');
  canWatchFolders = params.capabilities.workspace?.workspaceFolders === true;
  canPullConfig = params.capabilities.workspace?.configuration === true;
  canRegisterConfigChange = params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
  canShowProgress = params.capabilities.window?.workDoneProgress === true;
  // Start reading the configs now; validations wait for them.
  void reloadConfigs();
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      hoverProvider: true,
      codeLensProvider: { resolveProvider: false },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      // How long a suspected document's analysis may run (the client's watchdog waits longer).
      experimental: { dbtrust: { fileTimeLimitMs: timeLimitMs } },
    },
    serverInfo: { name: 'dbtrust', version: VERSION },
  };
});

connection.onInitialized(() => {
  // The editor's `dbtrust.*` settings: changes apply without a reload.
  if (canRegisterConfigChange) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'dbtrust' }).catch(() => undefined);
  if (canWatchFolders) {
    connection.workspace.onDidChangeWorkspaceFolders((event) => {
      const removed = new Set(event.removed.map((f) => f.uri));
      folderUris = folderUris.filter((u) => !removed.has(u)).concat(event.added.map((f) => f.uri));
      resetFiles();
      void reloadConfigs();
    });
  }
});

connection.onDidChangeConfiguration(() => {
  if (canPullConfig) void reloadConfigs();
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
  memos.delete(uri);
  // A stalled document is tried again, under the time limit: from disk now, and when reopened.
  if (stalled.delete(uri)) suspects.add(uri);
  requestsStalled.delete(uri); // requests about it are tried again (under the limit) once it is reopened
  if (trustUses.delete(uri)) usesGeneration++;
  // A closed certificate file is read from disk again by the settings that use it.
  const loc = documentLocation(uri);
  const users = loc.isFile ? usersOf(loc.path) : [];
  if (users.length > 0) {
    trustGeneration++;
    for (const user of users) schedule(user);
  }
  // A file the workspace scan covered: its diagnostics come from the file on disk again.
  if (scanned.has(uri)) void rescanClosed(uri);
  else void connection.sendDiagnostics({ uri, diagnostics: [] }).catch(() => undefined);
});

connection.onHover(async (params, token): Promise<Hover | null> => {
  const current = await requestAnalysis(params.textDocument.uri, token);
  if (!current) return null;
  const { doc, analysis: { result, lines, certificate } } = current;
  return answer(doc.uri, 'a hover', null, (run) =>
    run((): Hover | null => {
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
    }),
  );
});

connection.onCodeAction(async (params, token): Promise<CodeAction[]> => {
  const current = await requestAnalysis(params.textDocument.uri, token);
  if (!current) return [];
  const { doc, analysis } = current;
  const loc = documentLocation(doc.uri);
  return answer(doc.uri, 'code actions', [], (run) => codeActions(params, analysis, fileCreation, doc.version, { text: doc.getText(), path: loc.path, languageId: doc.languageId }, run));
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

/** Where trust files may be read from: the workspace folders in an untrusted workspace, else anywhere (undefined). */
function trustRoots(): string[] | undefined {
  return restrictToFolders ? folderUris.map((u) => documentLocation(u)).filter((l) => l.isFile).map((l) => l.path) : undefined;
}

function resetFiles(): void {
  files = new WorkspaceFileAccess(documents, trustRoots());
}

// ---------------------------------------------------------------------------------------------
// The workspace scan

/** Cancels the scan in progress when a new one starts. */
let scanCancel: { cancelled: boolean } | undefined;

/** Lints a file from disk and publishes its diagnostics; the number of findings, or 'skipped'. */
async function publishScanned(uri: string, target: ScanTarget, now: Date): Promise<number | 'skipped'> {
  let outcome;
  try {
    outcome = await scanFile(target, files, trustCache, now, guardFor(uri));
    settleSuspect(uri);
  } catch (e) {
    // Only a suspect runs under the limit, and it stays one: opening the file tries again.
    if (!(e instanceof TimeLimitError)) throw e;
    outcome = { kind: 'skipped', why: `its analysis did not finish within ${timeLimitMs / 1000} s and was stopped (an internal error)` } as const;
  }
  if (documents.get(uri)) return 0; // opened meanwhile: live diagnostics win
  if (outcome.kind === 'skipped') {
    connection.console.warn(`dbtrust: ${shownPath(target.abs)}: ${outcome.why}; not scanned.`);
    return 'skipped';
  }
  const diagnostics = outcome.kind === 'linted' ? toDiagnostics(outcome.result, new LineIndex(outcome.text)) : [];
  if (diagnostics.length > 0 || scanned.has(uri)) await connection.sendDiagnostics({ uri, diagnostics });
  if (diagnostics.length > 0) scanned.add(uri);
  else scanned.delete(uri);
  return diagnostics.length;
}

connection.onRequest(ALIVE_REQUEST, (): true => true);

connection.onRequest(SCAN_REQUEST.method, async (...args: unknown[]): Promise<ScanSummary> => {
  // A request without parameters gets the token first; one sent with `params: null` gets it second.
  const token = (args.find((a) => CancellationToken.is(a)) as CancellationToken | undefined) ?? CancellationToken.None;
  await configsReady;
  if (scanCancel) scanCancel.cancelled = true;
  const mine = { cancelled: false };
  scanCancel = mine;
  const summary: ScanSummary = { files: 0, filesWithFindings: 0, findings: 0, cancelled: false, skipped: 0 };
  const progress = canShowProgress ? await connection.window.createWorkDoneProgress().catch(() => undefined) : undefined;
  progress?.begin(l10n.t('dbtrust: scanning the workspace'), 0, l10n.t('listing files…'), true);
  const cancelled = () => token.isCancellationRequested || mine.cancelled || (progress?.token.isCancellationRequested ?? false);
  try {
    const before = new Set(scanned);
    const seen = new Set<string>();
    let total = 0;
    let lastReport = 0;
    const init: ScanThreadInit = {
      folders: folders.map((f) => ({ path: f.path, config: f.config })),
      open: documents.all().map((d) => ({ uri: d.uri, version: d.version, text: d.getText() })),
      published: [...before],
      now: Date.now(),
    };
    if (serverLocale !== undefined) init.locale = serverLocale;
    const roots = trustRoots();
    if (roots) init.roots = roots;
    progress?.report(0, l10n.t('listing files…'));
    // The thread walks and lints; this thread publishes. It sends the diagnostics of files with
    // findings and of files published before (now clean), and says which open documents it reached.
    await scanInThread(
      init,
      {
        total: (n) => {
          total = n;
        },
        open: async (uri) => {
          seen.add(uri);
          const doc = documents.get(uri);
          if (!doc) return;
          const a = await analyse(doc);
          const n = a.result?.findings.length ?? 0;
          summary.findings += n;
          if (n > 0) summary.filesWithFindings++;
          // Part of the scan: once closed, its diagnostics come from the file on disk.
          scanned.add(uri);
        },
        diagnostics: async (uri, diagnostics) => {
          seen.add(uri);
          if (documents.get(uri)) return; // opened meanwhile: live diagnostics win
          await connection.sendDiagnostics({ uri, diagnostics });
          if (diagnostics.length > 0) {
            scanned.add(uri);
            summary.filesWithFindings++;
            summary.findings += diagnostics.length;
          } else scanned.delete(uri);
        },
        skipped: (abs, why, failed) => {
          summary.skipped++;
          const uri = pathToFileURL(abs).href;
          seen.add(uri); // what it had published stays until a scan can read it
          if (failed) connection.console.error(`dbtrust: scanning ${shownPath(abs)} failed: ${why}.`);
          else connection.console.warn(`dbtrust: ${shownPath(abs)}: ${why}; not scanned.`);
        },
        done: (n) => {
          summary.files = n;
          const pct = total > 0 ? Math.floor((n * 100) / total) : 0;
          if (pct !== lastReport) {
            lastReport = pct;
            progress?.report(pct, l10n.t('{0} / {1} files', n, total));
          }
        },
        warn: (message) => connection.console.warn(`dbtrust: ${message}`),
      },
      cancelled,
    );
    if (cancelled()) summary.cancelled = true;
    // Files the previous scan reported that are gone or clean now (a finished scan only).
    if (!summary.cancelled) {
      for (const uri of before) {
        if (!seen.has(uri) && !documents.get(uri)) {
          scanned.delete(uri);
          await connection.sendDiagnostics({ uri, diagnostics: [] });
        }
      }
    }
    return summary;
  } finally {
    progress?.done();
    if (scanCancel === mine) scanCancel = undefined;
  }
});

/** A scanned file was closed: its diagnostics come from disk again. */
async function rescanClosed(uri: string): Promise<void> {
  try {
    const abs = fileURLToPath(uri);
    const folder = folderOf(folders, abs);
    if (!folder) {
      scanned.delete(uri);
      await connection.sendDiagnostics({ uri, diagnostics: [] });
      return;
    }
    await publishScanned(uri, { abs, files, folder }, new Date());
  } catch (e) {
    connection.console.error(`dbtrust: re-reading ${uri} failed. ${describeError(e)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Trust details and root bundles

connection.onRequest(TRUST_DETAILS_REQUEST, async (params, token): Promise<TrustDetails> => {
  const current = await requestAnalysis(params.uri, token);
  if (!current) return { markdown: l10n.t('Open the file first: dbtrust shows the trust details of open documents.'), count: 0 };
  const { doc, analysis } = current;
  const off = { markdown: l10n.t('dbtrust stopped answering requests about this file (see its warning); reopen it to try again.'), count: 0 };
  return answer(doc.uri, 'the trust details', off, (run) => run(() => trustDetails(doc, analysis, params.position)));
});

/** The trust details of a document: those of the site at `position`, else of every site with a trust file (else every site). */
function trustDetails(doc: TextDocument, analysis: Analysis, position: Position | undefined): TrustDetails {
  const now = new Date();
  if (analysis.certificate) {
    return { markdown: certificateFileMarkdown(analysis.certificate.file, analysis.certificate.chains, -1, now), count: analysis.certificate.file.certificates.length };
  }
  const result = analysis.result;
  if (!result) return { markdown: l10n.t('dbtrust does not analyse this file (it is ignored by the configuration, or not a file).'), count: 0 };
  if (position) {
    const hit = siteAt(result, doc.offsetAt(position));
    if (hit) return { markdown: siteMarkdown(hit, { now, shownPath }), count: 1 };
  }
  const withTrust = result.sites.filter((a) => a.trustFile !== undefined);
  const shown = withTrust.length > 0 ? withTrust : result.sites;
  if (shown.length === 0) return { markdown: l10n.t('This file has no connection setting dbtrust recognises.'), count: 0 };
  const parts = shown.map((a) => {
    const pos = doc.positionAt(a.site.span.start);
    return `### ${l10n.t('Line {0}', pos.line + 1)}\n\n${siteMarkdown(a, { now, shownPath })}`;
  });
  return { markdown: parts.join('\n\n---\n\n'), count: shown.length };
}

connection.onRequest(BUNDLE_PROVIDERS_REQUEST, () => ({ providers: bundleProviders(), awsRegions: rdsRegionsEmbedded() }));

connection.onRequest(ROOT_BUNDLE_REQUEST, (params) => {
  if (typeof params?.provider !== 'string') return null;
  const region = typeof params.region === 'string' && params.region !== '' ? params.region : undefined;
  return providerBundle(params.provider, region, new Date()) ?? null;
});

// ---------------------------------------------------------------------------------------------
// The live chain probe: a code lens on PostgreSQL connection settings, run only when clicked.

/** Drivers that speak to PostgreSQL (the probe speaks PostgreSQL's SSLRequest). */
const POSTGRESQL_DRIVERS = new Set(['libpq', 'pgjdbc', 'node-postgres', 'postgres-js', 'pgx', 'lib-pq', 'asyncpg', 'npgsql', 'prisma']);
/** A literal host name or IP address (no placeholder, no Unix socket path). */
const PROBE_HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[?[0-9A-Fa-f:.]+\]?)$/;

connection.onCodeLens(async (params, token) => {
  const current = await requestAnalysis(params.textDocument.uri, token);
  if (!current) return [];
  const { doc, analysis } = current;
  return answer(doc.uri, 'code lenses', [], (run) =>
    run(() => {
      const lenses = [];
      for (const a of analysis.result?.sites ?? []) {
        if (!POSTGRESQL_DRIVERS.has(a.policy.driver) || a.policy.local || a.site.fragment) continue;
        const h = a.site.hosts.find((x) => PROBE_HOST.test(x.host) && !/^(localhost|127\.|\[?::1\]?$)/i.test(x.host));
        if (!h) continue;
        const args: ProbeParams = { host: h.host.replace(/^\[|\]$/g, '') };
        const port = Number(h.port);
        if (h.port !== undefined && Number.isInteger(port) && port > 0 && port < 65536) args.port = port;
        const tf = a.trustFile;
        if (tf?.state === 'read') args.sslrootcert = tf.path;
        else if (a.policy.trust.kind === 'system') args.sslrootcert = 'system';
        if (a.site.params.some((p) => p.key.toLowerCase() === 'sslnegotiation' && p.value === 'direct')) args.sslnegotiation = 'direct';
        lenses.push({
          range: toRange(analysis.lines, { start: a.site.span.start, end: a.site.span.start }),
          command: { title: l10n.t('Check server chain'), command: 'dbtrust.checkServerChain', arguments: [args] },
        });
      }
      return lenses;
    }),
  );
});

connection.onRequest(PROBE_REQUEST, async (params, token): Promise<ProbeAnswer> => {
  const controller = new AbortController();
  const sub = token.onCancellationRequested(() => controller.abort());
  try {
    const options: Parameters<typeof probeServer>[0] = { host: String(params?.host ?? ''), files, signal: controller.signal };
    if (typeof params?.port === 'number') options.port = params.port;
    if (typeof params?.sslrootcert === 'string' && params.sslrootcert !== '') options.sslrootcert = params.sslrootcert;
    if (params?.sslnegotiation === 'direct') options.sslnegotiation = 'direct';
    const result = await probeServer(options);
    return { result, text: formatProbeText(result) };
  } finally {
    sub.dispose();
  }
});

connection.onShutdown(() => {
  for (const timer of pending.values()) clearTimeout(timer);
  pending.clear();
  idleCollector.dispose();
});

// Last line of defence: a stray rejection is logged (without its message, which could quote a
// document) instead of ending the process and every open document's diagnostics with it.
process.on('unhandledRejection', (reason) => {
  connection.console.error(`dbtrust: unhandled rejection. ${describeError(reason)}`);
});

documents.listen(connection);
connection.listen();
