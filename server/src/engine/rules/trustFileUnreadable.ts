/**
 * trust-file-unreadable: the trust file cannot do its job because it is missing, not a regular file,
 * unreadable, too large, or not a certificate at all (an HTML page saved under a .pem name, a private
 * key, a Git LFS pointer...), or because OpenSSL skips some of its blocks. Also `sslrootcert=system`
 * for drivers that have no such value and open a file named "system".
 *
 * A file missing from the workspace is information only: the client resolves relative paths from its
 * working directory, and absolute ones on the machine it runs on.
 */
import * as l10n from '@vscode/l10n';
import { problemMeaning } from '../trust';
import type { AnalysedSite } from '../types';
import { isInside, relativePath } from '../trustSource';
import { siteProvider, trustFileUsed, unloadableFor } from '../trustVerdict';
import { certificates, trustLabel, trustSpan } from './trustCommon';
import { trustFixes } from './trustFixes';
import { sentences } from '../l10n';
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
    get description() {
      return l10n.t('The trust file is missing, unreadable, or not a certificate (e.g. an HTML page saved under a .pem name).');
    },
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
      const why =
        policy.driver === 'pgjdbc'
          ? l10n.t('pgjdbc has no sslrootcert=system: it opens a file named "system", so the connection fails (unless such a file exists where the client runs).')
          : l10n.t('node-postgres has no sslrootcert=system: pg-connection-string reads a file named "system" while parsing the string, so the connection fails (unless such a file exists where the client runs).');
      return [{ span, message: `${label}: ${why}`, fixes: trustFixes(a, provider, ctx) }];
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
        const why = absolute
          ? l10n.t('the file is not on this machine. The client resolves it on the machine it runs on, so dbtrust could not check what it trusts.')
          : l10n.t('the file was not found (tried {0}). The client resolves it from its working directory, so dbtrust could not check what it trusts.', tried);
        return [
          {
            span,
            message: `${label}: ${why}`,
            fixes: [],
            severity: absolute ? 'hint' : 'info',
          },
        ];
      }
      case 'not-a-file':
        const why =
          tf.kind === 'directory'
            ? l10n.t('{0} is a directory, not a certificate file; the connection fails.', shown(tf.path, ctx))
            : l10n.t('{0} is not a regular file (a FIFO, socket or device), not a certificate file; the connection fails.', shown(tf.path, ctx));
        return [{ span, message: `${label}: ${why}`, fixes: trustFixes(a, provider, ctx) }];
      case 'unreadable': {
        if (tf.code === 'outside') {
          return [{ span, message: `${label}: ${l10n.t('{0} is outside the workspace, which is not trusted, so it was not read.', shown(tf.path, ctx))}`, fixes: [], severity: 'info' }];
        }
        const why =
          tf.code === 'too-large'
            ? l10n.t('{0} is larger than 1 MB, so it was not read (a CA bundle is a few kilobytes to a few hundred).', shown(tf.path, ctx))
            : tf.code === 'denied'
              ? l10n.t('{0} cannot be read here (permission denied), so dbtrust could not check what it trusts.', shown(tf.path, ctx))
              : l10n.t('{0} cannot be read ({1}).', shown(tf.path, ctx), osReason(tf.path, tf.reason));
        return [{ span, message: `${label}: ${why}`, fixes: [], ...(tf.code === 'denied' ? { severity: 'info' as const } : {}) }];
      }
      case 'read': {
        const file = tf.parsed.file;
        const errors = file.problems.filter((p) => p.severity === 'error');
        if (file.certificates.length === 0) {
          const pkcs12 = file.problems.some((p) => p.code === 'pkcs12-password-required' || p.code === 'pkcs12-wrong-password');
          const what = l10n.t('{0} holds no certificate: it is {1}.', shown(tf.path, ctx), file.description);
          const why = pkcs12 ? sentences(what, l10n.t('Give its password under "trustStorePasswords" in .dbtrust.json.')) : what;
          return [{ span, message: `${label}: ${why}`, fixes: trustFixes(a, provider, ctx) }];
        }
        const unloadable = unloadableFor(policy.driver, file);
        if (unloadable) return [{ span, message: `${label}: ${l10n.t('{0}; the connection fails.', unloadable)}`, fixes: trustFixes(a, provider, ctx) }];
        const skipped = file.certificates.filter((c) => c.defects && c.defects.length > 0);
        if (skipped.length === 0) return [];
        const first = errors.find((p) => skipped[0]!.defects!.includes(p.code));
        const what = first
          ? l10n.t('OpenSSL skips or rejects {0} of {1} ({2}); open the file to see each problem.', certificates(skipped.length), shown(tf.path, ctx), problemMeaning(first.code))
          : l10n.t('OpenSSL skips or rejects {0} of {1}; open the file to see each problem.', certificates(skipped.length), shown(tf.path, ctx));
        return [
          {
            span,
            message: `${label}: ${what}`,
            fixes: [],
            severity: 'warning',
          },
        ];
      }
    }
  },
};

/** The operating system's reason without the path the file access put in front of it. */
function osReason(path: string, reason: string): string {
  return reason.startsWith(path + ': ') ? reason.slice(path.length + 2) : reason;
}
