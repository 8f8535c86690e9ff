/**
 * Fixes shared by the trust rules, as data:
 * - a root-only bundle for the site's provider, written to a new file, with the trust setting pointed
 *   at it (the file holds exactly the provider's current roots from the embedded set);
 * - `sslrootcert=system` (libpq 16+) where the provider's roots are publicly trusted.
 */
import * as l10n from '@vscode/l10n';
import { driverSpec } from '../drivers';
import { escapeFor } from '../scan';
import type { RootRef } from '../providers';
import { dirname, isInside, joinPath, relativePath } from '../trustSource';
import type { AnalysedSite, Edit, Fix, Param, Site } from '../types';
import type { ProviderView } from '../trustVerdict';
import { setModeEdit, valueEdit } from './fixes';
import type { RuleContext } from './rule';

const SLUG: Record<string, string> = {
  'azure-postgresql-flexible': 'azure-postgresql',
  'azure-mysql-flexible': 'azure-mysql',
  'aws-rds-proxy': 'aws-rds-proxy',
  supabase: 'supabase',
};

/** The roots a bundle for this provider holds: the current ones, without setup-specific extras. */
export function bundleRoots(provider: ProviderView): RootRef[] | undefined {
  const roots = provider.accepted?.filter((r) => r.condition === undefined);
  return roots && roots.length > 0 ? roots : undefined;
}

/** `azure-postgresql-roots.pem`, `aws-rds-eu-west-1-roots.pem`, `azure-postgresql-china-roots.pem`. */
export function bundleFileName(provider: ProviderView): string {
  const { match } = provider;
  let slug = match.provider.id === 'aws-rds' ? `aws-rds-${match.region ?? 'global'}` : (SLUG[match.provider.id] ?? match.provider.id);
  if (match.provider.id.startsWith('azure-') && match.cloud !== 'public') slug += `-${match.cloud}`;
  return `${slug}-roots.pem`;
}

/**
 * The bundle's text: each root with its name, fingerprint and validity above it (OpenSSL ignores text
 * outside blocks). File content, not a message: always English, so the file does not depend on the
 * language of whoever created it.
 */
export function bundleContent(provider: ProviderView, roots: RootRef[]): string {
  const head = `# Root CAs of ${provider.match.provider.name}${provider.match.region ? ` (${provider.match.region})` : ''}, as embedded in dbtrust.\n`;
  return (
    head +
    roots
      .map((r) => `\n# ${r.name}\n# SHA-256: ${r.sha256}\n# Valid until: ${r.notAfter.slice(0, 10)}\n${r.pem()}`)
      .join('')
  );
}

function trustParam(a: AnalysedSite): Param | undefined {
  const t = a.policy.trust;
  return t.kind === 'file' || t.kind === 'system' ? t.param : undefined;
}

function rootKey(site: Site): string {
  return site.kind === 'env' ? 'PGSSLROOTCERT' : 'sslrootcert';
}

function replaceValue(site: Site, p: Param, value: string): Edit {
  return valueEdit(site, p, value);
}

/** Adds `sslrootcert=value` (or PGSSLROOTCERT) where the site takes a new parameter. */
function insertParam(site: Site, key: string, value: string): Edit | undefined {
  // The key is libpq's: the ADO.NET and SQL Server drivers name their trust file otherwise (or have none).
  if (!site.insertion || site.kind === 'object' || site.kind === 'adonet' || ['npgsql', 'sqlclient', 'mysql-dotnet', 'mssql-jdbc', 'tedious'].includes(site.driver)) return undefined;
  const ins = site.insertion;
  return { span: { start: ins.offset, end: ins.offset }, newText: escapeFor(site.escape, `${ins.prefix}${key}${ins.assign}${value}${ins.suffix}`) };
}

function folderOf(written: string): string {
  const i = Math.max(written.lastIndexOf('/'), written.lastIndexOf('\\'));
  return i < 0 ? '' : written.slice(0, i + 1);
}

function isAbsolute(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]|^\\\\/.test(p);
}

/**
 * Where the new bundle goes and what the trust setting says afterwards. A relative setting keeps its
 * folder and is resolved from the base that matched (else the document's folder); an absolute one
 * inside the workspace keeps its folder; with no setting the file goes to `certs/` at the workspace
 * root (else beside the document) and the setting is relative to the document's folder. Absolute
 * paths outside the workspace and machine-dependent paths get no file: they belong to another machine.
 */
