/**
 * PKCS#12 (.p12/.pfx, and Java's PKCS12 truststores such as modern `cacerts`).
 *
 * The structure is walked here with the DER reader; node-forge supplies only the password-based
 * crypto (the PKCS#12 MAC key derivation, HMAC, PBES1/PBES2 decryption). Certificates are taken as
 * the raw DER of their cert bags and parsed by Node (forge's own X.509 parser rejects EC keys).
 *
 * Certificates in unencrypted bags are read without a password; the integrity MAC is checked when
 * the password is known (given, or empty) and otherwise reported as unchecked, as for JKS.
 */
import * as l10n from '@vscode/l10n';
import type * as Forge from 'node-forge';
import { certFromDer } from './cert';
import { Collector } from './collect';
import { children, content, CONTEXT, DerError, is, isSeq, octets, oid, readTlv, smallInt, T, Tlv, UNIVERSAL } from './der';

interface Cipher {
  update(buf: Forge.util.ByteBuffer): void;
  finish(): boolean;
  output: Forge.util.ByteBuffer;
}
type ForgeApi = typeof Forge & {
  pki: { pbe: { getCipher(oid: string, params: Forge.asn1.Asn1, password: string): Cipher } };
};

let forgeApi: ForgeApi | undefined;
/** node-forge, loaded on first use and only the modules PKCS#12 needs (no TLS, SSH, ...). */
function forge(): ForgeApi {
  if (!forgeApi) {
    require('node-forge/lib/pkcs12');
    forgeApi = require('node-forge/lib/forge') as ForgeApi;
  }
  return forgeApi;
}

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  encryptedData: '1.2.840.113549.1.7.6',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  crlBag: '1.2.840.113549.1.12.10.1.4',
  secretBag: '1.2.840.113549.1.12.10.1.5',
  safeContentsBag: '1.2.840.113549.1.12.10.1.6',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  friendlyName: '1.2.840.113549.1.9.20',
} as const;

const MAC_HASHES: Record<string, [string, number]> = {
  '1.3.14.3.2.26': ['sha1', 20],
  '2.16.840.1.101.3.4.2.1': ['sha256', 32],
  '2.16.840.1.101.3.4.2.2': ['sha384', 48],
  '2.16.840.1.101.3.4.2.3': ['sha512', 64],
  '2.16.840.1.101.3.4.2.4': ['sha224', 28],
  '1.2.840.113549.2.5': ['md5', 16],
};

/**
 * Iteration counts above these are not run (bounded work on hostile input). Real files use 2048
 * (OpenSSL) or 10000 (Java). The PKCS#12 key derivation (MAC, PBES1) runs in JavaScript; PBES2's
 * PBKDF2 runs natively.
 */
const MAX_MAC_ITERATIONS = 100_000;
const MAX_PBES1_ITERATIONS = 100_000;
const MAX_PBES2_ITERATIONS = 1_000_000;
const OID_PBES2 = '1.2.840.113549.1.5.13';

const bin = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('binary');

class Pkcs12Error extends Error {}

interface State {
  out: Collector;
  keys: number;
  others: string[];
  /** Passwords to try for encrypted parts, best first. */
  passwords: (string | null)[];
  encryptedUnread: number;
  wrongPassword: boolean;
  usedJavaDefault: boolean;
}

const JAVA_DEFAULT_PASSWORD = 'changeit';

export function readPkcs12(buf: Uint8Array, out: Collector, password: string | undefined, name: string): void {
  try {
    readPfx(buf, out, password, name);
  } catch (e) {
    if (e instanceof DerError || e instanceof Pkcs12Error) out.problem('pkcs12-malformed', 'error', l10n.t('{0}: malformed PKCS#12 ({1})', name, e.message));
    else out.problem('pkcs12-malformed', 'error', l10n.t('{0}: the PKCS#12 could not be read ({1})', name, e instanceof Error ? e.message : String(e)));
  }
}

