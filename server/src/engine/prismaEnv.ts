/**
 * Resolves `url = env("DATABASE_URL")` in a Prisma schema from the .env files Prisma loads, through
 * FileAccess only. Prisma's CLI reads, in order (prisma.io docs, "Environment variables: .env files"):
 * the project root's `.env`, the `.env` beside the schema, and `./prisma/.env`; a variable defined in
 * two of them is an error there. dbtrust takes the first file that defines the variable: the workspace
 * root's `.env`, the schema folder's, then the workspace root's `prisma/.env`.
 *
 * The resolved URL is judged in place of the env() call: every parameter's range is the env() call's
 * (findings land there), the URL's own text is never copied into the site, and no fix is offered (the
 * value lives in the .env file, whose own lint reports it with its own fixes).
 */
import * as l10n from '@vscode/l10n';
import { lastParam } from './extract/common';
import { parseUri } from './extract/uri';
import type { FileAccess } from './fileAccess';
import { interpret } from './interpret';
import type { Region } from './scan';
import { dirname, joinPath, relativePath } from './trustSource';
import type { LintResult, Param, Site, Span } from './types';
import { type Guard, guarded } from './guard';

/** .env files larger than this are not read. */
const MAX_ENV_BYTES = 256 * 1024;

export interface PrismaEnvContext {
  files: FileAccess;
  /** Absolute path of the schema. */
  documentPath: string;
  workspaceRoot?: string;
  /** Runs the synchronous steps: reading a .env file's text, reading the URL found (LintOptions.guard). */
  guard?: Guard;
}

/** Replaces each Prisma site whose URL is env("X") by the site of X's value, when a .env file defines it. */
export async function resolvePrismaEnv(result: LintResult, ctx: PrismaEnvContext): Promise<void> {
  const cache = new Map<string, Map<string, string> | undefined>();
  for (const analysed of result.sites) {
    const site = analysed.site;
    if (site.kind !== 'prisma') continue;
    const env = lastParam(site.params, 'env');
    if (!env || !env.dynamic) continue;
    const found = await lookup(env.value, ctx, cache);
    if (!found) continue;
    guarded(ctx.guard, () => {
      const resolved = resolvedSite(site, env, found.value, found.shown);
      if (!resolved) return;
      analysed.site = resolved;
      analysed.policy = interpret(resolved);
    });
  }
}

/** The .env files Prisma reads, in the order tried. */
export function envFileCandidates(ctx: PrismaEnvContext): string[] {
  const schemaDir = dirname(ctx.documentPath);
  const out: string[] = [];
  if (ctx.workspaceRoot) out.push(joinPath(ctx.workspaceRoot, '.env'));
  out.push(joinPath(schemaDir, '.env'));
  if (ctx.workspaceRoot) out.push(joinPath(ctx.workspaceRoot, 'prisma/.env'));
  return [...new Set(out)];
}

async function lookup(
  name: string,
  ctx: PrismaEnvContext,
  cache: Map<string, Map<string, string> | undefined>,
): Promise<{ value: string; shown: string } | undefined> {
  for (const path of envFileCandidates(ctx)) {
    if (!cache.has(path)) cache.set(path, await readEnvFile(ctx.files, path, ctx.guard));
    const vars = cache.get(path);
    const value = vars?.get(name);
    if (value === undefined) continue;
    const base = ctx.workspaceRoot ?? dirname(ctx.documentPath);
    return { value, shown: l10n.t('{0} in {1}', name, relativePath(base, path)) };
  }
  return undefined;
}

async function readEnvFile(files: FileAccess, path: string, guard?: Guard): Promise<Map<string, string> | undefined> {
  let bytes: Uint8Array;
  try {
    const stat = await files.stat(path);
    if (!stat || stat.kind !== 'file' || stat.size > MAX_ENV_BYTES) return undefined;
    bytes = await files.readFile(path, MAX_ENV_BYTES);
  } catch {
    return undefined;
  }
  return guarded(guard, () => parseDotenv(new TextDecoder().decode(bytes)));
}

/**
 * dotenv syntax as Prisma's loader (dotenv) reads it: `KEY=value`, an optional `export `, values in
 * single, double or back quotes (double quotes expand `\n`), `#` comments after unquoted values.
 * Values that expand other variables (`${X}`, dotenv-expand) are left out: they are decided at run time.
 */
export function parseDotenv(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  const line = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*[=:][ \t]*(?:'([^']*)'|"((?:\\.|[^"\\])*)"|`([^`]*)`|([^\r\n]*))/gm;
  for (let m = line.exec(text); m; m = line.exec(text)) {
    let value: string;
    if (m[2] !== undefined) value = m[2];
    else if (m[3] !== undefined) value = m[3].replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1');
    else if (m[4] !== undefined) value = m[4];
    else value = m[5]!.replace(/[ \t]+#.*$/, '').trim();
    if (m[2] === undefined && /\$\{?[A-Za-z_]/.test(value)) {
      vars.delete(m[1]!);
      continue;
    }
    vars.set(m[1]!, value);
  }
  return vars;
}

/** The site of a URL read from a .env file, placed at the env() call. Undefined when it is not a postgres URL. */
function resolvedSite(site: Site, env: Param, url: string, shown: string): Site | undefined {
  const scheme = /^postgres(?:ql)?:\/\//i.exec(url);
  if (!scheme) return undefined;
  const region: Region = { start: 0, end: url.length, text: url, kind: 'string', escape: 'none' };
  const draft = parseUri(region, 0, scheme[0].length, url.length);
  if (!draft) return undefined;
  const at: Span = env.keySpan;
  const params: Param[] = draft.params.map((p) => ({ key: p.key, value: p.value, keySpan: at, valueSpan: at, removeSpan: at, dynamic: p.dynamic }));
  params.push({ ...env, value: shown, dynamic: false });
  const adapter = lastParam(site.params, 'driverAdapter');
  if (adapter) params.push(adapter);
  const resolved: Site = {
    kind: 'prisma',
    span: site.span,
    params,
    hosts: draft.hosts,
    escape: site.escape,
    driver: site.driver,
    driverReason: site.driverReason,
  };
  if (site.anchor) resolved.anchor = site.anchor;
  if (draft.database !== undefined) resolved.database = draft.database;
  if (draft.user !== undefined) resolved.user = draft.user;
  if (draft.passwordSpan) resolved.passwordSpan = at;
  return resolved;
}
