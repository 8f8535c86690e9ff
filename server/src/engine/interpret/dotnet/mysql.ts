/**
 * MySqlConnector and MySQL Connector/NET (classic protocol) semantics:
 * - `SslMode` / `SSL Mode` (MySqlConnector also `Ssl-Mode` in Connector/NET): None = Disabled |
 *   Preferred (default: MySqlConnector MySqlConnectionStringBuilder `defaultValue: MySqlSslMode.Preferred`,
 *   mysql-net/MySqlConnector 6136675; Connector/NET MySqlBaseConnectionStringBuilder, mysql/mysql-connector-net
 *   ac184e8 — Required is the default only of the X DevAPI) | Required | VerifyCA | VerifyFull, any case.
 * - MySqlConnector Core/ServerSession.cs ValidateRemoteCertificate: Preferred and Required accept any
 *   certificate; VerifyCA ignores a name mismatch; VerifyFull checks it. With `SslCa` (`SSL CA`,
 *   `CACertificateFile`) the system store is still tried first; otherwise the chain's top certificate
 *   must be one of the file's (an untrusted root that equals a file certificate): root-only anchoring.
 * - Connector/NET common/Ssl.cs ServerCheckValidation: certificates are treated as PEM unless SslCa ends
 *   in .pfx; for VerifyCA/VerifyFull any policy error goes to SslPemCertificateValidator, which checks
 *   that the first certificate of SslCa issued the chain's top certificate and never looks at the host
 *   name, so with a PEM SslCa a name mismatch is accepted even in VerifyFull.
 */
import * as l10n from '@vscode/l10n';
import type { Policy, Site, TrustSource } from '../../types';
import { TLS } from '../../extract/families/dotnet/keywords';
import { sentences } from '../../l10n';
import { chainOnly, setPolicy, startPolicy } from '../policy';
import { lastOf, localityView, written } from './common';
import { osStore } from './sqlclient';

export const MYSQL_MODE_NAMES = ['None', 'Preferred', 'Required', 'VerifyCA', 'VerifyFull'];

export function mysqlMode(value: string): string | undefined {
  const v = value.trim().toLowerCase();
  if (/^[0-4]$/.test(v)) return MYSQL_MODE_NAMES[Number(v)];
  if (v === 'disabled') return 'None';
  if (v === 'prefered') return 'Preferred';
  return MYSQL_MODE_NAMES.find((m) => m.toLowerCase() === v);
}

export function isConnectorNet(site: Site): boolean {
  return site.driverVariant === 'connector-net';
}

export function interpretMysqlDotnet(site: Site): Policy {
  const cnet = isConnectorNet(site);
  const who = cnet ? 'MySQL Connector/NET' : 'MySqlConnector';
  const modeParam = lastOf(site.params, TLS.mysqlMode);
  const ca = lastOf(site.params, TLS.mysqlCa);
  const policy = startPolicy('mysql-dotnet', localityView(site), {
    modeApplied: 'Preferred',
    trust: { kind: 'none' },
    dynamic: Boolean(modeParam?.dynamic || ca?.dynamic),
    modeParam,
    modeWritten: modeParam?.value,
  });
  policy.modeKey = 'SslMode';
  const notes = policy.notes;
  if (policy.dynamic) return policy;
  const todo = l10n.t('Use SslMode=VerifyFull, with SslCa pointing at the root CA of your server or provider when that CA is not in the system store.');

  let mode: string | undefined;
  if (modeParam) {
    mode = mysqlMode(modeParam.value);
    if (!mode) {
      policy.rejected = l10n.t('{0} throws for {1}: the values are None (Disabled), Preferred, Required, VerifyCA and VerifyFull.', who, written(modeParam));
      notes.push(policy.rejected);
      return policy;
    }
    policy.modeApplied = mode.toLowerCase() === modeParam.value.trim().toLowerCase() ? mode : `${mode} (${modeParam.value.trim()})`;
  } else if (site.fragment) {
    policy.modeApplied = l10n.t('not set here');
    return policy;
  } else {
    mode = 'Preferred';
    notes.push(l10n.t('No SslMode: {0} uses Preferred.', who));
  }
  const trust: TrustSource = ca ? { kind: 'file', path: ca.value, param: ca } : { kind: 'node-default', description: osStore() };

  switch (mode) {
    case 'None':
      setPolicy(policy, 'never', 'no', 'no');
      policy.explain = { weak: sentences(l10n.t('{0} never uses TLS, so passwords and data cross the network in plaintext.', who), todo) };
      return policy;
    case 'Preferred':
      setPolicy(policy, 'maybe', 'no', 'no');
      policy.explain = {
        weak: sentences(
          modeParam
            ? l10n.t('{0} tries TLS but falls back to plaintext, and accepts any server certificate: anyone on the network path can read or alter the traffic.', who)
            : l10n.t('{0} tries TLS but falls back to plaintext (Preferred is the default), and accepts any server certificate: anyone on the network path can read or alter the traffic.', who),
          todo,
        ),
      };
      return policy;
    case 'Required':
      setPolicy(policy, 'always', 'no', 'no');
      if (ca) notes.push(l10n.t('{0} does not use {1} in Required: it accepts any certificate.', who, written(ca)));
      policy.explain = { weak: sentences(l10n.t('{0} encrypts but accepts any server certificate, so anyone on the path can impersonate the server.', who), todo) };
      return policy;
    case 'VerifyCA':
      policy.trust = trust;
      setPolicy(policy, 'always', 'yes', 'no');
      policy.explain = {
        noHost: chainOnly(who, '', 'SslMode=VerifyFull'),
      };
      caNote(policy, ca, cnet);
      return policy;
    default:
      policy.trust = trust;
      caNote(policy, ca, cnet);
      if (cnet && ca && !/\.pfx$/i.test(ca.value.trim())) {
        setPolicy(policy, 'always', 'yes', 'no');
        policy.explain = {
          noHost: l10n.t(
            "MySQL Connector/NET validates a PEM SslCa itself when the system store does not vouch for the server: it checks only that the first certificate of the file issued the chain, and accepts a host name that does not match, even in VerifyFull. Use MySqlConnector, or put the CA in the operating system's trust store and drop {0}.",
            ca.key.trim(),
          ),
        };
        return policy;
      }
      return setPolicy(policy, 'always', 'yes', 'yes');
  }
}

function caNote(policy: Policy, ca: ReturnType<typeof lastOf>, cnet: boolean): void {
  if (!ca) {
    policy.notes.push(l10n.t('Without SslCa the server is verified against {0}.', osStore()));
    return;
  }
  policy.notes.push(
    cnet
      ? l10n.t('MySQL Connector/NET reads only the first certificate of {0}, and only when the system store does not already accept the server.', written(ca))
      : l10n.t('MySqlConnector tries the system store first, then accepts a chain whose root is one of the certificates of {0}.', written(ca)),
  );
}
