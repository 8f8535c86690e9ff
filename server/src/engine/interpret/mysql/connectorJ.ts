/**
 * MySQL Connector/J 8.0.13+ (mysql/mysql-connector-j cf2917e; docs connector-j-connp-props-security.html):
 * - PropertyDefinitions: sslMode DISABLED | PREFERRED (default) | REQUIRED | VERIFY_CA | VERIFY_IDENTITY,
 *   since 8.0.13; EnumPropertyDefinition.parseObject upper-cases the value (case-insensitive), anything
 *   else fails the connection. Booleans (BooleanPropertyDefinition) are true/false/yes/no, any case.
 * - PropertyKey: property names are case-sensitive (`sslmode` is an unknown, ignored property).
 * - DefaultPropertySet.initializeProperties: when sslMode is not set and one of the legacy useSSL
 *   (default true), verifyServerCertificate (default false), requireSSL (default false) is: useSSL=false →
 *   DISABLED; else verifyServerCertificate=true → VERIFY_CA; else requireSSL=true → REQUIRED; else PREFERRED.
 * - ExportControlled.performTlsHandshake: the certificate is verified only for VERIFY_CA and
 *   VERIFY_IDENTITY (or fipsCompliantJsse=true); the host name only for VERIFY_IDENTITY.
 * - NativeAuthenticationProvider: a server without TLS fails the connection unless the mode is
 *   DISABLED or PREFERRED (PREFERRED then continues in plaintext).
 * - Trust: trustCertificateKeyStoreUrl (a URL, opened with new URL(…).openStream(); type
 *   trustCertificateKeyStoreType, default JKS), else with fallbackToSystemTrustStore (default true,
 *   since 8.0.22) the JVM's truststore (javax.net.ssl.trustStore, else cacerts); with neither, a
 *   verifying mode fails ("no X.509 Trust Manager was found").
 */
import * as l10n from '@vscode/l10n';
import { lastParam } from '../../extract/common';
import type { Param, Policy, Site } from '../../types';
import { sentences } from '../../l10n';
import { chainOnly, setPolicy } from '../policy';
import { anyCaServer, fallback, fallbackSentence, filePath, impersonate, lastOf, miscased, plaintext, startMysql } from './common';
import { table } from '../../table';

export const CONNECTOR_J_MODES = ['DISABLED', 'PREFERRED', 'REQUIRED', 'VERIFY_CA', 'VERIFY_IDENTITY'];
const LEGACY = ['useSSL', 'requireSSL', 'verifyServerCertificate'];
const TLS_KEYS = ['sslMode', ...LEGACY, 'trustCertificateKeyStoreUrl', 'fallbackToSystemTrustStore', 'fipsCompliantJsse'];
const BOOL = table<boolean>({ true: true, false: false, yes: true, no: false });

export function cjTodo(): string {
  return l10n.t('Use sslMode=VERIFY_IDENTITY (with trustCertificateKeyStoreUrl=file:… naming a truststore with the root CA of your server or provider when the JVM does not trust it).');
}

function bool(p: Param | undefined): boolean | undefined {
  return p === undefined ? undefined : BOOL[p.value.toLowerCase()];
}

