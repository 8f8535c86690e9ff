/** Wording and locations shared by the trust rules. */
import { driverSpec } from '../drivers';
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
  return a.site.kind === 'env' ? 'PGSSLROOTCERT is not set' : 'No sslrootcert';
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
  return driver === 'pgjdbc' ? 'pgjdbc (Java)' : driver === 'node-postgres' ? 'Node (node-postgres)' : 'libpq (OpenSSL)';
}

/** "DigiCert Global Root G2 or Microsoft RSA Root Certificate Authority 2017", or the AWS region's G1 roots. */
export function rootsPhrase(p: ProviderView): string | undefined {
  const roots = p.accepted?.filter((r) => r.condition === undefined);
  if (!roots || roots.length === 0) return undefined;
  if (p.match.provider.id === 'aws-rds') {
    const ids = [...new Set(roots.map((r) => r.caId).filter((x): x is string => x !== undefined))];
    return p.match.region ? `the ${p.match.region} G1 roots (${ids.join(', ')})` : 'the G1 roots of its regions (global-bundle.pem)';
  }
  const names = roots.map((r) => r.name);
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/** The provider, for messages: `Azure Database for PostgreSQL flexible server`. */
export function providerName(p: ProviderView): string {
  return p.match.provider.name;
}

/** `"A", "B" and 3 more`: certificate names for a message, at most `max` spelled out. */
export function certNames(vs: readonly CertVerdict[], describe: (v: CertVerdict) => string, max = 3): string {
  const shown = vs.slice(0, max).map(describe);
  const more = vs.length - shown.length;
  if (more > 0) return `${shown.join(', ')} and ${more} more`;
  return shown.length <= 1 ? (shown[0] ?? '') : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

export function certName(v: CertVerdict): string {
  return `"${v.cert.subjectCN ?? v.cert.subject ?? `certificate ${v.cert.index + 1}`}"`;
}

export function day(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
