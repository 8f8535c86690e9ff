/**
 * Microsoft JDBC Driver for SQL Server semantics (microsoft/mssql-jdbc 34285fd):
 * - `encrypt` (SQLServerDriver EncryptOption.valueOfString, case-insensitive): false | no | optional →
 *   FALSE; true | mandatory → TRUE; strict → STRICT; anything else throws. Default TRUE since 10.1.0
 *   (CHANGELOG "Default encryption to true #1697"; false before).
 * - SQLServerConnection: with encrypt=strict, "ignore trustServerCertificate for strict"
 *   (trustServerCertificate = false); `serverCertificate` (11.1.0, #1773) is read in strict mode only.
 * - IOBuffer.enableSSL: when the negotiated encryption is OFF (login only: encrypt=false and a server
 *   that does not force it) or trustServerCertificate is true, a PermissiveX509TrustManager trusts any
 *   certificate; else `trustManagerClass` if set, else a PKIX trust manager over `trustStore` (loaded
 *   with KeyStore.getInstance(trustStoreType), default JKS, which also reads PKCS#12 on Java 9+) or the
 *   JVM's default truststore. `hostNameInCertificate` replaces the name checked.
 * - `trustServerCertificate` goes through isBooleanPropertyOn: true | false (any case), else it throws.
 */
import * as l10n from '@vscode/l10n';
import type { Policy, Site } from '../../types';
import { sentences } from '../../l10n';
import { setPolicy, startPolicy } from '../policy';
import { lastOf, localityView, written } from './common';

export function jvmStore(): string {
  return l10n.t("the JVM's default truststore (javax.net.ssl.trustStore, else the JDK's cacerts)");
}

export function jdbcEncrypt(value: string): 'false' | 'true' | 'strict' | undefined {
  const v = value.trim().toLowerCase();
  if (v === 'false' || v === 'no' || v === 'optional') return 'false';
  if (v === 'true' || v === 'mandatory') return 'true';
  if (v === 'strict') return 'strict';
  return undefined;
}

export function interpretMssqlJdbc(site: Site): Policy {
  const encrypt = lastOf(site.params, ['encrypt']);
  const tsc = lastOf(site.params, ['trustservercertificate']);
  const store = lastOf(site.params, ['truststore']);
  const manager = lastOf(site.params, ['trustmanagerclass']);
  const hostName = lastOf(site.params, ['hostnameincertificate']);
  const pin = lastOf(site.params, ['servercertificate']);
  const policy = startPolicy('mssql-jdbc', localityView(site), {
    modeApplied: l10n.t('{0} (default)', 'true'),
    trust: store && !store.dynamic ? { kind: 'file', path: store.value, param: store } : { kind: 'node-default', description: jvmStore() },
    dynamic: Boolean(encrypt?.dynamic || tsc?.dynamic || manager?.dynamic),
    modeParam: encrypt,
    modeWritten: encrypt?.value,
  });
  policy.modeKey = 'encrypt';
  const notes = policy.notes;
  if (policy.dynamic) return policy;

  let mode: 'false' | 'true' | 'strict';
  if (encrypt) {
    const m = jdbcEncrypt(encrypt.value);
    if (!m) {
      policy.rejected = l10n.t('The Microsoft JDBC driver throws for {0}: it takes false/no/optional, true/mandatory or strict.', `encrypt=${encrypt.value}`);
      notes.push(policy.rejected);
      return policy;
    }
    mode = m;
    policy.modeApplied = m === encrypt.value.trim().toLowerCase() ? m : `${m} (${encrypt.value.trim()})`;
  } else {
    mode = 'true';
    notes.push(l10n.t('No encrypt: the driver uses encrypt=true since 10.1.0 (false before).'));
  }
  let trust = false;
  if (tsc) {
    const v = tsc.value.trim().toLowerCase();
    if (v !== 'true' && v !== 'false') {
      policy.rejected = l10n.t('The Microsoft JDBC driver throws for {0}: it takes true or false.', written(tsc));
      policy.rejectedAt = tsc;
      notes.push(policy.rejected);
      return policy;
    }
    trust = v === 'true';
  }
  if (hostName) notes.push(l10n.t("{0}: the certificate must carry this name instead of the server's.", written(hostName)));
  if (pin) notes.push(mode === 'strict' ? l10n.t('{0} pins the server certificate (encrypt=strict, 11.1.0+). dbtrust does not read it.', written(pin)) : l10n.t('{0} is read only with encrypt=strict.', written(pin)));
  if (store && mode !== 'false' && !trust) notes.push(l10n.t("{0} replaces the JVM's truststore: every certificate in it is a trust anchor (Java PKIX).", written(store)));
  if (manager && mode !== 'false' && !trust) {
    notes.push(l10n.t('{0}: a custom TrustManager decides which certificates are accepted; what it checks is not visible here.', written(manager)));
    policy.modeApplied = l10n.t('{0} with a custom trustManagerClass', policy.modeApplied);
    policy.encrypts = 'always';
    return policy;
  }

  const todo = l10n.t('Remove it (or set trustServerCertificate=false) and give the server a certificate the client can validate (trustStore for a private CA); encrypt=strict (TDS 8, SQL Server 2022, driver 11.2+) always validates.');
  if (mode === 'strict') {
    if (trust) notes.push(l10n.t('encrypt=strict ignores {0}: the driver validates the certificate.', written(tsc!)));
    return setPolicy(policy, 'always', 'yes', 'yes');
  }
  if (mode === 'true') {
    if (trust) {
      policy.disabledBy = { param: tsc!, what: written(tsc!) };
      policy.explain = { disabled: sentences(l10n.t('the Microsoft JDBC driver encrypts but trusts any server certificate, so anyone on the network path can impersonate the server and read the password and data.'), todo) };
      return setPolicy(policy, 'always', 'no', 'no');
    }
    return setPolicy(policy, 'always', 'yes', 'yes');
  }
  notes.push(l10n.t('With encrypt=false only the login packet is encrypted (trusting any certificate), unless the server forces encryption; the certificate is validated only then, and never with trustServerCertificate=true.'));
  setPolicy(policy, 'maybe', 'no', 'no');
  if (trust) {
    policy.disabledBy = { param: tsc!, what: written(tsc!) };
    policy.explain = { disabled: sentences(l10n.t('the Microsoft JDBC driver trusts any server certificate, and with {0} it encrypts only the login packet unless the server forces encryption.', written(encrypt!)), todo) };
    return policy;
  }
  policy.explain = {
    weak: l10n.t('the Microsoft JDBC driver encrypts only the login packet, with any certificate, unless the server forces encryption: queries and results cross the network in plaintext. Use encrypt=true (the default since 10.1.0) with a certificate the client can validate.'),
  };
  return policy;
}
