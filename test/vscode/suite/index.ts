/**
 * The extension-host test module: VS Code loads this file (`extensionTestsPath`) into the extension
 * host of a window that runs dbtrust from source (`extensionDevelopmentPath`) and calls `run()`;
 * the window closes with exit code 0 when it resolves, 1 when it rejects.
 *
 * The suites are node:test files run in this process (`isolation: 'none'`), so they can use the
 * `vscode` API. Which files run depends on the display language the runner asked for:
 *   DBTRUST_E2E_LOCALE=ja  the Japanese suite only (l10n.test.js)
 *   otherwise              every other suite
 * DBTRUST_E2E_FILES=hover,codeActions narrows the set; DBTRUST_E2E_REPORT names a file that receives
 * the spec report and a JSON summary line (the runner prints both).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { run as runTests } from 'node:test';
import { spec } from 'node:test/reporters';
import * as vscode from 'vscode';

/** The suites, by area. Add a file here and in this folder to add an area. */
export const ENGLISH_SUITES = ['diagnostics', 'hover', 'codeActions', 'commands', 'settings', 'resilience'] as const;
export const JAPANESE_SUITES = ['l10n'] as const;

const OVERALL_TIMEOUT_MS = Number(process.env.DBTRUST_E2E_SUITE_TIMEOUT_MS ?? 240_000);
const TEST_TIMEOUT_MS = 60_000;

export interface Summary {
  tests: number;
  passed: number;
  failed: number;
  skipped: number;
  todo: number;
  cancelled: number;
}

function suiteFiles(): string[] {
  const locale = (process.env.DBTRUST_E2E_LOCALE ?? 'en').toLowerCase();
  let names: string[] = locale === 'ja' ? [...JAPANESE_SUITES] : [...ENGLISH_SUITES];
  const only = process.env.DBTRUST_E2E_FILES?.split(',').map((s) => s.trim()).filter(Boolean);
  if (only && only.length > 0) {
    const unknown = only.filter((n) => ![...ENGLISH_SUITES, ...JAPANESE_SUITES].includes(n as never));
    if (unknown.length > 0) throw new Error(`DBTRUST_E2E_FILES names unknown suites: ${unknown.join(', ')}`);
    names = only;
  }
  return names.map((n) => path.join(__dirname, `${n}.test.js`));
}

function supportsInProcessRun(): boolean {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 8);
}

export async function run(): Promise<void> {
  if (!supportsInProcessRun()) {
    throw new Error(`the extension-host suites need node:test run({ isolation: 'none' }) (Node 22.8+); this extension host runs Node ${process.versions.node}`);
  }
  const reportFile = process.env.DBTRUST_E2E_REPORT;
  if (reportFile) fs.writeFileSync(reportFile, '');
  const emit = (text: string): void => {
    if (reportFile) fs.appendFileSync(reportFile, text);
    for (const line of text.replace(/\n$/, '').split('\n')) console.log(line);
  };

  const files = suiteFiles();
  emit(`dbtrust extension-host suites (VS Code ${vscode.version}, Node ${process.versions.node}, display language ${vscode.env.language}): ${files.map((f) => path.basename(f)).join(', ')}\n`);

  // With isolation 'none' the root test ends on the process's 'beforeExit' event, which an extension
  // host never emits while VS Code runs. Once every queued test has completed, the runner's own
  // beforeExit listener is called (and no other listener of this process).
  const before = new Set(process.listeners('beforeExit'));
  // (`isolation` is newer than the @types/node of the project's Node 20.)
  const options = { files, isolation: 'none', concurrency: false, timeout: TEST_TIMEOUT_MS } as Parameters<typeof runTests>[0];
  const stream = runTests(options);
  const finishers = process.listeners('beforeExit').filter((l) => !before.has(l));

  let pending = 0;
  let summary: Summary | undefined;
  stream.on('test:enqueue', () => {
    pending++;
  });
  stream.on('test:complete', () => {
    if (--pending === 0) {
      setImmediate(() => {
        if (pending === 0) for (const finish of finishers) (finish as (code: number) => void)(0);
      });
    }
  });
  stream.on('test:summary', (data: { file?: string; counts: Summary }) => {
    if (data.file === undefined) summary = data.counts;
  });

  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the suites did not finish within ${OVERALL_TIMEOUT_MS / 1000} s`)), OVERALL_TIMEOUT_MS);
  });
  const report = (async () => {
    for await (const chunk of stream.compose(new spec())) emit(String(chunk));
  })();
  try {
    await Promise.race([report, timeout]);
  } finally {
    clearTimeout(timer);
  }

  const counts = summary ?? { tests: 0, passed: 0, failed: 0, skipped: 0, todo: 0, cancelled: 0 };
  emit(`DBTRUST_E2E_SUMMARY ${JSON.stringify(counts)}\n`);
  if (counts.tests === 0) throw new Error('no test ran');
  const bad = counts.failed + counts.cancelled;
  if (bad > 0) throw new Error(`${bad} of ${counts.tests} tests failed`);
}
