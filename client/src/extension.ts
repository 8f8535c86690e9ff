/**
 * The dbtrust VS Code client: starts the bundled language server (dist/server.js) over IPC, and adds
 * what only the editor can do: commands, the status bar item, the trust prompt before a workspace scan,
 * documentation and trust details in Markdown previews. Nothing from server/src is imported here: the
 * server is a separate bundle in a separate process; the requests it answers are named in
 * server/src/lsp/protocol.ts.
 */
import { SERVER_EXEC_ARGV, serverEnvironment } from './serverLaunch';
import { ServerWatchdog, watchdogLimitMs } from './watchdog';
import * as path from 'node:path';
import * as vscode from 'vscode';
// Types only: the language client library is loaded when the server starts, after activate() has
// registered the commands and returned (it is most of the bundle's start-up cost).
import type { DocumentSelector, LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';

/** Languages whose files may hold connection settings (kept in sync with package.json activationEvents). */
export const LANGUAGES = [
  'javascript',
  'javascriptreact',
  'typescript',
  'typescriptreact',
  'python',
  'java',
  'kotlin',
  'go',
  'csharp',
  'php',
  'ruby',
  'rust',
  'yaml',
  'json',
  'jsonc',
  'properties',
  'java-properties',
  'ini',
  'toml',
  'dotenv',
  'shellscript',
  'dockerfile',
  'sql',
  'plaintext',
  'xml',
] as const;

/** Files matched by name whatever language VS Code gives them (often plaintext or none). */
export const FILE_PATTERNS = [
  '**/.env',
  '**/.env.*',
  '**/*.env',
  '**/pg_service.conf',
  '**/.pg_service.conf',
  '**/Dockerfile',
  '**/*.properties',
  '**/*.toml',
  '**/*.conf',
  // Certificate files: diagnostics per certificate block, and hovers.
  '**/*.pem',
  '**/*.crt',
  '**/*.cer',
  '**/*.cert',
  '**/*.ca-bundle',
] as const;

/** Trust files whose changes on disk make the server judge the settings that name them again. */
export const TRUST_FILE_GLOB = '**/*.{pem,crt,cer,cert,ca-bundle,der,p12,pfx,jks,jceks,truststore}';

/** The server's own requests (server/src/lsp/protocol.ts). */
const SCAN_REQUEST = 'dbtrust/scanWorkspace';
const ALIVE_REQUEST = 'dbtrust/alive';
const TRUST_DETAILS_REQUEST = 'dbtrust/trustDetails';
const BUNDLE_PROVIDERS_REQUEST = 'dbtrust/bundleProviders';
const ROOT_BUNDLE_REQUEST = 'dbtrust/rootBundle';
const PROBE_REQUEST = 'dbtrust/probe';

interface ScanSummary {
  files: number;
  filesWithFindings: number;
  findings: number;
  cancelled: boolean;
  skipped: number;
}
interface TrustDetails {
  markdown: string;
  count: number;
}
interface BundleProviders {
  providers: { id: string; name: string; engine: string; regional: boolean }[];
  awsRegions: string[];
}
interface ProviderBundle {
  fileName: string;
  content: string;
  roots: { name: string; sha256: string; notAfter: string }[];
}

interface ProbeParams {
  host: string;
  port?: number;
  sslrootcert?: string;
  sslnegotiation?: 'postgres' | 'direct';
}
interface ProbeAnswer {
  result: { error?: { code: string; message: string }; findings: { severity: string; message: string }[]; chain: unknown[] };
  text: string;
}

/** The scheme of the read-only Markdown documents the trust details are shown in. */
const DETAILS_SCHEME = 'dbtrust-details';

export function documentSelector(): DocumentSelector {
  return [
    ...LANGUAGES.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    ...FILE_PATTERNS.map((pattern) => ({ scheme: 'file', pattern })),
  ];
}

let client: LanguageClient | undefined;
/** Tells the server's watchdog that a request about the document was sent (set with the client). */
let touchDocument: (uri: string) => void = () => undefined;

/**
 * The watchdog of the server's thread (watchdog.ts): pings while documents are being worked on; a
 * server that stops answering is ended (the language client starts a new one) and the documents
 * that may have stopped it are named to the new one.
 */
function watchServer(lc: LanguageClient, output: vscode.LogOutputChannel, suspectsForNextStart: (uris: string[]) => void): { touched(uri: string): void; dispose(): void } {
  const watchdog = new ServerWatchdog(
    {
      ping: () => lc.sendRequest(ALIVE_REQUEST),
      now: () => performance.now(),
      stuck: (suspects) => {
        const named = suspects.length > 0 ? suspects : vscode.workspace.textDocuments.filter((d) => vscode.languages.match(documentSelector() as vscode.DocumentSelector, d) > 0).map((d) => d.uri.toString());
        suspectsForNextStart(named);
        output.error(
          `The dbtrust language server has not answered for ${watchdog.limitMs / 1000} s: an analysis that does not end, most likely. ` +
            `Ending it; a new server analyses ${named.length} document(s) that may have caused it under a time limit. Please report this.`,
        );
        const server = lc.serverProcess;
        if (server?.pid !== undefined) server.kill('SIGKILL');
      },
    },
    watchdogLimitMs(undefined),
  );
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    if (timer) clearInterval(timer);
    timer = setInterval(() => {
      if ((lc.state as number) === RUNNING) watchdog.tick();
    }, watchdog.pollMs);
  };
  arm();
  // Each server says how long it lets a suspect's analysis run; the client waits longer than that.
  const started = lc.onDidChangeState((e) => {
    if ((e.newState as number) !== RUNNING) return;
    const declared = (lc.initializeResult?.capabilities.experimental as { dbtrust?: { fileTimeLimitMs?: unknown } } | undefined)?.dbtrust?.fileTimeLimitMs;
    watchdog.reset(watchdogLimitMs(declared));
    arm();
  });
  return {
    touched: (uri) => watchdog.touched(uri),
    dispose: () => {
      if (timer) clearInterval(timer);
      started.dispose();
    },
  };
}

