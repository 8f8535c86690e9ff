/** `dbtrust` as a function: argv and streams in, exit status out. main.ts wires it to the process. */
import * as path from 'node:path';
import { CONFIG_FILE_NAME, ignoreMatcher, loadConfig, VERSION } from '../engine';
import type { Config } from '../engine';
import { NodeFileAccess } from '../node/fileAccess';
import { useLocale } from '../node/l10n';
import { FileMark, fileTimeLimitMs, startStallReporter } from '../node/stall';
import { MAIN_HELP, parseArgs, PROBE_HELP, ScanOptions, SCAN_HELP, UsageError } from './args';
import { runProbe } from './probe';
import { formatJson } from './formats/json';
import { formatSarif } from './formats/sarif';
import { formatText } from './formats/text';
import { ScanPool } from './parallel';
import { defaultJobs, MIN_FILES_FOR_WORKERS, reaches, scanFiles } from './report';
import type { LintSettings, ScanHooks, ScanReport } from './report';
import { Walker } from './walk';
import { buildHash, cacheKey, type CacheEntry, loadCache, saveCache } from './cache';

export interface Io {
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
  /** DBTRUST_DEBUG=1: internal errors print their stack. */
  debug: boolean;
  /** DBTRUST_LOCALE: the language of the messages when --locale is not given (default English). */
  locale?: string;
  /** Where the message bundles are (default: l10n/ next to dist/). */
  l10nDir?: string;
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

/** An internal error's one-line description, with the stack only in debug mode. */
export function describeError(error: unknown, debug: boolean): string {
  if (debug && error instanceof Error && error.stack) return error.stack;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

export async function run(argv: readonly string[], io: Io): Promise<number> {
  let command;
  try {
    command = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`dbtrust: ${e.message}\n`);
      return EXIT_ERROR;
    }
    throw e;
  }
  // The engine's messages in the language asked for (English without one, or without its bundle).
  useLocale((command.kind === 'scan' ? command.options.locale : undefined) ?? io.locale, io.l10nDir);
  switch (command.kind) {
    case 'help':
      io.stdout(command.topic === 'scan' ? SCAN_HELP : command.topic === 'probe' ? PROBE_HELP : MAIN_HELP);
      return EXIT_OK;
    case 'version':
      io.stdout(`${VERSION}\n`);
      return EXIT_OK;
    case 'scan':
      return scan(command.options, io);
    case 'probe':
      return runProbe(command.options, io);
  }
}

interface LoadedConfig {
  config: Config;
  /** The folder the ignore globs are relative to. */
  dir: string;
}

async function readConfig(options: ScanOptions, io: Io): Promise<LoadedConfig | undefined> {
  const files = new NodeFileAccess();
  if (options.config !== undefined) {
    const abs = path.resolve(io.cwd, options.config);
    const stat = await files.stat(abs);
    if (!stat) {
      io.stderr(`dbtrust: config file not found: ${options.config}\n`);
      return undefined;
    }
    if (stat.kind !== 'file') {
      io.stderr(`dbtrust: config file is not a regular file: ${options.config}\n`);
      return undefined;
    }
    const { config, errors } = await loadConfig(files, abs);
    if (errors.length > 0) {
      for (const error of errors) io.stderr(`dbtrust: ${relativeMessage(error, abs, options.config)}\n`);
      return undefined;
    }
    return { config, dir: path.dirname(abs) };
  }
  const abs = path.join(io.cwd, CONFIG_FILE_NAME);
  const { config, errors } = await loadConfig(files, abs);
  for (const error of errors) io.stderr(`dbtrust: warning: ${relativeMessage(error, abs, CONFIG_FILE_NAME)}\n`);
  return { config, dir: io.cwd };
}

/** Whether a scan's cache entries are exactly the earlier ones (the cache file need not be written again). */
function unchanged(visited: Map<string, CacheEntry>, earlier: Record<string, CacheEntry>): boolean {
  if (visited.size !== Object.keys(earlier).length) return false;
  for (const [abs, entry] of visited) {
    const was = Object.prototype.hasOwnProperty.call(earlier, abs) ? earlier[abs] : undefined;
    if (!was || was.since !== entry.since || was.stamp !== entry.stamp) return false;
  }
  return true;
}

/** The engine names the config by the path it was given; show the path the user knows. */
function relativeMessage(message: string, abs: string, shown: string): string {
  return message.startsWith(abs + ':') ? shown + message.slice(abs.length) : message;
}

