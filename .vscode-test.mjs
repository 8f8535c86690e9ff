// @vscode/test-cli configuration (`npx vscode-test`, or DBTRUST_VSCODE=electron npm run test:vscode):
// the extension-host suites of test/vscode in desktop VS Code, which @vscode/test-electron downloads
// from VS Code's update server. Where that server cannot be reached, `npm run test:vscode` runs the
// same suites in code-server instead. See docs/testing.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@vscode/test-cli';

const root = path.dirname(fileURLToPath(import.meta.url));
// The suites edit files: they get a fresh copy of the test workspace.
const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'dbtrust-vscode-desktop-'));
fs.cpSync(path.join(root, 'test/vscode/workspace'), workspace, { recursive: true });
process.on('exit', () => fs.rmSync(workspace, { recursive: true, force: true }));

export default defineConfig({
  label: 'extension-host',
  files: 'test/vscode/mocha/bridge.cjs',
  version: process.env.DBTRUST_VSCODE_VERSION || 'stable',
  extensionDevelopmentPath: root,
  workspaceFolder: workspace,
  launchArgs: ['--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  env: { DBTRUST_E2E_LOCALE: 'en' },
  mocha: { ui: 'tdd', timeout: 0 },
});