async function createClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): Promise<LanguageClient> {
  const { LanguageClient, TransportKind } = await import('vscode-languageclient/node');
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { env: serverEnvironment(process.env), execArgv: [...SERVER_EXEC_ARGV] } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { env: serverEnvironment(process.env), execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6009'] } },
  };
  const watchers = [vscode.workspace.createFileSystemWatcher('**/.dbtrust.json'), vscode.workspace.createFileSystemWatcher(TRUST_FILE_GLOB)];
  context.subscriptions.push(...watchers);
  // Documents named by the watchdog after the previous server stopped answering (sent once).
  let suspects: string[] = [];
  let watch: ReturnType<typeof watchServer> | undefined;
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(),
    middleware: {
      didOpen: (document, next) => {
        watch?.touched(document.uri.toString());
        return next(document);
      },
      didChange: (event, next) => {
        watch?.touched(event.document.uri.toString());
        return next(event);
      },
      didClose: (document, next) => {
        watch?.touched(document.uri.toString());
        return next(document);
      },
      // A request's computation could be what never ends, too: its document is named as well.
      provideHover: (document, position, token, next) => {
        watch?.touched(document.uri.toString());
        return next(document, position, token);
      },
      provideCodeActions: (document, range, context, token, next) => {
        watch?.touched(document.uri.toString());
        return next(document, range, context, token);
      },
      provideCodeLenses: (document, token, next) => {
        watch?.touched(document.uri.toString());
        return next(document, token);
      },
    },
    // The server pulls the `dbtrust.*` settings (workspace/configuration) and registers for their changes.
    synchronize: { fileEvents: watchers },
    outputChannel: output,
    // In an untrusted workspace the server reads nothing outside the workspace folders.
    initializationOptions: () => {
      const named = suspects;
      suspects = [];
      return named.length > 0 ? { untrustedWorkspace: !vscode.workspace.isTrusted, suspects: named } : { untrustedWorkspace: !vscode.workspace.isTrusted };
    },
    // No errorHandler on purpose: the languageclient's default handler restarts a server that
    // crashes (up to 4 times in 3 minutes) and then stops, telling the user;
    // `dbtrust.restartServer` starts it again after that.
  };
  // The id 'dbtrust' makes the client honour the `dbtrust.trace.server` setting.
  const lc = new LanguageClient('dbtrust', 'dbtrust', serverOptions, clientOptions);
  watch = watchServer(lc, output, (named) => {
    suspects = named;
  });
  touchDocument = watch.touched;
  context.subscriptions.push(watch);
  return lc;
}

