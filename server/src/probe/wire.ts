/**
 * The network half of the probe: reach a PostgreSQL server, get it to start TLS, and take the
 * certificate chain it presents. Nothing else is ever sent: the SSLRequest (8 bytes, no user, no
 * database) or, for direct TLS, nothing but the TLS handshake. No startup message follows; the
 * connection is closed right after the handshake.
 *
 * The handshake accepts any certificate (rejectUnauthorized: false) and uses an empty CA store, only
 * so that the presented chain can be read as sent; verification is done afterwards by the caller.
 */
import * as net from 'node:net';
import * as l10n from '@vscode/l10n';
import * as tls from 'node:tls';
import type { Negotiation, ProbeError, ProbeErrorCode } from './types';

/** Int32 length 8, Int32 80877103 (PostgreSQL protocol: SSLRequest). */
export const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);

export interface WireOptions {
  /** The server's name: TLS server name (SNI) unless it is an IP address. */
  host: string;
  /** Where to connect (default: host). */
  address?: string;
  port: number;
  negotiation: Negotiation;
  timeoutMs: number;
  signal?: AbortSignal;
}

export type WireResult =
  | { ok: true; chain: Buffer[]; protocol: string; cipher: string; alpn?: string; sentBeforeTls: number }
  | { ok: false; error: ProbeError; sentBeforeTls: number };

type Phase = ProbeError['phase'];

/** Printable start of an unexpected answer: `"HTTP/1.1 400"`, or hex for binary bytes. */
export function describeBytes(bytes: Buffer): string {
  const head = bytes.subarray(0, 32);
  const printable = [...head].filter((b) => (b >= 0x20 && b < 0x7f) || b === 0x0a || b === 0x0d).length;
  if (printable >= head.length * 0.8) {
    const text = head.toString('latin1').replace(/[^\x20-\x7e]/g, ' ').trim();
    return `"${text}${bytes.length > head.length ? '…' : ''}"`;
  }
  return l10n.t('bytes {0}', `${head.subarray(0, 12).toString('hex').replace(/(..)/g, '$1 ').trim()}${bytes.length > 12 ? ' …' : ''}`);
}

/** The M (message) field of a PostgreSQL ErrorResponse, if the bytes hold a complete one. */
function errorResponseMessage(bytes: Buffer): string | undefined {
  if (bytes.length < 5 || bytes[0] !== 0x45) return undefined;
  const len = bytes.readUInt32BE(1);
  if (len < 4 || len > 8192 || bytes.length < 1 + len) return undefined;
  const body = bytes.subarray(5, 1 + len);
  let i = 0;
  while (i < body.length && body[i] !== 0) {
    const type = String.fromCharCode(body[i]!);
    const end = body.indexOf(0, i + 1);
    if (end < 0) return undefined;
    if (type === 'M') return body.subarray(i + 1, end).toString('utf8');
    i = end + 1;
  }
  return undefined;
}

function endpoint(host: string, port: number): string {
  return `${net.isIPv6(host) ? `[${host}]` : host}:${port}`;
}

