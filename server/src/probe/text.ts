/** The probe result for people (`dbtrust probe`, default format). */
import type { ChainCheck, ProbeResult } from './types';

function endpoint(r: ProbeResult): string {
  const h = r.target.host.includes(':') ? `[${r.target.host}]` : r.target.host;
  return `${h}:${r.target.port}`;
}

function check(c: ChainCheck): string {
  if (!c.verified) return `refused: ${c.reason}`;
  const a = c.anchor!;
  const rotation = c.survivesRotation
    ? a.role === 'root'
      ? 'survives an intermediate rotation under this root'
      : 'survives an intermediate rotation (the file also holds the root)'
    : a.role === 'leaf'
      ? 'breaks when the server certificate is renewed'
      : 'breaks at the next intermediate rotation';
  return `verified, anchored at the ${a.role} "${a.subject}"; ${rotation}`;
}

export function formatProbeText(r: ProbeResult): string {
  const out: string[] = [];
  const how = r.target.negotiation === 'direct' ? 'direct TLS, ALPN postgresql' : 'SSLRequest, then TLS';
  out.push(`dbtrust probe ${endpoint(r)}${r.target.address ? ` via ${r.target.address}` : ''} (${how})`);
  if (r.error) {
    out.push(`Failed (${r.error.code}): ${r.error.message}`);
    return out.join('\n') + '\n';
  }
  const tls = r.tls!;
  const sent = r.sentBeforeTls > 0 ? `the ${r.sentBeforeTls}-byte SSLRequest and the TLS handshake` : 'the TLS handshake';
  out.push(`TLS: ${tls.protocol}, ${tls.cipher}${tls.alpn ? `, ALPN ${tls.alpn}` : ''}. Sent: only ${sent}; no startup message, no credentials.`);
  out.push('');
  out.push(`Chain presented by the server (${r.chain.length} certificate${r.chain.length === 1 ? '' : 's'}, the server's own first):`);
  for (const c of r.chain) {
    const issuer = c.issuedBy === c.position ? 'itself (self-signed)' : c.issuedBy === null ? `${c.issuerCN ?? c.issuer} (not sent by the server)` : `#${c.issuedBy} ${r.chain[c.issuedBy]!.subjectCN ?? ''}`.trim();
    const state = c.expired ? 'EXPIRED' : c.notYetValid ? 'NOT YET VALID' : `${c.daysLeft} days left`;
    out.push(`  #${c.position} ${c.role.padEnd(12)} ${c.subjectCN ?? c.subject}${c.knownAs ? `  [${c.knownAs}]` : ''}`);
    out.push(`       issuer     ${issuer}`);
    out.push(`       valid      ${c.notBefore.slice(0, 10)} to ${c.notAfter.slice(0, 10)} (${state})`);
    if (c.altNames.length) out.push(`       names      ${c.altNames.join(', ')}`);
    out.push(`       key        ${c.key}, ${c.signatureAlgorithm}`);
    out.push(`       SHA-256    ${c.sha256}`);
  }
  out.push('');
  const host = r.host!;
  out.push(host.matches ? `Host name: the server certificate names ${host.name}.` : `Host name: the server certificate is NOT for ${host.name} (${host.reason}).`);
  out.push(`Public roots (Node's CA list, close to sslrootcert=system): ${check(r.publicRoots!)}.`);
  if (r.provider) {
    const p = r.provider;
    const roots = p.expectedRoots.length ? `expected roots: ${p.expectedRoots.length}; the chain ${p.chainsToExpectedRoot ? 'leads to one of them' : 'does NOT lead to any of them'}` : 'its roots are not embedded in dbtrust';
    out.push(`Provider: ${p.name} (${roots}).`);
  } else {
    out.push('Provider: none recognised from the host name.');
  }
  if (r.trustFile) {
    const t = r.trustFile;
    out.push('');
    if (t.state === 'system') out.push(`Trust: sslrootcert=system, approximated by ${t.description}:`);
    else out.push(`Trust file ${t.path ?? t.written}${t.description ? ` (${t.description})` : ''}:`);
    if (t.state !== 'read' && t.state !== 'system') {
      out.push(`  unusable: ${t.reason}`);
    } else {
      for (const c of t.certificates) out.push(`  holds ${c.role.padEnd(12)} ${c.subject}${c.expired ? ' (EXPIRED)' : ''}${c.inChain ? ' (also sent by the server)' : ''}`);
      out.push(`  OpenSSL clients (libpq, psql, node-postgres): ${check(t.openssl)}`);
      out.push(`  Java clients (pgjdbc):                        ${check(t.java)}`);
    }
  }
  out.push('');
  if (r.findings.length === 0) {
    out.push('No problem found.');
  } else {
    out.push('Findings:');
    for (const f of r.findings) out.push(`  ${f.severity.padEnd(7)} ${f.code}: ${f.message}`);
  }
  return out.join('\n') + '\n';
}