// ---------------------------------------------------------------------------------------------
// Status bar

/** Counts dbtrust's diagnostics across the workspace. */
function countDiagnostics(): { errors: number; warnings: number; other: number; files: number } {
  let errors = 0;
  let warnings = 0;
  let other = 0;
  let files = 0;
  for (const [, diagnostics] of vscode.languages.getDiagnostics()) {
    let mine = 0;
    for (const d of diagnostics) {
      if (d.source !== 'dbtrust') continue;
      mine++;
      if (d.severity === vscode.DiagnosticSeverity.Error) errors++;
      else if (d.severity === vscode.DiagnosticSeverity.Warning) warnings++;
      else other++;
    }
    if (mine > 0) files++;
  }
  return { errors, warnings, other, files };
}

function createStatusItem(context: vscode.ExtensionContext): () => void {
  const item = vscode.window.createStatusBarItem('dbtrust.status', vscode.StatusBarAlignment.Left, 10);
  item.name = 'dbtrust';
  item.command = 'workbench.actions.view.problems';
  context.subscriptions.push(item);
  let timer: NodeJS.Timeout | undefined;
  const update = (): void => {
    timer = undefined;
    const c = countDiagnostics();
    item.text = c.errors + c.warnings + c.other === 0 ? '$(shield) dbtrust' : `$(shield) dbtrust $(error) ${c.errors} $(warning) ${c.warnings}`;
    item.tooltip =
      c.errors + c.warnings + c.other === 0
        ? vscode.l10n.t('dbtrust: no problems in the open or scanned files. Run "dbtrust: Scan Workspace" to check every file.')
        : vscode.l10n.t('dbtrust: {0} errors, {1} warnings, {2} other problems in {3} files. Click to open the Problems panel.', c.errors, c.warnings, c.other, c.files);
    item.show();
  };
  // Diagnostics change in bursts (a scan publishes thousands): count at most every 250 ms.
  context.subscriptions.push(
    vscode.languages.onDidChangeDiagnostics(() => {
      timer ??= setTimeout(update, 250);
    }),
    { dispose: () => timer && clearTimeout(timer) },
  );
  update();
  return update;
}

// ---------------------------------------------------------------------------------------------
// Commands

async function scanWorkspace(lc: LanguageClient, output: vscode.LogOutputChannel): Promise<ScanSummary | undefined> {
  if (!vscode.workspace.workspaceFolders?.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('dbtrust: open a folder to scan a workspace.'));
    return undefined;
  }
  if (!vscode.workspace.isTrusted) {
    const scan = vscode.l10n.t('Scan');
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('This workspace is not trusted. dbtrust will read every file of the workspace folders (and nothing outside them) to look for connection settings. Scan it?'),
      { modal: true },
      scan,
    );
    if (answer !== scan) return undefined;
  }
  const summary = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('dbtrust: scanning the workspace'), cancellable: true },
    async (_progress, token) => lc.sendRequest<ScanSummary>(SCAN_REQUEST, token),
  );
  output.info(`Workspace scan: ${summary.files} files, ${summary.findings} findings in ${summary.filesWithFindings} files${summary.cancelled ? ' (cancelled)' : ''}, ${summary.skipped} skipped.`);
  const message = summary.cancelled
    ? vscode.l10n.t('dbtrust: scan cancelled after {0} files; {1} problems in {2} files so far.', summary.files, summary.findings, summary.filesWithFindings)
    : vscode.l10n.t('dbtrust: scanned {0} files; {1} problems in {2} files.', summary.files, summary.findings, summary.filesWithFindings);
  if (summary.findings > 0) {
    const open = vscode.l10n.t('Open Problems');
    void vscode.window.showInformationMessage(message, open).then((a) => a === open && vscode.commands.executeCommand('workbench.actions.view.problems'));
  } else {
    void vscode.window.showInformationMessage(message);
  }
  return summary;
}

