/**
 * Reads the walked files, lints them and turns findings into located, output-ready data.
 * Nothing here keeps or prints file contents: only the engine's (redacted) messages, positions,
 * and fix edits that were checked not to carry the site's password.
 */
import { FileAccessError, isCertificateFile, LineIndex, lintWithTrust, newTrustFileCache } from '../engine';
import type { Config, FileAccess, LintResult, Severity } from '../engine';
import { type CacheData, type CacheEntry, type CachedOutcome, contentHash, lookup, racyAt, RecordingFileAccess, stampOf } from './cache';
import * as os from 'node:os';
import { NodeFileAccess } from '../node/fileAccess';
import type { FileMark } from '../node/stall';
import { bytePrefilter } from './bytePrefilter';
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
  /** With --cache: a file's entry for the next scan, and whether its outcome was reused. */
  cacheEntry?(abs: string, entry: CacheEntry, reused: boolean): void;
}

/**
 * A file's text, to lint: 'binary' for a binary file; 'no-keyword' when its bytes hold none of the
 * words a connection setting needs (the byte prefilter: most files of a repository, never decoded).
 * `prefilterPassed`: the text is known to pass the engine's PREFILTER (LintOptions.prefilterPassed).
 */
export function textToLint(bytes: Uint8Array): { text: string; prefilterPassed: boolean } | 'binary' | 'no-keyword' {
  if (isBinary(bytes)) return 'binary';
  const verdict = isUtf16(bytes) ? 'maybe' : bytePrefilter(bytes);
  if (verdict === 'none') return 'no-keyword';
  const text = decodeText(bytes);
  return text === undefined ? 'binary' : { text, prefilterPassed: verdict === 'found' };
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

export function describeReadError(e: unknown): string {
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
export type FileOutcome = (
  | { kind: 'linted'; findings: LocatedFinding[] }
  | { kind: 'certificate' }
  | { kind: 'binary' }
  | { kind: 'large' }
  | { kind: 'unreadable'; why: string }
  | { kind: 'internal-error'; error: { name: string; message: string; stack?: string } }
) & {
  /** With --cache: the file's entry for the next scan (absent: nothing to keep, e.g. unreadable). */
  cache?: CacheEntry;
  /** With --cache: the outcome is an earlier scan's. */
  reused?: boolean;
};

/** What every file of one scan is linted with: plain data, so that a scan thread gets a copy. */
export interface LintSettings {
  cwd: string;
  config: Config;
  /** "Today" for date-dependent checks (--now). */
  now?: Date;
  /** The configuration's folder. */
  configDir?: string;
  /** --cache: the entries of earlier scans. */
  cache?: CacheData;
}

/**
 * Reads and lints the files of one scan, one after the other (one per thread). Files are read with
 * blocking calls (the thread does nothing else) into one reused buffer; trust files named by them
 * are read wherever they are (regular files only, capped) and parsed once for the whole scan.
 */
export class FileLinter {
  private readonly scratch = Buffer.allocUnsafe(MAX_FILE_BYTES + 1);
  private readonly plain = new NodeFileAccess();
  /** Access confined to a scan root, for links the walk followed (see Target.root). */
  private readonly confined = new Map<string, NodeFileAccess>();
  private readonly cache = newTrustFileCache();

  constructor(private readonly settings: LintSettings) {}

  /**
   * Reads, decodes and lints one file (read confined to `root` when given). Never throws: every
   * failure is an outcome. With a cache, an entry whose stamps all hold is the outcome, and a new
   * entry goes with any other outcome that can be kept.
   */
  async lint(abs: string, root?: string): Promise<FileOutcome> {
    const cache = this.settings.cache;
    if (!cache) return this.lintFile(abs, root);
    const stamp = stampOf(abs);
    const known = lookup(cache, abs, stamp);
    if (known?.state === 'hit') return { ...known.entry.outcome, cache: known.entry, reused: true };
    const recording = new RecordingFileAccess(this.plain);
    let bytesHash: string | undefined;
    const outcome = await this.lintFile(abs, root, recording, (bytes) => {
      // Recently changed: its content decides next time, or now whether the entry still holds.
      if (known || racyAt(stamp, cache.since)) bytesHash = contentHash(bytes);
      if (known && bytesHash === known.entry.hash) return { ...known.entry.outcome, cache: { ...known.entry, since: cache.since }, reused: true };
      return undefined;
    });
    if (outcome.cache || outcome.kind === 'unreadable' || outcome.kind === 'internal-error') return outcome;
    const entry: CacheEntry = { stamp, outcome: keepable(outcome), deps: recording.deps(cache.since), since: cache.since };
    if (bytesHash !== undefined) entry.hash = bytesHash;
    return { ...outcome, cache: entry };
  }

  /**
   * The work of `lint`. `files`: the access the analysis reads trust files through. `read`: called
   * with the file's bytes; an outcome it returns ends the work there.
   */
  private async lintFile(abs: string, root?: string, trustFiles?: FileAccess, read?: (bytes: Uint8Array) => FileOutcome | undefined): Promise<FileOutcome> {
    let files = this.plain;
    if (root !== undefined) {
      files = this.confined.get(root) ?? new NodeFileAccess({ roots: [root] });
      this.confined.set(root, files);
    }
    let bytes: Uint8Array;
    try {
      bytes = files.readFileSync(abs, MAX_FILE_BYTES, this.scratch);
    } catch (e) {
      if (e instanceof FileAccessError && e.code === 'too-large') return { kind: 'large' };
      return { kind: 'unreadable', why: describeReadError(e) };
    }
    const early = read?.(bytes);
    if (early) return early;
    const text = textToLint(bytes);
    if (text === 'binary') return { kind: 'binary' };
    // Certificate files are judged through the settings that name them (the editor also marks their blocks).
    if (isCertificateFile(abs)) return { kind: 'certificate' };
    if (text === 'no-keyword') return { kind: 'linted', findings: [] };
    const { cwd, config, now, configDir } = this.settings;
    try {
      const options: Parameters<typeof lintWithTrust>[1] = { path: abs, config, files: trustFiles ?? this.plain, documentPath: abs, workspaceRoot: cwd, cache: this.cache };
      if (now) options.now = now;
      if (configDir !== undefined) options.configDir = configDir;
      if (text.prefilterPassed) options.prefilterPassed = true;
      const result = await lintWithTrust(text.text, options);
      return { kind: 'linted', findings: locate(text.text, result, displayPath(cwd, abs), abs, cwd) };
    } catch (e) {
      const error = e instanceof Error ? { name: e.name, message: e.message, ...(e.stack !== undefined ? { stack: e.stack } : {}) } : { name: typeof e, message: String(e) };
      return { kind: 'internal-error', error };
    }
  }
}

/** The part of an outcome a cache entry keeps. */
function keepable(outcome: FileOutcome): CachedOutcome {
  switch (outcome.kind) {
    case 'linted':
      return { kind: 'linted', findings: outcome.findings };
    case 'certificate':
    case 'binary':
    case 'large':
      return { kind: outcome.kind };
    default:
      throw new Error(`not kept: ${outcome.kind}`);
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
  if (outcome.cache) hooks.cacheEntry?.(target.abs, outcome.cache, outcome.reused === true);
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

export function emptyReport(cwd: string): ScanReport {
  return { cwd, filesScanned: 0, findings: [], skippedLarge: [], skippedBinary: 0, unreadable: 0, internalErrors: 0 };
}

/**
 * Scans the files in this thread (parallel.ts scans across threads). `mark`: where the file being
 * linted is marked, for a watcher of analyses that never end (node/stall.ts).
 */
export async function scanFiles(targets: readonly Target[], settings: LintSettings, hooks: ScanHooks, mark?: FileMark): Promise<ScanReport> {
  const linter = new FileLinter(settings);
  const report = emptyReport(settings.cwd);
  for (let i = 0; i < targets.length; i++) {
    const target = targets[i]!;
    mark?.begin(i, target.abs);
    const outcome = await linter.lint(target.abs, target.root);
    mark?.end();
    record(report, target, outcome, hooks);
  }
  return finishReport(report);
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
