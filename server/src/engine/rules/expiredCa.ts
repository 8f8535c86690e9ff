/**
 * expired-ca: a certificate of the trust file is expired (or not valid yet) today. An error when no
 * valid root remains in the file, a warning when other valid roots still verify. Retired provider CAs
 * are reported by retired-ca instead.
 */
import * as l10n from '@vscode/l10n';
import { semicolonList } from '../l10n';
import type { AnalysedSite } from '../types';
import { siteFileVerdict, siteProvider } from '../trustVerdict';
import { certificates, certName, certNames, day, roleName, trustLabel, trustSpan } from './trustCommon';
import { trustFixes } from './trustFixes';
import { docsUrl, Report, Rule, RuleContext } from './rule';

const ID = 'expired-ca';

/** Drivers that validate with Java's PKIX implementation (trust anchors' dates are not checked). */
const JAVA_DRIVERS: ReadonlySet<string> = new Set(['pgjdbc', 'mysql-connector-j', 'mssql-jdbc', 'jvm']);

export const expiredCa: Rule = {
  meta: {
    id: ID,
    defaultSeverity: 'error',
    get description() {
      return l10n.t('A certificate in the trust file has expired or is not valid yet.');
    },
    docsUrl: docsUrl(ID),
    fixable: true,
  },
  check(a: AnalysedSite, ctx: RuleContext): Report[] {
    const verdict = siteFileVerdict(a, ctx.now);
    if (!verdict) return [];
    const bad = verdict.certs.filter((v) => v.usable && !v.retired && (v.expiry.expired || v.expiry.notYetValid));
    if (bad.length === 0) return [];
    const expired = bad.filter((v) => v.expiry.expired);
    const early = bad.filter((v) => v.expiry.notYetValid);
    const parts: string[] = [];
    if (expired.length) {
      const names = certNames(expired, (v) => l10n.t('{0} ({1}, expired {2})', certName(v), roleName(v.cert.role), day(v.cert.notAfter)));
      parts.push(expired.length === 1 ? l10n.t('1 expired certificate: {0}', names) : l10n.t('{0} expired certificates: {1}', expired.length, names));
    }
    if (early.length) {
      const names = certNames(early, (v) => l10n.t('{0} (valid from {1})', certName(v), day(v.cert.notBefore)));
      parts.push(l10n.t('{0} not valid before a later date: {1}', certificates(early.length), names));
    }
    const held = semicolonList(parts);
    const remaining = verdict.validRoots.length;
    const provider = siteProvider(a.site, ctx.now);
    if (remaining === 0 && early.length === 0 && JAVA_DRIVERS.has(a.policy.driver)) {
      // Java's PKIX validation takes a trust anchor as given and does not check its dates (pgjdbc 42.5
      // on Java 17 connects with only an expired copy of the root: docs/truth-table.md).
      return [
        {
          span: trustSpan(a),
          message: l10n.t('{0} holds {1}. Java (PKIX) does not check the dates of a trust anchor, so this client still connects, but OpenSSL-based clients (libpq, Node) refuse the file and any renewal of the anchor breaks it. Replace it with the current root.', trustLabel(a), held),
          fixes: trustFixes(a, provider, ctx),
          severity: 'warning',
        },
      ];
    }
    if (remaining === 0) {
      return [{ span: trustSpan(a), message: l10n.t('{0} holds {1}. No valid root remains in the file, so verification fails.', trustLabel(a), held), fixes: trustFixes(a, provider, ctx) }];
    }
    const still = remaining === 1 ? l10n.t('1 valid root') : l10n.t('{0} valid roots', remaining);
    return [
      {
        span: trustSpan(a),
        message:
          bad.length > 1
            ? l10n.t('{0} holds {1}. The file still holds {2}, so verification does not depend on them; remove them to keep the file honest.', trustLabel(a), held, still)
            : l10n.t('{0} holds {1}. The file still holds {2}, so verification does not depend on it; remove it to keep the file honest.', trustLabel(a), held, still),
        fixes: trustFixes(a, provider, ctx),
        severity: 'warning',
      },
    ];
  },
};
