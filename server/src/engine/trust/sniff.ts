/** What a blob is when it is not (only) certificates: precise words for the finding. */
import * as l10n from '@vscode/l10n';
import { children, CONTEXT, DerError, is, isSeq, oid, readTlv, smallInt, T, Tlv, UNIVERSAL } from './der';

export type DerKind = 'certificate' | 'pkcs12' | 'pkcs7' | 'private-key' | 'encrypted-private-key' | 'csr' | 'crl' | 'public-key' | 'unknown';

export interface DerDescription {
  kind: DerKind;
  /** e.g. "an RSA private key (PKCS#1)". */
  description: string;
}

const KEY_ALGS: Record<string, string> = {
  '1.2.840.113549.1.1.1': 'RSA',
  '1.2.840.113549.1.1.10': 'RSA-PSS',
  '1.2.840.10045.2.1': 'EC',
  '1.3.101.112': 'Ed25519',
  '1.3.101.113': 'Ed448',
  '1.2.840.10040.4.1': 'DSA',
};

const OID_DATA = '1.2.840.113549.1.7.1';
export const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';

/** Recognises the common DER structures around certificates (never throws). */
export function describeDer(buf: Uint8Array): DerDescription {
  try {
    const top = readTlv(buf, 0);
    if (!isSeq(top)) return { kind: 'unknown', description: l10n.t('ASN.1 data that is not a SEQUENCE') };
    const c = children(buf, top, 64);
    const [a, b, d] = c;
    // Certificate, CRL and CSR: SEQUENCE { tbs, algorithm, BIT STRING }.
    if (c.length === 3 && isSeq(a) && isSeq(b) && is(d, UNIVERSAL, T.BIT_STRING)) {
      const tbs = children(buf, a, 16);
      if (is(tbs[0], CONTEXT, 0)) return { kind: 'certificate', description: l10n.t('an X.509 certificate') };
      if (tbs.length === 4 && is(tbs[0], UNIVERSAL, T.INTEGER) && is(tbs[3], CONTEXT, 0)) return { kind: 'csr', description: l10n.t('a certificate signing request (CSR)') };
      const timeAt = (t: Tlv | undefined) => is(t, UNIVERSAL, T.UTCTime) || is(t, UNIVERSAL, T.GeneralizedTime);
      if (timeAt(tbs[2]) || timeAt(tbs[3])) return { kind: 'crl', description: l10n.t('a certificate revocation list (CRL)') };
      if (tbs.length >= 6 && is(tbs[0], UNIVERSAL, T.INTEGER)) return { kind: 'certificate', description: l10n.t('an X.509 version 1 certificate') };
      return { kind: 'unknown', description: l10n.t('a signed ASN.1 structure that is not a certificate') };
    }
    if (is(a, UNIVERSAL, T.INTEGER)) {
      const v = safeInt(buf, a);
      if (v === 3 && isSeq(b)) {
        const ct = children(buf, b, 4)[0];
        if (ct && is(ct, UNIVERSAL, T.OID) && oid(buf, ct).startsWith('1.2.840.113549.1.7.')) return { kind: 'pkcs12', description: l10n.t('a PKCS#12 keystore') };
      }
      if ((v === 0 || v === 1) && isSeq(b) && is(d, UNIVERSAL, T.OCTET_STRING)) {
        const alg = KEY_ALGS[oid(buf, children(buf, b, 4)[0]!)];
        return { kind: 'private-key', description: keyDescription(alg, 'private') };
      }
      if (v === 0 && c.length >= 9 && c.every((t) => is(t, UNIVERSAL, T.INTEGER))) return { kind: 'private-key', description: l10n.t('an RSA private key (PKCS#1)') };
      if (v === 1 && is(b, UNIVERSAL, T.OCTET_STRING)) return { kind: 'private-key', description: l10n.t('an EC private key (SEC 1)') };
      if (c.length === 2 && is(b, UNIVERSAL, T.INTEGER)) return { kind: 'public-key', description: l10n.t('an RSA public key (PKCS#1), not a certificate') };
      if (v === 0 && c.length === 6 && c.every((t) => is(t, UNIVERSAL, T.INTEGER))) return { kind: 'private-key', description: l10n.t('a DSA private key') };
    }
    if (is(a, UNIVERSAL, T.OID)) {
      const type = oid(buf, a);
      if (type === OID_SIGNED_DATA) return { kind: 'pkcs7', description: l10n.t('a PKCS#7 certificate bundle (.p7b)') };
      if (type === OID_DATA) return { kind: 'unknown', description: l10n.t('PKCS#7 data') };
    }
    if (c.length === 2 && isSeq(a) && is(b, UNIVERSAL, T.BIT_STRING)) {
      const alg = KEY_ALGS[oid(buf, children(buf, a, 4)[0]!)];
      return { kind: 'public-key', description: keyDescription(alg, 'public') };
    }
    if (c.length === 2 && isSeq(a) && is(b, UNIVERSAL, T.OCTET_STRING)) return { kind: 'encrypted-private-key', description: l10n.t('an encrypted private key (PKCS#8)') };
    return { kind: 'unknown', description: l10n.t('ASN.1 data of an unknown type') };
  } catch (e) {
    if (e instanceof DerError) return { kind: 'unknown', description: l10n.t('malformed ASN.1 ({0})', e.message) };
    return { kind: 'unknown', description: l10n.t('data of an unknown type') };
  }
}

