/**
 * FileAccess on the real disk, shared by the language server and the CLI.
 * - regular files only: directories, FIFOs, sockets and devices are refused before any open();
 * - a byte cap checked on the stat and again while reading (a file that grows is cut off);
 * - an optional root: in an untrusted workspace nothing outside it (after resolving links) is read.
 */
import * as fs from 'node:fs';
import { promises as fsp, constants as fsc } from 'node:fs';
import { FileAccess, FileAccessError, FileStat } from '../engine/fileAccess';
import { relativeWithin } from './paths';

export interface NodeFileAccessOptions {
  /** When set, only paths inside these folders (after resolving symbolic links) may be read. */
  roots?: string[];
}

export class NodeFileAccess implements FileAccess {
  /** The roots with their links resolved (a file's real path is compared with them). */
  private realRoots: Promise<string[]> | undefined;
  private syncRoots: string[] | undefined;

  constructor(private readonly options: NodeFileAccessOptions = {}) {}

  private resolvedRoots(roots: string[]): Promise<string[]> {
    this.realRoots ??= Promise.all(roots.map((r) => fsp.realpath(r).catch(() => r)));
    return this.realRoots;
  }

  async stat(p: string): Promise<FileStat | undefined> {
    try {
      const s = await fsp.stat(p);
      return { kind: s.isFile() ? 'file' : s.isDirectory() ? 'directory' : 'other', size: s.size, mtimeMs: s.mtimeMs };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      // Something is there but cannot be looked at (a symbolic-link loop, no permission on a folder):
      // reported as a file, so that reading it surfaces the real reason instead of "no such file".
      return { kind: 'file', size: 0, mtimeMs: Number.NaN };
    }
  }

  async readFile(p: string, maxBytes: number): Promise<Uint8Array> {
    // Confined to roots: the real path (symbolic links resolved) must lie inside one of them.
    let real = p;
    if (this.options.roots) {
      try {
        real = await fsp.realpath(p);
      } catch (e) {
        throw toError(p, e);
      }
      const roots = await this.resolvedRoots(this.options.roots);
      if (!roots.some((root) => relativeWithin(root, real) !== undefined)) {
        throw new FileAccessError('outside', `${p}: outside the workspace, not read in an untrusted workspace`);
      }
    }
    // O_NONBLOCK: a FIFO opens at once (and is then refused by the stat of the open file), so a path
    // swapped for one never blocks. What was opened is checked, not what the path named before.
    const handle = await fsp.open(real, fsc.O_RDONLY | fsc.O_NONBLOCK).catch((e: unknown) => {
      throw toError(p, e);
    });
    try {
      const buf = Buffer.alloc(readSize(p, await handle.stat(), maxBytes));
      let total = 0;
      for (;;) {
        const { bytesRead } = await handle.read(buf, total, buf.length - total, total);
        if (bytesRead === 0) break;
        total += bytesRead;
        if (total > maxBytes) throw new FileAccessError('too-large', `${p}: over the ${maxBytes}-byte limit`);
        if (total === buf.length) break;
      }
      return new Uint8Array(buf.buffer, buf.byteOffset, total);
    } finally {
      await handle.close();
    }
  }

  /**
   * `readFile` without yielding: the same checks on the opened file, in blocking calls. For threads
   * that do nothing else (the CLI's scan workers), where it costs a fraction of the promise-based read.
   */
  readFileSync(p: string, maxBytes: number, scratch?: Buffer): Uint8Array {
    let real = p;
    if (this.options.roots) {
      try {
        real = fs.realpathSync(p);
      } catch (e) {
        throw toError(p, e);
      }
      this.syncRoots ??= this.options.roots.map((r) => {
        try {
          return fs.realpathSync(r);
        } catch {
          return r;
        }
      });
      if (!this.syncRoots.some((root) => relativeWithin(root, real) !== undefined)) {
        throw new FileAccessError('outside', `${p}: outside the workspace, not read in an untrusted workspace`);
      }
    }
    let fd: number;
    try {
      fd = fs.openSync(real, fsc.O_RDONLY | fsc.O_NONBLOCK);
    } catch (e) {
      throw toError(p, e);
    }
    try {
      const want = readSize(p, fs.fstatSync(fd), maxBytes);
      const buf = scratch && scratch.length >= maxBytes + 1 ? scratch.subarray(0, want) : Buffer.allocUnsafe(want);
      let total = 0;
      for (;;) {
        let bytesRead: number;
        try {
          bytesRead = fs.readSync(fd, buf, total, buf.length - total, total);
        } catch (e) {
          throw toError(p, e);
        }
        if (bytesRead === 0) break;
        total += bytesRead;
        if (total > maxBytes) throw new FileAccessError('too-large', `${p}: over the ${maxBytes}-byte limit`);
        if (total === buf.length) break;
      }
      return new Uint8Array(buf.buffer, buf.byteOffset, total);
    } finally {
      fs.closeSync(fd);
    }
  }
}


/**
 * What was opened must be a regular file within the cap: the buffer to read it into is one byte
 * larger than it, so that a file that grew meanwhile is seen to.
 */
function readSize(p: string, opened: fs.Stats, maxBytes: number): number {
  if (!opened.isFile()) throw new FileAccessError('not-a-file', `${p}: ${opened.isDirectory() ? 'a directory' : 'not a regular file'}`);
  if (opened.size > maxBytes) throw new FileAccessError('too-large', `${p}: ${opened.size} bytes, over the ${maxBytes}-byte limit`);
  return Math.min(maxBytes, opened.size) + 1;
}

function toError(p: string, e: unknown): FileAccessError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new FileAccessError('not-found', `${p}: no such file`);
  if (code === 'EACCES' || code === 'EPERM') return new FileAccessError('denied', `${p}: permission denied`);
  if (code === 'ELOOP') return new FileAccessError('io', `${p}: too many levels of symbolic links`);
  return new FileAccessError('io', `${p}: ${(e as Error).message}`);
}