function readPfx(buf: Uint8Array, out: Collector, password: string | undefined, name: string): void {
  const pfx = readTlv(buf, 0);
  const [ver, authSafe, macData] = children(buf, pfx, 3);
  if (!ver || smallInt(buf, ver) !== 3) throw new Pkcs12Error('version is not 3');
  if (!isSeq(authSafe)) throw new Pkcs12Error('no authSafe');
  const [ctOid, ctContent] = children(buf, authSafe, 2);
  const ct = oid(buf, ctOid!);
  if (ct === OID.signedData) {
    out.problem('pkcs12-unsupported', 'error', l10n.t('{0}: PKCS#12 in public-key integrity mode (signed) is not supported', name));
    return;
  }
  if (ct !== OID.data || !is(ctContent, CONTEXT, 0)) throw new Pkcs12Error('authSafe is not Data');
  const authBytes = octets(buf, children(buf, ctContent, 1)[0]!);

  // Without a password: the empty password (both encodings), then Java's well-known default.
  const candidates: (string | null)[] = password !== undefined ? [password] : ['', null, JAVA_DEFAULT_PASSWORD];
  const st: State = { out, keys: 0, others: [], passwords: candidates, encryptedUnread: 0, wrongPassword: false, usedJavaDefault: false };

  let integrity: 'ok' | 'failed' | 'none' | 'unchecked' = 'none';
  let uncheckedWhy = '';
  if (isSeq(macData)) {
    const mac = verifyMac(buf, macData, authBytes, candidates);
    if (mac.ok) {
      integrity = 'ok';
      st.passwords = [mac.password];
      if (password === undefined && mac.password === JAVA_DEFAULT_PASSWORD) st.usedJavaDefault = true;
    } else if (mac.why) {
      integrity = 'unchecked';
      uncheckedWhy = mac.why;
    } else integrity = 'failed';
  }

  const contents = readTlv(authBytes, 0);
  for (const ci of children(authBytes, contents, 1000)) {
    const [typeT, wrapped] = children(authBytes, ci, 2);
    const type = oid(authBytes, typeT!);
    if (!is(wrapped, CONTEXT, 0)) continue;
    const inner = children(authBytes, wrapped, 1)[0]!;
    if (type === OID.data) readSafeContents(octets(authBytes, inner), st, 0);
    else if (type === OID.encryptedData) {
      const plain = decrypt(authBytes, inner, st);
      if (plain) readSafeContents(plain, st, 0);
    } else st.others.push(l10n.t('content of type {0}', type));
  }

  const read = out.certificates.length;
  if (integrity === 'failed') {
    if (password !== undefined) {
      out.problem(
        'pkcs12-wrong-password',
        'error',
        read === 0
          ? l10n.t('{0}: wrong password (the PKCS#12 integrity check fails with it)', name)
          : read === 1
            ? l10n.t('{0}: wrong password (the PKCS#12 integrity check fails with it); 1 certificate read from its unencrypted part', name)
            : l10n.t('{0}: wrong password (the PKCS#12 integrity check fails with it); {1} certificates read from its unencrypted part', name, read),
      );
    } else if (st.encryptedUnread > 0) {
      // reported below as password-required
    } else {
      out.problem('pkcs12-integrity-unchecked', 'info', l10n.t('{0}: the PKCS#12 integrity check needs the store password; its certificates are read without it', name));
    }
  } else if (integrity === 'unchecked') {
    out.problem('pkcs12-integrity-unchecked', 'info', l10n.t('{0}: the PKCS#12 integrity check was not run ({1})', name, uncheckedWhy));
  }
  if (st.encryptedUnread > 0) {
    if (password === undefined) {
      const parts = st.encryptedUnread === 1 ? l10n.t('{0}: a part of the PKCS#12 is encrypted with a password', name) : l10n.t('{0}: {1} parts of the PKCS#12 are encrypted with a password', name, st.encryptedUnread);
      const without =
        read === 0 ? l10n.t('{0}; without it no certificate is read', parts) : read === 1 ? l10n.t('{0}; without it only 1 certificate is read', parts) : l10n.t('{0}; without it only {1} certificates are read', parts, read);
      out.problem('pkcs12-password-required', 'error', without);
    } else if (!st.wrongPassword && integrity !== 'failed') {
      out.problem('pkcs12-wrong-password', 'error', st.encryptedUnread === 1 ? l10n.t('{0}: the password does not decrypt a part of the PKCS#12', name) : l10n.t('{0}: the password does not decrypt {1} parts of the PKCS#12', name, st.encryptedUnread));
    } else if (integrity !== 'failed') {
      out.problem('pkcs12-wrong-password', 'error', l10n.t('{0}: wrong password', name));
    }
  }
  if (st.usedJavaDefault) {
    out.problem('pkcs12-default-password', 'info', l10n.t('{0}: opened with Java\'s default store password "{1}"', name, JAVA_DEFAULT_PASSWORD));
  }
  if (st.keys > 0) {
    out.problem('pkcs12-private-key', 'info', st.keys === 1 ? l10n.t('{0}: 1 private key skipped (a trust store needs only certificates)', name) : l10n.t('{0}: {1} private keys skipped (a trust store needs only certificates)', name, st.keys));
  }
  for (const o of st.others) out.problem('pkcs12-other-entry', 'info', l10n.t('{0}: {1} skipped', name, o));
}

