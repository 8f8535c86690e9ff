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
import * as fs from 'node:fs';
import type { Dirent } from 'node:fs';
import * as path from 'node:path';
import ignore from 'ignore';
import { detectLanguage, FileAccess } from '../engine';
import { NodeFileAccess } from '../node/fileAccess';
import { relativeInside, relativeWithin } from '../node/paths';
import { DEFAULT_CACHE_FILE, UsageError } from './args';

const MAX_GITIGNORE_BYTES = 1024 * 1024;
type Ignore = ReturnType<typeof ignore>;

/** A file to scan, with the FileAccess that may read it (confined to its scan root). */
export interface Target {
  abs: string;
  files: FileAccess;
  /** The folder `files` confines reads to (a scan thread rebuilds the same access from it). */
  root?: string;
}

export interface WalkOptions {
  cwd: string;
  /** The configuration's ignore globs: the folder they are relative to and the matcher. */
  configIgnore?: { dir: string; matches: (relativePath: string) => boolean };
  /** Reports a problem that does not stop the scan (one line, no prefix). */
  warn: (message: string) => void;
  /** Called with the number of files found so far, each time one is added. */
  onFile?: (count: number) => void;
  /** A file that is never scanned (the scan cache's file), by absolute path. */
  skip?: string;
}

const CACHE_FILE_SUFFIX = path.sep + DEFAULT_CACHE_FILE;

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

/** A `.gitignore` that applies below a folder: the folder's path relative to the base (`''` or `a/b/`). */
interface Rules {
  prefix: string;
  ig: Ignore;
}

/** Whether the rules (outermost first) ignore a path relative to the base: the deepest matching rule decides. */
function ignoredBy(chain: readonly Rules[], rel: string, isDir: boolean): boolean {
  let result = false;
  for (const { prefix, ig } of chain) {
    const sub = rel.slice(prefix.length) + (isDir ? '/' : '');
    let t: { ignored: boolean; unignored: boolean };
    try {
      t = ig.test(sub);
    } catch {
      continue; // names the package refuses as non-relative (`...`): no rule applies
    }
    if (t.ignored) result = true;
    else if (t.unignored) result = false;
  }
  return result;
}

/** The `.gitignore` files below one base folder, loaded lazily and cached per folder. */
class GitIgnores {
  private readonly cache = new Map<string, Ignore | undefined>();

  constructor(
    readonly base: string,
    private readonly files: NodeFileAccess,
  ) {}

  load(dir: string): Ignore | undefined {
    if (this.cache.has(dir)) return this.cache.get(dir);
    let ig: Ignore | undefined;
    try {
      const bytes = this.files.readFileSync(path.join(dir, '.gitignore'), MAX_GITIGNORE_BYTES);
      ig = ignore({ ignorecase: IGNORE_CASE }).add(new TextDecoder().decode(bytes));
    } catch {
      ig = undefined; // absent, unreadable or not a regular file: no rules
    }
    this.cache.set(dir, ig);
    return ig;
  }

  /** The rules that apply inside `dir` (a folder at or below the base), outermost first. */
  chainFor(dir: string): Rules[] {
    const rel = relativeWithin(this.base, dir);
    if (rel === undefined) return [];
    const chain: Rules[] = [];
    let at = this.base;
    let prefix = '';
    const add = (): void => {
      const ig = this.load(at);
      if (ig) chain.push({ prefix, ig });
    };
    add();
    if (rel !== '') {
      for (const segment of rel.split('/')) {
        at = path.join(at, segment);
        prefix += segment + '/';
        add();
      }
    }
    return chain;
  }

  /**
   * Whether `abs` is ignored by the .gitignore files between the base and its folder (the deepest
   * file with a matching rule decides). Parent folders are not checked; see `ignoredWithParents`.
   */
  ignored(abs: string, isDir: boolean): boolean {
    const rel = relativeInside(this.base, abs);
    if (rel === undefined) return false;
    return ignoredBy(this.chainFor(path.dirname(abs)), rel, isDir);
  }

  /** Like `ignored`, and also true when a folder on the way down from the base is ignored. */
  ignoredWithParents(abs: string, isDir: boolean): boolean {
    const rel = relativeInside(this.base, abs);
    if (rel === undefined) return false;
    const segments = rel.split('/');
    let prefix = this.base;
    for (let i = 0; i < segments.length; i++) {
      prefix = path.join(prefix, segments[i]!);
      const last = i === segments.length - 1;
      if (this.ignored(prefix, last ? isDir : true)) return true;
    }
    return false;
  }
}

