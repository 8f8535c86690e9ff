/** The engine's entry point: text → sites → policies → (trust files) → findings. */
import * as l10n from '@vscode/l10n';
import type { Config, DriverHint } from './config';
import { declaredProvidersOf, driverHintMatcher, relativeToDir } from './hints';
import { DEFAULT_EXPIRY_WINDOW_DAYS } from './config';
import { extractSites } from './extract';
import type { FileAccess } from './fileAccess';
import { interpret } from './interpret';
import { detectLanguage } from './language';
import { RULES } from './rules';
import type { RuleContext } from './rules/rule';
import { type AnalysisMemo, scanWithMemo } from './incremental';
import { resolvePrismaEnv } from './prismaEnv';
import { findSuppressions, isSuppressed } from './suppress';
import { LineIndex } from './text';
import { attachTrustFiles, ParsedTrustFile } from './trustAnalysis';
import { joinPath } from './trustSource';
import type { TrustFileCache } from './trustSource';
import type { AnalysedSite, Finding, LintResult, Severity } from './types';
import { redactShown } from './redact';
import { joinInsertions } from './edits';
import { type Guard, guarded } from './guard';
import { equalsIgnoringAsciiCase, isAsciiLetter } from './scan';

export { detectLanguage };

export interface LintOptions {
  /** File path or URI path: decides the syntax (and, with the language id, the driver). */
  path: string;
  /** The editor's language id, when known. */
  languageId?: string;
  config?: Config;
  /** "Today" for date-dependent checks (CLI --now). */
  now?: Date;
  /**
   * The folder of the configuration (its `drivers` globs and `trustStorePasswords` paths are relative
   * to it); without it neither applies.
   */
  configDir?: string;
  /** The text's line index, when the caller has one already (else built when a finding needs it). */
  lines?: LineIndex;
  /**
   * What the analysis of this document's previous version kept (one memo per document): the text is
   * then lexed again only around what changed. The result is the same with or without it.
   */
  memo?: AnalysisMemo;
  /**
   * The caller has found PREFILTER's words in this text already (mayHaveSites; the CLI's byte
   * prefilter): it is not searched again. Only a shortcut: the prefilter decides nothing but that a
   * text without its words has no site.
   */
  prefilterPassed?: boolean;
  /**
   * Runs each synchronous step (the extraction, each trust file's parsing, the rules); a guard that
   * bounds their time throws a TimeLimitError, which the lint lets through.
   */
  guard?: Guard;
}

/** What lintWithTrust needs to find and read the trust files the sites name. */
export interface TrustLintOptions extends LintOptions {
  files: FileAccess;
  /** Absolute path of the document (relative trust paths are tried from its folder). */
  documentPath: string;
  /** Absolute path of the workspace root (relative trust paths are tried from it too). */
  workspaceRoot?: string;
  /** Parsed trust files, shared across documents and runs. */
  cache: TrustFileCache<ParsedTrustFile>;
  /** Checked between the steps that read files: once aborted, the lint stops with an AbortedError. */
  signal?: { readonly aborted: boolean };
}

/** Thrown by lintWithTrust when its signal was aborted (a newer version of the text is on its way). */
export class AbortedError extends Error {
  constructor() {
    super('aborted');
    this.name = 'AbortedError';
  }
}

/**
 * Cheap literal prefilter: a file without any of these words has no site (mayHaveSites also leaves
 * out the matches notAWord rejects). Each extractor needs one of them: an ADO.NET string names its
 * server (`Server`, `Host`, `Data Source`, `Address`, `Addr`, `Network Address`) or a TLS key
 * (`SSL Mode`, `Encrypt`, `Trust Server Certificate`, `Host Name In Certificate`, `Root Certificate`,
 * `CA Certificate File`, in any spacing); a libpq keyword/value string `host`, `hostaddr`, `dbname` or
 * an `ssl` key; a Go MySQL DSN `tcp(` or `unix(`; and so on. The `prefilter` fuzz property checks it
 * against the extractors.
 */