async function scan(options: ScanOptions, io: Io): Promise<number> {
  const loaded = await readConfig(options, io);
  if (!loaded) return EXIT_ERROR;
  const warn = (message: string): void => io.stderr(`dbtrust: warning: ${message}\n`);
  const settings: LintSettings = { cwd: io.cwd, config: loaded.config, configDir: loaded.dir };
  if (options.now) settings.now = options.now;
  const jobs = options.jobs ?? defaultJobs();
  const hooks: ScanHooks = {
    warn,
    internalError: (message, error) => io.stderr(`dbtrust: ${message}: ${describeError(error, io.debug)}\n`),
  };
  const debug = (message: string): void => {
    if (io.debug) io.stderr(`dbtrust: debug: ${message}\n`);
  };
  // --cache: the entries of earlier scans made with the same build and settings.
  let cache: { file: string; key: string; earlier: Record<string, CacheEntry>; visited: Map<string, CacheEntry>; reused: number } | undefined;
  if (options.cache !== undefined) {
    const file = path.resolve(io.cwd, options.cache);
    const key = cacheKey({
      build: buildHash(),
      version: VERSION,
      cwd: io.cwd,
      config: loaded.config,
      configDir: loaded.dir,
      // Without --now, findings that depend on the date hold for the day.
      now: options.now ? options.now.toISOString() : `today ${new Date().toISOString().slice(0, 10)}`,
      locale: options.locale ?? io.locale ?? '',
    });
    const { entries, note } = loadCache(file, key);
    if (note) debug(`cache: ${note}`);
    const since = String(BigInt(Date.now()) * 1_000_000n);
    cache = { file, key, earlier: entries, visited: new Map(), reused: 0 };
    const c = cache;
    settings.cache = { entries, since };
    hooks.cacheEntry = (abs, entry, reused) => {
      c.visited.set(abs, entry);
      if (reused) c.reused++;
    };
  }
  // A file whose analysis does not end within the limit: a scan thread is ended and the file
  // reported; this thread cannot be stopped, so the scan ends with a message naming the file.
  const timeLimit = fileTimeLimitMs();
  const mark = new FileMark();
  const reporter = startStallReporter(
    mark,
    timeLimit,
    `dbtrust: error: the analysis of {file} did not finish within ${timeLimit / 1000} s (an internal error); the scan is stopped. ` +
      `To scan without this file, add it to "ignore" in ${CONFIG_FILE_NAME}; please report it.\n`,
  );
  try {
    // Once the walk has found enough files for threads to pay off, they start and lint what it has
    // found so far while it goes on.
    let pool: ScanPool | undefined;
    let scanning: Promise<ScanReport> | undefined;
    const walker = new Walker({
      cwd: io.cwd,
      ...(cache ? { skip: cache.file } : {}),
      configIgnore: loaded.config.ignore.length > 0 ? { dir: loaded.dir, matches: ignoreMatcher(loaded.config) } : undefined,
      warn,
      onFile: (count) => {
        if (count === MIN_FILES_FOR_WORKERS && jobs > 1) {
          pool = new ScanPool(settings, jobs, { locale: options.locale ?? io.locale, l10nDir: io.l10nDir }, timeLimit, mark);
          scanning = pool.scan(walker.found, hooks);
        } else if (count % 64 === 0) pool?.more();
      },
    });
    let targets;
    try {
      targets = await walker.collect(options.paths);
    } catch (e) {
      pool?.abort();
      if (e instanceof UsageError) {
        io.stderr(`dbtrust: ${e.message}\n`);
        return EXIT_ERROR;
      }
      throw e;
    }
    pool?.walkEnded();
    debug(`${targets.length} files, ${pool ? `${pool.jobs} scan threads` : 'no scan threads'}`);
    const report = scanning ? await scanning : await scanFiles(targets, settings, hooks, mark);
    if (cache) {
      debug(`cache: ${cache.reused} of ${cache.visited.size} files reused`);
      try {
        if (!unchanged(cache.visited, cache.earlier)) saveCache(cache.file, cache.key, cache.visited, cache.earlier);
      } catch (e) {
        warn(`cannot write the cache file ${options.cache} (${e instanceof Error ? e.message : String(e)}); the next scan starts without it`);
      }
    }
    const output = options.format === 'json' ? formatJson(report) : options.format === 'sarif' ? formatSarif(report) : formatText(report);
    io.stdout(output);
    if (report.internalErrors > 0) return EXIT_ERROR;
    return report.findings.some((f) => reaches(f.severity, options.failOn)) ? EXIT_FINDINGS : EXIT_OK;
  } finally {
    reporter.stop();
  }
}
