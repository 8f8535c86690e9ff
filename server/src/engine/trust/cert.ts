/**
 * One certificate's facts: Node's X509Certificate for names, fingerprints, keys and signatures;
 * the DER itself for what Node does not expose (version, validity as dates, basicConstraints,
 * key identifiers, signature algorithm).
 */
import * as l10n from '@vscode/l10n';
import { createHash, X509Certificate } from 'node:crypto';
import { children, content, CONTEXT, DerError, hex, is, isSeq, oid, readTlv, smallInt, T, time, Tlv, TruncatedError, UNIVERSAL } from './der';
import type { CertInfo, CertRole, KeyType } from './types';

const x509s = new WeakMap<CertInfo, X509Certificate>();

/** The X509Certificate behind a CertInfo (kept aside so CertInfo stays plain data). */
export function x509Of(cert: CertInfo): X509Certificate {
  let x = x509s.get(cert);
  if (!x) {
    x = new X509Certificate(cert.der);
    x509s.set(cert, x);
  }
  return x;
}

const SIGNATURE_ALGORITHMS: Record<string, [string, string | undefined]> = {
  '1.2.840.113549.1.1.2': ['md2WithRSAEncryption', 'md2'],
  '1.2.840.113549.1.1.4': ['md5WithRSAEncryption', 'md5'],
  '1.2.840.113549.1.1.5': ['sha1WithRSAEncryption', 'sha1'],
  '1.2.840.113549.1.1.14': ['sha224WithRSAEncryption', 'sha224'],
  '1.2.840.113549.1.1.11': ['sha256WithRSAEncryption', 'sha256'],
  '1.2.840.113549.1.1.12': ['sha384WithRSAEncryption', 'sha384'],
  '1.2.840.113549.1.1.13': ['sha512WithRSAEncryption', 'sha512'],
  '1.2.840.113549.1.1.10': ['rsassaPss', undefined],
  '1.2.840.10045.4.1': ['ecdsa-with-SHA1', 'sha1'],
  '1.2.840.10045.4.3.1': ['ecdsa-with-SHA224', 'sha224'],
  '1.2.840.10045.4.3.2': ['ecdsa-with-SHA256', 'sha256'],
  '1.2.840.10045.4.3.3': ['ecdsa-with-SHA384', 'sha384'],
  '1.2.840.10045.4.3.4': ['ecdsa-with-SHA512', 'sha512'],
  '1.2.840.10040.4.3': ['dsa_with_SHA1', 'sha1'],
  '2.16.840.1.101.3.4.3.2': ['dsa_with_SHA256', 'sha256'],
  '1.3.101.112': ['ED25519', undefined],
  '1.3.101.113': ['ED448', undefined],
};

const HASHES: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

const CURVES: Record<string, [string, number]> = {
  prime256v1: ['P-256', 256],
  secp384r1: ['P-384', 384],
  secp521r1: ['P-521', 521],
  secp224r1: ['P-224', 224],
  prime192v1: ['P-192', 192],
  secp256k1: ['secp256k1', 256],
};

interface DerFields {
  version: number;
  notBefore?: Date;
  notAfter?: Date;
  signatureAlgorithm: string;
  signatureHash?: string;
  basicCA?: boolean;
  pathLength?: number;
  subjectKeyId?: string;
  authorityKeyId?: string;
}

