/** What a blob is when it is not (only) certificates: precise words for the finding. */
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
    if (!isSeq(top)) return { kind: 'unknown', description: 'ASN.1 data that is not a SEQUENCE' };
    const c = children(buf, top, 64);
    const [a, b, d] = c;
    // Certificate, CRL and CSR: SEQUENCE { tbs, algorithm, BIT STRING }.
    if (c.length === 3 && isSeq(a) && isSeq(b) && is(d, UNIVERSAL, T.BIT_STRING)) {
      const tbs = children(buf, a, 16);
      if (is(tbs[0], CONTEXT, 0)) return { kind: 'certificate', description: 'an X.509 certificate' };
      if (tbs.length === 4 && is(tbs[0], UNIVERSAL, T.INTEGER) && is(tbs[3], CONTEXT, 0)) return { kind: 'csr', description: 'a certificate signing request (CSR)' };
      const timeAt = (t: Tlv | undefined) => is(t, UNIVERSAL, T.UTCTime) || is(t, UNIVERSAL, T.GeneralizedTime);
      if (timeAt(tbs[2]) || timeAt(tbs[3])) return { kind: 'crl', description: 'a certificate revocation list (CRL)' };
      if (tbs.length >= 6 && is(tbs[0], UNIVERSAL, T.INTEGER)) return { kind: 'certificate', description: 'an X.509 version 1 certificate' };
      return { kind: 'unknown', description: 'a signed ASN.1 structure that is not a certificate' };
    }
    if (is(a, UNIVERSAL, T.INTEGER)) {
      const v = safeInt(buf, a);
      if (v === 3 && isSeq(b)) {
        const ct = children(buf, b, 4)[0];
        if (ct && is(ct, UNIVERSAL, T.OID) && oid(buf, ct).startsWith('1.2.840.113549.1.7.')) return { kind: 'pkcs12', description: 'a PKCS#12 keystore' };
      }
      if ((v === 0 || v === 1) && isSeq(b) && is(d, UNIVERSAL, T.OCTET_STRING)) {
        const alg = KEY_ALGS[oid(buf, children(buf, b, 4)[0]!)] ?? 'unknown-type';
        return { kind: 'private-key', description: `${article(alg)} ${alg} private key (PKCS#8)` };
      }
      if (v === 0 && c.length >= 9 && c.every((t) => is(t, UNIVERSAL, T.INTEGER))) return { kind: 'private-key', description: 'an RSA private key (PKCS#1)' };
      if (v === 1 && is(b, UNIVERSAL, T.OCTET_STRING)) return { kind: 'private-key', description: 'an EC private key (SEC 1)' };
      if (c.length === 2 && is(b, UNIVERSAL, T.INTEGER)) return { kind: 'public-key', description: 'an RSA public key (PKCS#1), not a certificate' };
      if (v === 0 && c.length === 6 && c.every((t) => is(t, UNIVERSAL, T.INTEGER))) return { kind: 'private-key', description: 'a DSA private key' };
    }
    if (is(a, UNIVERSAL, T.OID)) {
      const type = oid(buf, a);
      if (type === OID_SIGNED_DATA) return { kind: 'pkcs7', description: 'a PKCS#7 certificate bundle (.p7b)' };
      if (type === OID_DATA) return { kind: 'unknown', description: 'PKCS#7 data' };
    }
    if (c.length === 2 && isSeq(a) && is(b, UNIVERSAL, T.BIT_STRING)) {
      const alg = KEY_ALGS[oid(buf, children(buf, a, 4)[0]!)] ?? 'unknown-type';
      return { kind: 'public-key', description: `${article(alg)} ${alg} public key, not a certificate` };
    }
    if (c.length === 2 && isSeq(a) && is(b, UNIVERSAL, T.OCTET_STRING)) return { kind: 'encrypted-private-key', description: 'an encrypted private key (PKCS#8)' };
    return { kind: 'unknown', description: 'ASN.1 data of an unknown type' };
  } catch (e) {
    if (e instanceof DerError) return { kind: 'unknown', description: `malformed ASN.1 (${e.message})` };
    return { kind: 'unknown', description: 'data of an unknown type' };
  }
}

