/**
 * The only way the engine reaches the disk. The language server, the CLI and the tests each
 * provide an implementation; an untrusted workspace gets one that refuses paths outside it.
 */

export interface FileStat {
  kind: 'file' | 'directory' | 'other';
  size: number;
  mtimeMs: number;
}

/** `outside`: refused by the access policy (an untrusted workspace); `denied`: the operating system said no. */
export type FileAccessErrorCode = 'not-found' | 'not-a-file' | 'too-large' | 'denied' | 'outside' | 'io';

export class FileAccessError extends Error {
  constructor(
    readonly code: FileAccessErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'FileAccessError';
  }
}

export interface FileAccess {
  /** Metadata without following into the content; undefined when the path does not exist. */
  stat(path: string): Promise<FileStat | undefined>;
  /**
   * Reads a regular file of at most `maxBytes` bytes. Throws FileAccessError for anything else
   * (a directory, a FIFO, a device, a file over the cap, a path the policy forbids).
   */
  readFile(path: string, maxBytes: number): Promise<Uint8Array>;
}

/** A FileAccess over an in-memory map, for tests and for hosts with no disk. */
export class MemoryFileAccess implements FileAccess {
  private readonly files = new Map<string, { data: Uint8Array; mtimeMs: number }>();
  private clock = 0;

  constructor(files: Record<string, string | Uint8Array> = {}) {
    for (const [path, content] of Object.entries(files)) this.set(path, content);
  }

  set(path: string, content: string | Uint8Array): void {
    // Every write gets a new modification time, so caches keyed by size + mtime see it.
    this.files.set(path, { data: typeof content === 'string' ? new TextEncoder().encode(content) : content, mtimeMs: ++this.clock });
  }

  delete(path: string): void {
    this.files.delete(path);
  }

  async stat(path: string): Promise<FileStat | undefined> {
    const entry = this.files.get(path);
    if (entry) return { kind: 'file', size: entry.data.length, mtimeMs: entry.mtimeMs };
    const prefix = path.endsWith('/') ? path : path + '/';
    for (const key of this.files.keys()) if (key.startsWith(prefix)) return { kind: 'directory', size: 0, mtimeMs: 0 };
    return undefined;
  }

  async readFile(path: string, maxBytes: number): Promise<Uint8Array> {
    const data = this.files.get(path)?.data;
    if (!data) throw new FileAccessError('not-found', `${path}: no such file`);
    if (data.length > maxBytes) throw new FileAccessError('too-large', `${path}: larger than ${maxBytes} bytes`);
    return data;
  }
}
