/**
 * Workspace folders and their `.dbtrust.json`. A document takes the config of the innermost
 * workspace folder that contains it; documents outside every folder (untitled, other schemes)
 * get the defaults.
 */
import * as l10n from '@vscode/l10n';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIG_FILE_NAME, CONFIG_KEYS, defaultConfig, ignoreMatcher, loadConfig, mergeConfigs, parseConfigObject } from '../engine';
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
  /** The editor's settings for documents outside every folder. */
  outside: Config;
  /** Problems in config files, one complete sentence each (names the file, never contents). */
  errors: string[];
}

/** Where the editor's `dbtrust.*` settings of a folder come from (undefined: the client has none to give). */
export type EditorSettingsSource = (folderUri: string | undefined) => Promise<unknown>;

/** The source named in messages about the editor's settings. */
export function editorSettingsName(): string {
  return l10n.t('The dbtrust settings');
}

/**
 * The editor's `dbtrust.*` settings as a Config (only the configuration keys; `trustStorePasswords`
 * is read from `.dbtrust.json` only, so that passwords stay out of settings that sync).
 */
export function editorConfig(raw: unknown): { config: ReturnType<typeof defaultConfig>; errors: string[] } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { config: defaultConfig(), errors: [] };
  const picked: Record<string, unknown> = {};
  for (const key of CONFIG_KEYS) {
    if (key === 'trustStorePasswords') continue;
    const value = (raw as Record<string, unknown>)[key];
    if (value !== undefined && value !== null) picked[key] = value;
  }
  return parseConfigObject(picked, editorSettingsName());
}

/**
 * Loads `<folder>/.dbtrust.json` for each `file:` folder URI, over the editor's settings for that
 * folder. `restrictToFolders` (untrusted workspace) makes the file access refuse anything outside the
 * folder, symbolic links included.
 */
export async function loadFolders(folderUris: readonly string[], restrictToFolders: boolean, editorSettings?: EditorSettingsSource): Promise<LoadedFolders> {
  const folders: FolderSettings[] = [];
  const errors: string[] = [];
  const fromEditor = async (uri: string | undefined) => {
    if (!editorSettings) return defaultConfig();
    let raw: unknown;
    try {
      raw = await editorSettings(uri);
    } catch {
      return defaultConfig(); // a client that cannot answer: no editor settings
    }
    const parsed = editorConfig(raw);
    errors.push(...parsed.errors);
    return parsed.config;
  };
  for (const uri of folderUris) {
    const loc = documentLocation(uri);
    if (!loc.isFile) continue;
    const files = new NodeFileAccess(restrictToFolders ? { roots: [loc.path] } : {});
    const editor = await fromEditor(uri);
    const { config: file, errors: errs } = await loadConfig(files, path.join(loc.path, CONFIG_FILE_NAME));
    errors.push(...errs);
    const config = mergeConfigs(editor, file);
    folders.push({ path: loc.path, config, ignores: ignoreMatcher(config) });
  }
  // Innermost first, so nested folders win.
  folders.sort((a, b) => b.path.length - a.path.length);
  const outside = await fromEditor(undefined);
  return { folders, outside, errors: [...new Set(errors)] };
}

export function settingsFor(folders: readonly FolderSettings[], uri: string, outside: Config = defaultConfig()): Settings {
  const loc = documentLocation(uri);
  if (loc.isFile) {
    for (const folder of folders) {
      const rel = relativeInside(folder.path, loc.path);
      if (rel === undefined) continue;
      return { config: folder.config, ignored: folder.ignores(rel), folder: folder.path };
    }
  }
  return { config: outside, ignored: false };
}
