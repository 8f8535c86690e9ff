/**
 * Reads the walked files, lints them and turns findings into located, output-ready data.
 * Nothing here keeps or prints file contents: only the engine's (redacted) messages, positions,
 * and fix edits that were checked not to carry the site's password.
 */
import { FileAccessError, isCertificateFile, LineIndex, lintWithTrust, newTrustFileCache } from '../engine';
import type { Config, FileAccess, LintResult, Severity } from '../engine';
import * as os from 'node:os';
import { NodeFileAccess } from '../node/fileAccess';
import { bytesMayHaveSites } from './bytePrefilter';
import type { Target } from './walk';
import { displayPath } from './walk';

/** Files over this size are skipped. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;
/** A NUL byte in this many leading bytes marks a binary file. */
const BINARY_PROBE_BYTES = 8 * 1024;

export interface Region {
  /** 1-based line and column (UTF-16 code units); end is exclusive, as in SARIF. */
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export interface LocatedFix {
  title: string;
  edits: { region: Region; newText: string }[];
  /** Files the fix creates: display path (relative to the current directory) and content. */
  files: { file: string; abs: string; content: string }[];
}

export interface LocatedFinding {
  /** Path relative to the current directory, `/`-separated. */
  file: string;
  abs: string;
  region: Region;
  rule: string;
  severity: Severity;
  message: string;
  /** The finding has at least one fix. */
  fixable: boolean;
  /** The fixes that may be shown (a fix whose text would reveal the password is left out). */
  fixes: LocatedFix[];
}

export interface ScanReport {
  cwd: string;
  filesScanned: number;
  findings: LocatedFinding[];
  /** Display paths of files over MAX_FILE_BYTES. */
  skippedLarge: string[];
  skippedBinary: number;
  /** Files that could not be read (each already reported as a warning). */
  unreadable: number;
  /** Files the engine failed on (each already reported); the exit status is then 2. */
  internalErrors: number;
}

export interface ScanHooks {
  warn(message: string): void;
  internalError(message: string, error: unknown): void;
  /** How the scan runs (DBTRUST_DEBUG=1). */
  debug?(message: string): void;
}

/** False when a file's bytes cannot hold a connection setting (the byte prefilter; UTF-16 text is decoded first). */
export function mayHoldSettings(bytes: Uint8Array): boolean {
  return isUtf16(bytes) || bytesMayHaveSites(bytes);
}

function isUtf16(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
}

/** A NUL byte in the first bytes of a file that is not UTF-16. */
function isBinary(bytes: Uint8Array): boolean {
  return !isUtf16(bytes) && bytes.subarray(0, BINARY_PROBE_BYTES).indexOf(0) >= 0;
}

/** Decodes a file's bytes; undefined for a binary file. UTF-8 by default; a BOM selects UTF-16. */
export function decodeText(bytes: Uint8Array): string | undefined {
  if (isUtf16(bytes)) {
    try {
      return new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(bytes);
    } catch {
      return undefined;
    }
  }
  if (isBinary(bytes)) return undefined;
  return new TextDecoder('utf-8').decode(bytes); // drops a UTF-8 BOM, as editors do
}

function regionOf(lines: LineIndex, start: number, end: number): Region {
  const s = lines.positionAt(start);
  const e = lines.positionAt(end);
  return { startLine: s.line + 1, startColumn: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
}

function describeReadError(e: unknown): string {
  if (e instanceof FileAccessError) {
    switch (e.code) {
      case 'denied':
        return 'permission denied';
      case 'outside':
        return 'outside the scanned folder';
      case 'not-found':
        return 'no longer exists';
      case 'not-a-file':
        return 'not a regular file';
      case 'too-large':
        return 'too large';
      default: {
        const colon = e.message.lastIndexOf(': ');
        return colon >= 0 ? e.message.slice(colon + 2) : 'read error';
      }
    }
  }
  return 'read error';
}

/** Locates one file's findings. Exported for tests of the secret guard. */
export function locate(text: string, result: LintResult, file: string, abs: string, cwd = '/'): LocatedFinding[] {
  if (result.findings.length === 0) return [];
  const lines = new LineIndex(text);
  return result.findings.map((f) => {
    const site = result.sites[f.site]?.site;
    const password = site?.passwordSpan ? text.slice(site.passwordSpan.start, site.passwordSpan.end) : '';
    const fixes: LocatedFix[] = [];
    for (const fix of f.fixes) {
      // Fix texts are built by the engine and never copy a password; check anyway, since they are printed.
      if (password !== '' && fix.edits.some((edit) => edit.newText.includes(password))) continue;
      fixes.push({
        title: fix.title,
        edits: fix.edits.map((edit) => ({ region: regionOf(lines, edit.span.start, edit.span.end), newText: edit.newText })),
        files: (fix.files ?? []).map((f) => ({ file: displayPath(cwd, f.path), abs: f.path, content: f.content })),
      });
    }
    return {
      file,
      abs,
      region: regionOf(lines, f.span.start, f.span.end),
      rule: f.ruleId,
      severity: f.severity,
      message: f.message.replace(/[\r\n]+/g, ' '),
      fixable: f.fixes.length > 0,
      fixes,
    };
  });
}

/** What scanning one file came to; built where the file is linted (possibly a worker thread). */
export type FileOutcome =
  | { kind: 'linted'; findings: LocatedFinding[] }
  | { kind: 'certificate' }
  | { kind: 'binary' }
  | { kind: 'large' }
  | { kind: 'unreadable'; why: string }
  | { kind: 'internal-error'; error: { name: string; message: string; stack?: string } };

/** What every file of one scan is linted with. */
export interface LintContext {
  cwd: string;
  config: Config;
  now?: Date;
  configDir?: string;
  /** Trust files named by the scanned files are read through this (wherever they are). */
  trustFiles: FileAccess;
  cache: ReturnType<typeof newTrustFileCache>;
}

/** Reads, decodes and lints one file. Never throws: every failure is an outcome. */
export async function scanOne(abs: string, read: () => Uint8Array | Promise<Uint8Array>, ctx: LintContext): Promise<FileOutcome> {
  let bytes: Uint8Array;
  try {
    bytes = await read();
  } catch (e) {
    if (e instanceof FileAccessError && e.code === 'too-large') return { kind: 'large' };
    return { kind: 'unreadable', why: describeReadError(e) };
  }
  if (isBinary(bytes)) return { kind: 'binary' };
  // Certificate files are judged through the settings that name them (the editor also marks their blocks).
  if (isCertificateFile(abs)) return { kind: 'certificate' };
  // Most files hold no connection setting: the prefilter on the raw bytes spares decoding them.
  if (!mayHoldSettings(bytes)) {
    return { kind: 'linted', findings: [] };
  }
  const text = decodeText(bytes);
  if (text === undefined) return { kind: 'binary' };
  try {
    const lintOptions: Parameters<typeof lintWithTrust>[1] = {
      path: abs,
      config: ctx.config,
      files: ctx.trustFiles,
      documentPath: abs,
      workspaceRoot: ctx.cwd,
      cache: ctx.cache,
    };
    if (ctx.now) lintOptions.now = ctx.now;
    if (ctx.configDir !== undefined) lintOptions.configDir = ctx.configDir;
    const result = await lintWithTrust(text, lintOptions);
    return { kind: 'linted', findings: locate(text, result, displayPath(ctx.cwd, abs), abs, ctx.cwd) };
  } catch (e) {
    const error = e instanceof Error ? { name: e.name, message: e.message, ...(e.stack !== undefined ? { stack: e.stack } : {}) } : { name: typeof e, message: String(e) };
    return { kind: 'internal-error', error };
  }
}

/** An internal error carried across threads, as an Error again (for the CLI's one-line or debug description). */
function revive(error: { name: string; message: string; stack?: string }): Error {
  const e = new Error(error.message);
  e.name = error.name;
  if (error.stack !== undefined) e.stack = error.stack;
  return e;
}

/** Adds one file's outcome to the report, warning as the file's turn comes (outcomes arrive in file order). */
export function record(report: ScanReport, target: Target, outcome: FileOutcome, hooks: ScanHooks): void {
  const file = displayPath(report.cwd, target.abs);
  switch (outcome.kind) {
    case 'large':
      report.skippedLarge.push(file);
      return;
    case 'unreadable':
      report.unreadable++;
      hooks.warn(`${file}: cannot be read (${outcome.why}); skipped`);
      return;
    case 'binary':
      report.skippedBinary++;
      return;
    case 'certificate':
      report.filesScanned++;
      return;
    case 'linted':
      report.filesScanned++;
      for (const f of outcome.findings) report.findings.push(f);
      return;
    case 'internal-error':
      report.filesScanned++;
      report.internalErrors++;
      hooks.internalError(`internal error while scanning ${file}`, revive(outcome.error));
      return;
  }
}

export interface ScanOptions {
  cwd: string;
  config: Config;
  now?: Date;
  trustFiles?: FileAccess;
  configDir?: string;
  /**
   * How many threads lint the files, this one included (default: defaultJobs()). With 1, or with
   * fewer files than `minFilesForWorkers` (default 256: below that, starting threads costs more than
   * it saves), everything runs in this thread.
   */
  jobs?: number;
  minFilesForWorkers?: number;
  /** The language the workers speak (as given to useLocale) and where its bundle is. */
  locale?: string;
  l10nDir?: string;
}

export function emptyReport(cwd: string): ScanReport {
  return { cwd, filesScanned: 0, findings: [], skippedLarge: [], skippedBinary: 0, unreadable: 0, internalErrors: 0 };
}

export async function scanFiles(targets: readonly Target[], options: ScanOptions, hooks: ScanHooks): Promise<ScanReport> {
  const jobs = options.jobs ?? defaultJobs();
  if (jobs > 1 && targets.length >= (options.minFilesForWorkers ?? MIN_FILES_FOR_WORKERS) && !options.trustFiles) {
    // Loaded only here: the language server, which shares this module, never starts scan threads.
    const pool = new (await import('./parallel.js')).ScanPool(options, jobs);
    hooks.debug?.(`${targets.length} files, ${pool.jobs} scan threads`);
    return finishReport(await pool.scan(targets, hooks));
  }
  hooks.debug?.(`${targets.length} files, no scan threads`);
  const ctx: LintContext = {
    cwd: options.cwd,
    config: options.config,
    // Trust files named by the scanned files are read wherever they are (regular files only, capped);
    // relative names are tried from the file's folder and from the current directory.
    trustFiles: options.trustFiles ?? new NodeFileAccess(),
    cache: newTrustFileCache(),
  };
  if (options.now) ctx.now = options.now;
  if (options.configDir !== undefined) ctx.configDir = options.configDir;
  const report = emptyReport(options.cwd);
  let scratch: Buffer | undefined;
  for (const target of targets) {
    const files = target.files;
    const read =
      files instanceof NodeFileAccess
        ? () => files.readFileSync(target.abs, MAX_FILE_BYTES, (scratch ??= Buffer.allocUnsafe(MAX_FILE_BYTES + 1)))
        : () => files.readFile(target.abs, MAX_FILE_BYTES);
    record(report, target, await scanOne(target.abs, read, ctx), hooks);
  }
  report.findings.sort(compareFindings);
  return report;
}

/** Puts a report's findings in output order. */
export function finishReport(report: ScanReport): ScanReport {
  report.findings.sort(compareFindings);
  return report;
}

/** Files below this count are linted in the calling thread. */
export const MIN_FILES_FOR_WORKERS = 256;

/**
 * One lane per core but one, at most 8. A scan is a single cold pass over the engine's code: V8
 * compiles the hot functions on background threads while it runs, and with every core busy linting
 * that compilation starves, each lane runs unoptimized code for longer, and two lanes on two cores
 * take as long as one (measured: bench/results.md). The core left free keeps the compiler and the
 * garbage collector fed.
 */
export function defaultJobs(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(8, cores - 1));
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Path, then position, then rule id: the order of every output format. */
export function compareFindings(a: LocatedFinding, b: LocatedFinding): number {
  return (
    compareStrings(a.file, b.file) ||
    a.region.startLine - b.region.startLine ||
    a.region.startColumn - b.region.startColumn ||
    a.region.endLine - b.region.endLine ||
    a.region.endColumn - b.region.endColumn ||
    compareStrings(a.rule, b.rule)
  );
}

const RANK: Record<Severity, number> = { hint: 0, info: 1, warning: 2, error: 3 };

/** Whether a finding of this severity reaches the --fail-on threshold. */
export function reaches(severity: Severity, failOn: 'error' | 'warning' | 'info' | 'none'): boolean {
  return failOn !== 'none' && RANK[severity] >= RANK[failOn];
}
