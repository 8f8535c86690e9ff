/**
 * The probe result for people (`dbtrust probe`, default format), in the language the engine speaks
 * (`--locale`). Certificate names, fingerprints, dates, severities and finding codes stay as they are.
 */
import * as l10n from '@vscode/l10n';
import { sentences } from '../engine/l10n';
import { roleName } from '../engine/rules/trustCommon';
import type { ChainCheck, ProbeResult } from './types';

function endpoint(r: ProbeResult): string {
  const h = r.target.host.includes(':') ? `[${r.target.host}]` : r.target.host;
  return `${h}:${r.target.port}`;
}

/** Characters a terminal shows two columns wide (CJK, kana, full-width forms). */
const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/g;

function columns(text: string): number {
  return text.length + (text.match(WIDE)?.length ?? 0);
}

/** `text` padded with spaces to `width` terminal columns (at least one space follows in a column layout). */
function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - columns(text)));
}

function check(c: ChainCheck): string {
  if (!c.verified) return l10n.t('refused: {0}', c.reason ?? '');
  const a = c.anchor!;
  const role = roleName(a.role);
  if (c.survivesRotation) {
    return a.role === 'root'
      ? l10n.t('verified, anchored at the {0} "{1}"; survives an intermediate rotation under this root', role, a.subject)
      : l10n.t('verified, anchored at the {0} "{1}"; survives an intermediate rotation (the file also holds the root)', role, a.subject);
  }
  return a.role === 'leaf'
    ? l10n.t('verified, anchored at the {0} "{1}"; breaks when the server certificate is renewed', role, a.subject)
    : l10n.t('verified, anchored at the {0} "{1}"; breaks at the next intermediate rotation', role, a.subject);
}

export function formatProbeText(r: ProbeResult): string {
  const out: string[] = [];
  const how = r.target.negotiation === 'direct' ? l10n.t('direct TLS, ALPN postgresql') : l10n.t('SSLRequest, then TLS');
  out.push(r.target.address ? l10n.t('dbtrust probe {0} via {1} ({2})', endpoint(r), r.target.address, how) : l10n.t('dbtrust probe {0} ({1})', endpoint(r), how));
  if (r.error) {
    out.push(l10n.t('Failed ({0}): {1}', r.error.code, r.error.message));
    return out.join('\n') + '\n';
  }
  const tls = r.tls!;
  const negotiated = tls.alpn ? l10n.t('TLS: {0}, {1}, ALPN {2}.', tls.protocol, tls.cipher, tls.alpn) : l10n.t('TLS: {0}, {1}.', tls.protocol, tls.cipher);
  const sent =
    r.sentBeforeTls > 0
      ? l10n.t('Sent: only the {0}-byte SSLRequest and the TLS handshake; no startup message, no credentials.', r.sentBeforeTls)
      : l10n.t('Sent: only the TLS handshake; no startup message, no credentials.');
  out.push(sentences(negotiated, sent));
  out.push('');
  out.push(
    r.chain.length === 1
      ? l10n.t("Chain presented by the server (1 certificate, the server's own first):")
      : l10n.t("Chain presented by the server ({0} certificates, the server's own first):", r.chain.length),
  );
  const label = (text: string): string => `       ${pad(text, 11)}`;
  for (const c of r.chain) {
    const issuer =
      c.issuedBy === c.position
        ? l10n.t('itself (self-signed)')
        : c.issuedBy === null
          ? l10n.t('{0} (not sent by the server)', c.issuerCN ?? c.issuer)
          : `#${c.issuedBy} ${r.chain[c.issuedBy]!.subjectCN ?? ''}`.trim();
    const state = c.expired ? l10n.t('EXPIRED') : c.notYetValid ? l10n.t('NOT YET VALID') : l10n.t('{0} days left', c.daysLeft);
    out.push(`  #${c.position} ${pad(roleName(c.role), 12)} ${c.subjectCN ?? c.subject}${c.knownAs ? `  [${c.knownAs}]` : ''}`);
    out.push(label(l10n.t({ message: 'issuer', comment: ['A label in the list of certificates: who issued it.'] })) + issuer);
    out.push(label(l10n.t({ message: 'valid', comment: ['A label in the list of certificates: its validity dates.'] })) + l10n.t('{0} to {1} ({2})', c.notBefore.slice(0, 10), c.notAfter.slice(0, 10), state));
    if (c.altNames.length) out.push(label(l10n.t({ message: 'names', comment: ['A label in the list of certificates: its subject alternative names.'] })) + c.altNames.join(', '));
    out.push(label(l10n.t({ message: 'key', comment: ['A label in the list of certificates: its public key and signature algorithm.'] })) + `${c.key}, ${c.signatureAlgorithm}`);
    out.push(label('SHA-256') + c.sha256);
  }
  out.push('');
  const host = r.host!;
  out.push(host.matches ? l10n.t('Host name: the server certificate names {0}.', host.name) : l10n.t('Host name: the server certificate is NOT for {0} ({1}).', host.name, host.reason ?? ''));
  out.push(l10n.t("Public roots (Node's CA list, close to sslrootcert=system): {0}.", check(r.publicRoots!)));
  if (r.provider) {
    const p = r.provider;
    if (p.expectedRoots.length === 0) out.push(l10n.t('Provider: {0} (its roots are not embedded in dbtrust).', p.name));
    else if (p.chainsToExpectedRoot) out.push(l10n.t('Provider: {0} (expected roots: {1}; the chain leads to one of them).', p.name, p.expectedRoots.length));
    else out.push(l10n.t('Provider: {0} (expected roots: {1}; the chain does NOT lead to any of them).', p.name, p.expectedRoots.length));
  } else {
    out.push(l10n.t('Provider: none recognised from the host name.'));
  }
  if (r.trustFile) {
    const t = r.trustFile;
    out.push('');
    if (t.state === 'system') out.push(l10n.t('Trust: sslrootcert=system, approximated by {0}:', t.description ?? ''));
    else out.push(t.description ? l10n.t('Trust file {0} ({1}):', t.path ?? t.written, t.description) : l10n.t('Trust file {0}:', t.path ?? t.written));
    if (t.state !== 'read' && t.state !== 'system') {
      out.push(`  ${l10n.t('unusable: {0}', t.reason ?? '')}`);
    } else {
      const holds = l10n.t({ message: 'holds', comment: ['Starts a line that lists one certificate of a trust file: "holds root  <name>".'] });
      for (const c of t.certificates) {
        let subject = c.subject;
        if (c.expired) subject = l10n.t('{0} (EXPIRED)', subject);
        if (c.inChain) subject = l10n.t('{0} (also sent by the server)', subject);
        out.push(`  ${holds} ${pad(roleName(c.role), 12)} ${subject}`);
      }
      const openssl = l10n.t('OpenSSL clients (libpq, psql, node-postgres):');
      const java = l10n.t('Java clients (pgjdbc):');
      const width = Math.max(columns(openssl), columns(java)) + 1;
      out.push(`  ${pad(openssl, width)}${check(t.openssl)}`);
      out.push(`  ${pad(java, width)}${check(t.java)}`);
    }
  }
  out.push('');
  if (r.findings.length === 0) {
    out.push(l10n.t('No problem found.'));
  } else {
    out.push(l10n.t('Findings:'));
    // Severities and codes are the JSON's, in every language (like the scan's `severity rule:` prefix).
    for (const f of r.findings) out.push(`  ${f.severity.padEnd(7)} ${f.code}: ${f.message}`);
  }
  return out.join('\n') + '\n';
}
