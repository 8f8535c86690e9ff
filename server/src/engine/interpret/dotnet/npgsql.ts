/**
 * Npgsql semantics (npgsql/npgsql 3cb5804, Npgsql 9/10):
 * - `SSL Mode` (NpgsqlConnectionStringBuilder.SslMode, DefaultValue Prefer): Disable | Allow | Prefer |
 *   Require | VerifyCA | VerifyFull, parsed with Enum.Parse(ignoreCase) (so `verifyfull` and the numbers
 *   0–5 work; `verify-full` throws);
 * - NpgsqlConnector.NegotiateEncryption: Prefer and Require validate nothing (SslTrustServerValidation
 *   returns true), even with `Root Certificate`; VerifyCA / VerifyFull validate against `Root
 *   Certificate`, else PGSSLROOTCERT, else ~/.postgresql/root.crt if it exists, else the system store;
 *   VerifyFull also fails on a name mismatch. Prefer falls back to plaintext (and retries without TLS);
 *   Allow tries plaintext first;
 * - SslRootValidation: the root file's certificates go into the chain's CustomTrustStore with
 *   X509ChainTrustMode.CustomRootTrust, where .NET anchors only at a self-signed root (dotnet/runtime
 *   #99426); a .pfx path, or a file with no PEM certificate, is read as PKCS#12;
 * - `Trust Server Certificate` is [Obsolete("…no longer needed and does nothing.")] since Npgsql 8.0
 *   (npgsql/npgsql#5176); UNVERIFIED: in Npgsql 6 and 7 Require validated unless it was true.
 */
import type { Policy, Site, TrustSource } from '../../types';
import { TLS } from '../../extract/families/dotnet/keywords';
import { setPolicy, startPolicy } from '../policy';
import { lastOf, localityView, socketNote, written } from './common';

export const NPGSQL_MODE_NAMES = ['Disable', 'Allow', 'Prefer', 'Require', 'VerifyCA', 'VerifyFull'];

export const NPGSQL_DEFAULT_TRUST =
  "the operating system's trust store, unless PGSSLROOTCERT or ~/.postgresql/root.crt is there (Npgsql's order when Root Certificate is not set)";

const TODO = 'Use SSL Mode=VerifyFull, with Root Certificate pointing at the root CA of your server or provider when that CA is not in the system store.';

/** The enum member Npgsql parses from a value, or undefined when Enum.Parse throws. */
export function npgsqlMode(value: string): string | undefined {
  const v = value.trim();
  if (/^[0-5]$/.test(v)) return NPGSQL_MODE_NAMES[Number(v)];
  return NPGSQL_MODE_NAMES.find((m) => m.toLowerCase() === v.toLowerCase());
}

export function interpretNpgsql(site: Site): Policy {
  const modeParam = lastOf(site.params, TLS.npgsqlMode);
  const root = lastOf(site.params, TLS.npgsqlRoot);
  const tsc = lastOf(site.params, TLS.npgsqlTrust);
  const policy = startPolicy('npgsql', localityView(site), {
    modeApplied: 'Prefer',
    trust: { kind: 'none' },
    dynamic: Boolean(modeParam?.dynamic || root?.dynamic),
    modeParam,
    modeWritten: modeParam?.value,
  });
  policy.modeKey = 'SSL Mode';
  socketNote(policy, 'All hosts are Unix-domain sockets: Npgsql does not use TLS there.');
  const notes = policy.notes;
  if (tsc) {
    notes.push(
      `${written(tsc)} does nothing since Npgsql 8.0 (obsolete: "no longer needed and does nothing"); what is verified depends on SSL Mode alone. UNVERIFIED: in Npgsql 6 and 7 it turned off validation for SSL Mode=Require.`,
    );
  }
  if (policy.dynamic) return policy;

  const trust: TrustSource = root ? { kind: 'file', path: root.value, param: root } : { kind: 'node-default', description: NPGSQL_DEFAULT_TRUST };
  let mode: string | undefined;
  if (modeParam) {
    mode = npgsqlMode(modeParam.value);
    if (!mode) {
      policy.rejected = `Npgsql throws for SSL Mode=${modeParam.value}: the values are ${NPGSQL_MODE_NAMES.join(', ')} (any case${/-/.test(modeParam.value) ? ', without the hyphen of libpq\'s names' : ''}).`;
      notes.push(policy.rejected);
      return policy;
    }
  } else if (site.fragment) {
    policy.modeApplied = 'not set here';
    return policy;
  } else {
    mode = 'Prefer';
    notes.push('No SSL Mode: Npgsql uses Prefer (it has no PGSSLMODE fallback).');
  }
  policy.modeApplied = modeParam && mode.toLowerCase() !== modeParam.value.trim().toLowerCase() ? `${mode} (${modeParam.value})` : mode;
  const explain = (weak: string): Policy => {
    policy.explain = { weak: `${weak} ${TODO}` };
    return policy;
  };

  switch (mode) {
    case 'Disable':
      setPolicy(policy, 'never', 'no', 'no');
      return explain('Npgsql never uses TLS, so passwords and data cross the network in plaintext.');
    case 'Allow':
      setPolicy(policy, 'maybe', 'no', 'no');
      return explain("Npgsql connects without TLS and uses it only if the server demands it, without checking the server's certificate.");
    case 'Prefer':
      setPolicy(policy, 'maybe', 'no', 'no');
      if (root) notes.push(`Npgsql does not read ${written(root)} in Prefer: it validates nothing.`);
      return explain(
        `Npgsql tries TLS but falls back to plaintext${modeParam ? '' : ' (Prefer is the default)'}, and accepts any server certificate: anyone on the network path can read or alter the traffic.`,
      );
    case 'Require':
      setPolicy(policy, 'always', 'no', 'no');
      if (root) notes.push(`Npgsql does not read ${written(root)} in Require: since 8.0 Require validates nothing, unlike libpq, where a root file makes require verify the chain.`);
      return explain(
        `Npgsql encrypts but accepts any server certificate${root ? ` (Require ignores ${root.key.trim()})` : ''}, so anyone on the path can impersonate the server.`,
      );
    case 'VerifyCA':
      policy.trust = trust;
      setPolicy(policy, 'always', 'yes', 'no');
      policy.explain = {
        noHost:
          "Npgsql verifies the certificate chain but not the host name, so any server with a certificate from the same CA is accepted (with a cloud provider's CA: any other customer's server). Use SSL Mode=VerifyFull.",
      };
      return policy;
    default:
      policy.trust = trust;
      if (!root) notes.push(`Without Root Certificate Npgsql trusts ${NPGSQL_DEFAULT_TRUST}.`);
      return setPolicy(policy, 'always', 'yes', 'yes');
  }
}
