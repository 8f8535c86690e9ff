/**
 * expiring-ca: a certificate of the trust file expires within the configured window (90 days by
 * default, `expiryWindowDays` in .dbtrust.json).
 */
import type { AnalysedSite } from '../types';
import { siteFileVerdict, siteProvider } from '../trustVerdict';
import { certName, certNames, day, plural, trustLabel, trustSpan } from './trustCommon';
import { bundleRoots, trustFixes } from './trustFixes';
import { docsUrl, Report, Rule, RuleContext } from './rule';

const ID = 'expiring-ca';

export const expiringCa: Rule = {
  meta: {
    id: ID,
    defaultSeverity: 'warning',
    description: 'A certificate in the trust file expires soon (within 90 days by default).',
    docsUrl: docsUrl(ID),
    fixable: true,
  },
  check(a: AnalysedSite, ctx: RuleContext): Report[] {
    const verdict = siteFileVerdict(a, ctx.now);
    if (!verdict) return [];
    const soon = verdict.certs.filter(
      (v) => v.usable && !v.retired && !v.expiry.expired && !v.expiry.notYetValid && v.expiry.daysLeft <= ctx.expiryWindowDays,
    );
    if (soon.length === 0) return [];
    const names = certNames(soon, (v) => `${certName(v)} (${v.cert.role}, expires ${day(v.cert.notAfter)}, in ${plural(v.expiry.daysLeft, 'day')})`);
    const provider = siteProvider(a.site, ctx.now);
    // A bundle holding the expiring certificate itself would not help.
    const bundle = provider ? bundleRoots(provider) : undefined;
    const helps = bundle !== undefined && !soon.some((v) => bundle.some((r) => r.sha256.replace(/:/g, '').toLowerCase() === v.cert.sha256));
    const others = verdict.validRoots.filter((r) => !soon.includes(r)).length;
    const impact = others > 0 ? ` The file also holds ${plural(others, 'root')} valid beyond that.` : ' Once it expires, verification fails.';
    return [
      {
        span: trustSpan(a),
        message: `${trustLabel(a)} holds ${plural(soon.length, 'certificate')} expiring within ${ctx.expiryWindowDays} days: ${names}.${impact}`,
        fixes: helps ? trustFixes(a, provider, ctx) : [],
      },
    ];
  },
};
