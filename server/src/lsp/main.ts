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
import { CONFIG_FILE_NAME, LineIndex, lint, siteAt, siteMarkdown, VERSION } from '../engine';
import type { LintResult } from '../engine';
import { codeActions, CurrentAnalysis } from './codeActions';
import { FIX_ALL_KIND, toDiagnostics, toRange } from './convert';
import { documentLocation, FolderSettings, loadFolders, settingsFor } from './workspace';

const DEBOUNCE_MS = 150;

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

/** What the client told us at initialize. */
let folderUris: string[] = [];
let restrictToFolders = false;
let canWatchFolders = false;

/** The loaded configs, and a counter bumped whenever they change (part of the lint cache key). */
let folders: FolderSettings[] = [];
let configGeneration = 0;
let configLoadSeq = 0;
/** Resolves once the latest config load has been applied. */
let configsReady: Promise<void> = Promise.resolve();
/** Config problems already shown to the user (each is shown once per session). */
const shownConfigErrors = new Set<string>();

interface Analysis extends CurrentAnalysis {
  version: number;
  generation: number;
}

/** One lint per uri + version + config generation. */
const analyses = new Map<string, Analysis>();
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

function analyse(doc: TextDocument): Analysis {
  const cached = analyses.get(doc.uri);
  if (cached && cached.version === doc.version && cached.generation === configGeneration) return cached;
  const text = doc.getText();
  const settings = settingsFor(folders, doc.uri);
  let result: LintResult | undefined;
  if (!settings.ignored) {
    try {
      // The URI's path (not the URI) decides the syntax; untitled documents have a name-only path.
      const { path } = documentLocation(doc.uri);
      result = lint(text, { path, languageId: doc.languageId, config: settings.config });
    } catch (e) {
      connection.console.error(`dbtrust: linting ${doc.uri} (version ${doc.version}) failed; it gets no diagnostics. ${describeError(e)}`);
    }
  }
  const analysis: Analysis = { version: doc.version, generation: configGeneration, result, lines: new LineIndex(text) };
  analyses.set(doc.uri, analysis);
  return analysis;
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
    const analysis = analyse(doc);
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
      void reloadConfigs();
    });
  }
});

connection.onDidChangeWatchedFiles((params: DidChangeWatchedFilesParams) => {
  const touched = params.changes.some((c) => c.uri.endsWith('/' + CONFIG_FILE_NAME) || c.uri === CONFIG_FILE_NAME);
  if (touched) void reloadConfigs();
});

documents.onDidChangeContent((event) => schedule(event.document.uri));

documents.onDidClose((event) => {
  const uri = event.document.uri;
  const timer = pending.get(uri);
  if (timer) clearTimeout(timer);
  pending.delete(uri);
  analyses.delete(uri);
  void connection.sendDiagnostics({ uri, diagnostics: [] }).catch(() => undefined);
});

connection.onHover(async (params): Promise<Hover | null> => {
  await configsReady;
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return null;
  const { result, lines } = analyse(doc);
  if (!result) return null;
  const hit = siteAt(result, doc.offsetAt(params.position));
  if (!hit) return null;
  return { contents: { kind: 'markdown', value: siteMarkdown(hit) }, range: toRange(lines, hit.site.span) };
});

connection.onCodeAction(async (params): Promise<CodeAction[]> => {
  await configsReady;
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return [];
  return codeActions(params, analyse(doc));
});

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
