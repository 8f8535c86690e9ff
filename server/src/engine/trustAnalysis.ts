/**
 * The asynchronous step between extraction and the trust rules: for each site that names a trust file,
 * locate it, read it through FileAccess (cached by path + size + mtime), and attach what it holds.
 * Rules stay synchronous and pure: they only look at what is attached here.
 */
import type { FileAccess, FileAccessErrorCode } from './fileAccess';
import { buildChains, readTrustFile } from './trust';
import type { ChainLink, TrustFileResult } from './trust';
import { Candidate, CandidateBasis, findTrustFile, locateCandidates, TrustFileCache } from './trustSource';
import type { AnalysedSite, LintResult } from './types';
import type { Guard } from './guard';

export interface ParsedTrustFile {
  file: TrustFileResult;
  chains: ChainLink[];
}

export type TrustFileAnalysis =
  | { state: 'read'; path: string; basis: CandidateBasis; parsed: ParsedTrustFile }
  | { state: 'missing'; tried: Candidate[] }
  | { state: 'not-a-file'; path: string; kind: string }
  | { state: 'unreadable'; path: string; code: FileAccessErrorCode; reason: string }
  | { state: 'machine-dependent'; reason: string };

export interface TrustContext {
  files: FileAccess;
  /** Absolute path of the linted document. */
  documentPath: string;
  workspaceRoot?: string;
  cache: TrustFileCache<ParsedTrustFile>;
  /** The configured password of a PKCS#12 trust file at this absolute path (trustStorePasswords). */
  passwordFor?: (path: string) => string | undefined;
  /** Runs the parsing of a trust file (LintOptions.guard). */
  guard?: Guard;
}

export function newTrustFileCache(): TrustFileCache<ParsedTrustFile> {
  return new TrustFileCache((bytes, path, password) => {
    const file = readTrustFile(bytes, path, password === undefined ? {} : { password });
    return { file, chains: buildChains(file.certificates) };
  });
}

/** The trust file a site names (sslrootcert, PGSSLROOTCERT), if any. */
function writtenTrustPath(site: AnalysedSite): string | undefined {
  const t = site.policy.trust;
  return t.kind === 'file' && !t.param.dynamic && t.path !== '' ? t.path : undefined;
}

export async function analyseTrustFile(written: string, ctx: TrustContext): Promise<TrustFileAnalysis> {
  const where = locateCandidates(written, ctx.workspaceRoot ? { documentPath: ctx.documentPath, workspaceRoot: ctx.workspaceRoot } : { documentPath: ctx.documentPath });
  if (where.kind === 'machine-dependent') return { state: 'machine-dependent', reason: where.reason };
  const found = await findTrustFile(ctx.files, where.candidates);
  if (!found.found) {
    return found.notAFile ? { state: 'not-a-file', path: found.notAFile.path, kind: found.notAFile.kind } : { state: 'missing', tried: found.tried };
  }
  const outcome = await ctx.cache.read(ctx.files, found.path, found.stat, ctx.passwordFor?.(found.path), ctx.guard);
  if (!outcome.ok) return { state: 'unreadable', path: found.path, code: outcome.error.code, reason: outcome.error.message };
  return { state: 'read', path: found.path, basis: found.basis, parsed: outcome.value };
}

/**
 * A trust-store password written at the site itself (`-Djavax.net.ssl.trustStorePassword=…`): the
 * password the client opens the store with, so it is tried before trustStorePasswords. It is read from
 * the param (its range is the site's passwordSpan) and goes only to the PKCS#12 reader.
 */
function writtenStorePassword(site: AnalysedSite): string | undefined {
  const params = site.site.params;
  for (let i = params.length - 1; i >= 0; i--) {
    const p = params[i]!;
    if (/truststorepassword$/i.test(p.key)) return p.dynamic ? undefined : p.value;
  }
  return undefined;
}

/** Attaches `trustFile` to every site of `result` that names a trust file. */
export async function attachTrustFiles(result: LintResult, ctx: TrustContext): Promise<void> {
  for (const site of result.sites) {
    const written = writtenTrustPath(site);
    if (written === undefined) continue;
    const password = writtenStorePassword(site);
    site.trustFile = await analyseTrustFile(written, password === undefined ? ctx : { ...ctx, passwordFor: () => password });
  }
}