function verifyMac(buf: Uint8Array, macData: Tlv, data: Uint8Array, candidates: (string | null)[]): { ok: true; password: string | null } | { ok: false; why?: string } {
  const [digestInfo, saltT, iterT] = children(buf, macData, 3);
  if (!isSeq(digestInfo) || !saltT) throw new Pkcs12Error('bad macData');
  const [algId, digestT] = children(buf, digestInfo, 2);
  const algOid = oid(buf, children(buf, algId!, 2)[0]!);
  const hash = MAC_HASHES[algOid];
  if (!hash) return { ok: false, why: l10n.t('MAC algorithm {0} is not supported', algOid) };
  const iterations = iterT ? smallInt(buf, iterT) : 1;
  if (iterations < 1) throw new Pkcs12Error('MAC iteration count below 1');
  if (iterations > MAX_MAC_ITERATIONS) return { ok: false, why: l10n.t('{0} MAC iterations is more than the {1} allowed here', iterations, MAX_MAC_ITERATIONS) };
  const f = forge();
  const expected = bin(content(buf, digestT!));
  const salt = bin(content(buf, saltT));
  const dataBin = bin(data);
  for (const pw of candidates) {
    const md = f.md[hash[0] as 'sha256'].create();
    const key = f.pkcs12.generateKey(pw as string, f.util.createBuffer(salt), 3, iterations, hash[1], md as Forge.md.MessageDigest);
    const hmac = f.hmac.create();
    hmac.start(f.md[hash[0] as 'sha256'].create() as Forge.md.MessageDigest, key.getBytes());
    hmac.update(dataBin);
    if (hmac.digest().getBytes() === expected) return { ok: true, password: pw };
  }
  return { ok: false };
}

