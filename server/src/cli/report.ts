/**
 * Reads the walked files, lints them and turns findings into located, output-ready data.
 * Nothing here keeps or prints file contents: only the engine's (redacted) messages, positions,
 * and fix edits that were checked not to carry the site's password.
 */
import { FileAccessError, isCertificateFile, LineIndex, lintWithTrust, newTrustFileCache } from '../engine';
import type { Config, FileAccess, LintResult, Severity } from '../engine';
import { NodeFileAccess } from '../node/fileAccess';
import type { Target } from './walk';
import { displayPath } from './walk';

/** Files over this size are skipped. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;
/** How many files are being read while one is linted. */
const READ_AHEAD = 16;
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
}

/** Decodes a file's bytes; undefined for a binary file. UTF-8 by default; a BOM selects UTF-16. */
export function decodeText(bytes: Uint8Array): string | undefined {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    try {
      return new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(bytes);
    } catch {
      return undefined;
    }
  }
  const probe = Math.min(bytes.length, BINARY_PROBE_BYTES);
  for (let i = 0; i < probe; i++) if (bytes[i] === 0) return undefined;
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

export async function scanFiles(
  targets: readonly Target[],
  options: { cwd: string; config: Config; now?: Date; trustFiles?: FileAccess; configDir?: string },
  hooks: ScanHooks,
): Promise<ScanReport> {
  // Trust files named by the scanned files are read wherever they are (regular files only, capped);
  // relative names are tried from the file's folder and from the current directory.
  const trustFiles = options.trustFiles ?? new NodeFileAccess();
  const cache = newTrustFileCache();
  const report: ScanReport = {
    cwd: options.cwd,
    filesScanned: 0,
    findings: [],
    skippedLarge: [],
    skippedBinary: 0,
    unreadable: 0,
    internalErrors: 0,
  };
  // Files are read ahead (a few at a time, in order) while earlier ones are linted: reading is I/O
  // wait, linting is CPU, and interleaving them keeps both busy.
  const read = (t: Target): Promise<Uint8Array | { error: unknown }> => t.files.readFile(t.abs, MAX_FILE_BYTES).catch((error: unknown) => ({ error }));
  const ahead: Promise<Uint8Array | { error: unknown }>[] = [];
  for (let i = 0; i < Math.min(READ_AHEAD, targets.length); i++) ahead.push(read(targets[i]!));
  for (const [index, target] of targets.entries()) {
    const file = displayPath(options.cwd, target.abs);
    const next = targets[index + READ_AHEAD];
    if (next) ahead.push(read(next));
    let bytes: Uint8Array;
    try {
      const got = await ahead[index]!;
      delete ahead[index];
      if (!(got instanceof Uint8Array)) throw got.error;
      bytes = got;
    } catch (e) {
      if (e instanceof FileAccessError && e.code === 'too-large') {
        report.skippedLarge.push(file);
      } else {
        report.unreadable++;
        hooks.warn(`${file}: cannot be read (${describeReadError(e)}); skipped`);
      }
      continue;
    }
    const text = decodeText(bytes);
    if (text === undefined) {
      report.skippedBinary++;
      continue;
    }
    report.filesScanned++;
    // Certificate files are judged through the settings that name them (the editor also marks their blocks).
    if (isCertificateFile(target.abs)) continue;
    try {
      const lintOptions: Parameters<typeof lintWithTrust>[1] = {
        path: target.abs,
        config: options.config,
        files: trustFiles,
        documentPath: target.abs,
        workspaceRoot: options.cwd,
        cache,
      };
      if (options.now) lintOptions.now = options.now;
      if (options.configDir !== undefined) lintOptions.configDir = options.configDir;
      const result = await lintWithTrust(text, lintOptions);
      report.findings.push(...locate(text, result, file, target.abs, options.cwd));
    } catch (e) {
      report.internalErrors++;
      hooks.internalError(`internal error while scanning ${file}`, e);
    }
  }
  report.findings.sort(compareFindings);
  return report;
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