export function fetchChain(o: WireOptions): Promise<WireResult> {
  return new Promise((resolve) => {
    const target = o.address ?? o.host;
    const where = endpoint(target, o.port);
    let done = false;
    let phase: Phase = 'connect';
    let sent = 0;
    let raw: net.Socket | undefined;
    let secure: tls.TLSSocket | undefined;

    let grace: NodeJS.Timeout | undefined;
    const cleanup = (): void => {
      clearTimeout(timer);
      clearTimeout(grace);
      o.signal?.removeEventListener('abort', onAbort);
    };
    const fail = (code: ProbeErrorCode, message: string, at: Phase = phase): void => {
      if (done) return;
      done = true;
      cleanup();
      secure?.destroy();
      raw?.destroy();
      resolve({ ok: false, error: { code, message, phase: at }, sentBeforeTls: sent });
    };
    const onAbort = (): void => fail('cancelled', l10n.t('probe of {0} cancelled', where));
    const timer = setTimeout(() => {
      const message =
        phase === 'connect'
          ? l10n.t('no TCP connection to {0} within {1} ms', where, o.timeoutMs)
          : phase === 'negotiate'
            ? l10n.t('{0} did not answer the SSLRequest (a PostgreSQL server answers at once) within {1} ms', where, o.timeoutMs)
            : l10n.t('the TLS handshake with {0} did not complete within {1} ms', where, o.timeoutMs);
      fail('timeout', message);
    }, o.timeoutMs);
    if (o.signal) {
      if (o.signal.aborted) {
        fail('cancelled', l10n.t('probe of {0} cancelled', where));
        return;
      }
      o.signal.addEventListener('abort', onAbort, { once: true });
    }

    const onError = (e: NodeJS.ErrnoException): void => {
      const code = e.code ?? '';
      if (code === 'ECONNREFUSED') return fail('refused', l10n.t('connection refused by {0}: nothing listens on that port', where));
      if (/^(ENOTFOUND|EAI_AGAIN|EAI_FAIL|EAI_NONAME|EAI_NODATA)$/.test(code)) return fail('unresolved', l10n.t('cannot resolve {0} ({1})', target, code));
      if (/^(EHOSTUNREACH|ENETUNREACH|ENETDOWN|EHOSTDOWN|EADDRNOTAVAIL)$/.test(code)) return fail('unreachable', l10n.t('{0} is unreachable ({1})', where, code));
      if (code === 'ETIMEDOUT') return fail('timeout', l10n.t('no TCP connection to {0} ({1})', where, code));
      const detail = e.message || code;
      if (phase === 'handshake') {
        if (o.negotiation === 'direct' && (code === 'ECONNRESET' || code === 'EPIPE' || /WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG|UNEXPECTED_EOF|socket disconnected/i.test(`${code} ${detail}`))) {
          return fail('direct-refused', l10n.t('{0} did not accept direct TLS ({1}): it needs PostgreSQL 17 or later; use the default SSLRequest negotiation', where, detail));
        }
        return fail('tls-failed', l10n.t('TLS handshake with {0} failed: {1}', where, detail));
      }
      if (code === 'ECONNRESET' || code === 'EPIPE') return fail('closed', l10n.t('{0} closed the connection ({1}) before TLS started', where, code));
      return fail(phase === 'connect' ? 'unreachable' : 'closed', l10n.t({ message: '{0}: {1}', args: [where, detail], comment: ['A server address (host:port) and the system error met there.'] }));
    };

    const onSecure = (s: tls.TLSSocket): void => {
      if (done) return;
      const chain: Buffer[] = [];
      const seen = new Set<string>();
      let c: tls.DetailedPeerCertificate | undefined = s.getPeerCertificate(true);
      while (c && c.raw && c.raw.length > 0 && !seen.has(c.fingerprint256)) {
        seen.add(c.fingerprint256);
        chain.push(Buffer.from(c.raw));
        c = c.issuerCertificate;
      }
      const result: WireResult = { ok: true, chain, protocol: s.getProtocol() ?? 'unknown', cipher: s.getCipher()?.name ?? 'unknown', sentBeforeTls: sent };
      if (typeof s.alpnProtocol === 'string') result.alpn = s.alpnProtocol;
      done = true;
      cleanup();
      if (chain.length === 0) {
        s.destroy();
        resolve({ ok: false, error: { code: 'tls-failed', message: l10n.t('{0} completed the TLS handshake without a certificate', where), phase: 'handshake' }, sentBeforeTls: sent });
        return;
      }
      // close_notify, then the server closes; make sure the socket goes away regardless.
      s.end();
      setTimeout(() => s.destroy(), 1000).unref();
      resolve(result);
    };

    const tlsOptions: tls.ConnectionOptions = {
      rejectUnauthorized: false,
      ca: [],
      ALPNProtocols: ['postgresql'],
    };
    if (!net.isIP(o.host)) tlsOptions.servername = o.host;

    const startTls = (socket?: net.Socket): void => {
      phase = 'handshake';
      secure = socket ? tls.connect({ ...tlsOptions, socket }) : tls.connect({ ...tlsOptions, host: target, port: o.port });
      if (!socket) {
        phase = 'connect';
        secure.once('connect', () => {
          phase = 'handshake';
        });
      }
      secure.once('secureConnect', () => onSecure(secure!));
      secure.on('error', onError);
      secure.on('close', () => {
        if (phase === 'handshake' && o.negotiation === 'direct') fail('direct-refused', l10n.t('{0} closed the connection during direct TLS: it needs PostgreSQL 17 or later; use the default SSLRequest negotiation', where));
        else fail('closed', l10n.t('{0} closed the connection during the TLS handshake', where));
      });
    };

    if (o.negotiation === 'direct') {
      startTls();
      return;
    }

    raw = net.connect({ host: target, port: o.port });
    let answer = Buffer.alloc(0);
    const onClose = (): void => {
      if (answer.length === 1 && answer[0] === 0x53) fail('closed', l10n.t('{0} closed the connection right after agreeing to TLS', where));
      else if (answer.length > 0) decide(true);
      else fail('closed', l10n.t('{0} closed the connection without answering the SSLRequest (not a PostgreSQL server?)', where));
    };
    const decide = (final: boolean): void => {
      if (done || phase !== 'negotiate') return;
      const first = answer[0];
      if (first === 0x53 /* S */ || first === 0x4e /* N */) {
        if (answer.length > 1) {
          return fail('not-postgres', l10n.t('{0} is not a PostgreSQL server: it answered the SSLRequest with {1}', where, describeBytes(answer)));
        }
        if (first === 0x4e) return fail('no-tls', l10n.t('{0} is a PostgreSQL server that does not accept TLS: it answered the SSLRequest with N (ssl = off on the server)', where));
        if (!final) {
          // A PostgreSQL server sends exactly this one byte and waits for the TLS ClientHello; a banner
          // that happens to start with S (SSH-2.0…) goes on. Wait a moment for more bytes.
          grace ??= setTimeout(() => decide(true), 50);
          return;
        }
        raw!.removeListener('data', onData);
        raw!.removeListener('close', onClose);
        return startTls(raw);
      }
      if (first === 0x45 /* E */) {
        const message = errorResponseMessage(answer);
        if (message === undefined && !final && answer.length < 8192) return;
        return fail(
          'no-tls',
          message ? l10n.t('{0} answered the SSLRequest with an error ("{1}"): it does not accept TLS', where, message) : l10n.t('{0} answered the SSLRequest with an error: it does not accept TLS', where),
        );
      }
      return fail('not-postgres', l10n.t('{0} is not a PostgreSQL server: it answered the SSLRequest with {1}', where, describeBytes(answer)));
    };
    const onData = (chunk: Buffer): void => {
      answer = Buffer.concat([answer, chunk]);
      if (phase === 'connect') return; // a banner sent before our request: judged when we are connected
      decide(false);
    };
    raw.once('connect', () => {
      phase = 'negotiate';
      raw!.write(SSL_REQUEST);
      sent = SSL_REQUEST.length;
      if (answer.length > 0) decide(false);
    });
    raw.on('data', onData);
    raw.on('error', onError);
    raw.on('close', onClose);
  });
}
