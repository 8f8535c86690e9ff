/**
 * expired-ca: a certificate of the trust file is expired (or not valid yet) today. An error when no
 * valid root remains in the file, a warning when other valid roots still verify. Retired provider CAs
 * are reported by retired-ca instead.
 */
import type { AnalysedSite } from '../types';
import { siteFileVerdict, siteProvider } from '../trustVerdict';
import { certName, certNames, day, plural, trustLabel, trustSpan } from './trustCommon';
import { trustFixes } from './trustFixes';
import { docsUrl, Report, Rule, RuleContext } from './rule';

const ID = 'expired-ca';

export const expiredCa: Rule = {
  meta: {
    id: ID,
    defaultSeverity: 'error',
    description: 'A certificate in the trust file has expired or is not valid yet.',
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
    if (expired.length) parts.push(`${plural(expired.length, 'expired certificate')}: ${certNames(expired, (v) => `${certName(v)} (${v.cert.role}, expired ${day(v.cert.notAfter)})`)}`);
    if (early.length) parts.push(`${plural(early.length, 'certificate')} not valid before a later date: ${certNames(early, (v) => `${certName(v)} (valid from ${day(v.cert.notBefore)})`)}`);
    const remaining = verdict.validRoots.length;
    const provider = siteProvider(a.site, ctx.now);
    if (remaining === 0) {
      return [{ span: trustSpan(a), message: `${trustLabel(a)} holds ${parts.join('; ')}. No valid root remains in the file, so verification fails.`, fixes: trustFixes(a, provider, ctx) }];
    }
    return [
      {
        span: trustSpan(a),
        message: `${trustLabel(a)} holds ${parts.join('; ')}. The file still holds ${plural(remaining, 'valid root')}, so verification does not depend on ${bad.length > 1 ? 'them' : 'it'}; remove ${bad.length > 1 ? 'them' : 'it'} to keep the file honest.`,
        fixes: trustFixes(a, provider, ctx),
        severity: 'warning',
      },
    ];
  },
};
