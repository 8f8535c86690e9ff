/**
 * Workspace folders and their `.dbtrust.json`. A document takes the config of the innermost
 * workspace folder that contains it; documents outside every folder (untitled, other schemes)
 * get the defaults.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIG_FILE_NAME, defaultConfig, ignoreMatcher, loadConfig } from '../engine';
import type { Config } from '../engine';
import { NodeFileAccess } from '../node/fileAccess';
import { relativeInside } from '../node/paths';

export interface DocumentLocation {
  /** A file-system path for `file:` URIs, else the URI's decoded path (for language detection). */
  path: string;
  isFile: boolean;
}

export function documentLocation(uri: string): DocumentLocation {
  try {
    const url = new URL(uri);
    if (url.protocol === 'file:') return { path: fileURLToPath(url), isFile: true };
    let p = url.pathname;
    try {
      p = decodeURIComponent(p);
    } catch {
      // keep the encoded path
    }
    return { path: p, isFile: false };
  } catch {
    return { path: uri, isFile: false };
  }
}

export interface FolderSettings {
  /** File-system path of the folder. */
  path: string;
  config: Config;
  ignores: (relativePath: string) => boolean;
}

export interface Settings {
  config: Config;
  /** The innermost workspace folder holding the document (its config's folder), if any. */
  folder?: string;
  /** The document matches an ignore glob of its folder's config: it gets no diagnostics. */
  ignored: boolean;
}

export interface LoadedFolders {
  folders: FolderSettings[];
  /** Problems in config files, one complete sentence each (names the file, never contents). */
  errors: string[];
}

/**
 * Loads `<folder>/.dbtrust.json` for each `file:` folder URI. `restrictToFolders` (untrusted
 * workspace) makes the file access refuse anything outside the folder, symbolic links included.
 */
export async function loadFolders(folderUris: readonly string[], restrictToFolders: boolean): Promise<LoadedFolders> {
  const folders: FolderSettings[] = [];
  const errors: string[] = [];
  for (const uri of folderUris) {
    const loc = documentLocation(uri);
    if (!loc.isFile) continue;
    const files = new NodeFileAccess(restrictToFolders ? { roots: [loc.path] } : {});
    const { config, errors: errs } = await loadConfig(files, path.join(loc.path, CONFIG_FILE_NAME));
    errors.push(...errs);
    folders.push({ path: loc.path, config, ignores: ignoreMatcher(config) });
  }
  // Innermost first, so nested folders win.
  folders.sort((a, b) => b.path.length - a.path.length);
  return { folders, errors };
}


export function settingsFor(folders: readonly FolderSettings[], uri: string): Settings {
  const loc = documentLocation(uri);
  if (loc.isFile) {
    for (const folder of folders) {
      const rel = relativeInside(folder.path, loc.path);
      if (rel === undefined) continue;
      return { config: folder.config, ignored: folder.ignores(rel), folder: folder.path };
    }
  }
  return { config: defaultConfig(), ignored: false };
}
