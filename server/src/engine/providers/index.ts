/**
 * Cloud-provider knowledge: which managed database service a host belongs to, which roots its servers
 * chain to (embedded, so no file is read), and which CAs it retired. Pure data and functions.
 *
 * Every function taking `now` treats it as "today" for date-dependent facts (Azure China's root switch,
 * expiries); the CLI's `--now` is meant to be passed through.
 */
import * as l10n from '@vscode/l10n';
import { LEGACY_RDS_CAS } from './awsLegacyData';
import type { LegacyRdsRow } from './awsLegacyData';
import { OTHER_KNOWN_CAS, PROVIDERS, RETIRED_FILE_NAMES } from './data';
import { EMBEDDED_ROOTS, type EmbeddedRoot } from './rootsData';
import type { Cloud, HostMatch, KnownCa, Provider, ProviderId, RetiredCa, RetiredFileName, RootRef } from './types';

export * from './types';
export { PROVIDERS, RETIRED_FILE_NAMES, AZURE_CHINA_ROOT_SWITCH, FP, SRC } from './data';
export { EMBEDDED_ROOTS } from './rootsData';
export type { EmbeddedRoot } from './rootsData';

// ---------------------------------------------------------------------------------------------------
// Fingerprints and dates

/**
 * `AB:CD:…` upper case with colons, from any of: that form, lower case, no separators, spaces, or
 * openssl's `sha256 Fingerprint=…` line. Undefined when it is not 32 bytes of hex.
 */
export function normalizeSha256(input: string): string | undefined {
  const hex = input.replace(/^\s*sha-?256\s+fingerprint\s*=\s*/i, '').replace(/[\s:]/g, '').toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) return undefined;
  return hex.match(/../g)!.join(':');
}