class DetailsProvider implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  set(uri: vscode.Uri, markdown: string): void {
    this.contents.set(uri.toString(), markdown);
    this.changed.fire(uri);
  }
  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }
}

async function showTrustFileDetails(lc: LanguageClient, details: DetailsProvider, target?: vscode.Uri): Promise<TrustDetails | undefined> {
  const editor = vscode.window.activeTextEditor;
  const uri = target ?? editor?.document.uri;
  if (!uri) {
    void vscode.window.showInformationMessage(vscode.l10n.t('dbtrust: open a file with a connection setting or a certificate file first.'));
    return undefined;
  }
  // From the Explorer: open the file so that the server has its text.
  if (target && editor?.document.uri.toString() !== target.toString()) await vscode.workspace.openTextDocument(target);
  const position = editor && editor.document.uri.toString() === uri.toString() ? editor.selection.active : undefined;
  touchDocument(uri.toString());
  const result = await lc.sendRequest<TrustDetails>(TRUST_DETAILS_REQUEST, {
    uri: uri.toString(),
    ...(position ? { position: { line: position.line, character: position.character } } : {}),
  });
  const name = path.basename(uri.path);
  const doc = vscode.Uri.from({ scheme: DETAILS_SCHEME, path: `/${name} trust details.md` });
  details.set(doc, `# ${vscode.l10n.t('Trust details: {0}', name)}\n\n${result.markdown}\n`);
  await vscode.commands.executeCommand('markdown.showPreviewToSide', doc);
  return result;
}

async function createRootBundle(lc: LanguageClient, args?: { provider?: string; region?: string; target?: vscode.Uri }): Promise<vscode.Uri | undefined> {
  const { providers, awsRegions } = await lc.sendRequest<BundleProviders>(BUNDLE_PROVIDERS_REQUEST);
  let providerId = args?.provider;
  if (!providerId) {
    const pick = await vscode.window.showQuickPick(
      providers.map((p) => ({ label: p.name, description: p.id, detail: p.engine === 'mysql' ? 'MySQL' : 'PostgreSQL', id: p.id })),
      { title: vscode.l10n.t('Create a root bundle for which provider?'), placeHolder: vscode.l10n.t("The bundle holds the provider's current root CAs, as embedded in dbtrust") },
    );
    if (!pick) return undefined;
    providerId = pick.id;
  }
  const provider = providers.find((p) => p.id === providerId);
  if (!provider) {
    void vscode.window.showErrorMessage(vscode.l10n.t('dbtrust: unknown provider {0}.', providerId));
    return undefined;
  }
  let region = args?.region;
  if (provider.regional && region === undefined) {
    const pick = await vscode.window.showQuickPick([{ label: vscode.l10n.t('All regions (global bundle)'), region: '' }, ...awsRegions.map((r) => ({ label: r, region: r }))], {
      title: vscode.l10n.t('Which AWS region?'),
    });
    if (!pick) return undefined;
    region = pick.region;
  }
  const bundle = await lc.sendRequest<ProviderBundle | null>(ROOT_BUNDLE_REQUEST, { provider: provider.id, ...(region ? { region } : {}) });
  if (!bundle) {
    void vscode.window.showErrorMessage(vscode.l10n.t('dbtrust knows no root CAs for {0}{1}.', provider.name, region ? ` (${region})` : ''));
    return undefined;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  let target = args?.target;
  if (!target) {
    const options: vscode.SaveDialogOptions = { title: vscode.l10n.t('Save the root bundle'), filters: { PEM: ['pem', 'crt'] } };
    if (folder) options.defaultUri = vscode.Uri.joinPath(folder, bundle.fileName);
    target = await vscode.window.showSaveDialog(options);
    if (!target) return undefined;
  }
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(bundle.content));
  const doc = await vscode.workspace.openTextDocument(target);
  await vscode.window.showTextDocument(doc);
  void vscode.window.showInformationMessage(
    vscode.l10n.t("dbtrust: wrote {0} root CAs of {1} to {2}. Point sslrootcert (or your driver's CA setting) at it.", bundle.roots.length, provider.name, vscode.workspace.asRelativePath(target)),
  );
  return target;
}