export const PREFILTER = /postgres|PGSSL|ssl|jdbc:|dbname|host\s*=|hostaddr|host\s*name\s*in|encrypt|server\s*certificate|root\s*certificate|certificate\s*file|data\s*source|server\s*=|addr(?:ess)?\s*=|pgsql|InsecureSkipVerify|mysql|tcp\(|unix\(/i;

/**
 * Whether a text may hold a site: PREFILTER matches in it somewhere notAWord accepts. `re`:
 * PREFILTER, or BYTE_PREFILTER for bytes read as Latin-1.
 */
export function mayHaveSites(text: string, re: RegExp = PREFILTER): boolean {
  const all = GLOBAL.get(re) ?? GLOBAL.set(re, new RegExp(re.source, 'gi')).get(re)!;
  all.lastIndex = 0;
  for (let m = all.exec(text); m; m = all.exec(text)) {
    if (!notAWord(text, m.index, m[0].length)) return true;
    all.lastIndex = m.index + 1;
  }
  return false;
}

/**
 * A match of PREFILTER (`length` characters at `at`) that holds no keyword after all: `ssl` inside an
 * identifier (camelCaseSsl: `processLabel`, `classList`, `cssLoader`, a quarter of the benchmark
 * corpus's candidate files), or `address =` / `addr=` that is no ADO.NET key (addressKey:
 * `const address = …`). Looks at most 40 characters back, and only at ASCII characters, so that it
 * answers the same for a text and for its UTF-8 bytes read as Latin-1.
 */
export function notAWord(text: string, at: number, length: number): boolean {
  return camelCaseSsl(text, at, length) || (equalsIgnoringAsciiCase(text, at, 'addr') && !addressKey(text, at));
}


/**
 * Whether `Address`, `Addr` (or `Network Address`) at `at` is where an ADO.NET key can start: at the
 * start of the text or of a line, or after `;`, a quote, `=`, `:`, a backslash escape (`\t`) or a
 * character that is not ASCII, with spaces or tabs between. `const address = …`,
 * `local address="$1"` or `ipAddress=` are not.
 */
function addressKey(text: string, at: number): boolean {
  const floor = Math.max(0, at - 40);
  let k = at - 1;
  const skipSpaces = (): void => {
    while (k >= floor && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k--;
  };
  skipSpaces();
  // `Network Address`
  if (k - 6 >= floor && equalsIgnoringAsciiCase(text, k - 6, 'network')) {
    k -= 7;
    skipSpaces();
  }
  if (k < floor) return true; // the start of the text, or only spaces as far as it looks
  const c = text.charCodeAt(k);
  // Not ASCII (a byte of UTF-8, a byte-order mark, anything decoded): counted as a place a key can start.
  if (c >= 128) return true;
  if (c === 59 || c === 34 || c === 39 || c === 96 || c === 61 || c === 58 || c === 10 || c === 13) return true; // ; " ' ` = : line end
  // An escape sequence before the key (`"\tAddress=…"`).
  return isAsciiLetter(c) && k - 1 >= floor && text.charCodeAt(k - 1) === 92;
}

const GLOBAL = new Map<RegExp, RegExp>();

/**
 * The match of `length` characters at `at` is `ssL`, exactly in that case, between an ASCII letter
 * and a lowercase ASCII letter: inside a word, where a new camel-case word begins (`processLabel`).
 * Every driver setting that holds `ssl` starts with it (`sslmode`, `SslMode`, `ssl_ca`, `ssl:`) or
 * ends with it (`useSSL`, `requireSSL`); even the drivers that read keys in any case would need one
 * written `xssLy`.
 */
function camelCaseSsl(text: string, at: number, length: number): boolean {
  if (length !== 3 || text.charCodeAt(at) !== 115 || text.charCodeAt(at + 1) !== 115 || text.charCodeAt(at + 2) !== 76) return false;
  const next = text.charCodeAt(at + 3);
  return next >= 97 && next <= 122 && isAsciiLetter(text.charCodeAt(at - 1));
}

/**
 * The prefilter for a file's bytes, read one character per byte (Latin-1) before any decoding
 * (with mayHaveSites): true whenever the UTF-8 text passes PREFILTER. ASCII bytes are the same characters either way and
 * decoding never turns non-ASCII bytes into ASCII letters; a Unicode space (`\s`) is several bytes
 * of UTF-8, so between words any byte of 0x80 and above counts as one. (Not for UTF-16 text.)
 */
export const BYTE_PREFILTER = new RegExp(PREFILTER.source.replaceAll('\\s*', '[\\s\\x80-\\xff]*'), 'i');

/** The id of the finding that stands for a rule that failed (not a rule: it cannot be configured). */
export const INTERNAL_ERROR = 'internal-error';

const RANK: Record<Severity, number> = { hint: 0, info: 1, warning: 2, error: 3 };

/** Extraction and interpretation: the sites of a text with their effective policies. */
export function analyseSites(text: string, options: LintOptions): AnalysedSite[] {
  return guarded(options.guard, () => analyse(text, options));
}

function analyse(text: string, options: LintOptions): AnalysedSite[] {
  const language = detectLanguage(options.path, options.languageId);
  if (language.prose || (!options.prefilterPassed && !mayHaveSites(text))) return [];
  const { scan, view } = scanWithMemo(text, language.family, options.memo);
  const config = options.config;
  let hint: DriverHint | undefined;
  if (config?.drivers && options.configDir !== undefined) {
    const rel = relativeToDir(options.configDir, options.path);
    if (rel !== undefined) hint = driverHintMatcher(config.drivers)(rel);
  }
  const sites = extractSites(text, scan, language, hint, view);
  options.memo?.settle();
  if (config?.providers) {
    for (const site of sites) {
      const declared = declaredProvidersOf(site, config.providers);
      if (declared.length > 0) site.declaredProviders = declared;
    }
  }
  return sites.map((site) => ({ site, policy: interpret(site) }));
}

export function ruleContext(options: LintOptions & { documentPath?: string; workspaceRoot?: string }): RuleContext {
  const ctx: RuleContext = {
    now: options.now ?? new Date(),
    expiryWindowDays: options.config?.expiryWindowDays ?? DEFAULT_EXPIRY_WINDOW_DAYS,
  };
  if (options.documentPath !== undefined) ctx.documentPath = options.documentPath;
  if (options.workspaceRoot !== undefined) ctx.workspaceRoot = options.workspaceRoot;
  return ctx;
}

/** Runs every enabled rule over the sites; applies configured severities, the local downgrade and suppressions. */
export function runRules(text: string, sites: AnalysedSite[], config: Config | undefined, ctx: RuleContext, knownLines?: LineIndex): Finding[] {
  const findings: Finding[] = [];
  let lines: LineIndex | undefined = knownLines;
  let suppressions: ReturnType<typeof findSuppressions> | undefined;
  sites.forEach((analysed, index) => {
    for (const rule of RULES) {
      const configured = config?.rules[rule.meta.id];
      if (configured === 'off') continue;
      let reports: ReturnType<typeof rule.check>;
      try {
        reports = rule.check(analysed, ctx);
      } catch (e) {
        // One rule failing on one site must not hide every other finding: say so where it happened.
        // The error's message is not shown (it could quote the document).
        const kind = e instanceof Error ? e.name : typeof e;
        findings.push({
          ruleId: INTERNAL_ERROR,
          severity: 'warning',
          message: l10n.t('dbtrust could not check the rule {0} on this connection setting (internal error: {1}). Its findings here are missing; the other rules ran. Please report this with the "dbtrust" output.', rule.meta.id, kind),
          span: analysed.site.span,
          fixes: [],
          site: index,
        });
        continue;
      }
      for (const report of reports) {
        let severity: Severity = configured ?? report.severity ?? rule.meta.defaultSeverity;
        let message = report.message;
        // Local connections (loopback, Unix sockets) are reported, but only as information.
        const local = analysed.policy.local;
        if (local && RANK[severity] > RANK.info && !rule.meta.sameWhenLocal) {
          severity = 'info';
          message =
            local === 'socket'
              ? l10n.t('{0} (Reported as information: the connection uses a Unix-domain socket, where libpq ignores sslmode.)', message)
              : l10n.t('{0} (Reported as information: every host is on this machine.)', message);
        }
        lines ??= new LineIndex(text);
        suppressions ??= findSuppressions(text, lines);
        if (isSuppressed(suppressions, lines.positionAt(report.span.start).line, rule.meta.id)) continue;
        // A value quoted in a message or a fix title can hold what a malformed string put there
        // (`sslmode=password=…`): the same last-line redaction as the hover's.
        const fixes = report.fixes.map((f) => {
          const title = redactShown(f.title);
          const edits = joinInsertions(f.edits);
          return title === f.title && edits === f.edits ? f : { ...f, title, edits: [...edits] };
        });
        findings.push({ ruleId: rule.meta.id, severity, message: redactShown(message), span: report.span, fixes, site: index });
      }
    }
  });
  findings.sort((a, b) => a.span.start - b.span.start || a.ruleId.localeCompare(b.ruleId));
  // One setting read by two sites (an exported PGSSLMODE and the command string it completes) is
  // reported once.
  return findings.filter((f, i) => i === 0 || !findings.slice(Math.max(0, i - 8), i).some((g) => g.ruleId === f.ruleId && g.span.start === f.span.start && g.span.end === f.span.end));
}

/**
 * Lints a text without reading any file: the trust rules judge what the text itself says (modes,
 * retired file names, missing trust), not the content of trust files.
 */
export function lint(text: string, options: LintOptions): LintResult {
  const sites = analyseSites(text, options);
  if (sites.length === 0) return { sites, findings: [] };
  return { sites, findings: guardedRules(text, sites, options) };
}

function guardedRules(text: string, sites: AnalysedSite[], options: LintOptions): Finding[] {
  return guarded(options.guard, () => runRules(text, sites, options.config, ruleContext(options), options.lines ?? options.memo?.lineIndex(text)));
}

/** Resolves trustStorePasswords keys (relative to the config's folder, `/`-separated) to absolute paths. */
function passwordLookup(passwords: Record<string, string>, configDir: string): (path: string) => string | undefined {
  const byPath = new Map<string, string>();
  for (const [rel, password] of Object.entries(passwords)) byPath.set(normalise(joinPath(configDir, rel)), password);
  return (path) => byPath.get(normalise(path));
}

function normalise(p: string): string {
  return /^[A-Za-z]:[\\/]/.test(p) ? p.replace(/\//g, '\\').toLowerCase() : p;
}

/** Lints a text and opens the trust files its sites name (through options.files only). */
export async function lintWithTrust(text: string, options: TrustLintOptions): Promise<LintResult> {
  const sites = analyseSites(text, options);
  if (sites.length === 0) return { sites, findings: [] };
  const result: LintResult = { sites, findings: [] };
  const trust: Parameters<typeof attachTrustFiles>[1] = { files: options.files, documentPath: options.documentPath, cache: options.cache };
  if (options.guard) trust.guard = options.guard;
  if (options.workspaceRoot !== undefined) trust.workspaceRoot = options.workspaceRoot;
  const passwords = options.config?.trustStorePasswords;
  if (passwords && options.configDir !== undefined) trust.passwordFor = passwordLookup(passwords, options.configDir);
  const check = (): void => {
    if (options.signal?.aborted) throw new AbortedError();
  };
  check();
  await resolvePrismaEnv(result, trust);
  check();
  await attachTrustFiles(result, trust);
  check();
  result.findings = guardedRules(text, sites, options);
  return result;
}
