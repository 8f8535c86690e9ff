/**
 * no-hostname-check: the chain is verified but the host name is not (verify-ca; libpq `require` with a
 * root certificate file), so any server holding a certificate from the same CA is accepted.
 */
import * as l10n from '@vscode/l10n';
import { driverSpec } from '../drivers';
import { chainOnly } from '../interpret/policy';
import { lastParam } from '../extract/common';
import type { AnalysedSite, Site } from '../types';
import { modeLabel, modeSpan, setModeFix } from './fixes';
import { docsUrl, Report, Rule } from './rule';

const ID = 'no-hostname-check';

export const noHostnameCheck: Rule = {
  meta: {
    id: ID,
    defaultSeverity: 'warning',
    get description() {
      return l10n.t('The certificate chain is verified but the server host name is not.');
    },
    docsUrl: docsUrl(ID),
    fixable: true,
  },
  check({ site, policy }: AnalysedSite): Report[] {
    if (policy.dynamic || policy.rejected || policy.disabledBy) return [];
    if (policy.verifiesChain !== 'yes' || policy.verifiesHost !== 'no') return [];
    if (policy.explain?.noHost !== undefined) {
      return [{ span: modeSpan(site, policy), message: `${modeLabel(site, policy)}: ${policy.explain.noHost}`, fixes: driverSpec(policy.driver).fixes(site, policy, 'check-host') }];
    }
    if (site.kind === 'object') return objectReports(site);
    // libpq checks the chain but not the host name in verify-ca, and in require with a root certificate file (interpret/libpq.ts).
    const how = policy.driver === 'libpq' && policy.modeApplied !== 'verify-ca' ? l10n.t(' (require with a root certificate file behaves like verify-ca)') : '';
    const message = `${modeLabel(site, policy)}: ${chainOnly(policy.driver, how, `${site.kind === 'env' ? 'PGSSLMODE' : 'sslmode'}=verify-full`)}`;
    return [{ span: modeSpan(site, policy), message, fixes: setModeFix(site, policy) }];
  },
};

/**
 * A node-postgres ssl object with its own checkServerIdentity. The fix removes the property so Node
 * checks the host name again; not preferred, as the function may exist for a reason (a name that
 * differs from the certificate's).
 */
function objectReports(site: Site): Report[] {
  const p = lastParam(site.params, 'checkServerIdentity');
  if (!p) return [];
  const message = l10n.t(
    "checkServerIdentity is overridden: Node verifies the certificate chain but this function replaces its host-name check, so any server with a certificate from the same CA may be accepted (with a cloud provider's CA: any other customer's server). Remove it so Node checks the host name.",
  );
  return [{ span: p.keySpan, message, fixes: [{ title: l10n.t('Remove {0}', 'checkServerIdentity'), edits: [{ span: p.removeSpan, newText: '' }], preferred: false }] }];
}