/** `host[:port]`, `[v6]:port` or `v6` → probe parameters; undefined when unusable. */
function parseTarget(input: string): ProbeParams | undefined {
  const t = input.trim();
  const v6 = /^\[([0-9A-Fa-f:.]+)\](?::(\d+))?$/.exec(t);
  const plain = /^([A-Za-z0-9.-]+)(?::(\d+))?$/.exec(t);
  const m = v6 ?? plain;
  if (!m) return /^[0-9A-Fa-f:]+$/.test(t) && t.includes(':') ? { host: t } : undefined;
  const params: ProbeParams = { host: m[1]! };
  if (m[2] !== undefined) params.port = Number(m[2]);
  return params;
}

async function checkServerChain(lc: LanguageClient, details: DetailsProvider, output: vscode.LogOutputChannel, args?: ProbeParams): Promise<ProbeAnswer | undefined> {
  let params = args && typeof args.host === 'string' ? args : undefined;
  if (!params) {
    const input = await vscode.window.showInputBox({
      title: vscode.l10n.t("Check a PostgreSQL server's certificate chain"),
      prompt: vscode.l10n.t('host[:port] (default port 5432). dbtrust sends only the SSLRequest and a TLS handshake: no user name, no password.'),
      validateInput: (v) => (parseTarget(v) ? undefined : vscode.l10n.t('Expected host[:port]')),
    });
    if (input === undefined) return undefined;
    params = parseTarget(input)!;
  }
  const target = `${params.host.includes(':') ? `[${params.host}]` : params.host}:${params.port ?? 5432}`;
  if (!vscode.workspace.isTrusted) {
    const go = vscode.l10n.t('Connect');
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('This workspace is not trusted. Connect to {0} to read its certificate chain? dbtrust sends only the SSLRequest and a TLS handshake: no credentials.', target),
      { modal: true },
      go,
    );
    if (answer !== go) return undefined;
  }
  const answer = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('dbtrust: checking the chain of {0}', target), cancellable: true },
    (_p, token) => lc.sendRequest<ProbeAnswer>(PROBE_REQUEST, params, token),
  );
  output.info(`Probe ${target}: ${answer.result.error ? `failed (${answer.result.error.code})` : `${answer.result.chain.length} certificates, ${answer.result.findings.length} findings`}.`);
  const doc = vscode.Uri.from({ scheme: DETAILS_SCHEME, path: `/${target} chain.md` });
  details.set(doc, `# ${vscode.l10n.t('Server chain: {0}', target)}\n\n\`\`\`text\n${answer.text.replace(/\`\`\`/g, '\` \` \`')}\`\`\`\n`);
  await vscode.commands.executeCommand('markdown.showPreviewToSide', doc);
  return answer;
}