function safeInt(buf: Uint8Array, t: Tlv): number {
  try {
    return smallInt(buf, t);
  } catch {
    return -1;
  }
}

/** `an RSA private key (PKCS#8)`, `a DSA public key, not a certificate`; `alg` undefined: an unknown algorithm. */
function keyDescription(alg: string | undefined, kind: 'private' | 'public'): string {
  if (alg === undefined) return kind === 'private' ? l10n.t('a key of unknown-type private key (PKCS#8)') : l10n.t('a key of unknown-type public key, not a certificate');
  if (/^[AEIOU]|^RSA|^Ed/.test(alg)) return kind === 'private' ? l10n.t('an {0} private key (PKCS#8)', alg) : l10n.t('an {0} public key, not a certificate', alg);
  return kind === 'private' ? l10n.t('a {0} private key (PKCS#8)', alg) : l10n.t('a {0} public key, not a certificate', alg);
}

/** Precise words for a text file that holds no PEM block. */
/** `complete`: the description reads as a whole sentence tail (no ", not a certificate" needed). */
export function describeText(text: string): { code: string; description: string; complete?: boolean } {
  const t = text.trimStart();
  if (t === '') return { code: 'empty', description: l10n.t('empty (only whitespace)'), complete: true };
  const head = t.slice(0, 4096);
  let m: RegExpExecArray | null;
  if ((m = /^version https:\/\/git-lfs\.github\.com\/spec\/v\d+\s[\s\S]*?oid sha256:([0-9a-f]{8})[0-9a-f]*[\s\S]*?size (\d+)/.exec(head)) || /^version https:\/\/git-lfs/.test(head)) {
    const description = m
      ? l10n.t('a Git LFS pointer (object {0}, {1} bytes) instead of the certificate: run `git lfs pull`', `sha256:${m[1]}…`, m[2]!)
      : l10n.t('a Git LFS pointer instead of the certificate: run `git lfs pull`');
    return { code: 'git-lfs-pointer', description, complete: true };
  }
  if (/^(<!--[\s\S]*?-->\s*)*<(!doctype\s+html|html|head|body|title|h1|meta)\b/i.test(head) || /<html[\s>]/i.test(head)) {
    const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(t)?.[1] ?? /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(t)?.[1];
    const clean = title && decodeEntities(title.replace(/<[^>]*>/g, '')).replace(/\s+/g, ' ').trim().slice(0, 120);
    const description = clean
      ? l10n.t('an HTML page titled "{0}" (a download that saved a web page instead of the certificate)', clean)
      : l10n.t('an HTML page (a download that saved a web page instead of the certificate)');
    return { code: 'html-page', description, complete: true };
  }
  if (/^<\?xml/.test(head)) {
    const root = /<([A-Za-z_][\w:.-]*)[\s>]/.exec(t.replace(/^<\?xml[\s\S]*?\?>/, '').replace(/<!--[\s\S]*?-->/g, '').replace(/<!DOCTYPE[^>]*>/i, ''))?.[1];
    return { code: 'xml', description: root ? l10n.t('an XML document (root element {0})', `<${root}>`) : l10n.t('an XML document') };
  }
  if (t[0] === '{' || t[0] === '[') {
    try {
      const v: unknown = JSON.parse(t);
      if (Array.isArray(v)) return { code: 'json', description: v.length === 1 ? l10n.t('JSON: an array of 1 item') : l10n.t('JSON: an array of {0} items', v.length) };
      if (v && typeof v === 'object') {
        const keys = Object.keys(v);
        if (keys.length === 0) return { code: 'json', description: l10n.t('JSON: an object with no keys') };
        return { code: 'json', description: l10n.t('JSON: an object with keys {0}', `${keys.slice(0, 5).map((k) => `"${k}"`).join(', ')}${keys.length > 5 ? ', …' : ''}`) };
      }
    } catch {
      return { code: 'json', description: l10n.t('text that starts like JSON but does not parse') };
    }
  }
  if (/^(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp\d+) AAAA/.test(t)) return { code: 'ssh-key', description: l10n.t('an SSH public key, not an X.509 certificate'), complete: true };
  const first = t.split(/\r?\n/, 1)[0]!.trim();
  return { code: 'plain-text', description: l10n.t('plain text with no certificate, starting "{0}"', first.length > 60 ? first.slice(0, 60) + '…' : first), complete: true };
}

function decodeEntities(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' })[e] ?? '');
}

/** Words for binary data that is neither DER nor a keystore. */
export function describeBinary(bytes: Uint8Array): { code: string; description: string; complete?: boolean } {
  const b = bytes;
  if (b[0] === 0x1f && b[1] === 0x8b) return { code: 'archive', description: l10n.t('a gzip-compressed file: extract the certificate from it'), complete: true };
  if (b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) return { code: 'archive', description: l10n.t('a ZIP archive: extract the certificate from it'), complete: true };
  if (b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46) return { code: 'binary-unknown', description: l10n.t('a PDF document') };
  const start = Buffer.from(b.subarray(0, 8)).toString('hex').replace(/(..)(?!$)/g, '$1 ');
  return { code: 'binary-unknown', description: l10n.t('binary data of an unknown type ({0} bytes, starting {1})', b.length, start) };
}
