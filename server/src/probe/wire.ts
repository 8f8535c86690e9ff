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
  return `bytes ${head.subarray(0, 12).toString('hex').replace(/(..)/g, '$1 ').trim()}${bytes.length > 12 ? ' …' : ''}`;
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
    const onAbort = (): void => fail('cancelled', `probe of ${where} cancelled`);
    const timer = setTimeout(() => {
      const what =
        phase === 'connect'
          ? `no TCP connection to ${where}`
          : phase === 'negotiate'
            ? `${where} did not answer the SSLRequest (a PostgreSQL server answers at once)`
            : `the TLS handshake with ${where} did not complete`;
      fail('timeout', `${what} within ${o.timeoutMs} ms`);
    }, o.timeoutMs);
    if (o.signal) {
      if (o.signal.aborted) {
        fail('cancelled', `probe of ${where} cancelled`);
        return;
      }
      o.signal.addEventListener('abort', onAbort, { once: true });
    }

    const onError = (e: NodeJS.ErrnoException): void => {
      const code = e.code ?? '';
      if (code === 'ECONNREFUSED') return fail('refused', `connection refused by ${where}: nothing listens on that port`);
      if (/^(ENOTFOUND|EAI_AGAIN|EAI_FAIL|EAI_NONAME|EAI_NODATA)$/.test(code)) return fail('unresolved', `cannot resolve ${target} (${code})`);
      if (/^(EHOSTUNREACH|ENETUNREACH|ENETDOWN|EHOSTDOWN|EADDRNOTAVAIL)$/.test(code)) return fail('unreachable', `${where} is unreachable (${code})`);
      if (code === 'ETIMEDOUT') return fail('timeout', `no TCP connection to ${where} (${code})`);
      const detail = e.message || code;
      if (phase === 'handshake') {
        if (o.negotiation === 'direct' && (code === 'ECONNRESET' || code === 'EPIPE' || /WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG|UNEXPECTED_EOF|socket disconnected/i.test(`${code} ${detail}`))) {
          return fail('direct-refused', `${where} did not accept direct TLS (${detail}): it needs PostgreSQL 17 or later; use the default SSLRequest negotiation`);
        }
        return fail('tls-failed', `TLS handshake with ${where} failed: ${detail}`);
      }
      if (code === 'ECONNRESET' || code === 'EPIPE') return fail('closed', `${where} closed the connection (${code}) before TLS started`);
      return fail(phase === 'connect' ? 'unreachable' : 'closed', `${where}: ${detail}`);
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
        resolve({ ok: false, error: { code: 'tls-failed', message: `${where} completed the TLS handshake without a certificate`, phase: 'handshake' }, sentBeforeTls: sent });
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
        if (phase === 'handshake' && o.negotiation === 'direct') fail('direct-refused', `${where} closed the connection during direct TLS: it needs PostgreSQL 17 or later; use the default SSLRequest negotiation`);
        else fail('closed', `${where} closed the connection during the TLS handshake`);
      });
    };

    if (o.negotiation === 'direct') {
      startTls();
      return;
    }

    raw = net.connect({ host: target, port: o.port });
    let answer = Buffer.alloc(0);
    const onClose = (): void => {
      if (answer.length === 1 && answer[0] === 0x53) fail('closed', `${where} closed the connection right after agreeing to TLS`);
      else if (answer.length > 0) decide(true);
      else fail('closed', `${where} closed the connection without answering the SSLRequest (not a PostgreSQL server?)`);
    };
    const decide = (final: boolean): void => {
      if (done || phase !== 'negotiate') return;
      const first = answer[0];
      if (first === 0x53 /* S */ || first === 0x4e /* N */) {
        if (answer.length > 1) {
          return fail('not-postgres', `${where} is not a PostgreSQL server: it answered the SSLRequest with ${describeBytes(answer)}`);
        }
        if (first === 0x4e) return fail('no-tls', `${where} is a PostgreSQL server that does not accept TLS: it answered the SSLRequest with N (ssl = off on the server)`);
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
        return fail('no-tls', `${where} answered the SSLRequest with an error${message ? ` ("${message}")` : ''}: it does not accept TLS`);
      }
      return fail('not-postgres', `${where} is not a PostgreSQL server: it answered the SSLRequest with ${describeBytes(answer)}`);
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
