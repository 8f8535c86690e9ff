/**
 * `.dbtrust.json`: the configuration the language server and the CLI share. The editor's `dbtrust.*`
 * settings have the same keys; where both set a value, `.dbtrust.json` wins (mergeConfigs).
 *
 *   {
 *     "rules": { "<rule-id>": "off|hint|info|warning|error" },
 *     "ignore": ["<gitignore-style pattern>"],
 *     "expiryWindowDays": 90,
 *     "providers": { "<host, *.suffix or *>": "<provider id>[:<AWS region>]" },
 *     "drivers": { "<gitignore-style pattern>": "<driver id>" },
 *     "trustStorePasswords": { "<path of a PKCS#12 trust file, relative to the config>": "<password>" }
 *   }
 */
import * as l10n from '@vscode/l10n';
import ignore from 'ignore';
import type { FileAccess } from './fileAccess';
import { HINTABLE_KINDS } from './hints';
import { PROVIDERS } from './providers/data';
import type { DriverId, SeveritySetting } from './types';
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
  /** Hosts declared to belong to a cloud provider, in the order written (the first match wins). */
  providers?: ProviderDeclaration[];
  /** Which driver reads the connection settings of matching files, where none is named in code. */
  drivers?: DriverHint[];
}

export interface ProviderDeclaration {
  /** `db.internal.example.com`, `*.corp.example` (any host ending so) or `*` (every host). */
  pattern: string;
  provider: string;
  region?: string;
}

export interface DriverHint {
  /** gitignore-style pattern, relative to the config's folder. */
  glob: string;
  driver: DriverId;
}

/** The keys a configuration may set. */
export const CONFIG_KEYS = ['rules', 'ignore', 'expiryWindowDays', 'providers', 'drivers', 'trustStorePasswords'] as const;

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
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    // Node's message quotes the text around the error, which may hold a connection string: only the
    // position is kept.
    const at = /position (\d+)/.exec((e as Error).message);
    const error = at ? l10n.t('{0}: not valid JSON at offset {1}; using the defaults.', source, at[1]!) : l10n.t('{0}: not valid JSON; using the defaults.', source);
    return { config: defaultConfig(), errors: [error] };
  }
  return parseConfigObject(raw, source);
}

/**
 * Validates a configuration object (a parsed `.dbtrust.json`, or the editor's `dbtrust.*` settings).
 * Invalid entries are reported and skipped; valid ones apply.
 */
export function parseConfigObject(raw: unknown, source: string): ConfigResult {
  const config = defaultConfig();
  const errors: string[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { config, errors: [l10n.t('{0}: expected a JSON object; using the defaults.', source)] };
  }
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (key === '$schema') continue;
    if (key === 'rules') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        errors.push(l10n.t('{0}: "rules" must be an object mapping rule ids to {1}.', source, SEVERITIES.join('|')));
        continue;
      }
      for (const [id, sev] of Object.entries(value as Record<string, unknown>)) {
        if (!RULE_IDS.includes(id)) {
          errors.push(l10n.t('{0}: unknown rule "{1}" in "rules" (known: {2}).', source, id, RULE_IDS.join(', ')));
        } else if (typeof sev !== 'string' || !SEVERITIES.includes(sev as SeveritySetting)) {
          errors.push(l10n.t('{0}: rule "{1}" has severity {2}; expected one of {3}.', source, id, JSON.stringify(sev), SEVERITIES.join('|')));
        } else {
          config.rules[id] = sev as SeveritySetting;
        }
      }
    } else if (key === 'ignore') {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
        errors.push(l10n.t('{0}: "ignore" must be an array of glob strings.', source));
        continue;
      }
      config.ignore = value as string[];
    } else if (key === 'expiryWindowDays') {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_EXPIRY_WINDOW_DAYS) {
        errors.push(l10n.t('{0}: "expiryWindowDays" must be a whole number of days from 0 to {1}.', source, MAX_EXPIRY_WINDOW_DAYS));
        continue;
      }
      config.expiryWindowDays = value;
    } else if (key === 'trustStorePasswords') {
      if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.values(value).some((v) => typeof v !== 'string')) {
        // Never quote the value: it holds passwords.
        errors.push(l10n.t('{0}: "trustStorePasswords" must be an object mapping trust file paths to password strings.', source));
        continue;
      }
      config.trustStorePasswords = { ...(value as Record<string, string>) };
    } else if (key === 'providers') {
      const parsed = parseProviders(value, source, errors);
      if (parsed.length > 0) config.providers = parsed;
    } else if (key === 'drivers') {
      const parsed = parseDrivers(value, source, errors);
      if (parsed.length > 0) config.drivers = parsed;
    } else {
      errors.push(l10n.t('{0}: unknown setting "{1}" (known: {2}).', source, key, CONFIG_KEYS.join(', ')));
    }
  }
  return { config, errors };
}

const PROVIDER_IDS = PROVIDERS.map((p) => p.id);
const HOST_PATTERN = /^(?:\*|(?:\*\.)?[a-z0-9_](?:[a-z0-9_.-]*[a-z0-9_])?)$/;
const AWS_REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
const MAX_ENTRIES = 1000;

