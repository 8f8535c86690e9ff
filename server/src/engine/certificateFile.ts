/**
 * Diagnostics inside an open certificate file (.pem, .crt, .cer, ...): each certificate block gets
 * what is true of it by content (expired, expiring, retired, skipped by OpenSSL), and — when a
 * connection setting names the file as its trust file — what that use makes of it (pinned
 * intermediate or server certificate, no root of the provider). Fixes remove a block or add the
 * provider's missing roots at the end of the file.
 *
 * Pure: the caller gives the text and the uses it knows (the language server collects them from the
 * documents it has analysed).
 */
import * as l10n from '@vscode/l10n';
import type { Config } from './config';
import { DEFAULT_EXPIRY_WINDOW_DAYS } from './config';
import { ruleById } from './rules';
import { bundleContent, bundleRoots } from './rules/trustFixes';
import { driverSpec } from './drivers';
import { anchorHolder, certName, day, days, roleName } from './rules/trustCommon';
import { buildChains, readTrustFile } from './trust';
import type { ChainLink, TrustFileResult } from './trust';
import { judgeFile } from './trustVerdict';
import type { CertVerdict, ProviderView } from './trustVerdict';
import type { DriverId, Finding, Fix, Severity, Span } from './types';

/** File names read as certificate files (by extension, or the editor's language id). */
const CERT_EXTENSIONS = /\.(pem|crt|cer|cert|ca-bundle|ca)$/i;

export function isCertificateFile(path: string, languageId?: string): boolean {
  if (languageId === 'pem' || languageId === 'x509') return true;
  const base = path.split(/[\\/]/).pop() ?? '';
  return CERT_EXTENSIONS.test(base) || base === 'root.crt' || base === 'cacerts.pem';
}

/** A connection setting that names this file as its trust file. */
export interface CertificateFileUse {
  /** Where the setting is, for messages (a workspace-relative path). */
  from: string;
  driver: DriverId;
  provider?: ProviderView;
}

export interface CertificateFileOptions {
  path: string;
  now?: Date;
  config?: Config;
  uses?: readonly CertificateFileUse[];
}

export interface CertificateFileResult {
  file: TrustFileResult;
  chains: ChainLink[];
  findings: Finding[];
}

/** The first line of a block: where its diagnostics go (the base64 below stays readable). */
function headSpan(text: string, span: Span | undefined): Span {
  if (!span) return { start: 0, end: Math.min(text.length, text.indexOf('\n') < 0 ? text.length : text.indexOf('\n')) };
  const nl = text.indexOf('\n', span.start);
  const end = nl < 0 || nl > span.end ? span.end : nl;
  return { start: span.start, end: text[end - 1] === '\r' ? end - 1 : end };
}

/** Deletes a block and the line break after it. */
function removeFix(text: string, v: CertVerdict): Fix | undefined {
  const span = v.cert.span;
  if (!span) return undefined;
  let end = span.end;
  if (text[end] === '\r') end++;
  if (text[end] === '\n') end++;
  return { title: l10n.t('Remove {0} from this file', certName(v)), edits: [{ span: { start: span.start, end }, newText: '' }], preferred: false };
}

