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
import type { Policy, Site } from '../../types';
import { TLS } from '../../extract/families/dotnet/keywords';
import { MARK } from '../../extract/families/dotnet/driver';
import { setPolicy, startPolicy } from '../policy';
import { lastOf, localityView, written } from './common';

export const OS_STORE = "the operating system's trust store where the client runs (the Windows certificate store; OpenSSL's CA locations on Linux and macOS)";

/** The file uses System.Data.SqlClient (from the driver choice): Encrypt defaults to False and takes booleans only. */
export function isSystemData(site: Site): boolean {
  return site.driverReason.includes(MARK.systemData) || site.driverReason.includes('System.Data.SqlClient, where Encrypt defaults to False');
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
    modeApplied: legacy ? 'Optional (default)' : 'Mandatory (default)',
    trust: { kind: 'node-default', description: OS_STORE },
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
      policy.rejected = `${label} throws for Encrypt=${encrypt.value} ("Invalid value for key 'encrypt'"): it takes ${legacy ? 'true, false, yes or no' : 'true/yes/mandatory, false/no/optional or strict'}.`;
      notes.push(policy.rejected);
      return policy;
    }
    mode = m;
    policy.modeApplied = encrypt.value.trim().toLowerCase() === m.toLowerCase() ? m : `${m} (${encrypt.value.trim()})`;
  } else if (site.fragment) {
    policy.modeApplied = 'not set here';
  } else {
    mode = legacy ? 'Optional' : 'Mandatory';
    notes.push(
      legacy
        ? 'No Encrypt: System.Data.SqlClient defaults to Encrypt=False.'
        : 'No Encrypt: Microsoft.Data.SqlClient 4.0 and later default to Encrypt=True; System.Data.SqlClient and Microsoft.Data.SqlClient 1.x–3.x default to False (only the login packet encrypted).',
    );
  }

  let trust: boolean | undefined;
  if (tsc) {
    trust = parseBool(tsc.value);
    if (trust === undefined) {
      policy.rejected = `${label} throws for ${written(tsc)}: it takes true, false, yes or no.`;
      notes.push(policy.rejected);
      return policy;
    }
    if (legacy && tsc.key.trim().toLowerCase() === 'trust server certificate')
      notes.push('System.Data.SqlClient knows only the spelling TrustServerCertificate ("Keyword not supported" for the spaced one, which came with Microsoft.Data.SqlClient 2.0).');
  }
  if (hostName) notes.push(`${written(hostName)}: the certificate must carry this name instead of the server's (Microsoft.Data.SqlClient 5.0+; ignored unless Encrypt is Mandatory or Strict).`);
  if (pin) notes.push(`${written(pin)} pins the server certificate (Microsoft.Data.SqlClient 5.1+, with Encrypt Mandatory or Strict): a certificate that fails validation is still accepted when it is exactly this file. dbtrust does not read it.`);

  if (mode === undefined) {
    // Only part of the string: Encrypt is set elsewhere (or not at all), but the switch below is written here.
    if (trust) {
      policy.disabledBy = { param: tsc!, what: written(tsc!) };
      policy.explain = { disabled: `${label} does not validate the server's certificate (unless Encrypt=Strict is added elsewhere), so anyone on the network path can impersonate the server. Provision a certificate the client can validate and remove it (or set ${tsc!.key.trim()}=False).` };
      policy.verifiesChain = 'no';
      policy.verifiesHost = 'no';
    }
    return policy;
  }
  if (mode === 'Strict') {
    if (trust) notes.push(`Encrypt=Strict ignores ${written(tsc!)}: TDS 8 always validates the certificate.`);
    return setPolicy(policy, 'always', 'yes', 'yes');
  }
  const todo = `Provision a certificate the client can validate and remove it (or set ${tsc?.key.trim() ?? 'TrustServerCertificate'}=False); Encrypt=Strict (TDS 8, SQL Server 2022 and Microsoft.Data.SqlClient 5.0+) always validates.`;
  if (mode === 'Mandatory') {
    if (trust) {
      policy.disabledBy = { param: tsc!, what: written(tsc!) };
      policy.explain = { disabled: `${label} encrypts but does not validate the server's certificate, so anyone on the network path can impersonate the server and read the password and data. ${todo}` };
      return setPolicy(policy, 'always', 'no', 'no');
    }
    return setPolicy(policy, 'always', 'yes', 'yes');
  }
  // Optional: the login packet is encrypted; everything else only if the server forces encryption.
  notes.push('With Encrypt=False only the login packet is encrypted, unless the server forces encryption; the certificate is validated only then (Microsoft.Data.SqlClient 2.0+), and never with TrustServerCertificate=True.');
  setPolicy(policy, 'maybe', 'no', 'no');
  if (trust) {
    policy.disabledBy = { param: tsc!, what: written(tsc!) };
    policy.explain = {
      disabled: `${label} accepts any server certificate, and with ${encrypt ? written(encrypt) : 'Encrypt off'} it encrypts only the login packet unless the server forces encryption: anyone on the network path can impersonate the server. ${todo}`,
    };
    return policy;
  }
  policy.explain = {
    weak: `${label} encrypts only the login packet unless the server forces encryption${encrypt ? '' : ` (${label} defaults to Encrypt=False)`}: queries and results cross the network in plaintext, and the certificate is not validated. Use Encrypt=True${legacy ? '' : ' (the default since Microsoft.Data.SqlClient 4.0)'} with a certificate the client can validate.`,
  };
  return policy;
}
