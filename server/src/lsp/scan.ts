/**
 * The workspace scan ("dbtrust: Scan Workspace"): every file the CLI would read in each workspace
 * folder (same walker: .gitignore, the configuration's ignore globs, no node_modules, no symbolic
 * links out of the folder, no FIFOs or devices), linted with the folder's configuration.
 */
import * as path from 'node:path';
import { FileAccessError, isCertificateFile, lintWithTrust } from '../engine';
import type { FileAccess, Guard, LintResult, TrustFileCache, ParsedTrustFile } from '../engine';
import { describeReadError, MAX_FILE_BYTES, textToLint } from '../cli/report';
import { Walker } from '../cli/walk';
import { NodeFileAccess } from '../node/fileAccess';
import type { FolderSettings } from './workspace';

export interface ScanTarget {
  abs: string;
  /** May read this file (confined to its folder). */
  files: FileAccess;
  folder: FolderSettings;
  /** The folder `files` confines reads to, when it does (a scan thread rebuilds the same access). */
  root?: string;
}

/** The files to scan, folder by folder (outer folders skip what a nested folder covers). */
export async function scanTargets(folders: readonly FolderSettings[], warn: (message: string) => void): Promise<ScanTarget[]> {
  const out: ScanTarget[] = [];
  const seen = new Set<string>();
  // `folders` is innermost first: a file belongs to its innermost folder, whose configuration applies.
  for (const folder of folders) {
    const walker = new Walker({
      cwd: folder.path,
      configIgnore: folder.config.ignore.length > 0 ? { dir: folder.path, matches: folder.ignores } : undefined,
      warn,
    });
    let targets;
    try {
      targets = await walker.collect([folder.path]);
    } catch (e) {
      warn(`${folder.path}: cannot be scanned (${(e as Error).name})`);
      continue;
    }
    for (const t of targets) {
      if (seen.has(t.abs)) continue;
      seen.add(t.abs);
      out.push(t.root === undefined ? { abs: t.abs, files: t.files, folder } : { abs: t.abs, files: t.files, folder, root: t.root });
    }
  }
  return out;
}

export type ScanOutcome = { kind: 'linted'; result: LintResult; text: string } | { kind: 'skipped'; why: string } | { kind: 'none' };

let scratch: Buffer | undefined;

/** Lints one file from disk with its folder's configuration. */
export async function scanFile(target: ScanTarget, trustFiles: FileAccess, cache: TrustFileCache<ParsedTrustFile>, now: Date, guard?: Guard): Promise<ScanOutcome> {
  // Certificate files are judged with the settings that use them (open them to see their diagnostics).
  if (isCertificateFile(target.abs)) return { kind: 'none' };
  let bytes: Uint8Array;
  try {
    const files = target.files;
    // Read into one buffer reused for every file (decoding copies the text out of it).
    bytes = files instanceof NodeFileAccess ? files.readFileSync(target.abs, MAX_FILE_BYTES, (scratch ??= Buffer.allocUnsafe(MAX_FILE_BYTES + 1))) : await files.readFile(target.abs, MAX_FILE_BYTES);
  } catch (e) {
    const code = e instanceof FileAccessError ? e.code : undefined;
    if (code === 'not-found' || code === 'not-a-file') return { kind: 'none' }; // gone, or replaced by a folder or a FIFO
    if (code === 'too-large') return { kind: 'skipped', why: `larger than ${MAX_FILE_BYTES / (1024 * 1024)} MB` };
    return { kind: 'skipped', why: `cannot be read (${describeReadError(e)})` };
  }
  const lintable = textToLint(bytes);
  if (typeof lintable === 'string') return { kind: 'none' }; // binary, or no connection keyword
  const { text, prefilterPassed } = lintable;
  const result = await lintWithTrust(text, {
    prefilterPassed,
    path: target.abs,
    config: target.folder.config,
    now,
    files: trustFiles,
    documentPath: target.abs,
    workspaceRoot: target.folder.path,
    configDir: target.folder.path,
    cache,
    ...(guard ? { guard } : {}),
  });
  return { kind: 'linted', result, text };
}

/** The folder holding `abs` among the loaded ones (innermost first). */
export function folderOf(folders: readonly FolderSettings[], abs: string): FolderSettings | undefined {
  return folders.find((f) => {
    const rel = path.relative(f.path, abs);
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  });
}
