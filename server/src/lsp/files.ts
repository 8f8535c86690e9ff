/**
 * The language server's file access: the disk through NodeFileAccess (restricted to the workspace
 * folders in an untrusted workspace), with the text of open documents taking the place of their saved
 * content, so that editing a certificate file re-judges the settings that use it before it is saved.
 */
import { FileAccess, FileAccessError, FileStat } from '../engine';
import { NodeFileAccess } from '../node/fileAccess';
import { documentLocation } from './workspace';

/** The open documents, as far as file access needs them (the server's TextDocuments, or a copy of them). */
export interface OpenDocuments {
  all(): readonly { readonly uri: string; readonly version: number; getText(): string }[];
}

export class WorkspaceFileAccess implements FileAccess {
  private readonly disk: FileAccess;

  constructor(
    private readonly documents: OpenDocuments,
    roots: string[] | undefined,
  ) {
    this.disk = new NodeFileAccess(roots ? { roots } : {});
  }

  private openDocument(path: string): ReturnType<OpenDocuments['all']>[number] | undefined {
    for (const doc of this.documents.all()) {
      const loc = documentLocation(doc.uri);
      if (loc.isFile && loc.path === path) return doc;
    }
    return undefined;
  }

  async stat(path: string): Promise<FileStat | undefined> {
    const s = await this.disk.stat(path);
    const doc = s?.kind === 'file' ? this.openDocument(path) : undefined;
    if (!s || !doc) return s;
    // A changed buffer must look like a changed file to caches keyed by size + modification time.
    return { kind: 'file', size: Buffer.byteLength(doc.getText(), 'utf8'), mtimeMs: -doc.version };
  }

  async readFile(path: string, maxBytes: number): Promise<Uint8Array> {
    const doc = this.openDocument(path);
    if (!doc) return this.disk.readFile(path, maxBytes);
    // The same checks as for the disk (regular file, inside the allowed roots); the content is the buffer's.
    await this.disk.readFile(path, maxBytes);
    const bytes = new TextEncoder().encode(doc.getText());
    if (bytes.length > maxBytes) throw new FileAccessError('too-large', `${path}: over the ${maxBytes}-byte limit`);
    return bytes;
  }
}