function placement(a: AnalysedSite, ctx: RuleContext, fileName: string): { path: string; value: string } | undefined {
  if (ctx.documentPath === undefined) return undefined;
  const docDir = dirname(ctx.documentPath);
  const param = trustParam(a);
  const tf = a.trustFile;
  if (param && a.policy.trust.kind === 'file') {
    const written = param.value.trim();
    if (tf?.state === 'machine-dependent' || written.startsWith('~')) return undefined;
    const value = folderOf(written) + fileName;
    if (isAbsolute(written)) {
      if (ctx.workspaceRoot === undefined || !isInside(ctx.workspaceRoot, value)) return undefined;
      return { path: joinPath(value, '.'), value };
    }
    const base = tf?.state === 'read' && tf.basis === 'workspace-root' && ctx.workspaceRoot !== undefined ? ctx.workspaceRoot : docDir;
    return { path: joinPath(base, value), value };
  }
  const root = ctx.workspaceRoot ?? docDir;
  const path = joinPath(root, `certs/${fileName}`);
  return { path, value: relativePath(docDir, path) };
}

/** "Create a root-only bundle for <provider>": a new file, and the trust setting pointed at it. */
export function rootBundleFix(a: AnalysedSite, provider: ProviderView | undefined, ctx: RuleContext): Fix | undefined {
  if (!provider) return undefined;
  const roots = bundleRoots(provider);
  if (!roots) return undefined;
  const { site, policy } = a;
  // The bundle is PEM: not for a driver that reads its trust file as a keystore only.
  if (!driverSpec(policy.driver).trustFormats.includes('pem')) return undefined;
  // pgjdbc with another SSL factory does not read sslrootcert.
  if (site.params.some((p) => p.key === 'sslfactory')) return undefined;
  const fileName = bundleFileName(provider);
  const where = placement(a, ctx, fileName);
  if (!where) return undefined;
  const param = trustParam(a);
  const edit = param ? replaceValue(site, param, where.value) : insertParam(site, rootKey(site), where.value);
  if (!edit) return undefined;
  const edits = [edit];
  // sslrootcert=system implied verify-full in libpq; with a file in its place, say verify-full.
  if (policy.trust.kind === 'system' && policy.driver === 'libpq' && policy.modeWritten === undefined) {
    const mode = setModeEdit(site, policy, 'verify-full');
    if (!mode) return undefined;
    edits.push(mode);
  }
  return {
    title: l10n.t('Create a root-only bundle for {0} ({1}) and use it', provider.match.provider.name, where.value),
    edits,
    files: [{ path: where.path, content: bundleContent(provider, roots) }],
    preferred: false,
  };
}

/** `sslrootcert=system` for libpq when the provider's roots are in the operating system's store. */
export function systemTrustFix(a: AnalysedSite, provider: ProviderView | undefined): Fix | undefined {
  const { site, policy } = a;
  if (!provider || !provider.match.provider.publiclyTrusted || policy.driver !== 'libpq' || site.kind === 'object') return undefined;
  if (policy.trust.kind === 'system') return undefined;
  const edits: Edit[] = [];
  const param = trustParam(a);
  const e = param ? replaceValue(site, param, 'system') : insertParam(site, rootKey(site), 'system');
  if (!e) return undefined;
  edits.push(e);
  // sslrootcert=system refuses any mode but verify-full.
  if (policy.modeWritten !== undefined && policy.modeWritten !== 'verify-full') {
    const m = setModeEdit(site, policy, 'verify-full');
    if (!m) return undefined;
    edits.push(m);
  }
  const key = rootKey(site);
  return { title: l10n.t("Use the operating system's trust store ({0}=system, libpq 16+)", key), edits, preferred: false };
}

/** The trust fixes that apply to a site of this provider, best first. */
export function trustFixes(a: AnalysedSite, provider: ProviderView | undefined, ctx: RuleContext): Fix[] {
  return [rootBundleFix(a, provider, ctx), systemTrustFix(a, provider)].filter((f): f is Fix => f !== undefined);
}
