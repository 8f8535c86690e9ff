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
import * as l10n from '@vscode/l10n';
import type { Policy, Site, TrustSource } from '../../types';
import { TLS } from '../../extract/families/dotnet/keywords';
import { sentences } from '../../l10n';
import { chainOnly, setPolicy, startPolicy } from '../policy';
import { lastOf, localityView, socketNote, written } from './common';

export const NPGSQL_MODE_NAMES = ['Disable', 'Allow', 'Prefer', 'Require', 'VerifyCA', 'VerifyFull'];

export function npgsqlDefaultTrust(): string {
  return l10n.t("the operating system's trust store, unless PGSSLROOTCERT or ~/.postgresql/root.crt is there (Npgsql's order when Root Certificate is not set)");
}

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
  socketNote(policy, l10n.t('All hosts are Unix-domain sockets: Npgsql does not use TLS there.'));
  const notes = policy.notes;
  if (tsc) {
    notes.push(
      l10n.t(
        '{0} does nothing since Npgsql 8.0 (obsolete: "no longer needed and does nothing"); what is verified depends on SSL Mode alone. UNVERIFIED: in Npgsql 6 and 7 it turned off validation for SSL Mode=Require.',
        written(tsc),
      ),
    );
  }
  if (policy.dynamic) return policy;

  const trust: TrustSource = root ? { kind: 'file', path: root.value, param: root } : { kind: 'node-default', description: npgsqlDefaultTrust() };
  let mode: string | undefined;
  if (modeParam) {
    mode = npgsqlMode(modeParam.value);
    if (!mode) {
      policy.rejected = /-/.test(modeParam.value)
        ? l10n.t("Npgsql throws for {0}: the values are {1} (any case, without the hyphen of libpq's names).", `SSL Mode=${modeParam.value}`, NPGSQL_MODE_NAMES.join(', '))
        : l10n.t('Npgsql throws for {0}: the values are {1} (any case).', `SSL Mode=${modeParam.value}`, NPGSQL_MODE_NAMES.join(', '));
      notes.push(policy.rejected);
      return policy;
    }
  } else if (site.fragment) {
    policy.modeApplied = l10n.t('not set here');
    return policy;
  } else {
    mode = 'Prefer';
    notes.push(l10n.t('No SSL Mode: Npgsql uses Prefer (it has no PGSSLMODE fallback).'));
  }
  policy.modeApplied = modeParam && mode.toLowerCase() !== modeParam.value.trim().toLowerCase() ? `${mode} (${modeParam.value})` : mode;
  const explain = (weak: string): Policy => {
    policy.explain = { weak: sentences(weak, l10n.t('Use SSL Mode=VerifyFull, with Root Certificate pointing at the root CA of your server or provider when that CA is not in the system store.')) };
    return policy;
  };

  switch (mode) {
    case 'Disable':
      setPolicy(policy, 'never', 'no', 'no');
      return explain(l10n.t('{0} never uses TLS, so passwords and data cross the network in plaintext.', 'Npgsql'));
    case 'Allow':
      setPolicy(policy, 'maybe', 'no', 'no');
      return explain(l10n.t("Npgsql connects without TLS and uses it only if the server demands it, without checking the server's certificate."));
    case 'Prefer':
      setPolicy(policy, 'maybe', 'no', 'no');
      if (root) notes.push(l10n.t('Npgsql does not read {0} in Prefer: it validates nothing.', written(root)));
      return explain(
        modeParam
          ? l10n.t('{0} tries TLS but falls back to plaintext, and accepts any server certificate: anyone on the network path can read or alter the traffic.', 'Npgsql')
          : l10n.t('{0} tries TLS but falls back to plaintext (Prefer is the default), and accepts any server certificate: anyone on the network path can read or alter the traffic.', 'Npgsql'),
      );
    case 'Require':
      setPolicy(policy, 'always', 'no', 'no');
      if (root) notes.push(l10n.t('Npgsql does not read {0} in Require: since 8.0 Require validates nothing, unlike libpq, where a root file makes require verify the chain.', written(root)));
      return explain(
        root
          ? l10n.t('Npgsql encrypts but accepts any server certificate (Require ignores {0}), so anyone on the path can impersonate the server.', root.key.trim())
          : l10n.t('{0} encrypts but accepts any server certificate, so anyone on the path can impersonate the server.', 'Npgsql'),
      );
    case 'VerifyCA':
      policy.trust = trust;
      setPolicy(policy, 'always', 'yes', 'no');
      policy.explain = { noHost: chainOnly('Npgsql', '', 'SSL Mode=VerifyFull') };
      return policy;
    default:
      policy.trust = trust;
      if (!root) notes.push(l10n.t('Without Root Certificate Npgsql trusts {0}.', npgsqlDefaultTrust()));
      return setPolicy(policy, 'always', 'yes', 'yes');
  }
}