function exists(p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/** Lets other work run (the language server's requests) every so many folders of a long walk. */
const YIELD_EVERY_DIRS = 128;

export class Walker {
  private readonly plainFiles = new NodeFileAccess();
  private readonly gitIgnores = new Map<string, GitIgnores>();
  private readonly seenFiles = new Set<string>();
  private readonly seenDirs = new Set<string>();
  private readonly targets: Target[] = [];
  private dirsWalked = 0;

  constructor(private readonly options: WalkOptions) {}

  /** The files found so far (the list `collect` returns, growing while it runs). */
  get found(): readonly Target[] {
    return this.targets;
  }

  private display(abs: string): string {
    return displayPath(this.options.cwd, abs);
  }

  /** The .gitignore base for a scan root: the nearest folder holding `.git`, else the cwd or the root. */
  private gitIgnoresFor(start: string): GitIgnores {
    let base: string | undefined;
    for (let dir = start; ; ) {
      if (exists(path.join(dir, '.git'))) {
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
        stat = fs.statSync(abs);
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
      const git = this.gitIgnoresFor(isDir ? abs : path.dirname(abs));
      if (this.configIgnored(abs, isDir) || git.ignoredWithParents(abs, isDir)) {
        this.options.warn(`${this.display(abs)}: ignored by .gitignore or the configuration's "ignore" globs; not scanned`);
        continue;
      }
      if (isDir) {
        let realRoot: string;
        try {
          realRoot = fs.realpathSync(abs);
        } catch {
          continue;
        }
        const ci = this.options.configIgnore;
        await this.walkDir(abs, {
          realRoot,
          confined: new NodeFileAccess({ roots: [realRoot] }),
          chain: git.chainFor(abs),
          git,
          relGit: relPrefix(git.base, abs),
          relConfig: ci ? relPrefix(ci.dir, abs) : undefined,
        });
      } else if (!isProse(abs)) {
        this.add(abs, this.plainFiles);
      }
    }
    return this.targets;
  }

  private add(abs: string, files: FileAccess, root?: string): void {
    // The scan cache's file (by its default name anywhere, or where --cache-location puts it) is never scanned.
    if (this.seenFiles.has(abs) || abs === this.options.skip || abs.endsWith(CACHE_FILE_SUFFIX)) return;
    this.seenFiles.add(abs);
    this.targets.push(root === undefined ? { abs, files } : { abs, files, root });
    this.options.onFile?.(this.targets.length);
  }

  /**
   * Walks one folder. Paths relative to the .gitignore base and to the configuration's folder are
   * carried down as strings (`a/b/`; undefined when the folder is outside that folder), so no entry
   * needs its path resolved again.
   */
  private async walkDir(dir: string, at: WalkState): Promise<void> {
    if (++this.dirsWalked % YIELD_EVERY_DIRS === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    let entries: Dirent[];
    try {
      const st = fs.statSync(dir);
      const key = `${st.dev}:${st.ino}`;
      if (this.seenDirs.has(key)) return; // bind mounts and repeated roots
      this.seenDirs.add(key);
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code ?? 'error';
      this.options.warn(`${this.display(dir)}: cannot read the directory (${why}); skipped`);
      return;
    }
    entries.sort(byName);
    const ci = this.options.configIgnore;
    for (const entry of entries) {
      const name = entry.name;
      if (name === '.git') continue;
      const abs = dir + path.sep + name;
      const isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const real = fs.realpathSync(abs);
          if (relativeWithin(at.realRoot, real) === undefined) continue;
          const st = fs.statSync(real);
          if (st.isDirectory()) continue; // directory links are never followed
          isFile = st.isFile();
        } catch {
          continue; // dangling or looping link
        }
      }
      if (!isDir && !isFile) continue; // FIFOs, sockets, devices: never opened
      if (isFile && isProse(name)) continue;
      if (isDir && name === 'node_modules') continue;
      const relGit = at.relGit === undefined ? undefined : at.relGit + name;
      const relConfig = at.relConfig === undefined ? undefined : at.relConfig + name;
      if (ci && relConfig !== undefined && ci.matches(isDir ? relConfig + '/' : relConfig)) continue;
      if (relGit !== undefined && ignoredBy(at.chain, relGit, isDir)) continue;
      if (isDir) {
        let chain = at.chain;
        if (relGit !== undefined && fs.existsSync(abs + path.sep + '.gitignore')) {
          const ig = at.git.load(abs);
          if (ig) chain = [...chain, { prefix: relGit + '/', ig }];
        }
        await this.walkDir(abs, {
          ...at,
          chain,
          relGit: relGit === undefined ? undefined : relGit + '/',
          // the configuration's folder may lie below the scan root: its globs apply from there down
          relConfig: relConfig !== undefined ? relConfig + '/' : ci && abs === ci.dir ? '' : undefined,
        });
      } else {
        // A file the directory listing shows as a regular file lies inside the walked tree (directory
        // links are never followed): no need to resolve its path again. A link is read confined.
        if (entry.isSymbolicLink()) this.add(abs, at.confined, at.realRoot);
        else this.add(abs, this.plainFiles);
      }
    }
  }
}

interface WalkState {
  /** The scan root with its links resolved: file links are followed only to targets inside it. */
  realRoot: string;
  confined: FileAccess;
  git: GitIgnores;
  /** The .gitignore files that apply in the folder, outermost first. */
  chain: Rules[];
  /** The folder's path relative to the .gitignore base, ending in `/` (`''` at the base). */
  relGit: string | undefined;
  /** The folder's path relative to the configuration's folder, ending in `/`; undefined outside it. */
  relConfig: string | undefined;
}

/** `dir` relative to `base` as a prefix (`''` or `a/b/`); undefined when it is outside. */
function relPrefix(base: string, dir: string): string | undefined {
  const rel = relativeWithin(base, dir);
  return rel === undefined ? undefined : rel === '' ? '' : rel + '/';
}
