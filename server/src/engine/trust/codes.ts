/**
 * Every TrustProblem code, with the severity it is given and what it means. Callers (rules, the
 * hover) branch on codes, never on messages.
 */
import type { TrustProblemSeverity } from './types';

export const PROBLEM_CODES: Record<string, { severity: TrustProblemSeverity; meaning: string }> = {
  // The file is not a certificate at all.
  empty: { severity: 'error', meaning: 'empty file, or only whitespace' },
  'html-page': { severity: 'error', meaning: 'an HTML page (a saved redirect or error page); the message gives its title' },
  json: { severity: 'error', meaning: 'JSON' },
  xml: { severity: 'error', meaning: 'an XML document' },
  'git-lfs-pointer': { severity: 'error', meaning: 'a Git LFS pointer instead of the file' },
  'ssh-key': { severity: 'error', meaning: 'an SSH public key' },
  'plain-text': { severity: 'error', meaning: 'text with no certificate' },
  'binary-unknown': { severity: 'error', meaning: 'binary data of an unknown type' },
  archive: { severity: 'error', meaning: 'a gzip or ZIP archive' },
  'private-key-only': { severity: 'error', meaning: 'only a private key (PEM or DER)' },
  'no-certificate': { severity: 'error', meaning: 'PEM blocks, none of them a certificate' },
  pkcs7: { severity: 'error', meaning: 'a DER PKCS#7 bundle (.p7b): OpenSSL does not read it as a CA file' },
  'utf16-text': { severity: 'error', meaning: 'UTF-16 text (read here; OpenSSL cannot)' },
  'internal-error': { severity: 'error', meaning: 'an unexpected failure while reading' },
  // PEM blocks. Certificates from blocks with an error are still read, with the code in CertInfo.defects.
  'pem-no-end': { severity: 'error', meaning: 'a block has no END line' },
  'pem-no-begin': { severity: 'error', meaning: 'base64 (a block or the whole file) without a BEGIN line' },
  'pem-end-mismatch': { severity: 'error', meaning: 'BEGIN and END labels differ' },
  'pem-stray-end': { severity: 'warning', meaning: 'an END line with nothing before it' },
  'pem-bad-marker': { severity: 'error', meaning: 'a BEGIN/END line without exactly five dashes' },
  'pem-bad-base64': { severity: 'error', meaning: 'a character that is not base64; the message gives line and column' },
  'pem-empty-block': { severity: 'error', meaning: 'a block with no base64' },
  'pem-truncated': { severity: 'error', meaning: 'the base64 gives fewer bytes than the certificate needs' },
  'pem-invalid-certificate': { severity: 'error', meaning: 'a CERTIFICATE block that is not a valid X.509 certificate' },
  'pem-not-a-certificate': { severity: 'error', meaning: 'a CERTIFICATE block that holds something else (a key, a CSR...)' },
  'pem-indented': { severity: 'error', meaning: 'an indented BEGIN line: OpenSSL skips the block' },
  'pem-indented-base64': { severity: 'error', meaning: 'indented base64 lines: OpenSSL fails to load the whole file' },
  'pem-not-at-line-start': { severity: 'error', meaning: 'text before BEGIN/END on the same line (OpenSSL skips the block)' },
  'pem-one-line': { severity: 'error', meaning: 'BEGIN, base64 and END on one line' },
  'pem-escaped-newlines': { severity: 'error', meaning: 'literal \\n sequences instead of line breaks' },
  'pem-private-key': { severity: 'warning', meaning: 'a private key block, skipped' },
  'pem-csr': { severity: 'warning', meaning: 'a certificate signing request, skipped' },
  'pem-public-key': { severity: 'warning', meaning: 'a bare public key, skipped' },
  'pem-pkcs7': { severity: 'warning', meaning: 'a PKCS7 block, which OpenSSL does not read from a CA file' },
  'pem-unknown-block': { severity: 'warning', meaning: 'a block of another type, skipped' },
  'pem-other-block': { severity: 'info', meaning: 'EC/DH PARAMETERS, skipped' },
  'pem-crl': { severity: 'info', meaning: 'a CRL, skipped' },
  'pem-trusted-certificate': { severity: 'info', meaning: "OpenSSL's TRUSTED CERTIFICATE form: the certificate is read, its trust settings are not evaluated" },
  'pem-trailing-bytes': { severity: 'info', meaning: 'bytes after the certificate inside a block' },
  'pem-trailing-text': { severity: 'info', meaning: 'text after the last END line (ignored by OpenSSL)' },
  // DER
  'der-truncated': { severity: 'error', meaning: 'the DER says more bytes than the file has' },
  'der-invalid-certificate': { severity: 'error', meaning: 'DER shaped like a certificate that does not parse' },
  'der-not-a-certificate': { severity: 'error', meaning: 'DER of another type (CSR, CRL, public key, unknown)' },
  'der-trailing-bytes': { severity: 'warning', meaning: 'bytes after the DER certificate' },
  // PKCS#12
  'pkcs12-password-required': { severity: 'error', meaning: 'certificates are encrypted; no password was given (and "", "changeit" do not work)' },
  'pkcs12-wrong-password': { severity: 'error', meaning: 'the given password fails the integrity check or the decryption' },
  'pkcs12-integrity-unchecked': { severity: 'info', meaning: 'certificates read from unencrypted bags without checking the MAC (needs the password)' },
  'pkcs12-default-password': { severity: 'info', meaning: 'opened with Java\'s default password "changeit"' },
  'pkcs12-private-key': { severity: 'info', meaning: 'private keys skipped' },
  'pkcs12-other-entry': { severity: 'info', meaning: 'CRL, secret or unknown bags skipped' },
  'pkcs12-bad-certificate': { severity: 'error', meaning: 'a certificate bag that does not parse' },
  'pkcs12-unsupported': { severity: 'error', meaning: 'public-key integrity mode or an unsupported encryption algorithm' },
  'pkcs12-too-costly': { severity: 'warning', meaning: 'key-derivation iteration count over the cap: part not read' },
  'pkcs12-malformed': { severity: 'error', meaning: 'the PKCS#12 structure is broken' },
  // JKS / JCEKS
  'jks-malformed': { severity: 'error', meaning: 'broken lengths, unknown version or tag (certificates before the damage are kept)' },
  'jks-bad-certificate': { severity: 'error', meaning: 'a trusted entry that is not a valid certificate' },
  'jks-private-key': { severity: 'info', meaning: 'private key entries skipped' },
  'jks-secret-key': { severity: 'info', meaning: 'a JCEKS secret key entry; entries after it are not read' },
  'jks-integrity-unchecked': { severity: 'info', meaning: 'the keyed SHA-1 digest needs the store password and is not checked' },
  // Caps
  'too-many-certificates': { severity: 'warning', meaning: 'more than MAX_CERTIFICATES: the rest is not read' },
  'too-many-problems': { severity: 'info', meaning: 'more than MAX_PROBLEMS problems: the rest are counted' },
};