export function interpretConnectorJ(site: Site): Policy {
  const params = site.params;
  const mode = lastParam(params, 'sslMode');
  const legacy = LEGACY.map((k) => lastParam(params, k)).filter((p): p is Param => p !== undefined);
  const ignoredMode = mode ? undefined : miscased(params, 'sslMode');
  const fips = lastParam(params, 'fipsCompliantJsse');
  const dynamic = Boolean(mode?.dynamic || (!mode && legacy.some((p) => p.dynamic)) || fips?.dynamic);
  const policy = startMysql('mysql-connector-j', site, {
    modeApplied: 'PREFERRED',
    modeKey: 'sslMode',
    dynamic,
    modeParam: mode ?? decisiveLegacy(params) ?? ignoredMode,
    modeWritten: mode?.value,
  });
  const notes = policy.notes;
  for (const k of ['sslMode', ...LEGACY, 'trustCertificateKeyStoreUrl', 'fallbackToSystemTrustStore']) {
    const m = miscased(params, k);
    if (m && !lastParam(params, k)) notes.push(l10n.t('{0} is not a Connector/J property: property names are case-sensitive ({1}), so it is ignored.', `\`${m.key}\``, `\`${k}\``));
  }
  if (policy.dynamic) return policy;
  if (site.fragment && !params.some((p) => TLS_KEYS.includes(p.key))) {
    policy.modeApplied = l10n.t('not known (the URL is completed at run time)');
    notes.push(l10n.t('The URL is built by concatenation: its TLS properties may be added where it is completed, so it is not judged on what it lacks.'));
    return policy;
  }

  let applied: string;
  if (mode) {
    applied = mode.value.toUpperCase();
    if (!CONNECTOR_J_MODES.includes(applied)) {
      policy.rejected = l10n.t('Connector/J rejects {0}: valid values are {1} (any case).', `sslMode=${mode.value}`, CONNECTOR_J_MODES.join(', '));
      notes.push(policy.rejected);
      return policy;
    }
    if (legacy.length) notes.push(l10n.t('sslMode is set, so Connector/J ignores the legacy {0}.', legacy.map((p) => `${p.key}=${p.value}`).join(', ')));
  } else {
    for (const p of legacy) {
      if (bool(p) === undefined) {
        policy.rejected = l10n.t('Connector/J rejects {0}: a boolean property takes true, false, yes or no.', `${p.key}=${p.value}`);
        policy.rejectedAt = p;
        notes.push(policy.rejected);
        return policy;
      }
    }
    applied = translateLegacy(params);
    if (legacy.length) {
      notes.push(
        l10n.t(
          'Connector/J 8.0.13+ translates the legacy {0} into {1} (useSSL=false → DISABLED; else verifyServerCertificate=true → VERIFY_CA; else requireSSL=true → REQUIRED; else PREFERRED).',
          legacy.map((p) => `${p.key}=${p.value}`).join(', '),
          `sslMode=${applied}`,
        ),
      );
    } else notes.push(l10n.t('No sslMode: Connector/J uses PREFERRED.'));
  }
  policy.modeApplied = mode ? applied : legacy.length ? l10n.t('{0} (translated from the legacy properties)', applied) : applied;

  const fipsOn = bool(fips) === true;
  if (fips && bool(fips) === undefined) {
    policy.rejected = l10n.t('Connector/J rejects {0}: a boolean property takes true, false, yes or no.', `fipsCompliantJsse=${fips.value}`);
    policy.rejectedAt = fips;
    return policy;
  }
  const verifies = applied === 'VERIFY_CA' || applied === 'VERIFY_IDENTITY' || (fipsOn && applied !== 'DISABLED');
  if (fipsOn && applied !== 'VERIFY_CA' && applied !== 'VERIFY_IDENTITY' && applied !== 'DISABLED') notes.push(l10n.t('fipsCompliantJsse=true: Connector/J verifies the certificate chain whatever the mode.'));
  if (verifies && !trust(site, policy)) return policy;
  if (!verifies && lastParam(params, 'trustCertificateKeyStoreUrl')) {
    notes.push(l10n.t('With {0} Connector/J does not verify the certificate, so it never opens trustCertificateKeyStoreUrl.', `sslMode=${applied}`));
  }

  // A miscased `sslmode` is ignored: the sentence says so before what the applied mode does.
  const ignored = ignoredMode ? [`\`${ignoredMode.key}\``, `sslMode=${applied}`] : undefined;
  switch (applied) {
    case 'DISABLED':
      policy.explain = {
        weak: sentences(
          ignored
            ? l10n.t('Connector/J property names are case-sensitive, so it ignores {0} and uses {1}: it connects without TLS, so {2}.', ignored[0]!, ignored[1]!, plaintext())
            : l10n.t('{0} connects without TLS, so {1}.', 'Connector/J', plaintext()),
          cjTodo(),
        ),
      };
      return setPolicy(policy, 'never', 'no', 'no');
    case 'PREFERRED':
      policy.explain = {
        weak: sentences(
          ignored
            ? l10n.t('Connector/J property names are case-sensitive, so it ignores {0} and uses {1}: it {2}: {3}.', ignored[0]!, ignored[1]!, fallback(), impersonate())
            : fallbackSentence('Connector/J', mode || legacy.length ? '' : l10n.t(' (PREFERRED is the default)')),
          cjTodo(),
        ),
      };
      return setPolicy(policy, 'maybe', verifies ? 'yes' : 'no', 'no');
    case 'REQUIRED':
      if (verifies) {
        policy.explain = { noHost: l10n.t('Connector/J verifies the certificate chain (fipsCompliantJsse) but not the host name, so {0}. Use sslMode=VERIFY_IDENTITY.', anyCaServer()) };
        return setPolicy(policy, 'always', 'yes', 'no');
      }
      policy.explain = {
        weak: sentences(
          ignored
            ? l10n.t("Connector/J property names are case-sensitive, so it ignores {0} and uses {1}: it encrypts but does not verify the server's certificate (REQUIRED), so {2}.", ignored[0]!, ignored[1]!, impersonate())
            : l10n.t("{0} encrypts but does not verify the server's certificate (REQUIRED), so {1}.", 'Connector/J', impersonate()),
          cjTodo(),
        ),
      };
      return setPolicy(policy, 'always', 'no', 'no');
    case 'VERIFY_CA':
      policy.explain = { noHost: chainOnly('Connector/J', '', 'sslMode=VERIFY_IDENTITY') };
      return setPolicy(policy, 'always', 'yes', 'no');
    default:
      return setPolicy(policy, 'always', 'yes', 'yes');
  }
}

