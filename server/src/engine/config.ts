/**
 * `.dbtrust.json`: the configuration the language server and the CLI share.
 *
 *   {
 *     "rules": { "<rule-id>": "off|hint|info|warning|error" },
 *     "ignore": ["<gitignore-style pattern>"],
 *     "expiryWindowDays": 90,
 *     "trustStorePasswords": { "<path of a PKCS#12 trust file, relative to the config>": "<password>" }
 *   }
 */
import ignore from 'ignore';
import type { FileAccess } from './fileAccess';
import type { SeveritySetting } from './types';
import { RULE_IDS } from './rules/ids';

export const CONFIG_FILE_NAME = '.dbtrust.json';
/** expiring-ca's default window. */
export const DEFAULT_EXPIRY_WINDOW_DAYS = 90;
const MAX_EXPIRY_WINDOW_DAYS = 3650;
const MAX_CONFIG_BYTES = 256 * 1024;

export interface Config {
  /** Per-rule severity overrides; rules not named keep their default. */
  rules: Record<string, SeveritySetting>;
  /** gitignore-style patterns, relative to the folder holding the config. */
  ignore: string[];
  /** expiring-ca reports CAs that expire within this many days (default 90). */
  expiryWindowDays?: number;
  /**
   * Passwords of PKCS#12 trust files, by path relative to the config's folder (`/`-separated).
   * Never shown in any output. JKS trust stores need none.
   */
  trustStorePasswords?: Record<string, string>;
}

export interface ConfigResult {
  config: Config;
  /** Problems found; each is a complete sentence naming the file. Valid parts still apply. */
  errors: string[];
}

export function defaultConfig(): Config {
  return { rules: {}, ignore: [] };
}

const SEVERITIES: readonly SeveritySetting[] = ['off', 'hint', 'info', 'warning', 'error'];

export function parseConfig(text: string, source: string): ConfigResult {
  const config = defaultConfig();
  const errors: string[] = [];
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    // Node's message quotes the text around the error, which may hold a connection string: only the
    // position is kept.
    const at = /position (\d+)/.exec((e as Error).message);
    const where = at ? ` at offset ${at[1]}` : '';
    return { config, errors: [`${source}: not valid JSON${where}; using the defaults.`] };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { config, errors: [`${source}: expected a JSON object; using the defaults.`] };
  }
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (key === '$schema') continue;
    if (key === 'rules') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        errors.push(`${source}: "rules" must be an object mapping rule ids to ${SEVERITIES.join('|')}.`);
        continue;
      }
      for (const [id, sev] of Object.entries(value as Record<string, unknown>)) {
        if (!RULE_IDS.includes(id)) {
          errors.push(`${source}: unknown rule "${id}" in "rules" (known: ${RULE_IDS.join(', ')}).`);
        } else if (typeof sev !== 'string' || !SEVERITIES.includes(sev as SeveritySetting)) {
          errors.push(`${source}: rule "${id}" has severity ${JSON.stringify(sev)}; expected one of ${SEVERITIES.join('|')}.`);
        } else {
          config.rules[id] = sev as SeveritySetting;
        }
      }
    } else if (key === 'ignore') {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
        errors.push(`${source}: "ignore" must be an array of glob strings.`);
        continue;
      }
      config.ignore = value as string[];
    } else if (key === 'expiryWindowDays') {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_EXPIRY_WINDOW_DAYS) {
        errors.push(`${source}: "expiryWindowDays" must be a whole number of days from 0 to ${MAX_EXPIRY_WINDOW_DAYS}.`);
        continue;
      }
      config.expiryWindowDays = value;
    } else if (key === 'trustStorePasswords') {
      if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.values(value).some((v) => typeof v !== 'string')) {
        // Never quote the value: it holds passwords.
        errors.push(`${source}: "trustStorePasswords" must be an object mapping trust file paths to password strings.`);
        continue;
      }
      config.trustStorePasswords = { ...(value as Record<string, string>) };
    } else {
      errors.push(`${source}: unknown setting "${key}" (known: rules, ignore, expiryWindowDays, trustStorePasswords).`);
    }
  }
  return { config, errors };
}

/** Reads and parses a config file. A missing file is not an error: the defaults apply. */
export async function loadConfig(files: FileAccess, path: string): Promise<ConfigResult> {
  const stat = await files.stat(path);
  if (!stat) return { config: defaultConfig(), errors: [] };
  let bytes: Uint8Array;
  try {
    bytes = await files.readFile(path, MAX_CONFIG_BYTES);
  } catch (e) {
    return { config: defaultConfig(), errors: [`${path}: cannot be read (${(e as Error).message}); using the defaults.`] };
  }
  return parseConfig(new TextDecoder().decode(bytes), path);
}

/** A matcher for the config's ignore globs; paths are relative to the config's folder, `/`-separated. */
export function ignoreMatcher(config: Config): (relativePath: string) => boolean {
  if (config.ignore.length === 0) return () => false;
  const ig = ignore().add(config.ignore);
  return (rel) => rel !== '' && rel !== '..' && !rel.startsWith('../') && ig.ignores(rel);
}
