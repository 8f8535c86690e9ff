/**
 * Where a site's trust file is, and reading it safely.
 *
 * libpq resolves a relative sslrootcert against the client process's working directory, which a
 * linter cannot know. So a relative path gets candidates: the referencing file's folder, then the
 * workspace root; the first that exists is used and the finding says which one matched. Paths under
 * `~` or `%APPDATA%` belong to the machine that runs the client, not to this one: they are not read.
 *
 * All reads go through FileAccess (regular files only, a size cap, workspace roots when untrusted).
 */
import * as l10n from '@vscode/l10n';
import { FileAccess, FileAccessError, FileStat } from './fileAccess';
import { type Guard, guarded, TimeLimitError } from './guard';

/** Trust files larger than this are not read (the finding says so). */
export const MAX_TRUST_FILE_BYTES = 1024 * 1024;

export type CandidateBasis = 'absolute' | 'document-folder' | 'workspace-root';

export interface Candidate {
  path: string;
  basis: CandidateBasis;
}

export type TrustLocation =
  | { kind: 'files'; written: string; candidates: Candidate[] }
  /** Depends on the machine that runs the client (home directory, environment variables, other OS). */
  | { kind: 'machine-dependent'; written: string; reason: string };

export interface LocationContext {
  /** Absolute path of the file the setting is written in (`/`-separated or native). */
  documentPath: string;
  /** Absolute path of the workspace root, when there is one. */
  workspaceRoot?: string;
}

const WINDOWS_ABSOLUTE = /^[A-Za-z]:[\\/]|^\\\\/;

function isWindowsHost(p: string): boolean {
  return WINDOWS_ABSOLUTE.test(p);
}

export function dirname(p: string): string {
  const i = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  return i <= 0 ? (i === 0 ? p[0]! : '.') : p.slice(0, i);
}

/** Joins and normalises `.`/`..` segments, keeping the base's separator style. */
export function joinPath(base: string, rel: string): string {
  const sep = isWindowsHost(base) ? '\\' : '/';
  const parts = (base + sep + rel).split(/[\\/]+/);
  const out: string[] = [];
  for (const part of parts) {
    if (part === '.' || part === '') continue;
    if (part === '..') {
      if (out.length > 1 || (out.length === 1 && !/^[A-Za-z]:$/.test(out[0]!))) out.pop();
      continue;
    }
    out.push(part);
  }
  const joined = out.join(sep);
  return sep === '/' ? '/' + joined : joined;
}

/**
 * `to` relative to the folder `fromDir`, `/`-separated (both absolute, same style). Windows paths on
 * different drives give `to` itself.
 */
export function relativePath(fromDir: string, to: string): string {
  const win = isWindowsHost(fromDir);
  const split = (p: string) => p.split(/[\\/]+/).filter((x) => x !== '');
  const a = split(fromDir);
  const b = split(to);
  if (win && a[0]?.toLowerCase() !== b[0]?.toLowerCase()) return to;
  const same = (x: string, y: string) => (win ? x.toLowerCase() === y.toLowerCase() : x === y);
  let i = 0;
  while (i < a.length && i < b.length && same(a[i]!, b[i]!)) i++;
  const up = a.slice(i).map(() => '..');
  return [...up, ...b.slice(i)].join('/') || '.';
}

/** `child` is `root` or lies inside it (absolute paths of the same style). */
export function isInside(root: string, child: string): boolean {
  const r = relativePath(root, child);
  return r !== child && r !== '..' && !r.startsWith('../');
}

/** The places the trust file named `written` may be, in the order they are tried. */
export function locateCandidates(written: string, ctx: LocationContext): TrustLocation {
  const value = written.trim();
  if (value.startsWith('~')) {
    return { kind: 'machine-dependent', written, reason: l10n.t('a path in the home directory of the user that runs the client') };
  }
  if (/%[A-Za-z_]+%|\$\{?[A-Za-z_]/.test(value)) {
    return { kind: 'machine-dependent', written, reason: l10n.t('a path built from environment variables where the client runs') };
  }
  const docIsWindows = isWindowsHost(ctx.documentPath);
  if (isWindowsHost(value) !== docIsWindows && (isWindowsHost(value) || value.startsWith('/'))) {
    return { kind: 'machine-dependent', written, reason: isWindowsHost(value) ? l10n.t('a Windows path, for a client on another operating system') : l10n.t('a Unix path, for a client on another operating system') };
  }
  if (value.startsWith('/') || isWindowsHost(value)) return { kind: 'files', written, candidates: [{ path: value, basis: 'absolute' }] };
  const candidates: Candidate[] = [{ path: joinPath(dirname(ctx.documentPath), value), basis: 'document-folder' }];
  if (ctx.workspaceRoot) {
    const fromRoot = joinPath(ctx.workspaceRoot, value);
    if (fromRoot !== candidates[0]!.path) candidates.push({ path: fromRoot, basis: 'workspace-root' });
  }
  return { kind: 'files', written, candidates };
}

export type LocateResult =
  | { found: true; path: string; basis: CandidateBasis; stat: FileStat }
  | { found: false; tried: Candidate[]; notAFile?: { path: string; kind: FileStat['kind'] } };

/** The first candidate that exists as a regular file. Never opens anything. */
export async function findTrustFile(files: FileAccess, candidates: readonly Candidate[]): Promise<LocateResult> {
  let notAFile: { path: string; kind: FileStat['kind'] } | undefined;
  for (const c of candidates) {
    const stat = await files.stat(c.path);
    if (!stat) continue;
    if (stat.kind === 'file') return { found: true, path: c.path, basis: c.basis, stat };
    notAFile ??= { path: c.path, kind: stat.kind };
  }
  return notAFile ? { found: false, tried: [...candidates], notAFile } : { found: false, tried: [...candidates] };
}

export type ReadOutcome<T> = { ok: true; value: T } | { ok: false; error: FileAccessError };

/**
 * Parsed trust files, cached by path + size + modification time, so an unchanged file is parsed
 * once however many sites and documents name it.
 */
export class TrustFileCache<T> {
  private readonly entries = new Map<string, { key: string; outcome: ReadOutcome<T> }>();

  constructor(
    private readonly parse: (bytes: Uint8Array, path: string, password?: string) => T,
    private readonly maxEntries = 256,
  ) {}

  /**
   * `password` opens a PKCS#12 file; it is part of the cache key and never leaves memory. `guard`
   * runs the parsing; its TimeLimitError is thrown on, and nothing is cached.
   */
  async read(files: FileAccess, path: string, stat?: FileStat, password?: string, guard?: Guard): Promise<ReadOutcome<T>> {
    const s = stat ?? (await files.stat(path));
    if (!s) return { ok: false, error: new FileAccessError('not-found', `${path}: no such file`) };
    const key = `${s.size}:${s.mtimeMs}:${password === undefined ? '-' : '+' + password}`;
    const hit = this.entries.get(path);
    if (hit && hit.key === key) return hit.outcome;
    let outcome: ReadOutcome<T>;
    try {
      const bytes = await files.readFile(path, MAX_TRUST_FILE_BYTES);
      outcome = { ok: true, value: guarded(guard, () => this.parse(bytes, path, password)) };
    } catch (e) {
      if (e instanceof TimeLimitError) throw e;
      outcome = { ok: false, error: e instanceof FileAccessError ? e : new FileAccessError('io', `${path}: ${(e as Error).message}`) };
    }
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(path, { key, outcome });
    return outcome;
  }

  get size(): number {
    return this.entries.size;
  }
}