function day(now: Date | string | undefined): string {
  if (now === undefined) return new Date().toISOString().slice(0, 10);
  if (typeof now === 'string') return now.slice(0, 10);
  return now.toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------------
// Embedded roots

const G1_CN = /^Amazon RDS (?<region>.+) Root CA (?<type>RSA2048|RSA4096|ECC384) G1$/;

function toPem(der: string): string {
  return `-----BEGIN CERTIFICATE-----\n${der.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
}

function rootRef(e: EmbeddedRoot): RootRef {
  const ref: RootRef = {
    name: e.subjectCN,
    sha256: e.sha256,
    pem: () => toPem(e.der),
    notBefore: e.notBefore,
    notAfter: e.notAfter,
    keyType: e.keyType,
    file: e.file,
  };
  const g1 = G1_CN.exec(e.subjectCN);
  if (g1) {
    ref.region = g1.groups!.region;
    ref.caId = `rds-ca-${g1.groups!.type.toLowerCase()}-g1`;
  }
  return ref;
}

const EMBEDDED_BY_SHA = new Map<string, RootRef>(EMBEDDED_ROOTS.map((e) => [e.sha256, rootRef(e)]));

/** The embedded root with this fingerprint, if any. */
export function embeddedRoot(sha256: string): RootRef | undefined {
  const fp = normalizeSha256(sha256);
  return fp === undefined ? undefined : EMBEDDED_BY_SHA.get(fp);
}

/** Every AWS RDS G1 root embedded (the 2025-09 global bundle), with region and CA id. */
export function rdsG1Roots(): RootRef[] {
  return [...EMBEDDED_BY_SHA.values()].filter((r) => r.caId !== undefined);
}

/** Regions whose G1 roots are embedded (includes AWS's "Beta us-east-1" and "Preview us-east-2"). */
export function rdsRegionsEmbedded(): string[] {
  return [...new Set(rdsG1Roots().map((r) => r.region!))].sort();
}

// ---------------------------------------------------------------------------------------------------
// Providers and hosts

const BY_ID = new Map<ProviderId, Provider>(PROVIDERS.map((p) => [p.id, p]));

export function providerById(id: ProviderId | string): Provider | undefined {
  return BY_ID.get(id as ProviderId);
}

function awsCloud(region: string): Cloud {
  if (region.startsWith('cn-')) return 'china';
  if (region.startsWith('us-gov-')) return 'government';
  return 'public';
}

/**
 * The match a configuration declares for a host ("this host is Azure"): the provider's first host
 * pattern's cloud and kind; for AWS the region decides the cloud.
 */
export function declaredProvider(id: ProviderId, region?: string): HostMatch | undefined {
  const provider = BY_ID.get(id);
  if (!provider) return undefined;
  const first = provider.hostPatterns[0];
  let cloud: Cloud = first?.cloud ?? 'public';
  if (region !== undefined && (id === 'aws-rds' || id === 'aws-rds-proxy')) cloud = awsCloud(region);
  const match: HostMatch = { provider, cloud, kind: first?.kind ?? 'server' };
  if (region !== undefined) match.region = region;
  return match;
}

/**
 * The managed service a host name belongs to. Host names compare case-insensitively; a trailing dot
 * is ignored; IP addresses, single labels and lookalikes (`rds.amazonaws.com.attacker.com`) give
 * undefined. RDS Proxy hosts are told from instance hosts.
 */
export function identifyProvider(host: string): HostMatch | undefined {
  let h = host.trim().toLowerCase();
  if (h.endsWith('.')) h = h.slice(0, -1);
  if (h.length === 0 || h.length > 253 || !h.includes('.')) return undefined;
  for (const provider of PROVIDERS) {
    for (const hp of provider.hostPatterns) {
      const m = hp.pattern.exec(h);
      if (!m) continue;
      const region = m.groups?.region;
      let cloud = hp.cloud;
      if (provider.id === 'aws-rds' || provider.id === 'aws-rds-proxy') {
        cloud = awsCloud(region!);
        // `.amazonaws.com.cn` serves exactly the China regions.
        if ((m.groups?.cn !== undefined) !== (cloud === 'china')) return undefined;
      }
      let kind = hp.kind;
      if (provider.id === 'aws-rds' && /\.cluster-(?:ro-|custom-)?[a-z0-9]+\.[^.]+\.rds\./.test(h)) kind = 'cluster';
      const match: HostMatch = { provider, cloud, kind };
      if (region !== undefined) match.region = region;
      return match;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// Accepted roots

export interface AcceptedRootsOptions {
  /** The AWS region (from identifyProvider); without it AWS RDS gives every embedded region's roots. */
  region?: string;
  /** Default: the provider's first cloud, or the cloud the region implies (AWS). */
  cloud?: Cloud;
  /** Today (default: the current date). */
  now?: Date | string;
  /** Include roots needed only in a particular setup (Azure read replicas: DigiCert Global Root CA). */
  readReplica?: boolean;
}

/**
 * The embedded roots a server of this provider chains to, at `now`. Undefined when dbtrust does not
 * know them: per-instance CAs (Cloud SQL), the system store (Neon), AWS regions outside the embedded
 * bundle (China, GovCloud, newer regions), RDS Proxy in China. An empty list never means "nothing is
 * accepted".
 */
export function acceptedRoots(provider: Provider | ProviderId, opts: AcceptedRootsOptions = {}): RootRef[] | undefined {
  const p = typeof provider === 'string' ? BY_ID.get(provider) : provider;
  if (!p) return undefined;
  const today = day(opts.now);
  if (p.id === 'aws-rds') {
    const all = rdsG1Roots();
    if (opts.region === undefined) return opts.cloud === undefined || opts.cloud === 'public' ? all : undefined;
    const region = opts.region.toLowerCase();
    const roots = all.filter((r) => r.region === region);
    return roots.length > 0 ? roots : undefined;
  }
  const cloud = opts.cloud ?? (opts.region !== undefined && p.id === 'aws-rds-proxy' ? awsCloud(opts.region) : p.clouds[0]);
  const out: RootRef[] = [];
  for (const rule of p.acceptedRoots) {
    if (rule.clouds && !rule.clouds.includes(cloud)) continue;
    if (rule.from !== undefined && today < rule.from) continue;
    if (rule.until !== undefined && today >= rule.until) continue;
    if (rule.condition === 'read-replica' && !opts.readReplica) continue;
    const ref = EMBEDDED_BY_SHA.get(rule.sha256);
    if (!ref) throw new Error(`providers: ${p.id} accepts ${rule.name}, which is not embedded`);
    out.push(rule.condition ? { ...ref, condition: rule.condition } : ref);
  }
  return out.length > 0 ? out : undefined;
}

// ---------------------------------------------------------------------------------------------------
// Retired CAs and known CAs

function legacyReason(generation: LegacyRdsRow[4]): string {
  switch (generation) {
    case 'rds-ca-2015':
      return l10n.t('rds-ca-2015 expired on 2020-03-05');
    case 'rds-ca-2019':
      return l10n.t('rds-ca-2019 expired in August 2024');
    default:
      return l10n.t('pre-G1 per-region CA of an opt-in region; expired');
  }
}

const RDS_RETIRED: RetiredCa[] = LEGACY_RDS_CAS.map(([sha256, name, role, notAfter, generation]) => ({
  sha256,
  name,
  role,
  retired: notAfter,
  get reason() {
    return legacyReason(generation);
  },
  providers: ['aws-rds'],
  get replacedBy() {
    return l10n.t('the G1 roots of the region (global-bundle.pem or <region>-bundle.pem)');
  },
  source: 'awsLegacyData.ts (dated copies of the AWS bundles); date: the certificate\'s notAfter',
}));

/** Every retirement record: Azure's, the RDS CAs', and those of the other providers. */
export const RETIRED_CAS: readonly RetiredCa[] = [
  ...new Map([...PROVIDERS.flatMap((p) => p.retired), ...RDS_RETIRED].map((r) => [`${r.sha256}|${r.cloud ?? ''}`, r])).values(),
];

export interface RetiredOptions {
  /** Count retirements scoped to this provider too (e.g. Azure China's old root). */
  provider?: ProviderId;
  cloud?: Cloud;
  now?: Date | string;
}

/** The retirement record for this CA at `now`, if it is retired (expired, or replaced for that provider and cloud). */
export function retiredCa(sha256: string, opts: RetiredOptions = {}): RetiredCa | undefined {
  const fp = normalizeSha256(sha256);
  if (fp === undefined) return undefined;
  const today = day(opts.now);
  for (const r of RETIRED_CAS) {
    if (r.sha256 !== fp || r.retired > today) continue;
    if (r.cloud !== undefined && r.cloud !== opts.cloud) continue;
    if (r.cloud !== undefined && (opts.provider === undefined || !r.providers.includes(opts.provider))) continue;
    return r;
  }
  return undefined;
}

export function isRetired(sha256: string, opts: RetiredOptions = {}): boolean {
  return retiredCa(sha256, opts) !== undefined;
}

interface KnownBase {
  name: string;
  sha256: string;
  role: 'root' | 'intermediate';
  providers: ProviderId[];
  notAfter: string;
  /** Read in the current language when the CA is looked up. */
  note?: () => string;
}

const KNOWN = new Map<string, KnownBase>();
function addKnown(k: KnownBase): void {
  const prev = KNOWN.get(k.sha256);
  if (prev) {
    for (const id of k.providers) if (!prev.providers.includes(id)) prev.providers.push(id);
    return;
  }
  KNOWN.set(k.sha256, k);
}
for (const p of PROVIDERS) {
  for (const rule of p.acceptedRoots) {
    const ref = EMBEDDED_BY_SHA.get(rule.sha256);
    if (ref) addKnown({ name: ref.name, sha256: ref.sha256, role: 'root', providers: [p.id], notAfter: ref.notAfter.slice(0, 10) });
  }
}
for (const r of rdsG1Roots()) {
  addKnown({ name: r.name, sha256: r.sha256, role: 'root', providers: ['aws-rds'], notAfter: r.notAfter.slice(0, 10), note: () => l10n.t('{0} root for {1}', r.caId!, r.region!) });
}
for (const [sha256, name, role, notAfter, providers, note] of OTHER_KNOWN_CAS) {
  const k: KnownBase = { name, sha256, role, providers: [...providers], notAfter };
  if (note !== undefined) k.note = note;
  addKnown(k);
}
for (const [sha256, name, role, notAfter, generation] of LEGACY_RDS_CAS) {
  addKnown({ name, sha256, role, providers: ['aws-rds'], notAfter, note: () => generation });
}

function acceptedSomewhere(k: KnownBase, now: string): boolean {
  return k.providers.some((id) => {
    const p = BY_ID.get(id)!;
    return p.clouds.some((cloud) => (id === 'aws-rds' ? rdsG1Roots() : acceptedRoots(p, { cloud, now, readReplica: true }) ?? []).some((r) => r.sha256 === k.sha256));
  });
}

/**
 * What dbtrust knows about a CA certificate: name, providers, role and its status at `now`
 * (accepted root, other valid root, intermediate — trusting it alone is pinning —, or retired).
 */
export function knownCa(sha256: string, opts: { now?: Date | string } = {}): KnownCa | undefined {
  const fp = normalizeSha256(sha256);
  const k = fp === undefined ? undefined : KNOWN.get(fp);
  if (!k) return undefined;
  const today = day(opts.now);
  const out: KnownCa = { name: k.name, sha256: k.sha256, role: k.role, providers: k.providers, notAfter: k.notAfter, status: 'intermediate' };
  if (k.note !== undefined) out.note = k.note();
  const retired = retiredCa(k.sha256, { now: today });
  if (retired) {
    out.status = 'retired';
    out.retired = retired;
  } else if (k.notAfter < today) {
    out.status = 'retired';
  } else if (k.role === 'root') {
    out.status = acceptedSomewhere(k, today) ? 'accepted' : 'other-root';
  }
  return out;
}

/** Every CA known by fingerprint (embedded roots, Azure CAs, retired RDS CAs, …). */
export function knownCaFingerprints(): string[] {
  return [...KNOWN.keys()];
}

// ---------------------------------------------------------------------------------------------------
// Retired trust file names

/** A trust file name from old provider docs (compared on the base name, case-insensitively). */
export function retiredFileName(pathOrName: string): RetiredFileName | undefined {
  const base = pathOrName.split(/[\\/]/).pop()!.toLowerCase();
  return RETIRED_FILE_NAMES.find((f) => f.fileName.toLowerCase() === base);
}
