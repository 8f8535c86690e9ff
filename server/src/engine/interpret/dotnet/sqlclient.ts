/**
 * SqlClient semantics: Microsoft.Data.SqlClient (dotnet/SqlClient c16adb7) and System.Data.SqlClient.
 * - `Encrypt` (SqlConnectionEncryptOption.TryParse, case-insensitive): true | yes | mandatory → Mandatory;
 *   false | no | optional → Optional; strict → Strict (5.0+, TDS 8). Default Mandatory since
 *   Microsoft.Data.SqlClient 4.0 (DbConnectionStringDefaults.Encrypt; CHANGELOG 4.0.0-preview1, #1210);
 *   False in System.Data.SqlClient and Microsoft.Data.SqlClient 1.x–3.x, which know only true/false/yes/no.
 * - MicrosoftDocs/sql-docs docs/connect/ado-net/encryption-and-certificate-validation.md (3ad7194):
 *   Encrypt=False with a server that does not force encryption encrypts only the LOGIN packets and does
 *   not validate the certificate; when the server forces encryption, 2.0+ validates unless
 *   TrustServerCertificate=True. Encrypt=True: "encryption of all network traffic occurs only if there's
 *   a verifiable server certificate"; with TrustServerCertificate=True "the certificate isn't validated".
 *   Strict: TrustServerCertificate is N/A (CHANGELOG 5.0.0-preview3: "always treated as False").
 * - `TrustServerCertificate` / `Trust Server Certificate` (2.0+ spelling): true | false | yes | no.
 * - `HostNameInCertificate` (5.0+): the name the certificate must carry instead of the Data Source's.
 * - `ServerCertificate` (5.1+, Mandatory or Strict): ManagedSni/SniCommon ValidateSslServerCertificate
 *   accepts a certificate that fails validation when it is byte-for-byte that file (a pin); the chain
 *   of other certificates is still validated against the system store.
 */
import * as l10n from '@vscode/l10n';
import type { Policy, Site } from '../../types';
import { TLS } from '../../extract/families/dotnet/keywords';
import { sentences } from '../../l10n';
import { setPolicy, startPolicy } from '../policy';
import { lastOf, localityView, written } from './common';

export function osStore(): string {
  return l10n.t("the operating system's trust store where the client runs (the Windows certificate store; OpenSSL's CA locations on Linux and macOS)");
}

/** The file uses System.Data.SqlClient (from the driver choice): Encrypt defaults to False and takes booleans only. */
export function isSystemData(site: Site): boolean {
  return site.driverVariant === 'system-data';
}

type Encrypt = 'Mandatory' | 'Optional' | 'Strict';

export function parseEncrypt(value: string, legacy: boolean): Encrypt | undefined {
  const v = value.trim().toLowerCase();
  if (v === 'true' || v === 'yes' || (!legacy && v === 'mandatory')) return 'Mandatory';
  if (v === 'false' || v === 'no' || (!legacy && v === 'optional')) return 'Optional';
  if (!legacy && v === 'strict') return 'Strict';
  return undefined;
}

function parseBool(value: string): boolean | undefined {
  const v = value.trim().toLowerCase();
  if (v === 'true' || v === 'yes') return true;
  if (v === 'false' || v === 'no') return false;
  return undefined;
}