function addRootsFix(text: string, provider: ProviderView | undefined, verdict: ReturnType<typeof judgeFile>): Fix | undefined {
  if (!provider) return undefined;
  const roots = bundleRoots(provider);
  if (!roots) return undefined;
  const missing = roots.filter((r) => !verdict.acceptedPresent.some((p) => p.sha256 === r.sha256));
  if (missing.length === 0) return undefined;
  const sep = text.length === 0 || text.endsWith('\n') ? '' : '\n';
  const content = bundleContent(provider, missing).replace(/^# Root CAs of [^\n]*\n/, '');
  return {
    title: missing.length > 1 ? l10n.t('Add the root CAs of {0} to this file', provider.match.provider.name) : l10n.t('Add the root CA of {0} to this file', provider.match.provider.name),
    edits: [{ span: { start: text.length, end: text.length }, newText: sep + content }],
    preferred: false,
  };
}

export function lintCertificateFile(text: string, options: CertificateFileOptions): CertificateFileResult {
  const file = readTrustFile(new TextEncoder().encode(text), options.path);
  const chains = buildChains(file.certificates);
  const now = options.now ?? new Date();
  const window = options.config?.expiryWindowDays ?? DEFAULT_EXPIRY_WINDOW_DAYS;
  const uses = options.uses ?? [];
  const provider = uses.find((u) => u.provider)?.provider;
  const verdict = judgeFile(file, chains, provider, now);
  const findings: Finding[] = [];
  const report = (ruleId: string, span: Span, message: string, fixes: Fix[], severity?: Severity): void => {
    const configured = options.config?.rules[ruleId];
    if (configured === 'off') return;
    const rule = ruleById(ruleId);
    if (!rule) return;
    findings.push({ ruleId, severity: configured ?? severity ?? rule.meta.defaultSeverity, message, span, fixes, site: -1 });
  };
  const fixesFor = (v: CertVerdict): Fix[] => [removeFix(text, v)].filter((f): f is Fix => f !== undefined);

  // What the reader found wrong (warnings and errors; information stays in the hover). A file no
  // setting uses is judged only as far as its certificates go: a key file or a combined key and
  // certificate file is not a trust file.
  const defects = new Set(file.certificates.flatMap((c) => c.defects ?? []));
  for (const p of file.problems) {
    if (p.severity === 'info') continue;
    if (uses.length === 0 && !defects.has(p.code) && !/^pem-(bad-base64|truncated|invalid-certificate|no-end|end-mismatch)$/.test(p.code)) continue;
    report('trust-file-unreadable', p.span ? headSpan(text, p.span) : headSpan(text, undefined), p.message, [], p.severity);
  }

  const add = uses.length > 0 && file.certificates.length > 0 ? addRootsFix(text, provider, verdict) : undefined;
  const usedBy = uses.length > 0 ? l10n.t(' (this file is the trust file of {0})', [...new Set(uses.map((u) => u.from))].slice(0, 3).join(', ')) : '';
  for (const v of verdict.certs) {
    if (!v.usable) continue;
    const at = headSpan(text, v.cert.span);
    if (v.retired) {
      const message = v.retired.replacedBy
        ? l10n.t('{0} is retired: {1}; replaced by {2}.', certName(v), v.retired.reason, v.retired.replacedBy)
        : l10n.t('{0} is retired: {1}.', certName(v), v.retired.reason);
      report('retired-ca', at, message, fixesFor(v), verdict.validRoots.length > 0 ? 'warning' : undefined);
    } else if (v.expiry.expired) {
      report('expired-ca', at, l10n.t('{0} ({1}) expired on {2}.', certName(v), roleName(v.cert.role), day(v.cert.notAfter)), fixesFor(v), verdict.validRoots.length > 0 ? 'warning' : undefined);
    } else if (v.expiry.notYetValid) {
      report('expired-ca', at, l10n.t('{0} ({1}) is not valid before {2}.', certName(v), roleName(v.cert.role), day(v.cert.notBefore)), fixesFor(v), verdict.validRoots.length > 0 ? 'warning' : undefined);
    } else if (v.expiry.daysLeft <= window) {
      report('expiring-ca', at, l10n.t('{0} ({1}) expires on {2}, in {3}.', certName(v), roleName(v.cert.role), day(v.cert.notAfter), days(v.expiry.daysLeft)), fixesFor(v));
    }
    if (uses.length === 0 || provider?.match.provider.pinningNormal) continue;
    const openssl = uses.some((u) => driverSpec(u.driver).anchors === 'root-only');
    if (v.pinned === 'intermediate') {
      const message = openssl
        ? l10n.t('{0} is an intermediate CA without its root in this file{1}: OpenSSL (libpq, Node) anchors a chain only at a self-signed root in the file, so this intermediate alone cannot verify a server.', certName(v), usedBy)
        : l10n.t('{0} is an intermediate CA without its root in this file{1}: {2} accepts it as an anchor only until the server moves to another intermediate CA.', certName(v), usedBy, anchorHolder(uses[0]!.driver));
      report('pinned-intermediate', at, message, [...(add ? [add] : []), ...fixesFor(v)]);
    } else if (v.pinned === 'leaf') {
      const message = v.cert.selfSigned
        ? l10n.t('{0} is a server certificate (self-signed){1}: trusting it breaks when the server certificate is replaced.', certName(v), usedBy)
        : l10n.t('{0} is a server certificate{1}: trusting it breaks when the server certificate is replaced.', certName(v), usedBy);
      report('pinned-server-cert', at, message, fixesFor(v));
    }
  }

  if (uses.length > 0 && file.certificates.length > 0) {
    const noRoot = !verdict.certs.some((v) => v.usable && v.cert.role === 'root');
    if (provider?.accepted && verdict.acceptedPresent.length === 0 && !provider.match.provider.pinningNormal) {
      report('missing-root', headSpan(text, verdict.certs[0]?.cert.span), l10n.t('None of the roots of {0} is in this file{1}.', provider.match.provider.name, usedBy), add ? [add] : []);
    } else if (noRoot) {
      report('missing-root', headSpan(text, verdict.certs[0]?.cert.span), l10n.t('This file holds no root CA{0}: a chain can only be anchored at a self-signed root.', usedBy), add ? [add] : []);
    }
  }
  findings.sort((a, b) => a.span.start - b.span.start || a.ruleId.localeCompare(b.ruleId));
  return { file, chains, findings };
}