/** Opens a rule's page: the copy inside the extension (works offline), else the web page. */
async function openRuleDocs(context: vscode.ExtensionContext, ruleId: unknown, url: unknown): Promise<void> {
  if (typeof ruleId !== 'string' || !/^[a-z][a-z0-9-]*$/.test(ruleId)) return;
  const local = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules', `${ruleId}.md`);
  try {
    await vscode.workspace.fs.stat(local);
    await vscode.commands.executeCommand('markdown.showPreview', local);
    return;
  } catch {
    // not packaged: the web page
  }
  if (typeof url === 'string' && /^https:\/\//.test(url)) await vscode.env.openExternal(vscode.Uri.parse(url));
}

// ---------------------------------------------------------------------------------------------

export interface DbtrustApi {
  /** The language client (for tests and other extensions); undefined until it is created. */
  client(): LanguageClient | undefined;
  /** Resolves once the language server has started (or failed to). */
  ready(): Promise<LanguageClient | undefined>;
}

/** State.Running of vscode-languageclient (its enum is not loaded before the client). */
const RUNNING = 2;

export async function activate(context: vscode.ExtensionContext): Promise<DbtrustApi> {
  const output = vscode.window.createOutputChannel('dbtrust', { log: true });
  context.subscriptions.push(output);
  const details = new DetailsProvider();
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(DETAILS_SCHEME, details));
  createStatusItem(context);

  // The server starts in the background; commands wait for it.
  const started: Promise<LanguageClient | undefined> = (async () => {
    // After activate() has returned: VS Code goes on while the client library loads.
    await new Promise((resolve) => setImmediate(resolve));
    try {
      const lc = await createClient(context, output);
      client = lc;
      await lc.start();
      return lc;
    } catch (e) {
      output.error(`The dbtrust language server did not start: ${(e as Error).message}`);
      return client;
    }
  })();

  const restart = async (): Promise<void> => {
    const lc = await started;
    if (!lc) return;
    try {
      output.info('Restarting the dbtrust language server.');
      await lc.restart();
    } catch (e) {
      output.error(`Restarting the dbtrust language server failed: ${(e as Error).message}`);
      void vscode.window.showErrorMessage(vscode.l10n.t('dbtrust: the language server could not be restarted; see the "dbtrust" output.'));
    }
  };
  /** Runs a command that needs the server, saying so when it is not running. */
  const withServer = <A extends unknown[], R>(run: (lc: LanguageClient, ...args: A) => Promise<R>) => async (...args: A): Promise<R | undefined> => {
    const lc = await started;
    if (!lc || (lc.state as number) !== RUNNING) {
      void vscode.window.showWarningMessage(vscode.l10n.t('dbtrust: the language server is not running; run "dbtrust: Restart Language Server".'));
      return undefined;
    }
    try {
      return await run(lc, ...args);
    } catch (e) {
      output.error(`Command failed: ${(e as Error).message}`);
      void vscode.window.showErrorMessage(vscode.l10n.t('dbtrust: the command failed; see the "dbtrust" output.'));
      return undefined;
    }
  };
  context.subscriptions.push(
    vscode.commands.registerCommand('dbtrust.restartServer', restart),
    vscode.commands.registerCommand('dbtrust.scanWorkspace', withServer((lc) => scanWorkspace(lc, output))),
    vscode.commands.registerCommand('dbtrust.showTrustFileDetails', withServer((lc, target?: vscode.Uri) => showTrustFileDetails(lc, details, target instanceof vscode.Uri ? target : undefined))),
    vscode.commands.registerCommand('dbtrust.createRootBundle', withServer((lc, args?: { provider?: string; region?: string; target?: vscode.Uri }) => createRootBundle(lc, args))),
    vscode.commands.registerCommand('dbtrust.checkServerChain', withServer((lc, args?: ProbeParams) => checkServerChain(lc, details, output, args))),
    vscode.commands.registerCommand('dbtrust.openRuleDocs', (ruleId: unknown, url: unknown) => openRuleDocs(context, ruleId, url)),
    // Granting trust lifts the server's restriction to the workspace folders.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void restart()),
  );
  return { client: () => client, ready: () => started };
}

export async function deactivate(): Promise<void> {
  const lc = client;
  client = undefined;
  if (lc) await lc.dispose();
}