/** Reads the certificate's outer structure; throws DerError when it is not one. */
function readFields(der: Uint8Array, cert: Tlv): DerFields {
  const top = children(der, cert, 8);
  const [tbs, sigAlg] = top;
  if (top.length !== 3 || !isSeq(tbs) || !isSeq(sigAlg) || !is(top[2], UNIVERSAL, T.BIT_STRING)) {
    throw new DerError(l10n.t('not an X.509 certificate (expected tbsCertificate, signatureAlgorithm, signature)'));
  }
  const algParts = children(der, sigAlg, 4);
  const algOid = oid(der, algParts[0]!);
  let [signatureAlgorithm, signatureHash] = SIGNATURE_ALGORITHMS[algOid] ?? [algOid, undefined];
  if (algOid === '1.2.840.113549.1.1.10') {
    signatureHash = 'sha1'; // RSASSA-PSS default
    try {
      const params = algParts[1];
      const hashField = isSeq(params) ? children(der, params, 8).find((c) => is(c, CONTEXT, 0)) : undefined;
      if (hashField) {
        const hashAlg = children(der, hashField, 1)[0];
        if (isSeq(hashAlg)) signatureHash = HASHES[oid(der, children(der, hashAlg, 4)[0]!)] ?? 'unknown';
      }
    } catch {
      signatureHash = undefined;
    }
  }
  const f = children(der, tbs, 16);
  let i = 0;
  let version = 1;
  if (is(f[0], CONTEXT, 0)) {
    version = smallInt(der, children(der, f[0], 1)[0]!) + 1;
    i++;
  }
  const validity = f[i + 3];
  const fields: DerFields = { version, signatureAlgorithm };
  if (signatureHash) fields.signatureHash = signatureHash;
  if (isSeq(validity)) {
    const [nb, na] = children(der, validity, 2);
    if (nb) fields.notBefore = time(der, nb);
    if (na) fields.notAfter = time(der, na);
  }
  const extWrapper = f.slice(i + 6).find((t) => is(t, CONTEXT, 3));
  const exts = extWrapper && children(der, extWrapper, 1)[0];
  if (isSeq(exts)) {
    for (const ext of children(der, exts, 200)) {
      const parts = children(der, ext, 3);
      const id = oid(der, parts[0]!);
      const value = parts[parts.length - 1]!;
      if (!is(value, UNIVERSAL, T.OCTET_STRING)) continue;
      const inner = content(der, value);
      try {
        if (id === '2.5.29.19') {
          const bc = readTlv(inner, 0);
          fields.basicCA = false;
          for (const c of children(inner, bc, 2)) {
            if (is(c, UNIVERSAL, T.BOOLEAN)) fields.basicCA = content(inner, c)[0] !== 0;
            else if (is(c, UNIVERSAL, T.INTEGER)) fields.pathLength = smallInt(inner, c);
          }
        } else if (id === '2.5.29.14') {
          fields.subjectKeyId = hex(content(inner, readTlv(inner, 0)));
        } else if (id === '2.5.29.35') {
          const keyId = children(inner, readTlv(inner, 0), 3).find((c) => is(c, CONTEXT, 0));
          if (keyId) fields.authorityKeyId = hex(content(inner, keyId));
        }
      } catch (e) {
        if (!(e instanceof DerError)) throw e;
      }
    }
  }
  return fields;
}

function oneLine(name: string): string {
  return name.split('\n').join(', ');
}

function commonName(name: string): string | undefined {
  let cn: string | undefined;
  for (const line of name.split('\n')) if (line.startsWith('CN=')) cn = unescapeName(line.slice(3));
  return cn;
}

/**
 * OpenSSL's escaping in printed names: `\,` and the like stand for the character, and runs of `\XX`
 * hex escapes are bytes (UTF-8 text or control characters).
 */
function unescapeName(value: string): string {
  return value.replace(/(?:\\[0-9A-Fa-f]{2})+|\\(.)/g, (m: string, ch: string | undefined) => {
    if (ch !== undefined) return ch;
    const bytes = Uint8Array.from(m.slice(1).split('\\').map((h) => parseInt(h, 16)));
    return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  });
}

/** Names compared the way a person would: case and runs of spaces ignored. */
export function nameKey(name: string): string {
  return name.toLowerCase().replace(/\s+/g, ' ');
}

export type CertResult = { ok: true; cert: CertInfo; trailing: number } | { ok: false; truncated?: { needed: number; available: number }; error: string };

/**
 * Builds a CertInfo from DER bytes that should start with a certificate. `trailing` counts bytes
 * after it (the aux part of an OpenSSL TRUSTED CERTIFICATE, or junk).
 */