/** The legacy property that decides the translated mode (the one a fix replaces). */
function decisiveLegacy(params: readonly Param[]): Param | undefined {
  const useSSL = lastParam(params, 'useSSL');
  const verify = lastParam(params, 'verifyServerCertificate');
  const require = lastParam(params, 'requireSSL');
  if (useSSL && bool(useSSL) === false) return useSSL;
  if (verify && bool(verify) === true) return verify;
  if (require && bool(require) === true) return require;
  return lastOf(params, LEGACY);
}

function translateLegacy(params: readonly Param[]): string {
  const useSSL = lastParam(params, 'useSSL');
  const verify = lastParam(params, 'verifyServerCertificate');
  const require = lastParam(params, 'requireSSL');
  if (!useSSL && !verify && !require) return 'PREFERRED';
  if (useSSL && bool(useSSL) === false) return 'DISABLED';
  if (bool(verify) === true) return 'VERIFY_CA';
  if (bool(require) === true) return 'REQUIRED';
  return 'PREFERRED';
}

/** The trust material of a verifying mode; false when the configuration fails the connection. */
function trust(site: Site, policy: Policy): boolean {
  const url = lastParam(site.params, 'trustCertificateKeyStoreUrl');
  const fallback = lastParam(site.params, 'fallbackToSystemTrustStore');
  if (url?.dynamic) {
    policy.dynamic = true;
    policy.notes.push(l10n.t('trustCertificateKeyStoreUrl is decided at run time.'));
    return false;
  }
  if (url && url.value !== '') {
    const v = url.value.trim();
    if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(v) || /^[A-Za-z]:[\\/]/.test(v)) {
      // A path: its file: URL (`/etc/x.jks` → `file:/etc/x.jks`, `C:\x.jks` → `file:/C:/x.jks`).
      const fileUrl = `file:${v.startsWith('/') ? '' : '/'}${v.replace(/\\/g, '/')}`;
      policy.rejected = l10n.t(
        '{0} is not a URL: Connector/J opens it with java.net.URL and fails ("does not appear to be a valid URL"). Write {1}.',
        `trustCertificateKeyStoreUrl=${url.value}`,
        fileUrl,
      );
      policy.rejectedAt = url;
      // Only an absolute path means that one file wherever the client runs.
      if (v.startsWith('/') || /^[A-Za-z]:[\\/]/.test(v)) policy.rejectedInstead = fileUrl;
      policy.notes.push(policy.rejected);
      return false;
    }
    if (!/^file:/i.test(v)) {
      policy.notes.push(l10n.t('The truststore is read from {0}, not from a file in this workspace, so its certificates are not judged.', v));
      return true;
    }
    policy.trust = { kind: 'file', path: filePath(v), param: url };
    const type = lastParam(site.params, 'trustCertificateKeyStoreType');
    policy.notes.push(
      type
        ? l10n.t("The chain is verified against the truststore {0} (type {1}): any certificate in it is a trust anchor, and the JVM's own truststore is not used.", v, type.value)
        : l10n.t("The chain is verified against the truststore {0} (type JKS, the default): any certificate in it is a trust anchor, and the JVM's own truststore is not used.", v),
    );
    return true;
  }
  const fb = fallback === undefined ? true : bool(fallback);
  if (fallback && fb === undefined) {
    policy.rejected = l10n.t('Connector/J rejects {0}: a boolean property takes true, false, yes or no.', `fallbackToSystemTrustStore=${fallback.value}`);
    policy.rejectedAt = fallback;
    return false;
  }
  if (!fb) {
    policy.rejected = l10n.t('A verifying sslMode with fallbackToSystemTrustStore=false and no trustCertificateKeyStoreUrl has no trust store: Connector/J fails ("no X.509 Trust Manager was found").');
    policy.notes.push(policy.rejected);
    return false;
  }
  policy.trust = { kind: 'node-default', description: l10n.t("the JVM's default truststore (-Djavax.net.ssl.trustStore, else the JDK's cacerts)") };
  policy.notes.push(l10n.t("No trustCertificateKeyStoreUrl: the chain is verified against the JVM's default truststore, which holds public CAs only (not, for instance, the Amazon RDS roots)."));
  return true;
}
