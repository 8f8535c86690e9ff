/**
 * verification-disabled: an explicit switch that turns certificate verification off
 * (sslmode=no-verify, PGSSLMODE=no-verify, sslfactory=org.postgresql.ssl.NonValidatingFactory, and
 * `rejectUnauthorized: false` in a node-postgres ssl object).
 */
import * as l10n from '@vscode/l10n';
import { driverSpec } from '../drivers';
import { escapeFor } from '../scan';
import type { AnalysedSite, Edit, Fix, Param, Policy, Site } from '../types';
import { fallbackNote, setModeEdit, setModeFix } from './fixes';
import { docsUrl, Report, Rule } from './rule';

const ID = 'verification-disabled';

export const verificationDisabled: Rule = {
  meta: {
    id: ID,
    defaultSeverity: 'error',
    get description() {
      return l10n.t('An explicit setting turns server certificate verification off.');
    },
    docsUrl: docsUrl(ID),
    fixable: true,
  },
  check({ site, policy }: AnalysedSite): Report[] {
    const off = policy.disabledBy;
    if (!off) return [];
    if (policy.explain?.disabled !== undefined) {
      const at = { start: off.param.keySpan.start, end: off.param.valueSpan.end };
      return [{ span: site.kind === 'env' ? off.param.valueSpan : at, message: `${off.what}: ${policy.explain.disabled}`, fixes: driverSpec(policy.driver).fixes(site, policy, 'enable-verification') }];
    }
    if (site.kind === 'object') return [objectReport(off.param)];
    // key=value when written together; for env entries (`name:` / `value:` lines) the value alone.
    const span = site.kind === 'env' ? off.param.valueSpan : { start: off.param.keySpan.start, end: off.param.valueSpan.end };
    if (off.param.key.toLowerCase() === 'sslfactory') {
      const message = `sslfactory=${off.param.value}: ${l10n.t('pgjdbc accepts any server certificate, so anyone on the network path can impersonate the server and read the password and data. Remove it and use sslmode=verify-full with sslrootcert pointing at the root CA of your server or provider.')}`;
      return [{ span, message, fixes: factoryFix(site, policy, off.param) }];
    }
    const why =
      policy.driver === 'node-postgres'
        ? l10n.t('node-postgres encrypts but accepts any certificate (rejectUnauthorized: false). Anyone on the network path can impersonate the server. Use {0}=verify-full with a trusted root CA.', off.param.key)
        : l10n.t('node-postgres reads it as "encrypt but accept any certificate"; {0} rejects the value, so the connection fails there. Anyone on the network path can impersonate the server. Use {1}=verify-full with a trusted root CA.', policy.driver, off.param.key);
    const message = `${off.param.key}=${off.param.value}: ${why}`;
    return [{ span, message, fixes: setModeFix(site, policy) }];
  },
};

/**
 * `rejectUnauthorized: false` in a node-postgres ssl object: the fix writes `true` in place of the
 * literal. Not preferred: a connection that only worked unverified (a private CA with no `ca`) fails then.
 */
function objectReport(reject: Param): Report {
  return {
    span: { start: reject.keySpan.start, end: reject.valueSpan.end },
    message:
      `rejectUnauthorized: false${fallbackNote(reject)}: ` +
      l10n.t('node-postgres encrypts but accepts any certificate, so anyone on the network path can impersonate the server and read the password and data. Remove it or set it to true, and give ca the root CA of your server or provider when that CA is not publicly trusted.'),
    fixes: [{ title: l10n.t('Set {0}', 'rejectUnauthorized: true'), edits: [{ span: reject.valueSpan, newText: 'true' }], preferred: false }],
  };
}

/** NonValidatingFactory: drop the factory and make the mode verify-full. */
function factoryFix(site: Site, policy: Policy, factory: Param): Fix[] {
  const edits: Edit[] = [];
  if (policy.modeWritten !== undefined) {
    edits.push({ span: factory.removeSpan, newText: '' });
    if (policy.modeWritten.toLowerCase() !== 'verify-full') {
      const e = setModeEdit(site, policy, 'verify-full');
      if (e) edits.push(e);
    }
  } else {
    // Put sslmode=verify-full where the factory was: no separator to fix up.
    edits.push({ span: { start: factory.keySpan.start, end: factory.valueSpan.end }, newText: escapeFor(site.escape, 'sslmode=verify-full') });
  }
  return [{ title: l10n.t('Remove NonValidatingFactory and set sslmode=verify-full'), edits, preferred: true }];
}