function parseProviders(value: unknown, source: string, errors: string[]): ProviderDeclaration[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    errors.push(l10n.t('{0}: "providers" must be an object mapping host names (or *.suffix patterns) to provider ids.', source));
    return [];
  }
  const out: ProviderDeclaration[] = [];
  for (const [rawPattern, v] of Object.entries(value as Record<string, unknown>).slice(0, MAX_ENTRIES)) {
    const pattern = rawPattern.trim().toLowerCase().replace(/\.$/, '');
    if (!HOST_PATTERN.test(pattern) || pattern.length > 253) {
      errors.push(l10n.t('{0}: "providers" key {1} is not a host name, *.suffix pattern or *.', source, JSON.stringify(rawPattern.slice(0, 80))));
      continue;
    }
    const spec = typeof v === 'string' ? v.trim() : '';
    const [id = '', region, extra] = spec.split(':');
    if (!PROVIDER_IDS.includes(id as (typeof PROVIDER_IDS)[number]) || extra !== undefined) {
      errors.push(l10n.t('{0}: "providers" entry {1} names {2}; expected one of {3} (AWS ids may add :<region>, e.g. aws-rds:eu-west-1).', source, JSON.stringify(pattern), JSON.stringify(typeof v === 'string' ? v.slice(0, 80) : v), PROVIDER_IDS.join(', ')));
      continue;
    }
    const declaration: ProviderDeclaration = { pattern, provider: id };
    if (region !== undefined) {
      if (!id.startsWith('aws-') || !AWS_REGION.test(region)) {
        errors.push(l10n.t('{0}: "providers" entry {1}: a region ({2}) is only valid after aws-rds or aws-rds-proxy, written like eu-west-1.', source, JSON.stringify(pattern), JSON.stringify(region.slice(0, 40))));
        continue;
      }
      declaration.region = region;
    }
    out.push(declaration);
  }
  return out;
}

function parseDrivers(value: unknown, source: string, errors: string[]): DriverHint[] {
  const known = Object.keys(HINTABLE_KINDS);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    errors.push(l10n.t('{0}: "drivers" must be an object mapping file globs to driver ids ({1}).', source, known.join(', ')));
    return [];
  }
  const out: DriverHint[] = [];
  for (const [glob, driver] of Object.entries(value as Record<string, unknown>).slice(0, MAX_ENTRIES)) {
    if (glob.trim() === '') {
      errors.push(l10n.t('{0}: "drivers" has an empty glob.', source));
    } else if (typeof driver !== 'string' || !known.includes(driver)) {
      errors.push(l10n.t('{0}: "drivers" entry {1} names {2}; expected one of {3}.', source, JSON.stringify(glob.slice(0, 80)), JSON.stringify(typeof driver === 'string' ? driver.slice(0, 80) : driver), known.join(', ')));
    } else {
      out.push({ glob, driver: driver as DriverId });
    }
  }
  return out;
}

/**
 * The editor's settings overlaid with `.dbtrust.json` (`file`), so that the CLI, which reads only the
 * file, and the editor agree wherever the file speaks: per-rule severities merge rule by rule (the
 * file's win); ignore globs add up; the file's expiry window wins; provider declarations and driver
 * hints are tried the file's first; trust-store passwords come from the file only.
 */
export function mergeConfigs(editor: Config, file: Config): Config {
  const merged: Config = { rules: { ...editor.rules, ...file.rules }, ignore: [...editor.ignore, ...file.ignore] };
  const window = file.expiryWindowDays ?? editor.expiryWindowDays;
  if (window !== undefined) merged.expiryWindowDays = window;
  const providers = [...(file.providers ?? []), ...(editor.providers ?? [])];
  if (providers.length > 0) merged.providers = providers;
  const drivers = [...(file.drivers ?? []), ...(editor.drivers ?? [])];
  if (drivers.length > 0) merged.drivers = drivers;
  if (file.trustStorePasswords) merged.trustStorePasswords = { ...file.trustStorePasswords };
  return merged;
}

/** Reads and parses a config file. A missing file is not an error: the defaults apply. */
export async function loadConfig(files: FileAccess, path: string): Promise<ConfigResult> {
  const stat = await files.stat(path);
  if (!stat) return { config: defaultConfig(), errors: [] };
  let bytes: Uint8Array;
  try {
    bytes = await files.readFile(path, MAX_CONFIG_BYTES);
  } catch (e) {
    return { config: defaultConfig(), errors: [l10n.t('{0}: cannot be read ({1}); using the defaults.', path, (e as Error).message)] };
  }
  return parseConfig(new TextDecoder().decode(bytes), path);
}

/** A matcher for the config's ignore globs; paths are relative to the config's folder, `/`-separated. */
export function ignoreMatcher(config: Config): (relativePath: string) => boolean {
  if (config.ignore.length === 0) return () => false;
  const ig = ignore().add(config.ignore);
  return (rel) => rel !== '' && rel !== '..' && !rel.startsWith('../') && ig.ignores(rel);
}
