/** A FileAccess that reads created files from memory and everything else from the disk. */
import { FileAccess, FileStat, MemoryFileAccess } from '../../../server/out/engine';
import { NodeFileAccess } from '../../../server/out/node/fileAccess';

export class OverlayFileAccess implements FileAccess {
  readonly memory = new MemoryFileAccess();
  private readonly written = new Set<string>();
  private readonly disk = new NodeFileAccess();

  write(path: string, content: string): void {
    this.memory.set(path, content);
    this.written.add(path);
  }

  async stat(path: string): Promise<FileStat | undefined> {
    return this.written.has(path) ? this.memory.stat(path) : this.disk.stat(path);
  }

  async readFile(path: string, maxBytes: number): Promise<Uint8Array> {
    return this.written.has(path) ? this.memory.readFile(path, maxBytes) : this.disk.readFile(path, maxBytes);
  }
}
