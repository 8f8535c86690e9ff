/**
 * Which files `dbtrust scan` reads. Directories are walked depth-first with entries sorted by name
 * (UTF-16 code-unit order), so the order never depends on the file system.
 *
 * - `.git` is always skipped; `node_modules` is skipped while walking (a path named on the command
 *   line is still scanned);
 * - `.gitignore` files apply with git's semantics, each relative to its own folder, from the
 *   repository root (the nearest folder holding `.git`, else the current directory) downwards;
 * - the configuration's `ignore` globs apply relative to the folder holding the configuration;
 * - symbolic links to directories are never followed (no loops, no leaving the tree); symbolic links
 *   to files are followed only when the target lies inside the directory being scanned;
 * - prose documentation (the engine's `prose` languages: Markdown, reStructuredText, AsciiDoc, HTML)
 *   is not scanned;
 * - FIFOs, sockets and devices are never opened.
 */
import { promises as fsp, Dirent } from 'node:fs';
import * as path from 'node:path';
import ignore from 'ignore';
import { detectLanguage, FileAccess } from '../engine';
import { NodeFileAccess } from '../node/fileAccess';
import { relativeInside, relativeWithin } from '../node/paths';
import { UsageError } from './args';

const MAX_GITIGNORE_BYTES = 1024 * 1024;
type Ignore = ReturnType<typeof ignore>;

/** A file to scan, with the FileAccess that may read it (confined to its scan root). */
export interface Target {
  abs: string;
  files: FileAccess;
}

export interface WalkOptions {
  cwd: string;
  /** The configuration's ignore globs: the folder they are relative to and the matcher. */
  configIgnore?: { dir: string; matches: (relativePath: string) => boolean };
  /** Reports a problem that does not stop the scan (one line, no prefix). */
  warn: (message: string) => void;
}

/** The path shown to the user: relative to the current directory, `/`-separated. */
export function displayPath(cwd: string, abs: string): string {
  const rel = path.relative(cwd, abs);
  if (rel === '') return '.';
  return rel.split(path.sep).join('/');
}

function byName(a: Dirent, b: Dirent): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Whether a file name is documentation prose the engine does not read. */
export function isProse(fileName: string): boolean {
  return detectLanguage(fileName).prose;
}

const IGNORE_CASE = process.platform === 'win32' || process.platform === 'darwin';

/** The `.gitignore` files below one base folder, loaded lazily and cached per folder. */
class GitIgnores {
  private readonly cache = new Map<string, Promise<Ignore | undefined>>();

  constructor(
    readonly base: string,
    private readonly files: FileAccess,
  ) {}

  private load(dir: string): Promise<Ignore | undefined> {
    let entry = this.cache.get(dir);
    if (!entry) {
      entry = this.files.readFile(path.join(dir, '.gitignore'), MAX_GITIGNORE_BYTES).then(
        (bytes) => ignore({ ignorecase: IGNORE_CASE }).add(new TextDecoder().decode(bytes)),
        () => undefined, // absent, unreadable or not a regular file: no rules
      );
      this.cache.set(dir, entry);
    }
    return entry;
  }

  /**
   * Whether `abs` is ignored by the .gitignore files between the base and its folder (the deepest
   * file with a matching rule decides). Parent folders are not checked; see `ignoredWithParents`.
   */
  async ignored(abs: string, isDir: boolean): Promise<boolean> {
    const rel = relativeInside(this.base, abs);
    if (rel === undefined) return false;
    const segments = rel.split('/');
    let result = false;
    let dir = this.base;
    for (let j = 0; j < segments.length; j++) {
      const ig = await this.load(dir);
      if (ig) {
        const sub = segments.slice(j).join('/') + (isDir ? '/' : '');
        let t: { ignored: boolean; unignored: boolean } = { ignored: false, unignored: false };
        try {
          t = ig.test(sub);
        } catch {
          // names the package refuses as non-relative (`...`): no rule applies
        }
        if (t.ignored) result = true;
        else if (t.unignored) result = false;
      }
      dir = path.join(dir, segments[j]!);
    }
    return result;
  }

  /** Like `ignored`, and also true when a folder on the way down from the base is ignored. */
  async ignoredWithParents(abs: string, isDir: boolean): Promise<boolean> {
    const rel = relativeInside(this.base, abs);
    if (rel === undefined) return false;
    const segments = rel.split('/');
    let prefix = this.base;
    for (let i = 0; i < segments.length; i++) {
      prefix = path.join(prefix, segments[i]!);
      const last = i === segments.length - 1;
      if (await this.ignored(prefix, last ? isDir : true)) return true;
    }
    return false;
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await fsp.lstat(p);
    return true;
  } catch {
    return false;
  }
}