function safeInt(buf: Uint8Array, t: Tlv): number {
  try {
    return smallInt(buf, t);
  } catch {
    return -1;
  }
}

function article(word: string): string {
  return /^[AEIOU]|^RSA|^Ed|^unknown/.test(word) ? (word === 'unknown-type' ? 'a key of' : 'an') : 'a';
}

/** Precise words for a text file that holds no PEM block. */
/** `complete`: the description reads as a whole sentence tail (no ", not a certificate" needed). */
export function describeText(text: string): { code: string; description: string; complete?: boolean } {
  const t = text.trimStart();
  if (t === '') return { code: 'empty', description: 'empty (only whitespace)', complete: true };
  const head = t.slice(0, 4096);
  let m: RegExpExecArray | null;
  if ((m = /^version https:\/\/git-lfs\.github\.com\/spec\/v\d+\s[\s\S]*?oid sha256:([0-9a-f]{8})[0-9a-f]*[\s\S]*?size (\d+)/.exec(head)) || /^version https:\/\/git-lfs/.test(head)) {
    return { code: 'git-lfs-pointer', description: `a Git LFS pointer${m ? ` (object sha256:${m[1]}…, ${m[2]} bytes)` : ''} instead of the certificate: run \`git lfs pull\``, complete: true };
  }
  if (/^(<!--[\s\S]*?-->\s*)*<(!doctype\s+html|html|head|body|title|h1|meta)\b/i.test(head) || /<html[\s>]/i.test(head)) {
    const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(t)?.[1] ?? /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(t)?.[1];
    const clean = title && decodeEntities(title.replace(/<[^>]*>/g, '')).replace(/\s+/g, ' ').trim().slice(0, 120);
    return { code: 'html-page', description: `an HTML page${clean ? ` titled "${clean}"` : ''} (a download that saved a web page instead of the certificate)`, complete: true };
  }
  if (/^<\?xml/.test(head)) {
    const root = /<([A-Za-z_][\w:.-]*)[\s>]/.exec(t.replace(/^<\?xml[\s\S]*?\?>/, '').replace(/<!--[\s\S]*?-->/g, '').replace(/<!DOCTYPE[^>]*>/i, ''))?.[1];
    return { code: 'xml', description: `an XML document${root ? ` (root element <${root}>)` : ''}` };
  }
  if (t[0] === '{' || t[0] === '[') {
    try {
      const v: unknown = JSON.parse(t);
      if (Array.isArray(v)) return { code: 'json', description: `JSON: an array of ${v.length} item${v.length === 1 ? '' : 's'}` };
      if (v && typeof v === 'object') {
        const keys = Object.keys(v);
        return { code: 'json', description: `JSON: an object${keys.length ? ` with keys ${keys.slice(0, 5).map((k) => `"${k}"`).join(', ')}${keys.length > 5 ? ', …' : ''}` : ' with no keys'}` };
      }
    } catch {
      return { code: 'json', description: 'text that starts like JSON but does not parse' };
    }
  }
  if (/^(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp\d+) AAAA/.test(t)) return { code: 'ssh-key', description: 'an SSH public key, not an X.509 certificate', complete: true };
  const first = t.split(/\r?\n/, 1)[0]!.trim();
  return { code: 'plain-text', description: `plain text with no certificate, starting "${first.length > 60 ? first.slice(0, 60) + '…' : first}"`, complete: true };
}

function decodeEntities(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' })[e] ?? '');
}

/** Words for binary data that is neither DER nor a keystore. */
export function describeBinary(bytes: Uint8Array): { code: string; description: string; complete?: boolean } {
  const b = bytes;
  if (b[0] === 0x1f && b[1] === 0x8b) return { code: 'archive', description: 'a gzip-compressed file: extract the certificate from it', complete: true };
  if (b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) return { code: 'archive', description: 'a ZIP archive: extract the certificate from it', complete: true };
  if (b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46) return { code: 'binary-unknown', description: 'a PDF document' };
  const start = Buffer.from(b.subarray(0, 8)).toString('hex').replace(/(..)(?!$)/g, '$1 ');
  return { code: 'binary-unknown', description: `binary data of an unknown type (${b.length} bytes, starting ${start})` };
}
