/** Command-line parsing for `dbtrust`. Pure: argv in, a command or a usage error out. */
import { isLocaleTag } from '../engine/l10n';

export type Format = 'text' | 'json' | 'sarif';
export type FailOn = 'error' | 'warning' | 'info' | 'none';

/** The scan cache's file, in the current directory, when --cache-location does not name one. */
export const DEFAULT_CACHE_FILE = '.dbtrustcache';

export const FORMATS: readonly Format[] = ['text', 'json', 'sarif'];
export const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'info', 'none'];

export interface ScanOptions {
  paths: string[];
  format: Format;
  failOn: FailOn;
  /** "Today" for date-dependent checks, at 00:00 UTC. */
  now?: Date;
  /** The --config argument as written. */
  config?: string;
  /** --locale: the language of the messages (a bundle in l10n/; default English). */
  locale?: string;
  /** --jobs: threads that lint files, the main one included (default: one per core but one, at most 8). */
  jobs?: number;
  /** --cache / --cache-location: the file of the scan cache (relative to the current directory). */
  cache?: string;
}

export interface ProbeCliOptions {
  host: string;
  port: number;
  /** --connect-to: where to connect, the certificate still checked against host. */
  address?: string;
  sslrootcert?: string;
  sslnegotiation: 'postgres' | 'direct';
  timeoutMs: number;
  format: 'text' | 'json';
  now?: Date;
  /** --locale: the language of the messages (a bundle in l10n/; default English). */
  locale?: string;
}

export type Command =
  | { kind: 'help'; topic: 'main' | 'scan' | 'probe' }
  | { kind: 'version' }
  | { kind: 'scan'; options: ScanOptions }
  | { kind: 'probe'; options: ProbeCliOptions };

/** A mistake on the command line: exit status 2, one line on stderr. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const MAIN_HELP = `dbtrust: lints database connection strings and TLS trust settings.

Usage:
  dbtrust scan [PATH...] [options]   scan files and directories (default: .)
  dbtrust probe HOST[:PORT]          check the certificate chain a PostgreSQL server presents
  dbtrust --version                  print the version
  dbtrust --help                     print this help

Run 'dbtrust scan --help' for the scan options, 'dbtrust probe --help' for the probe's.
`;

export const PROBE_HELP = `Usage: dbtrust probe HOST[:PORT] [options]

Connects to a PostgreSQL server (default port 5432), asks for TLS the way a client
does, and shows the certificate chain the server presents: roles, issuers, expiry,
the cloud provider's expected roots. With --sslrootcert it says whether that trust
file verifies the chain and the host name for OpenSSL clients (libpq, psql,
node-postgres) and for Java (pgjdbc), and whether it survives an intermediate CA
rotation. It sends only the SSLRequest and the TLS handshake: no startup message,
no user name, no password.

Options:
  --sslrootcert FILE|system          the trust file a client uses (system: public roots)
  --connect-to ADDRESS[:PORT]        connect there instead (an SSH tunnel's local end);
                                     the certificate is still checked against HOST
  --sslnegotiation postgres|direct   SSLRequest first (default), or direct TLS with
                                     ALPN postgresql (PostgreSQL 17+)
  --timeout MS                       limit for the whole exchange (default: 10000)
  --format text|json                 output format (default: text)
  --now YYYY-MM-DD                   the date to use as "today" for expiry checks
  --locale LOCALE                    language of the messages, e.g. ja (default: English,
                                     or DBTRUST_LOCALE); the JSON shape does not change
  -h, --help                         print this help

IPv6 addresses go in brackets: [::1]:5432.

Exit status: 0 no error found, 1 an error-level finding (the chain or the trust file
fails), 2 usage error or the server could not be probed (refused, unreachable,
timeout, not PostgreSQL, no TLS).
`;

export const SCAN_HELP = `Usage: dbtrust scan [PATH...] [options]

Scans files and directories (default: the current directory) for database
connection strings with weak TLS settings.

Options:
  --format text|json|sarif           output format (default: text)
  --fail-on error|warning|info|none  lowest severity that makes the exit status 1
                                     (default: warning; none never fails)
  --now YYYY-MM-DD                   the date to use as "today" for date-dependent checks
  --config FILE                      configuration file (default: ./.dbtrust.json if present)
  --locale LOCALE                    language of the messages, e.g. ja (default: English,
                                     or DBTRUST_LOCALE); the JSON and SARIF shapes do not change
  --jobs N                           threads that lint files, 1 to 64 (default: one per
                                     core but one, at most 8); the output does not depend on it
  --cache                            reuse what earlier scans found in files that have not
                                     changed (kept in ./.dbtrustcache); the output is the same
  --cache-location FILE              the cache file (implies --cache)
  -h, --help                         print this help

Directories are walked recursively. .git and node_modules are skipped, as are
the scan cache (.dbtrustcache), files ignored by .gitignore files or by the
configuration's "ignore" globs, documentation (.md .markdown .mdx .rst .adoc
.asciidoc .html .htm), binary files and files over 2 MB.

Exit status: 0 no finding reaches --fail-on, 1 one does, 2 usage or internal error.
`;

const HINT = "run 'dbtrust --help' for usage";

function usage(message: string): UsageError {
  return new UsageError(`${message} (${HINT})`);
}

/** Parses a YYYY-MM-DD calendar date (proleptic Gregorian, UTC midnight); undefined if not a real date. */
export function parseDate(text: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // unlike Date.UTC, years 0-99 stay as written
  date.setUTCHours(0, 0, 0, 0);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date;
}