export class Walker {
  private readonly plainFiles = new NodeFileAccess();
  private readonly gitIgnores = new Map<string, GitIgnores>();
  private readonly seenFiles = new Set<string>();
  private readonly seenDirs = new Set<string>();
  private readonly targets: Target[] = [];

  constructor(private readonly options: WalkOptions) {}

  private display(abs: string): string {
    return displayPath(this.options.cwd, abs);
  }

  /** The .gitignore base for a scan root: the nearest folder holding `.git`, else the cwd or the root. */
  private async gitIgnoresFor(start: string): Promise<GitIgnores> {
    let base: string | undefined;
    for (let dir = start; ; ) {
      if (await exists(path.join(dir, '.git'))) {
        base = dir;
        break;
      }
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    base ??= relativeWithin(this.options.cwd, start) !== undefined ? this.options.cwd : start;
    let g = this.gitIgnores.get(base);
    if (!g) {
      g = new GitIgnores(base, this.plainFiles);
      this.gitIgnores.set(base, g);
    }
    return g;
  }

  private configIgnored(abs: string, isDir: boolean): boolean {
    const ci = this.options.configIgnore;
    if (!ci) return false;
    const rel = relativeInside(ci.dir, abs);
    return rel !== undefined && ci.matches(isDir ? rel + '/' : rel);
  }

  /** Resolves the command-line paths to the files to scan, in order, each once. */
  async collect(inputs: readonly string[]): Promise<Target[]> {
    for (const input of inputs) {
      const abs = path.resolve(this.options.cwd, input);
      let stat;
      try {
        stat = await fsp.stat(abs);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') {
          throw new UsageError(`no such file or directory: ${input}`);
        }
        const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ELOOP' ? 'too many levels of symbolic links' : code ?? 'error';
        this.options.warn(`${this.display(abs)}: cannot be read (${why}); skipped`);
        continue;
      }
      const isDir = stat.isDirectory();
      if (!isDir && !stat.isFile()) {
        this.options.warn(`${this.display(abs)}: not a regular file or directory; skipped`);
        continue;
      }
      const git = await this.gitIgnoresFor(isDir ? abs : path.dirname(abs));
      if (this.configIgnored(abs, isDir) || (await git.ignoredWithParents(abs, isDir))) {
        this.options.warn(`${this.display(abs)}: ignored by .gitignore or the configuration's "ignore" globs; not scanned`);
        continue;
      }
      if (isDir) {
        let realRoot: string;
        try {
          realRoot = await fsp.realpath(abs);
        } catch {
          continue;
        }
        await this.walkDir(abs, realRoot, new NodeFileAccess({ roots: [realRoot] }), git);
      } else if (!isProse(abs)) {
        this.add(abs, this.plainFiles);
      }
    }
    return this.targets;
  }

  private add(abs: string, files: FileAccess): void {
    if (this.seenFiles.has(abs)) return;
    this.seenFiles.add(abs);
    this.targets.push({ abs, files });
  }

  private async walkDir(dir: string, realRoot: string, files: FileAccess, git: GitIgnores): Promise<void> {
    let entries: Dirent[];
    try {
      const st = await fsp.stat(dir);
      const key = `${st.dev}:${st.ino}`;
      if (this.seenDirs.has(key)) return; // bind mounts and repeated roots
      this.seenDirs.add(key);
      entries = await fsp.readdir(dir, { withFileTypes: true });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code ?? 'error';
      this.options.warn(`${this.display(dir)}: cannot read the directory (${why}); skipped`);
      return;
    }
    entries.sort(byName);
    for (const entry of entries) {
      const name = entry.name;
      if (name === '.git') continue;
      const abs = path.join(dir, name);
      const isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const real = await fsp.realpath(abs);
          if (relativeWithin(realRoot, real) === undefined) continue;
          const st = await fsp.stat(real);
          if (st.isDirectory()) continue; // directory links are never followed
          isFile = st.isFile();
        } catch {
          continue; // dangling or looping link
        }
      }
      if (isDir) {
        if (name === 'node_modules') continue;
        if (this.configIgnored(abs, true) || (await git.ignored(abs, true))) continue;
        await this.walkDir(abs, realRoot, files, git);
      } else if (isFile) {
        if (isProse(name)) continue;
        if (this.configIgnored(abs, false) || (await git.ignored(abs, false))) continue;
        // A file the directory listing shows as a regular file lies inside the walked tree (directory
        // links are never followed): no need to resolve its path again. A link is read confined.
        this.add(abs, entry.isSymbolicLink() ? files : this.plainFiles);
      }
      // FIFOs, sockets, devices: never opened
    }
  }
}
