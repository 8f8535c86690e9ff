/**
 * Reading a trust file (sslrootcert, a Java truststore, a PKCS#12 bundle) from its bytes: the
 * format is found from the content alone, never from the name (which only improves messages).
 * Pure: no disk access, never throws; every defect becomes a TrustProblem with a stable code.
 */
import * as l10n from '@vscode/l10n';
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
export { PROBLEM_CODES, problemMeaning } from './codes';

export function readTrustFile(bytes: Uint8Array, name: string, options: ReadTrustOptions = {}): TrustFileResult {
  const out = new Collector();
  let result: { format: TrustFileFormat; description: string };
  try {
    result = read(bytes, name, options, out);
  } catch (e) {
    out.problem('internal-error', 'error', l10n.t('{0}: could not be read ({1})', name, e instanceof Error ? e.message : String(e)));
    result = { format: 'unknown', description: l10n.t('unreadable') };
  }
  out.finish();
  return { format: result.format, certificates: out.certificates, problems: out.problems, description: result.description };
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
    out.problem('empty', 'error', l10n.t('{0} is empty', name));
    return { format: 'unknown', description: l10n.t('an empty file') };
  }
  const magic = u32(bytes);
  if (magic === JKS_MAGIC || magic === JCEKS_MAGIC) {
    const kind = magic === JKS_MAGIC ? 'JKS' : 'JCEKS';
    readJks(bytes, out, name);
    const n = out.certificates.length;
    return { format: 'jks', description: n === 1 ? l10n.t('a {0} keystore with 1 trusted certificate', kind) : l10n.t('a {0} keystore with {1} trusted certificates', kind, n) };
  }
  if (looksLikeDer(bytes)) return readDer(bytes, name, options, out);

  let text: string;
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    text = new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(bytes);
    out.problem('utf16-text', 'error', l10n.t('{0} is UTF-16 text: OpenSSL reads PEM only as ASCII/UTF-8', name));
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
        out.problem('private-key-only', 'error', l10n.t('{0} holds only a private key ({1}), no certificate', name, others.filter((l) => /KEY$/.test(l)).join(', ')));
        return { format: 'pem', description: l10n.t('a private key, no certificate') };
      }
      if (!out.problems.some((p) => p.severity === 'error')) {
        out.problem('no-certificate', 'error', others.length ? l10n.t('{0} holds no certificate (only {1})', name, others.join(', ')) : l10n.t('{0} holds no certificate', name));
      }
      return { format: 'pem', description: others.length ? l10n.t('PEM with no certificate ({0})', others.join(', ')) : l10n.t('PEM with no readable certificate') };
    }
    return { format: 'pem', description: n === 1 ? l10n.t('PEM: {0}', certLabel(out.certificates[0]!)) : l10n.t('a PEM bundle of {0} certificates', n) };
  }
  const what = describeText(text);
  out.problem(what.code, 'error', notCertificate(name, what));
  return { format: 'unknown', description: what.description };
}

function readDer(bytes: Uint8Array, name: string, options: ReadTrustOptions, out: Collector): { format: TrustFileFormat; description: string } {
  try {
    readTlv(bytes, 0);
  } catch (e) {
    if (e instanceof TruncatedError) {
      out.problem('der-truncated', 'error', l10n.t('{0} is truncated DER: it says {1} bytes, the file has {2}', name, e.needed, e.available));
      return { format: 'der', description: l10n.t('truncated DER') };
    }
  }
  const kind = describeDer(bytes);
  if (kind.kind === 'pkcs12') {
    readPkcs12(bytes, out, options.password, name);
    const n = out.certificates.length;
    return { format: 'pkcs12', description: n === 1 ? l10n.t('a PKCS#12 keystore with 1 readable certificate') : l10n.t('a PKCS#12 keystore with {0} readable certificates', n) };
  }
  if (kind.kind === 'certificate') {
    const res = certFromDer(bytes, 0);
    if (!res.ok) {
      out.problem('der-invalid-certificate', 'error', l10n.t('{0} is not a valid X.509 certificate: {1}', name, res.error));
      return { format: 'der', description: l10n.t('an invalid DER certificate') };
    }
    if (res.trailing > 0) out.problem('der-trailing-bytes', 'warning', l10n.t('{0} has {1} bytes after its DER certificate', name, res.trailing));
    out.certificates.push(res.cert);
    return { format: 'der', description: l10n.t('DER: {0}', certLabel(res.cert)) };
  }
  if (kind.kind === 'pkcs7') {
    const n = readPkcs7Certificates(bytes).length;
    out.problem(
      'pkcs7',
      'error',
      n === 0
        ? l10n.t('{0} is a PKCS#7 bundle: convert it with `openssl pkcs7 -inform DER -print_certs`', name)
        : n === 1
          ? l10n.t('{0} is a PKCS#7 bundle of 1 certificate: convert it with `openssl pkcs7 -inform DER -print_certs`', name)
          : l10n.t('{0} is a PKCS#7 bundle of {1} certificates: convert it with `openssl pkcs7 -inform DER -print_certs`', name, n),
    );
    return { format: 'unknown', description: kind.description };
  }
  const code = kind.kind === 'private-key' || kind.kind === 'encrypted-private-key' ? 'private-key-only' : 'der-not-a-certificate';
  out.problem(code, 'error', l10n.t('{0} is {1}, not a certificate', name, kind.description));
  return { format: kind.kind === 'unknown' ? 'unknown' : 'der', description: kind.description };
}

function readBinary(bytes: Uint8Array, name: string, out: Collector): { format: TrustFileFormat; description: string } {
  const what = describeBinary(bytes);
  out.problem(what.code, 'error', notCertificate(name, what));
  return { format: 'unknown', description: what.description };
}

/** `<name> is <what>` (a description that says it all), else `<name> is <what>, not a certificate`. */
function notCertificate(name: string, what: { description: string; complete?: boolean }): string {
  return what.complete ? l10n.t('{0} is {1}', name, what.description) : l10n.t('{0} is {1}, not a certificate', name, what.description);
}
