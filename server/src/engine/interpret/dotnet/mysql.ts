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
import type { Policy, Site, TrustSource } from '../../types';
import { TLS } from '../../extract/families/dotnet/keywords';
import { MARK } from '../../extract/families/dotnet/driver';
import { setPolicy, startPolicy } from '../policy';
import { lastOf, localityView, written } from './common';
import { OS_STORE } from './sqlclient';

export const MYSQL_MODE_NAMES = ['None', 'Preferred', 'Required', 'VerifyCA', 'VerifyFull'];

export function mysqlMode(value: string): string | undefined {
  const v = value.trim().toLowerCase();
  if (/^[0-4]$/.test(v)) return MYSQL_MODE_NAMES[Number(v)];
  if (v === 'disabled') return 'None';
  if (v === 'prefered') return 'Preferred';
  return MYSQL_MODE_NAMES.find((m) => m.toLowerCase() === v);
}

export function isConnectorNet(site: Site): boolean {
  return site.driverReason.includes(MARK.connectorNet);
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
  const todo = 'Use SslMode=VerifyFull, with SslCa pointing at the root CA of your server or provider when that CA is not in the system store.';

  let mode: string | undefined;
  if (modeParam) {
    mode = mysqlMode(modeParam.value);
    if (!mode) {
      policy.rejected = `${who} throws for ${written(modeParam)}: the values are None (Disabled), Preferred, Required, VerifyCA and VerifyFull.`;
      notes.push(policy.rejected);
      return policy;
    }
    policy.modeApplied = mode.toLowerCase() === modeParam.value.trim().toLowerCase() ? mode : `${mode} (${modeParam.value.trim()})`;
  } else if (site.fragment) {
    policy.modeApplied = 'not set here';
    return policy;
  } else {
    mode = 'Preferred';
    notes.push(`No SslMode: ${who} uses Preferred.`);
  }
  const trust: TrustSource = ca ? { kind: 'file', path: ca.value, param: ca } : { kind: 'node-default', description: OS_STORE };

  switch (mode) {
    case 'None':
      setPolicy(policy, 'never', 'no', 'no');
      policy.explain = { weak: `${who} never uses TLS, so passwords and data cross the network in plaintext. ${todo}` };
      return policy;
    case 'Preferred':
      setPolicy(policy, 'maybe', 'no', 'no');
      policy.explain = {
        weak: `${who} tries TLS but falls back to plaintext${modeParam ? '' : ' (Preferred is the default)'}, and accepts any server certificate: anyone on the network path can read or alter the traffic. ${todo}`,
      };
      return policy;
    case 'Required':
      setPolicy(policy, 'always', 'no', 'no');
      if (ca) notes.push(`${who} does not use ${written(ca)} in Required: it accepts any certificate.`);
      policy.explain = { weak: `${who} encrypts but accepts any server certificate, so anyone on the path can impersonate the server. ${todo}` };
      return policy;
    case 'VerifyCA':
      policy.trust = trust;
      setPolicy(policy, 'always', 'yes', 'no');
      policy.explain = {
        noHost: `${who} verifies the certificate chain but not the host name, so any server with a certificate from the same CA is accepted (with a cloud provider's CA: any other customer's server). Use SslMode=VerifyFull.`,
      };
      caNote(policy, ca, cnet);
      return policy;
    default:
      policy.trust = trust;
      caNote(policy, ca, cnet);
      if (cnet && ca && !/\.pfx$/i.test(ca.value.trim())) {
        setPolicy(policy, 'always', 'yes', 'no');
        policy.explain = {
          noHost: `MySQL Connector/NET validates a PEM SslCa itself when the system store does not vouch for the server: it checks only that the first certificate of the file issued the chain, and accepts a host name that does not match, even in VerifyFull. Use MySqlConnector, or put the CA in the operating system's trust store and drop ${ca.key.trim()}.`,
        };
        return policy;
      }
      return setPolicy(policy, 'always', 'yes', 'yes');
  }
}

function caNote(policy: Policy, ca: ReturnType<typeof lastOf>, cnet: boolean): void {
  if (!ca) {
    policy.notes.push(`Without SslCa the server is verified against ${OS_STORE}.`);
    return;
  }
  policy.notes.push(
    cnet
      ? `MySQL Connector/NET reads only the first certificate of ${written(ca)}, and only when the system store does not already accept the server.`
      : `MySqlConnector tries the system store first, then accepts a chain whose root is one of the certificates of ${written(ca)}.`,
  );
}
