/** Command-line parsing for `dbtrust`. Pure: argv in, a command or a usage error out. */

export type Format = 'text' | 'json' | 'sarif';
export type FailOn = 'error' | 'warning' | 'info' | 'none';

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
}

export type Command =
  | { kind: 'help'; topic: 'main' | 'scan' }
  | { kind: 'version' }
  | { kind: 'scan'; options: ScanOptions };

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
  dbtrust --version                  print the version
  dbtrust --help                     print this help

Run 'dbtrust scan --help' for the scan options.
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
  -h, --help                         print this help

Directories are walked recursively. .git and node_modules are skipped, as are
files ignored by .gitignore files or by the configuration's "ignore" globs,
documentation (.md .markdown .mdx .rst .adoc .asciidoc .html .htm), binary
files and files over 2 MB.

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

export function parseArgs(argv: readonly string[]): Command {
  if (argv.length === 0) throw usage('missing command');
  const [first, ...rest] = argv;
  if (first === '--help' || first === '-h' || first === 'help') return { kind: 'help', topic: 'main' };
  if (first === '--version' || first === '-v' || first === '-V') return { kind: 'version' };
  if (first === 'scan') return parseScan(rest);
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
    const eq = arg.indexOf('=');
    const name = eq >= 0 && arg.startsWith('--') ? arg.slice(0, eq) : arg;
    if (name !== '--format' && name !== '--fail-on' && name !== '--now' && name !== '--config') {
      throw usage(`unknown option '${optionName(arg)}'`);
    }
    let value: string;
    if (eq >= 0 && arg.startsWith('--')) {
      value = arg.slice(eq + 1);
    } else {
      if (i + 1 >= argv.length) throw usage(`option '${name}' needs a value`);
      value = argv[++i]!;
    }
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
      case '--now': {
        const date = parseDate(value);
        if (!date) throw usage(`invalid --now '${shown(value)}': expected a calendar date YYYY-MM-DD`);
        options.now = date;
        break;
      }
      case '--config':
        if (value === '') throw usage(`option '--config' needs a file name`);
        options.config = value;
        break;
    }
  }
  if (help) return { kind: 'help', topic: 'scan' };
  if (version) return { kind: 'version' };
  if (options.paths.length === 0) options.paths.push('.');
  return { kind: 'scan', options };
}
