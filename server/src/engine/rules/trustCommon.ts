/** Wording and locations shared by the trust rules. */
import * as l10n from '@vscode/l10n';
import { driverSpec } from '../drivers';
import { andList, commaList, orList } from '../l10n';
import type { AnalysedSite, DriverId, Span } from '../types';
import type { CertVerdict, ProviderView } from '../trustVerdict';
import { modeSpan } from './fixes';

/** How the trust setting reads in a message: `sslrootcert=certs/ca.pem`, `PGSSLROOTCERT=…`, `ca: certs/ca.pem`. */
export function trustLabel(a: AnalysedSite): string {
  const t = a.policy.trust;
  if (t.kind === 'file' || t.kind === 'system') {
    if (a.site.kind === 'object') return `${t.param.key}: ${t.param.value}`;
    return `${t.param.key}=${t.param.value}`;
  }
  return a.site.kind === 'env' ? l10n.t('{0} is not set', 'PGSSLROOTCERT') : l10n.t('No {0}', 'sslrootcert');
}

/** Where a trust finding goes: the trust setting's value, else the mode (or the site's anchor). */
export function trustSpan(a: AnalysedSite): Span {
  const t = a.policy.trust;
  if (t.kind === 'file' || t.kind === 'system') return t.param.valueSpan;
  return modeSpan(a.site, a.policy);
}

/** Drivers that verify through OpenSSL, which anchors a chain only at a self-signed root in the file. */
export function anchorsAtRootOnly(driver: DriverId): boolean {
  return driverSpec(driver).anchors === 'root-only';
}

/** Who takes any certificate of the trust file as an anchor, for messages: "Java" for pgjdbc, else the driver. */
export function anchorHolder(driver: DriverId): string {
  return driver === 'pgjdbc' || driver === 'jvm' || driver === 'mssql-jdbc' || driver === 'mysql-connector-j' ? 'Java' : driverSpec(driver).label;
}

export function driverName(driver: DriverId): string {
  return driver === 'pgjdbc' ? 'pgjdbc (Java)' : driver === 'node-postgres' ? 'Node (node-postgres)' : driver === 'postgres-js' ? 'Node (postgres.js)' : 'libpq (OpenSSL)';
}

/** "DigiCert Global Root G2 or Microsoft RSA Root Certificate Authority 2017", or the AWS region's G1 roots. */
export function rootsPhrase(p: ProviderView): string | undefined {
  const roots = p.accepted?.filter((r) => r.condition === undefined);
  if (!roots || roots.length === 0) return undefined;
  if (p.match.provider.id === 'aws-rds') {
    const ids = [...new Set(roots.map((r) => r.caId).filter((x): x is string => x !== undefined))];
    return p.match.region ? l10n.t('the {0} G1 roots ({1})', p.match.region, ids.join(', ')) : l10n.t('the G1 roots of its regions (global-bundle.pem)');
  }
  return orList(roots.map((r) => r.name));
}

/** The provider, for messages: `Azure Database for PostgreSQL flexible server`. */
export function providerName(p: ProviderView): string {
  return p.match.provider.name;
}

/** `"A", "B" and 3 more`: certificate names for a message, at most `max` spelled out. */
export function certNames(vs: readonly CertVerdict[], describe: (v: CertVerdict) => string, max = 3): string {
  const shown = vs.slice(0, max).map(describe);
  const more = vs.length - shown.length;
  if (more > 0) return l10n.t('{0} and {1} more', commaList(shown), more);
  return andList(shown);
}

export function certName(v: CertVerdict): string {
  return `"${v.cert.subjectCN ?? v.cert.subject ?? l10n.t('certificate {0}', v.cert.index + 1)}"`;
}

/** A certificate's role, as a word: root, intermediate, leaf. */
export function roleName(role: 'root' | 'intermediate' | 'leaf'): string {
  switch (role) {
    case 'root':
      return l10n.t({ message: 'root', comment: ['The role of a certificate: a self-signed CA.'] });
    case 'intermediate':
      return l10n.t({ message: 'intermediate', comment: ['The role of a certificate: a CA that is not self-signed.'] });
    default:
      return l10n.t({ message: 'leaf', comment: ['The role of a certificate: not a CA (a server certificate).'] });
  }
}

export function day(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** `1 certificate`, `3 certificates`. */
export function certificates(n: number): string {
  return n === 1 ? l10n.t('1 certificate') : l10n.t('{0} certificates', n);
}

/** `1 day`, `3 days`. */
export function days(n: number): string {
  return n === 1 ? l10n.t('1 day') : l10n.t('{0} days', n);
}