/** A value as echoed in an error message: short and on one line. */
function shown(value: string): string {
  const clean = value.replace(/[\u0000-\u001f\u007f]/g, '?');
  return clean.length > 40 ? clean.slice(0, 40) + '…' : clean;
}

/** Only the option's name is ever echoed, never a value (values may be secrets pasted by mistake). */
function optionName(arg: string): string {
  const eq = arg.indexOf('=');
  const name = eq < 0 ? arg : arg.slice(0, eq);
  return shown(name);
}

/**
 * The option at argv[i] with its value, written `--name=value` or `--name value`; `next` is the index
 * of the last argument it used. Unknown options and missing values are usage errors.
 */
function optionWithValue(argv: readonly string[], i: number, known: readonly string[]): { name: string; value: string; next: number } {
  const arg = argv[i]!;
  const eq = arg.indexOf('=');
  const name = eq >= 0 && arg.startsWith('--') ? arg.slice(0, eq) : arg;
  if (!known.includes(name)) throw usage(`unknown option '${optionName(arg)}'`);
  if (eq >= 0 && arg.startsWith('--')) return { name, value: arg.slice(eq + 1), next: i };
  if (i + 1 >= argv.length) throw usage(`option '${name}' needs a value`);
  return { name, value: argv[i + 1]!, next: i + 1 };
}

export function parseArgs(argv: readonly string[]): Command {
  if (argv.length === 0) throw usage('missing command');
  const [first, ...rest] = argv;
  if (first === '--help' || first === '-h' || first === 'help') return { kind: 'help', topic: 'main' };
  if (first === '--version' || first === '-v' || first === '-V') return { kind: 'version' };
  if (first === 'scan') return parseScan(rest);
  if (first === 'probe') return parseProbe(rest);
  if (first!.startsWith('-')) throw usage(`unknown option '${optionName(first!)}'`);
  throw usage(`unknown command '${optionName(first!)}'`);
}

function parseScan(argv: readonly string[]): Command {
  const options: ScanOptions = { paths: [], format: 'text', failOn: 'warning' };
  let help = false;
  let version = false;
  let onlyPaths = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (onlyPaths || arg === '-' || !arg.startsWith('-')) {
      options.paths.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPaths = true;
      continue;
    }
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (arg === '--version') {
      version = true;
      continue;
    }
    if (arg === '--cache') {
      options.cache ??= DEFAULT_CACHE_FILE;
      continue;
    }
    const { name, value, next } = optionWithValue(argv, i, ['--format', '--fail-on', '--now', '--config', '--locale', '--jobs', '--cache-location']);
    i = next;
    switch (name) {
      case '--format':
        if (!FORMATS.includes(value as Format)) {
          throw usage(`invalid --format '${shown(value)}': expected ${FORMATS.join(', ')}`);
        }
        options.format = value as Format;
        break;
      case '--fail-on':
        if (!FAIL_ON.includes(value as FailOn)) {
          throw usage(`invalid --fail-on '${shown(value)}': expected ${FAIL_ON.join(', ')}`);
        }
        options.failOn = value as FailOn;
        break;
      case '--now':
        options.now = nowOption(value);
        break;
      case '--config':
        if (value === '') throw usage(`option '--config' needs a file name`);
        options.config = value;
        break;
      case '--locale':
        options.locale = localeOption(value);
        break;
      case '--cache-location':
        if (value === '') throw usage(`option '--cache-location' needs a file name`);
        options.cache = value;
        break;
      case '--jobs': {
        const n = /^[0-9]{1,2}$/.test(value) ? Number(value) : Number.NaN;
        if (!(n >= 1 && n <= 64)) throw usage(`invalid --jobs '${shown(value)}': expected a whole number from 1 to 64`);
        options.jobs = n;
        break;
      }
    }
  }
  if (help) return { kind: 'help', topic: 'scan' };
  if (version) return { kind: 'version' };
  if (options.paths.length === 0) options.paths.push('.');
  return { kind: 'scan', options };
}

