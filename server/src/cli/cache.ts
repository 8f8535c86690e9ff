/**
 * `dbtrust scan --cache`: what earlier scans found in each file, reused while the file and every file
 * its analysis read (trust files, `.env` files) are unchanged.
 *
 * A file's entry holds its stamp (kind, size, modification and change times in nanoseconds, inode) when
 * it was read, the SHA-1 of its content, its outcome (findings, or binary, certificate, too large) and
 * the stamps of the files its analysis read or looked for (a file that was absent must still be
 * absent). An entry is reused when every stamp is unchanged. A stamp within two seconds of the scan
 * that recorded it could hide a later write in the same clock tick: the file's content is then
 * compared by hash, and a dependency counts as changed.
 *
 * The whole cache is dropped when anything else that decides findings changes: dbtrust's build, the
 * configuration, the folder the scan runs from, --now (or, without it, the day), the language of the
 * messages. It is written gzip-compressed, so that a scan without --cache reads it as a binary file
 * and never reports what it quotes.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import type { FileAccess, FileStat } from '../engine';
import type { LocatedFinding } from './report';

const FORMAT = 1;
/** Stamps this close to the recording scan's start are not trusted alone (nanoseconds). */
const RACY_NS = 2_000_000_000n;

/** What a file came to, as far as it can be reused. */
export type CachedOutcome = { kind: 'linted'; findings: LocatedFinding[] } | { kind: 'certificate' } | { kind: 'binary' } | { kind: 'large' };

export interface CacheEntry {
  stamp: string;
  /** SHA-1 of the content (absent: the file was not read, e.g. too large). */
  hash?: string;
  outcome: CachedOutcome;
  /**
   * Files the analysis read or looked for, with their stamps, and the SHA-1 of the content of those
   * whose stamp was too recent to rely on alone.
   */
  deps: [string, string, string?][];
  /** When the scan that made the entry started (nanoseconds since the epoch, as a string). */
  since: string;
}

/** The cache as the scan threads get it: plain data. */
export interface CacheData {
  entries: Record<string, CacheEntry>;
  /** This scan's start (nanoseconds since the epoch). */
  since: string;
}

/** The stamp of a path: `f:size:mtimeNs:ctimeNs:ino` (`d` a directory, `o` anything else), `absent`, or `error`. */
export function stampOf(p: string): string {
  let s: fs.BigIntStats | undefined;
  try {
    s = fs.statSync(p, { bigint: true, throwIfNoEntry: false });
  } catch {
    return 'error';
  }
  if (!s) return 'absent';
  return `${s.isFile() ? 'f' : s.isDirectory() ? 'd' : 'o'}:${s.size}:${s.mtimeNs}:${s.ctimeNs}:${s.ino}`;
}

/** A stamp the scan that started at `since` cannot rely on alone (it may hide a write in the same tick). */
export function racyAt(stamp: string, since: string): boolean {
  return racy(stamp, BigInt(since));
}

function racy(stamp: string, since: bigint): boolean {
  const parts = stamp.split(':');
  if (parts.length !== 5) return false;
  const newest = BigInt(parts[2]!) > BigInt(parts[3]!) ? BigInt(parts[2]!) : BigInt(parts[3]!);
  return newest >= since - RACY_NS;
}

export function contentHash(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex');
}

/** The key of everything besides the files that decides a scan's findings. */
export function cacheKey(inputs: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify({ format: FORMAT, ...inputs })).digest('hex');
}

/** The hash of the running dbtrust build (its main script), so that another build starts a new cache. */
export function buildHash(): string {
  const script = require.main?.filename ?? __filename;
  try {
    return contentHash(fs.readFileSync(script));
  } catch {
    return 'unknown';
  }
}

/**
 * Reads a cache file: its entries when it is a cache of this format and key, else none (with the
 * reason, for the debug output).
 */
export function loadCache(file: string, key: string): { entries: Record<string, CacheEntry>; note?: string } {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    return { entries: {}, note: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no cache file yet' : `the cache file cannot be read (${(e as Error).message})` };
  }
  try {
    const data = JSON.parse(zlib.gunzipSync(bytes).toString('utf8')) as { format?: unknown; key?: unknown; entries?: unknown };
    if (data.format !== FORMAT || data.key !== key || typeof data.entries !== 'object' || data.entries === null) return { entries: {}, note: 'the cache was made by another build or with other settings: starting a new one' };
    return { entries: data.entries as Record<string, CacheEntry> };
  } catch {
    return { entries: {}, note: 'the cache file is not a dbtrust cache: starting a new one' };
  }
}

/**
 * Writes the cache: this scan's entries, and the earlier ones of files it did not visit that still
 * exist. Written to a temporary file first, then renamed over the old one. Throws on failure.
 */
export function saveCache(file: string, key: string, visited: Map<string, CacheEntry>, earlier: Record<string, CacheEntry>): void {
  const entries: Record<string, CacheEntry> = {};
  for (const [p, entry] of Object.entries(earlier)) if (!visited.has(p) && stampOf(p) !== 'absent') entries[p] = entry;
  for (const [p, entry] of visited) entries[p] = entry;
  const bytes = zlib.gzipSync(JSON.stringify({ format: FORMAT, key, entries }), { level: 1 });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, bytes);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * The entry of `abs` if it can be reused: 'hit' with the outcome; 'verify' when every stamp matches
 * but the file's own is too recent to rely on (compare the content's hash); undefined otherwise.
 */
export function lookup(cache: CacheData, abs: string, stamp: string): { state: 'hit' | 'verify'; entry: CacheEntry } | undefined {
  const entry = Object.prototype.hasOwnProperty.call(cache.entries, abs) ? cache.entries[abs] : undefined;
  if (!entry || entry.stamp !== stamp || stamp === 'error' || stamp === 'absent') return undefined;
  const since = BigInt(entry.since);
  for (const [dep, was, hash] of entry.deps) {
    if (was === 'error' || stampOf(dep) !== was) return undefined;
    if (racy(was, since) && (hash === undefined || fileHash(dep) !== hash)) return undefined;
  }
  return { state: racy(stamp, since) ? 'verify' : 'hit', entry };
}

/** Dependencies (trust files, `.env`) larger than this are not hashed: a recent change to one is a miss. */
const MAX_HASHED_DEP = 8 * 1024 * 1024;

/** The SHA-1 of a regular file's content (undefined: not a regular file, too large, unreadable). */
function fileHash(p: string): string | undefined {
  try {
    const s = fs.statSync(p);
    if (!s.isFile() || s.size > MAX_HASHED_DEP) return undefined;
    return contentHash(fs.readFileSync(p));
  } catch {
    return undefined;
  }
}

/** A FileAccess that notes every path it is asked about. */
export class RecordingFileAccess implements FileAccess {
  readonly paths = new Set<string>();

  constructor(private readonly inner: FileAccess) {}

  stat(p: string): Promise<FileStat | undefined> {
    this.paths.add(p);
    return this.inner.stat(p);
  }

  readFile(p: string, maxBytes: number): Promise<Uint8Array> {
    this.paths.add(p);
    return this.inner.readFile(p, maxBytes);
  }

  /** The stamps of the paths noted; with the content's hash where the stamp is recent (see racyAt). */
  deps(since: string): [string, string, string?][] {
    return [...this.paths].sort().map((p): [string, string, string?] => {
      const stamp = stampOf(p);
      const hash = stamp.startsWith('f:') && racyAt(stamp, since) ? fileHash(p) : undefined;
      return hash === undefined ? [p, stamp] : [p, stamp, hash];
    });
  }
}
