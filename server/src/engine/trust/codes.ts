/**
 * Every TrustProblem code, with the severity it is given and what it means. Callers (rules, the
 * hover) branch on codes, never on messages. A meaning is looked up in the current language when read.
 */
import * as l10n from '@vscode/l10n';
import type { TrustProblemSeverity } from './types';

export const PROBLEM_CODES: Record<string, { severity: TrustProblemSeverity; meaning: string }> = {
  // The file is not a certificate at all.
  empty: { severity: 'error', get meaning() { return l10n.t('empty file, or only whitespace'); } },
  'html-page': { severity: 'error', get meaning() { return l10n.t('an HTML page (a saved redirect or error page); the message gives its title'); } },
  json: { severity: 'error', get meaning() { return l10n.t('JSON'); } },
  xml: { severity: 'error', get meaning() { return l10n.t('an XML document'); } },
  'git-lfs-pointer': { severity: 'error', get meaning() { return l10n.t('a Git LFS pointer instead of the file'); } },
  'ssh-key': { severity: 'error', get meaning() { return l10n.t('an SSH public key'); } },
  'plain-text': { severity: 'error', get meaning() { return l10n.t('text with no certificate'); } },
  'binary-unknown': { severity: 'error', get meaning() { return l10n.t('binary data of an unknown type'); } },
  archive: { severity: 'error', get meaning() { return l10n.t('a gzip or ZIP archive'); } },
  'private-key-only': { severity: 'error', get meaning() { return l10n.t('only a private key (PEM or DER)'); } },
  'no-certificate': { severity: 'error', get meaning() { return l10n.t('PEM blocks, none of them a certificate'); } },
  pkcs7: { severity: 'error', get meaning() { return l10n.t('a DER PKCS#7 bundle (.p7b): OpenSSL does not read it as a CA file'); } },
  'utf16-text': { severity: 'error', get meaning() { return l10n.t('UTF-16 text (read here; OpenSSL cannot)'); } },
  'internal-error': { severity: 'error', get meaning() { return l10n.t('an unexpected failure while reading'); } },
  // PEM blocks. Certificates from blocks with an error are still read, with the code in CertInfo.defects.
  'pem-no-end': { severity: 'error', get meaning() { return l10n.t('a block has no END line'); } },
  'pem-no-begin': { severity: 'error', get meaning() { return l10n.t('base64 (a block or the whole file) without a BEGIN line'); } },
  'pem-end-mismatch': { severity: 'error', get meaning() { return l10n.t('BEGIN and END labels differ'); } },
  'pem-stray-end': { severity: 'warning', get meaning() { return l10n.t('an END line with nothing before it'); } },
  'pem-bad-marker': { severity: 'error', get meaning() { return l10n.t('a BEGIN/END line without exactly five dashes'); } },
  'pem-bad-base64': { severity: 'error', get meaning() { return l10n.t('a character that is not base64; the message gives line and column'); } },
  'pem-empty-block': { severity: 'error', get meaning() { return l10n.t('a block with no base64'); } },
  'pem-truncated': { severity: 'error', get meaning() { return l10n.t('the base64 gives fewer bytes than the certificate needs'); } },
  'pem-invalid-certificate': { severity: 'error', get meaning() { return l10n.t('a CERTIFICATE block that is not a valid X.509 certificate'); } },
  'pem-not-a-certificate': { severity: 'error', get meaning() { return l10n.t('a CERTIFICATE block that holds something else (a key, a CSR...)'); } },
  'pem-indented': { severity: 'error', get meaning() { return l10n.t('an indented BEGIN line: OpenSSL skips the block'); } },
  'pem-indented-base64': { severity: 'error', get meaning() { return l10n.t('indented base64 lines: OpenSSL fails to load the whole file'); } },
  'pem-not-at-line-start': { severity: 'error', get meaning() { return l10n.t('text before BEGIN/END on the same line (OpenSSL skips the block)'); } },
  'pem-one-line': { severity: 'error', get meaning() { return l10n.t('BEGIN, base64 and END on one line'); } },
  'pem-escaped-newlines': { severity: 'error', get meaning() { return l10n.t('literal \\n sequences instead of line breaks'); } },
  'pem-private-key': { severity: 'warning', get meaning() { return l10n.t('a private key block, skipped'); } },
  'pem-csr': { severity: 'warning', get meaning() { return l10n.t('a certificate signing request, skipped'); } },
  'pem-public-key': { severity: 'warning', get meaning() { return l10n.t('a bare public key, skipped'); } },
  'pem-pkcs7': { severity: 'warning', get meaning() { return l10n.t('a PKCS7 block, which OpenSSL does not read from a CA file'); } },
  'pem-unknown-block': { severity: 'warning', get meaning() { return l10n.t('a block of another type, skipped'); } },
  'pem-other-block': { severity: 'info', get meaning() { return l10n.t('EC/DH PARAMETERS, skipped'); } },
  'pem-crl': { severity: 'info', get meaning() { return l10n.t('a CRL, skipped'); } },
  'pem-trusted-certificate': { severity: 'info', get meaning() { return l10n.t("OpenSSL's TRUSTED CERTIFICATE form: the certificate is read, its trust settings are not evaluated"); } },
  'pem-trailing-bytes': { severity: 'info', get meaning() { return l10n.t('bytes after the certificate inside a block'); } },
  'pem-trailing-text': { severity: 'info', get meaning() { return l10n.t('text after the last END line (ignored by OpenSSL)'); } },
  // DER
  'der-truncated': { severity: 'error', get meaning() { return l10n.t('the DER says more bytes than the file has'); } },
  'der-invalid-certificate': { severity: 'error', get meaning() { return l10n.t('DER shaped like a certificate that does not parse'); } },
  'der-not-a-certificate': { severity: 'error', get meaning() { return l10n.t('DER of another type (CSR, CRL, public key, unknown)'); } },
  'der-trailing-bytes': { severity: 'warning', get meaning() { return l10n.t('bytes after the DER certificate'); } },
  // PKCS#12
  'pkcs12-password-required': { severity: 'error', get meaning() { return l10n.t('certificates are encrypted; no password was given (and "", "changeit" do not work)'); } },
  'pkcs12-wrong-password': { severity: 'error', get meaning() { return l10n.t('the given password fails the integrity check or the decryption'); } },
  'pkcs12-integrity-unchecked': { severity: 'info', get meaning() { return l10n.t('certificates read from unencrypted bags without checking the MAC (needs the password)'); } },
  'pkcs12-default-password': { severity: 'info', get meaning() { return l10n.t('opened with Java\'s default password "changeit"'); } },
  'pkcs12-private-key': { severity: 'info', get meaning() { return l10n.t('private keys skipped'); } },
  'pkcs12-other-entry': { severity: 'info', get meaning() { return l10n.t('CRL, secret or unknown bags skipped'); } },
  'pkcs12-bad-certificate': { severity: 'error', get meaning() { return l10n.t('a certificate bag that does not parse'); } },
  'pkcs12-unsupported': { severity: 'error', get meaning() { return l10n.t('public-key integrity mode or an unsupported encryption algorithm'); } },
  'pkcs12-too-costly': { severity: 'warning', get meaning() { return l10n.t('key-derivation iteration count over the cap: part not read'); } },
  'pkcs12-malformed': { severity: 'error', get meaning() { return l10n.t('the PKCS#12 structure is broken'); } },
  // JKS / JCEKS
  'jks-malformed': { severity: 'error', get meaning() { return l10n.t('broken lengths, unknown version or tag (certificates before the damage are kept)'); } },
  'jks-bad-certificate': { severity: 'error', get meaning() { return l10n.t('a trusted entry that is not a valid certificate'); } },
  'jks-private-key': { severity: 'info', get meaning() { return l10n.t('private key entries skipped'); } },
  'jks-secret-key': { severity: 'info', get meaning() { return l10n.t('a JCEKS secret key entry; entries after it are not read'); } },
  'jks-integrity-unchecked': { severity: 'info', get meaning() { return l10n.t('the keyed SHA-1 digest needs the store password and is not checked'); } },
  // Caps
  'too-many-certificates': { severity: 'warning', get meaning() { return l10n.t('more than MAX_CERTIFICATES: the rest is not read'); } },
  'too-many-problems': { severity: 'info', get meaning() { return l10n.t('more than MAX_PROBLEMS problems: the rest are counted'); } },
};

/** What a problem code means, in the current language (the code itself for an unknown one). */
export function problemMeaning(code: string): string {
  return PROBLEM_CODES[code]?.meaning ?? code;
}