/** The value of --now (scan and probe): a calendar date. */
function nowOption(value: string): Date {
  const date = parseDate(value);
  if (!date) throw usage(`invalid --now '${shown(value)}': expected a calendar date YYYY-MM-DD`);
  return date;
}

/** The value of --locale (scan and probe): a language tag. */
function localeOption(value: string): string {
  if (!isLocaleTag(value)) throw usage(`invalid --locale '${shown(value)}': expected a language tag such as ja or ja-JP`);
  return value;
}

/**
 * `HOST`, `HOST:PORT`, `[IPv6]`, `[IPv6]:PORT`, or a bare IPv6 address. Anything else (a URI, a user
 * name, a password) is refused without being echoed.
 */
export function parseTarget(text: string): { host: string; port?: number } | undefined {
  let host: string;
  let port: string | undefined;
  const bracket = /^\[([0-9A-Fa-f:.%\w-]+)\](?::(\d+))?$/.exec(text);
  if (bracket) {
    host = bracket[1]!;
    port = bracket[2];
  } else if ((text.match(/:/g) ?? []).length > 1) {
    host = text;
  } else {
    const i = text.indexOf(':');
    host = i < 0 ? text : text.slice(0, i);
    port = i < 0 ? undefined : text.slice(i + 1);
  }
  if (!/^[A-Za-z0-9._:%-]+$/.test(host) || host.startsWith('-')) return undefined;
  if (port === undefined) return { host };
  if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) return undefined;
  return { host, port: Number(port) };
}

function parseProbe(argv: readonly string[]): Command {
  const options: ProbeCliOptions = { host: '', port: 5432, sslnegotiation: 'postgres', timeoutMs: 10000, format: 'text' };
  let target: string | undefined;
  let connectPort: number | undefined;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (!arg.startsWith('-')) {
      if (target !== undefined) throw usage('probe takes one HOST[:PORT]');
      target = arg;
      continue;
    }
    const { name, value, next } = optionWithValue(argv, i, ['--sslrootcert', '--connect-to', '--sslnegotiation', '--timeout', '--format', '--now', '--locale']);
    i = next;
    switch (name) {
      case '--sslrootcert':
        if (value === '') throw usage(`option '--sslrootcert' needs a file name`);
        options.sslrootcert = value;
        break;
      case '--connect-to': {
        const via = parseTarget(value);
        if (!via) throw usage('invalid --connect-to: expected ADDRESS[:PORT]');
        options.address = via.host;
        if (via.port !== undefined) connectPort = via.port;
        break;
      }
      case '--sslnegotiation':
        if (value !== 'postgres' && value !== 'direct') throw usage(`invalid --sslnegotiation '${shown(value)}': expected postgres, direct`);
        options.sslnegotiation = value;
        break;
      case '--timeout':
        if (!/^\d{1,7}$/.test(value) || Number(value) < 1) throw usage(`invalid --timeout '${shown(value)}': expected milliseconds, e.g. 5000`);
        options.timeoutMs = Number(value);
        break;
      case '--format':
        if (value !== 'text' && value !== 'json') throw usage(`invalid --format '${shown(value)}': expected text, json`);
        options.format = value;
        break;
      case '--now':
        options.now = nowOption(value);
        break;
      case '--locale':
        options.locale = localeOption(value);
        break;
    }
  }
  if (help) return { kind: 'help', topic: 'probe' };
  if (target === undefined) throw usage('probe needs HOST[:PORT]');
  const parsed = parseTarget(target);
  // The target is never echoed: a pasted connection string may hold a password.
  if (!parsed) throw usage('invalid probe target: expected HOST[:PORT] (a host name or IP address, not a connection string)');
  options.host = parsed.host;
  if (parsed.port !== undefined) options.port = parsed.port;
  if (connectPort !== undefined) options.port = connectPort;
  return { kind: 'probe', options };
}
