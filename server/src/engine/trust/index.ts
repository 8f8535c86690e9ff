/**
 * Reading a trust file (sslrootcert, a Java truststore, a PKCS#12 bundle) from its bytes: the
 * format is found from the content alone, never from the name (which only improves messages).
 * Pure: no disk access, never throws; every defect becomes a TrustProblem with a stable code.
 */
import { certFromDer, certLabel } from './cert';
import { Collector } from './collect';
import { readTlv, TruncatedError } from './der';
import { JCEKS_MAGIC, JKS_MAGIC, readJks } from './jks';
import { readBareBase64, readPem } from './pem';
import { readPkcs12 } from './pkcs12';
import { readPkcs7Certificates } from './pkcs7';
import { describeBinary, describeDer, describeText } from './sniff';
import type { ReadTrustOptions, TrustFileFormat, TrustFileResult } from './types';

export type * from './types';
export { buildChains, expiry } from './chains';
export { certLabel, x509Of } from './cert';
export { MAX_CERTIFICATES, MAX_PROBLEMS } from './collect';
export { PROBLEM_CODES } from './codes';

export function readTrustFile(bytes: Uint8Array, name: string, options: ReadTrustOptions = {}): TrustFileResult {
  const out = new Collector();
  let result: { format: TrustFileFormat; description: string };
  try {
    result = read(bytes, name, options, out);
  } catch (e) {
    out.problem('internal-error', 'error', `${name}: could not be read (${e instanceof Error ? e.message : String(e)})`);
    result = { format: 'unknown', description: 'unreadable' };
  }
  out.finish();
  return { format: result.format, certificates: out.certificates, problems: out.problems, description: result.description };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function u32(b: Uint8Array): number {
  return b.length < 4 ? -1 : b[0]! * 0x1000000 + ((b[1]! << 16) | (b[2]! << 8) | b[3]!);
}

/** DER-looking: a SEQUENCE with a long-form length (invalid as the start of UTF-8 text). */
function looksLikeDer(b: Uint8Array): boolean {
  if (b[0] !== 0x30 || b.length < 2) return false;
  if (b[1]! >= 0x81 && b[1]! <= 0x84) return true;
  if (b[1] === 0x80) return true; // BER indefinite length
  return b[1]! < 0x80 && b[1]! + 2 === b.length && b.length > 2 && (b[2] === 0x30 || b[2] === 0x02 || b[2] === 0x06);
}

function read(bytes: Uint8Array, name: string, options: ReadTrustOptions, out: Collector): { format: TrustFileFormat; description: string } {
  if (bytes.length === 0) {
    out.problem('empty', 'error', `${name} is empty`);
    return { format: 'unknown', description: 'an empty file' };
  }
  const magic = u32(bytes);
  if (magic === JKS_MAGIC || magic === JCEKS_MAGIC) {
    const kind = magic === JKS_MAGIC ? 'JKS' : 'JCEKS';
    readJks(bytes, out, name);
    return { format: 'jks', description: `a ${kind} keystore with ${plural(out.certificates.length, 'trusted certificate')}` };
  }
  if (looksLikeDer(bytes)) return readDer(bytes, name, options, out);

  let text: string;
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    text = new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(bytes);
    out.problem('utf16-text', 'error', `${name} is UTF-16 text: OpenSSL reads PEM only as ASCII/UTF-8`);
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return readBinary(bytes, name, out);
    }
    // eslint-disable-next-line no-control-regex
    const controls = text.match(/[\x00-\x08\x0e-\x1f\x7f]/g)?.length ?? 0;
    if (controls > 0 && (text.includes('\0') || controls > text.length / 100)) return readBinary(bytes, name, out);
  }

  const pem = readPem(text, out);
  if (pem.pem || readBareBase64(text, out)) {
    const n = out.certificates.length;
    if (n === 0) {
      const others = [...new Set(pem.otherLabels)];
      if (others.length > 0 && others.every((l) => /PRIVATE KEY$|PARAMETERS$/.test(l))) {
        out.problem('private-key-only', 'error', `${name} holds only a private key (${others.filter((l) => /KEY$/.test(l)).join(', ')}), no certificate`);
        return { format: 'pem', description: 'a private key, no certificate' };
      }
      if (!out.problems.some((p) => p.severity === 'error')) {
        out.problem('no-certificate', 'error', `${name} holds no certificate${others.length ? ` (only ${others.join(', ')})` : ''}`);
      }
      return { format: 'pem', description: others.length ? `PEM with no certificate (${others.join(', ')})` : 'PEM with no readable certificate' };
    }
    return { format: 'pem', description: n === 1 ? `PEM: ${certLabel(out.certificates[0]!)}` : `a PEM bundle of ${plural(n, 'certificate')}` };
  }
  const what = describeText(text);
  out.problem(what.code, 'error', `${name} is ${what.description}${what.complete ? '' : ', not a certificate'}`);
  return { format: 'unknown', description: what.description };
}

function readDer(bytes: Uint8Array, name: string, options: ReadTrustOptions, out: Collector): { format: TrustFileFormat; description: string } {
  try {
    readTlv(bytes, 0);
  } catch (e) {
    if (e instanceof TruncatedError) {
      out.problem('der-truncated', 'error', `${name} is truncated DER: it says ${e.needed} bytes, the file has ${e.available}`);
      return { format: 'der', description: 'truncated DER' };
    }
  }
  const kind = describeDer(bytes);
  if (kind.kind === 'pkcs12') {
    readPkcs12(bytes, out, options.password, name);
    return { format: 'pkcs12', description: `a PKCS#12 keystore with ${plural(out.certificates.length, 'readable certificate')}` };
  }
  if (kind.kind === 'certificate') {
    const res = certFromDer(bytes, 0);
    if (!res.ok) {
      out.problem('der-invalid-certificate', 'error', `${name} is not a valid X.509 certificate: ${res.error}`);
      return { format: 'der', description: 'an invalid DER certificate' };
    }
    if (res.trailing > 0) out.problem('der-trailing-bytes', 'warning', `${name} has ${res.trailing} bytes after its DER certificate`);
    out.certificates.push(res.cert);
    return { format: 'der', description: `DER: ${certLabel(res.cert)}` };
  }
  if (kind.kind === 'pkcs7') {
    const n = readPkcs7Certificates(bytes).length;
    out.problem('pkcs7', 'error', `${name} is a PKCS#7 bundle${n ? ` of ${plural(n, 'certificate')}` : ''}: convert it with \`openssl pkcs7 -inform DER -print_certs\``);
    return { format: 'unknown', description: kind.description };
  }
  const code = kind.kind === 'private-key' || kind.kind === 'encrypted-private-key' ? 'private-key-only' : 'der-not-a-certificate';
  out.problem(code, 'error', `${name} is ${kind.description}, not a certificate`);
  return { format: kind.kind === 'unknown' ? 'unknown' : 'der', description: kind.description };
}

function readBinary(bytes: Uint8Array, name: string, out: Collector): { format: TrustFileFormat; description: string } {
  const what = describeBinary(bytes);
  out.problem(what.code, 'error', `${name} is ${what.description}${what.complete ? '' : ', not a certificate'}`);
  return { format: 'unknown', description: what.description };
}