function firstInt(buf: Uint8Array, t: Tlv, depth = 0): number | undefined {
  if (t.cls === UNIVERSAL && t.tag === T.INTEGER) {
    try {
      return smallInt(buf, t);
    } catch {
      return Number.MAX_SAFE_INTEGER;
    }
  }
  if (!t.constructed || depth > 4) return undefined;
  for (const c of children(buf, t, 16)) {
    const v = firstInt(buf, c, depth + 1);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** Decrypts an EncryptedData with the candidate passwords; undefined (and counted) when none works. */
function decrypt(buf: Uint8Array, encryptedData: Tlv, st: State): Uint8Array | undefined {
  const [, eci] = children(buf, encryptedData, 3);
  if (!isSeq(eci)) throw new Pkcs12Error('bad EncryptedData');
  const [, algId, enc] = children(buf, eci, 3);
  if (!isSeq(algId) || !enc) throw new Pkcs12Error('bad EncryptedContentInfo');
  const [algOidT, params] = children(buf, algId, 2);
  const algOid = oid(buf, algOidT!);
  if (params) {
    const iter = firstInt(buf, params);
    const max = algOid === OID_PBES2 ? MAX_PBES2_ITERATIONS : MAX_PBES1_ITERATIONS;
    if (iter !== undefined && iter > max) {
      st.out.problem('pkcs12-too-costly', 'warning', l10n.t('an encrypted part uses {0} key-derivation iterations, more than the {1} allowed here: not read', iter, max));
      return undefined;
    }
  }
  const f = forge();
  const data = bin(enc.constructed ? octets(buf, enc) : content(buf, enc));
  const paramsAsn1 = params ? f.asn1.fromDer(bin(buf.subarray(params.start, params.end))) : undefined;
  for (const pw of st.passwords) {
    let cipher: Cipher;
    try {
      cipher = f.pki.pbe.getCipher(algOid, paramsAsn1 as Forge.asn1.Asn1, (pw ?? '') as string);
    } catch (e) {
      st.out.problem('pkcs12-unsupported', 'error', l10n.t('an encrypted part uses an unsupported algorithm ({0}): {1}', algOid, e instanceof Error ? e.message : String(e)));
      st.encryptedUnread++;
      st.wrongPassword = true; // do not blame the password
      return undefined;
    }
    cipher.update(f.util.createBuffer(data));
    if (!cipher.finish()) continue;
    const plain = new Uint8Array(Buffer.from(cipher.output.getBytes(), 'binary'));
    try {
      const t = readTlv(plain, 0);
      if (isSeq(t) && t.end === plain.length) {
        if (pw === JAVA_DEFAULT_PASSWORD && st.passwords.length > 1) st.usedJavaDefault = true;
        return plain;
      }
    } catch {
      // wrong password: garbage that happened to have valid padding
    }
  }
  st.encryptedUnread++;
  return undefined;
}

function bmp(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i + 1 < b.length; i += 2) s += String.fromCharCode((b[i]! << 8) | b[i + 1]!);
  return s;
}

function readSafeContents(bytes: Uint8Array, st: State, depth: number): void {
  if (depth > 4) throw new Pkcs12Error('SafeContents nested too deeply');
  const seq = readTlv(bytes, 0);
  for (const bag of children(bytes, seq, 10_000)) {
    const [idT, valueWrap, attrs] = children(bytes, bag, 3);
    const bagId = oid(bytes, idT!);
    if (!is(valueWrap, CONTEXT, 0)) continue;
    const value = children(bytes, valueWrap, 1)[0]!;
    if (bagId === OID.certBag) {
      const [certIdT, certWrap] = children(bytes, value, 2);
      const certId = oid(bytes, certIdT!);
      if (certId !== OID.x509Certificate || !is(certWrap, CONTEXT, 0)) {
        st.others.push(l10n.t('a certificate of type {0}', certId));
        continue;
      }
      if (st.out.full) return;
      const der = octets(bytes, children(bytes, certWrap, 1)[0]!);
      const res = certFromDer(der, st.out.certificates.length, st.out.memo);
      let alias: string | undefined;
      if (attrs && attrs.constructed) {
        for (const attr of children(bytes, attrs, 32)) {
          const [aid, set] = children(bytes, attr, 2);
          if (aid && oid(bytes, aid) === OID.friendlyName && set) {
            const v = children(bytes, set, 4)[0];
            if (v && is(v, UNIVERSAL, T.BMPString)) alias = bmp(content(bytes, v));
          }
        }
      }
      if (!res.ok) {
        st.out.problem('pkcs12-bad-certificate', 'error', alias ? l10n.t('certificate bag "{0}" is not a valid X.509 certificate: {1}', alias, res.error) : l10n.t('certificate bag is not a valid X.509 certificate: {0}', res.error));
        continue;
      }
      if (alias !== undefined) res.cert.alias = alias;
      st.out.certificates.push(res.cert);
    } else if (bagId === OID.keyBag || bagId === OID.shroudedKeyBag) st.keys++;
    else if (bagId === OID.safeContentsBag) readSafeContents(bytes.subarray(value.start, value.end), st, depth + 1);
    else if (bagId === OID.crlBag) st.others.push(l10n.t('a CRL'));
    else if (bagId === OID.secretBag) st.others.push(l10n.t('a secret'));
    else st.others.push(l10n.t('a bag of type {0}', bagId));
  }
}
