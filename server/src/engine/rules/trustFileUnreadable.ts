/**
 * trust-file-unreadable: the trust file cannot do its job because it is missing, not a regular file,
 * unreadable, too large, or not a certificate at all (an HTML page saved under a .pem name, a private
 * key, a Git LFS pointer...), or because OpenSSL skips some of its blocks. Also `sslrootcert=system`
 * for drivers that have no such value and open a file named "system".
 *
 * A file missing from the workspace is information only: the client resolves relative paths from its
 * working directory, and absolute ones on the machine it runs on.
 */
import { PROBLEM_CODES } from '../trust';
import type { AnalysedSite } from '../types';
import { isInside, relativePath } from '../trustSource';
import { siteProvider, trustFileUsed, unloadableFor } from '../trustVerdict';
import { plural, trustLabel, trustSpan } from './trustCommon';
import { trustFixes } from './trustFixes';
import { docsUrl, Report, Rule, RuleContext } from './rule';

const ID = 'trust-file-unreadable';

/** A path for a message: relative to the workspace root when inside it. */
function shown(path: string, ctx: RuleContext): string {
  if (ctx.workspaceRoot !== undefined && isInside(ctx.workspaceRoot, path)) return relativePath(ctx.workspaceRoot, path);
  return path;
}

export const trustFileUnreadable: Rule = {
  meta: {
    id: ID,
    defaultSeverity: 'error',
    description: 'The trust file is missing, unreadable, or not a certificate (e.g. an HTML page saved under a .pem name).',
    docsUrl: docsUrl(ID),
    fixable: true,
  },
  check(a: AnalysedSite, ctx: RuleContext): Report[] {
    const { policy } = a;
    const t = policy.trust;
    if (t.kind !== 'file' || policy.dynamic || policy.rejected) return [];
    const span = trustSpan(a);
    const label = trustLabel(a);
    const provider = siteProvider(a.site, ctx.now);
    // node-postgres reads sslrootcert while parsing, whatever the mode; pgjdbc only when it verifies.
    if (t.path === 'system' && (policy.driver === 'node-postgres' || (policy.driver === 'pgjdbc' && trustFileUsed(policy)))) {
      const who = policy.driver === 'pgjdbc' ? 'pgjdbc has no sslrootcert=system: it opens a file named "system"' : 'node-postgres has no sslrootcert=system: pg-connection-string reads a file named "system" while parsing the string';
      return [{ span, message: `${label}: ${who}, so the connection fails (unless such a file exists where the client runs).`, fixes: trustFixes(a, provider, ctx) }];
    }
    if (!trustFileUsed(policy)) return [];
    const tf = a.trustFile;
    if (!tf) return [];
    switch (tf.state) {
      case 'machine-dependent':
        return [];
      case 'missing': {
        // Absolute paths usually name a place on the deployment target (a container, a server): a hint.
        const absolute = tf.tried.length === 1 && tf.tried[0]!.basis === 'absolute';
        const tried = tf.tried.map((c) => shown(c.path, ctx)).join(', ');
        const where = absolute ? 'is not on this machine' : `was not found (tried ${tried})`;
        return [
          {
            span,
            message: `${label}: the file ${where}. The client resolves it ${absolute ? 'on the machine it runs on' : 'from its working directory'}, so dbtrust could not check what it trusts.`,
            fixes: [],
            severity: absolute ? 'hint' : 'info',
          },
        ];
      }
      case 'not-a-file':
        return [{ span, message: `${label}: ${shown(tf.path, ctx)} is ${tf.kind === 'directory' ? 'a directory' : 'not a regular file (a FIFO, socket or device)'}, not a certificate file; the connection fails.`, fixes: trustFixes(a, provider, ctx) }];
      case 'unreadable': {
        if (tf.code === 'outside') {
          return [{ span, message: `${label}: ${shown(tf.path, ctx)} is outside the workspace, which is not trusted, so it was not read.`, fixes: [], severity: 'info' }];
        }
        const why =
          tf.code === 'too-large'
            ? 'is larger than 1 MB, so it was not read (a CA bundle is a few kilobytes to a few hundred)'
            : tf.code === 'denied'
              ? 'cannot be read here (permission denied), so dbtrust could not check what it trusts'
              : 'cannot be read';
        return [{ span, message: `${label}: ${shown(tf.path, ctx)} ${why}.`, fixes: [], ...(tf.code === 'denied' ? { severity: 'info' as const } : {}) }];
      }
      case 'read': {
        const file = tf.parsed.file;
        const errors = file.problems.filter((p) => p.severity === 'error');
        if (file.certificates.length === 0) {
          const pkcs12 = file.problems.some((p) => p.code === 'pkcs12-password-required' || p.code === 'pkcs12-wrong-password');
          const hint = pkcs12 ? ' Give its password under "trustStorePasswords" in .dbtrust.json.' : '';
          return [{ span, message: `${label}: ${shown(tf.path, ctx)} holds no certificate: it is ${file.description}.${hint}`, fixes: trustFixes(a, provider, ctx) }];
        }
        const unloadable = unloadableFor(policy.driver, file);
        if (unloadable) return [{ span, message: `${label}: ${unloadable}; the connection fails.`, fixes: trustFixes(a, provider, ctx) }];
        const skipped = file.certificates.filter((c) => c.defects && c.defects.length > 0);
        if (skipped.length === 0) return [];
        const first = errors.find((p) => skipped[0]!.defects!.includes(p.code));
        const detail = first ? ` (${PROBLEM_CODES[first.code]?.meaning ?? first.code})` : '';
        return [
          {
            span,
            message: `${label}: OpenSSL skips or rejects ${plural(skipped.length, 'certificate')} of ${shown(tf.path, ctx)}${detail}; open the file to see each problem.`,
            fixes: [],
            severity: 'warning',
          },
        ];
      }
    }
  },
};
