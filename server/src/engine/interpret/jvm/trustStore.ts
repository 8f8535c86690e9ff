/**
 * The JVM's default trust store (`-Djavax.net.ssl.trustStore`). Sources:
 * - JSSE Reference Guide (Java SE 17/21), "Customizing the Default Keystores and Truststores, Store
 *   Types, and Store Passwords": the default TrustManagerFactory reads javax.net.ssl.trustStore, else
 *   <java-home>/lib/security/jssecacerts, else cacerts; javax.net.ssl.trustStoreType defaults to
 *   KeyStore.getDefaultType(); javax.net.ssl.trustStorePassword opens the store (a trust store may be
 *   read without it: its integrity is then not checked).
 * - JEP 229 (JDK 9): the default keystore type is PKCS12; `keystore.type.compat=true` (the default in
 *   java.security) lets the JKS and PKCS12 keystore types load files of either format.
 * - The JDK's KeyStore types are jks, jceks, pkcs12, pkcs11, dks (Java Security Standard Algorithm
 *   Names); there is no PEM keystore type, so a PEM file is not loaded as a trust store.
 * - PKIX validation (CertPathValidator) anchors a chain at any trusted certificate of the store, a root
 *   or not.
 * - Who uses it: pgjdbc with sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory (SSLSocketFactory.getDefault();
 *   the default LibPQFactory reads sslrootcert instead), MySQL Connector/J when no
 *   trustCertificateKeyStoreUrl is set and fallbackToSystemTrustStore is true (its default), and
 *   mssql-jdbc when no trustStore connection property is set; every other TLS client of the JVM too.
 */
import * as l10n from '@vscode/l10n';
import { lastParam } from '../../extract/common';
import { TRUST_STORE, TRUST_STORE_PASSWORD, TRUST_STORE_TYPE } from '../../extract/families/jvm/javaOptions';
import type { Policy, Site } from '../../types';
import { setPolicy, startPolicy } from '../policy';

const KNOWN_TYPES = /^(jks|pkcs12|jceks|pkcs11|dks|bcfks)$/i;

export function interpretJvmTrustStore(site: Site): Policy {
  const store = lastParam(site.params, TRUST_STORE);
  const type = lastParam(site.params, TRUST_STORE_TYPE);
  const password = lastParam(site.params, TRUST_STORE_PASSWORD);
  const noFile = store !== undefined && store.value === 'NONE';
  const dynamic = Boolean(store?.dynamic || type?.dynamic);
  const policy = startPolicy('jvm', { ...site, hosts: [{ host: '' }] }, {
    modeApplied: type ? type.value : l10n.t('PKCS12 (the JDK default since 9; a JKS file loads too)'),
    trust: store && !store.dynamic && !noFile ? { kind: 'file', path: store.value, param: store } : { kind: 'none' },
    dynamic,
    modeParam: type,
    modeWritten: type?.value,
  });
  policy.modeKey = 'javax.net.ssl.trustStoreType';
  const notes = policy.notes;
  notes.push(
    l10n.t("-Djavax.net.ssl.trustStore replaces the JDK's cacerts for every TLS client in this JVM that uses the default trust store: only the certificates in this store are trusted."),
    l10n.t(
      'pgjdbc reads it only with sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory (its default LibPQFactory reads sslrootcert, else ~/.postgresql/root.crt); MySQL Connector/J uses it when no trustCertificateKeyStoreUrl is set (fallbackToSystemTrustStore); mssql-jdbc when no trustStore connection property is set.',
    ),
    l10n.t('Java anchors a chain at any certificate of the trust store, a root or not, so a pinned intermediate verifies until it is replaced.'),
  );
  if (password) {
    notes.push(password.dynamic ? l10n.t('The trust store password is decided at run time.') : l10n.t('The trust store password written here (•••) is used to open the store when dbtrust reads it; it is never shown.'));
  }
  if (type && !type.dynamic && !KNOWN_TYPES.test(type.value)) {
    const written = `trustStoreType=${type.value}`;
    notes.push(
      /^pem$/i.test(type.value)
        ? l10n.t('{0} is not a keystore type of the JDK (jks, pkcs12, jceks, pkcs11, dks): the JDK has no PEM keystore type: unless a provider adds it, creating the default SSLContext fails and so does every TLS connection.', written)
        : l10n.t('{0} is not a keystore type of the JDK (jks, pkcs12, jceks, pkcs11, dks): unless a provider adds it, creating the default SSLContext fails and so does every TLS connection.', written),
    );
  }
  if (dynamic) return policy;
  if (noFile) {
    notes.push(l10n.t('trustStore=NONE: no file is read (a PKCS#11 token or another provider holds the trust anchors).'));
    return setPolicy(policy, 'unknown', 'yes', 'unknown');
  }
  return setPolicy(policy, 'unknown', 'yes', 'unknown');
}