export function certFromDer(bytes: Uint8Array, index: number, memo?: Map<string, CertInfo>): CertResult {
  let outer: Tlv;
  try {
    outer = readTlv(bytes, 0);
    if (!isSeq(outer)) return { ok: false, error: l10n.t('does not start with an ASN.1 SEQUENCE') };
  } catch (e) {
    if (e instanceof TruncatedError) {
      return { ok: false, truncated: { needed: e.needed, available: e.available }, error: l10n.t('truncated: the DER says {0} bytes, there are {1}', e.needed, e.available) };
    }
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  const der = bytes.subarray(0, outer.end);
  const key = memo && createHash('sha256').update(der).digest('hex');
  const seen = key !== undefined ? memo?.get(key) : undefined;
  if (seen) {
    const copy: CertInfo = { ...seen, index, der: new Uint8Array(der) };
    delete copy.block;
    delete copy.span;
    delete copy.alias;
    delete copy.defects;
    x509s.set(copy, x509Of(seen));
    return { ok: true, cert: copy, trailing: bytes.length - outer.end };
  }
  let fields: DerFields;
  let x: X509Certificate;
  try {
    fields = readFields(der, outer);
    x = new X509Certificate(der);
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message.replace(/^error:[0-9A-F]+:/, '') : String(e) };
  }
  let keyType: KeyType = 'unknown';
  let keyBits: number | undefined;
  let curve: string | undefined;
  try {
    const key = x.publicKey;
    keyType = (key.asymmetricKeyType as KeyType | undefined) ?? 'unknown';
    const details = key.asymmetricKeyDetails;
    if (details?.modulusLength) keyBits = details.modulusLength;
    if (details?.namedCurve) {
      const known = CURVES[details.namedCurve];
      curve = known ? known[0] : details.namedCurve;
      if (known) keyBits = known[1];
    }
  } catch {
    keyType = 'unknown';
  }
  const keyDescription =
    keyType === 'ec' ? `EC ${curve ?? ''}`.trim()
    : keyType === 'ed25519' ? 'Ed25519'
    : keyType === 'ed448' ? 'Ed448'
    : `${keyType.toUpperCase()}${keyBits ? ' ' + keyBits : ''}`;
  let selfSigned = false;
  try {
    selfSigned = nameKey(x.subject) === nameKey(x.issuer) && x.verify(x.publicKey);
  } catch {
    selfSigned = false;
  }
  const notBefore = fields.notBefore ?? new Date(x.validFrom);
  const notAfter = fields.notAfter ?? new Date(x.validTo);
  // OpenSSL refuses such a certificate when verifying ("format error in certificate's notAfter field").
  if (Number.isNaN(notBefore.getTime()) || Number.isNaN(notAfter.getTime())) {
    return { ok: false, error: l10n.t('its validity dates cannot be read') };
  }
  const isCA = fields.basicCA === true || (fields.version === 1 && selfSigned);
  const role: CertRole = !isCA ? 'leaf' : selfSigned ? 'root' : 'intermediate';
  const colon = x.fingerprint256;
  const cert: CertInfo = {
    index,
    der: new Uint8Array(der),
    version: fields.version,
    subject: oneLine(x.subject),
    issuer: oneLine(x.issuer),
    serial: x.serialNumber.toUpperCase(),
    notBefore,
    notAfter,
    sha256: colon.replace(/:/g, '').toLowerCase(),
    sha256Colon: colon,
    keyType,
    keyDescription,
    signatureAlgorithm: fields.signatureAlgorithm,
    isCA,
    selfSigned,
    role,
  };
  const subjectCN = commonName(x.subject);
  const issuerCN = commonName(x.issuer);
  if (subjectCN !== undefined) cert.subjectCN = subjectCN;
  if (issuerCN !== undefined) cert.issuerCN = issuerCN;
  if (keyBits !== undefined) cert.keyBits = keyBits;
  if (curve !== undefined) cert.curve = curve;
  if (fields.signatureHash) cert.signatureHash = fields.signatureHash;
  if (fields.pathLength !== undefined) cert.pathLength = fields.pathLength;
  if (fields.subjectKeyId) cert.subjectKeyId = fields.subjectKeyId;
  if (fields.authorityKeyId) cert.authorityKeyId = fields.authorityKeyId;
  x509s.set(cert, x);
  if (key !== undefined) memo?.set(key, cert);
  return { ok: true, cert, trailing: bytes.length - outer.end };
}

/** A short name for messages: the subject CN, else the whole subject. */
export function certLabel(cert: CertInfo): string {
  return cert.subjectCN ? `"${cert.subjectCN}"` : cert.subject ? `"${cert.subject}"` : l10n.t('certificate {0}', cert.index + 1);
}
