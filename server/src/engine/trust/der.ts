/**
 * A small, bounded ASN.1 BER/DER reader: enough to recognise what a binary blob is and to read the
 * few certificate fields Node's X509Certificate does not expose. Every read is checked against the
 * buffer and a depth limit, so hostile lengths throw DerError instead of looping or over-reading.
 */
import * as l10n from '@vscode/l10n';

export class DerError extends Error {
  override name = 'DerError';
}

export interface Tlv {
  /** Tag class: 0 universal, 1 application, 2 context-specific, 3 private. */
  cls: number;
  constructed: boolean;
  /** Tag number within its class. */
  tag: number;
  /** Offset of the identifier octet. */
  start: number;
  /** Offset of the first content octet. */
  contentStart: number;
  /** Offset just past the content (for indefinite lengths: before the end-of-contents octets). */
  contentEnd: number;
  /** Offset just past the whole element. */
  end: number;
}

export const UNIVERSAL = 0;
export const CONTEXT = 2;
export const T = {
  BOOLEAN: 1,
  INTEGER: 2,
  BIT_STRING: 3,
  OCTET_STRING: 4,
  NULL: 5,
  OID: 6,
  UTF8String: 12,
  SEQUENCE: 16,
  SET: 17,
  PrintableString: 19,
  IA5String: 22,
  UTCTime: 23,
  GeneralizedTime: 24,
  BMPString: 30,
} as const;

const MAX_DEPTH = 48;

/** Reads one element at `pos`, which must end at or before `limit`. */
export function readTlv(buf: Uint8Array, pos: number, limit = buf.length, depth = 0): Tlv {
  if (depth > MAX_DEPTH) throw new DerError(l10n.t('nested too deeply'));
  const start = pos;
  if (pos >= limit) throw new DerError(l10n.t('expected an element at byte {0}, found the end of the data', pos));
  const id = buf[pos++]!;
  const cls = id >> 6;
  const constructed = (id & 0x20) !== 0;
  let tag = id & 0x1f;
  if (tag === 0x1f) {
    tag = 0;
    for (let i = 0; ; i++) {
      if (pos >= limit || i > 3) throw new DerError(l10n.t('bad tag at byte {0}', start));
      const b = buf[pos++]!;
      tag = tag * 128 + (b & 0x7f);
      if ((b & 0x80) === 0) break;
    }
  }
  if (pos >= limit) throw new DerError(l10n.t('element at byte {0} has no length', start));
  const first = buf[pos++]!;
  if (first === 0x80) {
    if (!constructed) throw new DerError(l10n.t('primitive element at byte {0} has an indefinite length', start));
    // Indefinite length: children up to the end-of-contents octets 00 00.
    const contentStart = pos;
    while (true) {
      if (pos + 1 < limit && buf[pos] === 0 && buf[pos + 1] === 0) {
        return { cls, constructed, tag, start, contentStart, contentEnd: pos, end: pos + 2 };
      }
      pos = readTlv(buf, pos, limit, depth + 1).end;
    }
  }
  let length: number;
  if (first < 0x80) length = first;
  else {
    const n = first & 0x7f;
    if (n > 4) throw new DerError(l10n.t('length of element at byte {0} is {1} bytes long', start, n));
    if (pos + n > limit) throw new DerError(l10n.t('element at byte {0} has a truncated length', start));
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + buf[pos++]!;
  }
  const contentStart = pos;
  const contentEnd = contentStart + length;
  if (contentEnd > limit) {
    throw new TruncatedError(l10n.t('element at byte {0} says {1} bytes of content but only {2} follow', start, length, limit - contentStart), contentEnd, limit);
  }
  return { cls, constructed, tag, start, contentStart, contentEnd, end: contentEnd };
}

/** The content claims more bytes than there are. */
export class TruncatedError extends DerError {
  constructor(
    message: string,
    readonly needed: number,
    readonly available: number,
  ) {
    super(message);
  }
}

/** The children of a constructed element (at most `max`). */
export function children(buf: Uint8Array, parent: Tlv, max = 100_000): Tlv[] {
  if (!parent.constructed) throw new DerError(l10n.t('element at byte {0} is not constructed', parent.start));
  const out: Tlv[] = [];
  let pos = parent.contentStart;
  while (pos < parent.contentEnd) {
    if (out.length >= max) throw new DerError(l10n.t('element at byte {0} has more than {1} children', parent.start, max));
    const child = readTlv(buf, pos, parent.contentEnd);
    out.push(child);
    pos = child.end;
  }
  return out;
}

export function is(t: Tlv | undefined, cls: number, tag: number): t is Tlv {
  return t !== undefined && t.cls === cls && t.tag === tag;
}

export function isSeq(t: Tlv | undefined): t is Tlv {
  return is(t, UNIVERSAL, T.SEQUENCE) && t.constructed;
}

export function content(buf: Uint8Array, t: Tlv): Uint8Array {
  return buf.subarray(t.contentStart, t.contentEnd);
}

/** The bytes of an OCTET STRING, joining the chunks of a constructed (BER) one. */
export function octets(buf: Uint8Array, t: Tlv, depth = 0): Uint8Array {
  if (!t.constructed) return content(buf, t);
  if (depth > 8) throw new DerError(l10n.t('constructed string nested too deeply'));
  const parts = children(buf, t).map((c) => octets(buf, c, depth + 1));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function oid(buf: Uint8Array, t: Tlv): string {
  if (t.cls !== UNIVERSAL || t.tag !== T.OID) throw new DerError(l10n.t('expected an OID at byte {0}', t.start));
  const b = content(buf, t);
  if (b.length === 0 || b.length > 64) throw new DerError(l10n.t('bad OID at byte {0}', t.start));
  const parts: number[] = [];
  let v = 0;
  for (const byte of b) {
    v = v * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      if (parts.length === 0) parts.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80);
      else parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

/** A small non-negative INTEGER (throws if larger than 2^48). */
export function smallInt(buf: Uint8Array, t: Tlv): number {
  if (t.cls !== UNIVERSAL || t.tag !== T.INTEGER) throw new DerError(l10n.t('expected an INTEGER at byte {0}', t.start));
  const b = content(buf, t);
  if (b.length === 0 || b.length > 7 || (b[0]! & 0x80) !== 0) throw new DerError(l10n.t('INTEGER at byte {0} is out of range', t.start));
  let v = 0;
  for (const byte of b) v = v * 256 + byte;
  return v;
}

export function time(buf: Uint8Array, t: Tlv): Date | undefined {
  const s = String.fromCharCode(...content(buf, t));
  let m: RegExpExecArray | null;
  if (is(t, UNIVERSAL, T.UTCTime) && (m = /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)?Z$/.exec(s))) {
    const yy = Number(m[1]);
    return new Date(Date.UTC(yy < 50 ? 2000 + yy : 1900 + yy, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)));
  }
  if (is(t, UNIVERSAL, T.GeneralizedTime) && (m = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)?(?:\.\d+)?Z$/.exec(s))) {
    return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)));
  }
  return undefined;
}

export function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}
