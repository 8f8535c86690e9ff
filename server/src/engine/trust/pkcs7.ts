/** The certificates of a PKCS#7 SignedData (a .p7b / `-----BEGIN PKCS7-----` bundle). */
import { children, CONTEXT, is, isSeq, oid, readTlv, UNIVERSAL, T } from './der';
import { OID_SIGNED_DATA } from './sniff';

/** DER of each certificate in the bundle; empty when it is not a SignedData (never throws). */
export function readPkcs7Certificates(buf: Uint8Array, max = 5000): Uint8Array[] {
  try {
    const top = readTlv(buf, 0);
    const [type, wrapped] = children(buf, top, 4);
    if (!is(type, UNIVERSAL, T.OID) || oid(buf, type) !== OID_SIGNED_DATA || !is(wrapped, CONTEXT, 0)) return [];
    const sd = children(buf, wrapped, 1)[0];
    if (!isSeq(sd)) return [];
    const certs = children(buf, sd, 8).find((t) => is(t, CONTEXT, 0) && t.constructed);
    if (!certs) return [];
    return children(buf, certs, max)
      .filter((c) => isSeq(c))
      .map((c) => buf.slice(c.start, c.end));
  } catch {
    return [];
  }
}