export function interpretSqlClient(site: Site): Policy {
  const legacy = isSystemData(site);
  const encrypt = lastOf(site.params, TLS.sqlEncrypt);
  const tsc = lastOf(site.params, TLS.sqlTrust);
  const hostName = lastOf(site.params, TLS.sqlHostName);
  const pin = lastOf(site.params, TLS.sqlServerCertificate);
  const label = legacy ? 'System.Data.SqlClient' : 'Microsoft.Data.SqlClient';
  const policy = startPolicy('sqlclient', localityView(site), {
    modeApplied: l10n.t('{0} (default)', legacy ? 'Optional' : 'Mandatory'),
    trust: { kind: 'node-default', description: osStore() },
    dynamic: Boolean(encrypt?.dynamic || tsc?.dynamic),
    modeParam: encrypt,
    modeWritten: encrypt?.value,
  });
  policy.modeKey = 'Encrypt';
  const notes = policy.notes;
  if (policy.dynamic) return policy;

  let mode: Encrypt | undefined;
  if (encrypt) {
    const m = parseEncrypt(encrypt.value, legacy);
    if (!m) {
      policy.rejected = l10n.t(
        '{0} throws for {1} ("Invalid value for key \'encrypt\'"): it takes {2}.',
        label,
        `Encrypt=${encrypt.value}`,
        legacy ? l10n.t('true, false, yes or no') : l10n.t('true/yes/mandatory, false/no/optional or strict'),
      );
      notes.push(policy.rejected);
      return policy;
    }
    mode = m;
    policy.modeApplied = encrypt.value.trim().toLowerCase() === m.toLowerCase() ? m : `${m} (${encrypt.value.trim()})`;
  } else if (site.fragment) {
    policy.modeApplied = l10n.t('not set here');
  } else {
    mode = legacy ? 'Optional' : 'Mandatory';
    notes.push(
      legacy
        ? l10n.t('No Encrypt: System.Data.SqlClient defaults to Encrypt=False.')
        : l10n.t('No Encrypt: Microsoft.Data.SqlClient 4.0 and later default to Encrypt=True; System.Data.SqlClient and Microsoft.Data.SqlClient 1.x–3.x default to False (only the login packet encrypted).'),
    );
  }

  let trust: boolean | undefined;
  if (tsc) {
    trust = parseBool(tsc.value);
    if (trust === undefined) {
      policy.rejected = l10n.t('{0} throws for {1}: it takes true, false, yes or no.', label, written(tsc));
      policy.rejectedAt = tsc;
      notes.push(policy.rejected);
      return policy;
    }
    if (legacy && tsc.key.trim().toLowerCase() === 'trust server certificate')
      notes.push(l10n.t('System.Data.SqlClient knows only the spelling TrustServerCertificate ("Keyword not supported" for the spaced one, which came with Microsoft.Data.SqlClient 2.0).'));
  }
  if (hostName) notes.push(l10n.t("{0}: the certificate must carry this name instead of the server's (Microsoft.Data.SqlClient 5.0+; ignored unless Encrypt is Mandatory or Strict).", written(hostName)));
  if (pin) {
    notes.push(
      l10n.t('{0} pins the server certificate (Microsoft.Data.SqlClient 5.1+, with Encrypt Mandatory or Strict): a certificate that fails validation is still accepted when it is exactly this file. dbtrust does not read it.', written(pin)),
    );
  }

  if (mode === undefined) {
    // Only part of the string: Encrypt is set elsewhere (or not at all), but the switch below is written here.
    if (trust) {
      policy.disabledBy = { param: tsc!, what: written(tsc!) };
      policy.explain = {
        disabled: l10n.t(
          "{0} does not validate the server's certificate (unless Encrypt=Strict is added elsewhere), so anyone on the network path can impersonate the server. Provision a certificate the client can validate and remove it (or set {1}).",
          label,
          `${tsc!.key.trim()}=False`,
        ),
      };
      policy.verifiesChain = 'no';
      policy.verifiesHost = 'no';
    }
    return policy;
  }
  if (mode === 'Strict') {
    if (trust) notes.push(l10n.t('Encrypt=Strict ignores {0}: TDS 8 always validates the certificate.', written(tsc!)));
    return setPolicy(policy, 'always', 'yes', 'yes');
  }
  const todo = l10n.t(
    'Provision a certificate the client can validate and remove it (or set {0}); Encrypt=Strict (TDS 8, SQL Server 2022 and Microsoft.Data.SqlClient 5.0+) always validates.',
    `${tsc?.key.trim() ?? 'TrustServerCertificate'}=False`,
  );
  if (mode === 'Mandatory') {
    if (trust) {
      policy.disabledBy = { param: tsc!, what: written(tsc!) };
      policy.explain = { disabled: sentences(l10n.t("{0} encrypts but does not validate the server's certificate, so anyone on the network path can impersonate the server and read the password and data.", label), todo) };
      return setPolicy(policy, 'always', 'no', 'no');
    }
    return setPolicy(policy, 'always', 'yes', 'yes');
  }
  // Optional: the login packet is encrypted; everything else only if the server forces encryption.
  notes.push(l10n.t('With Encrypt=False only the login packet is encrypted, unless the server forces encryption; the certificate is validated only then (Microsoft.Data.SqlClient 2.0+), and never with TrustServerCertificate=True.'));
  setPolicy(policy, 'maybe', 'no', 'no');
  if (trust) {
    policy.disabledBy = { param: tsc!, what: written(tsc!) };
    policy.explain = {
      disabled: sentences(
        encrypt
          ? l10n.t('{0} accepts any server certificate, and with {1} it encrypts only the login packet unless the server forces encryption: anyone on the network path can impersonate the server.', label, written(encrypt))
          : l10n.t('{0} accepts any server certificate, and with Encrypt off it encrypts only the login packet unless the server forces encryption: anyone on the network path can impersonate the server.', label),
        todo,
      ),
    };
    return policy;
  }
  policy.explain = {
    weak: sentences(
      encrypt
        ? l10n.t('{0} encrypts only the login packet unless the server forces encryption: queries and results cross the network in plaintext, and the certificate is not validated.', label)
        : l10n.t('{0} encrypts only the login packet unless the server forces encryption ({0} defaults to Encrypt=False): queries and results cross the network in plaintext, and the certificate is not validated.', label),
      legacy
        ? l10n.t('Use Encrypt=True with a certificate the client can validate.')
        : l10n.t('Use Encrypt=True (the default since Microsoft.Data.SqlClient 4.0) with a certificate the client can validate.'),
    ),
  };
  return policy;
}
