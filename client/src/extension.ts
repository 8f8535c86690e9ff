/**
 * The dbtrust VS Code client: starts the bundled language server (dist/server.js) over IPC and
 * lets it do everything else. Nothing from server/src is imported here: the server is a separate
 * bundle in a separate process.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DocumentSelector, LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';

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

function createClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const watchers = [vscode.workspace.createFileSystemWatcher('**/.dbtrust.json'), vscode.workspace.createFileSystemWatcher(TRUST_FILE_GLOB)];
  context.subscriptions.push(...watchers);
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(),
    synchronize: { fileEvents: watchers },
    outputChannel: output,
    // In an untrusted workspace the server reads nothing outside the workspace folders.
    initializationOptions: () => ({ untrustedWorkspace: !vscode.workspace.isTrusted }),
    // No errorHandler on purpose: the languageclient's default handler restarts a server that
    // crashes (up to 4 times in 3 minutes) and then stops, telling the user;
    // `dbtrust.restartServer` starts it again after that.
  };
  // The id 'dbtrust' makes the client honour the `dbtrust.trace.server` setting.
  return new LanguageClient('dbtrust', 'dbtrust', serverOptions, clientOptions);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('dbtrust', { log: true });
  context.subscriptions.push(output);
  const lc = createClient(context, output);
  client = lc;

  const restart = async (): Promise<void> => {
    try {
      output.info('Restarting the dbtrust language server.');
      await lc.restart();
    } catch (e) {
      output.error(`Restarting the dbtrust language server failed: ${(e as Error).message}`);
      void vscode.window.showErrorMessage('dbtrust: the language server could not be restarted; see the "dbtrust" output.');
    }
  };
  context.subscriptions.push(
    vscode.commands.registerCommand('dbtrust.restartServer', restart),
    // Granting trust lifts the server's restriction to the workspace folders.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void restart()),
  );

  try {
    await lc.start();
  } catch (e) {
    output.error(`The dbtrust language server did not start: ${(e as Error).message}`);
  }
}

export async function deactivate(): Promise<void> {
  const lc = client;
  client = undefined;
  if (lc) await lc.dispose();
}
