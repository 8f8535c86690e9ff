/**
 * Runs pg-connection-string's real `parse` on the TLS parameters of a site, without letting it
 * touch the disk or print warnings.
 *
 * pg-connection-string reads sslcert/sslkey/sslrootcert with fs.readFileSync *during* parse and emits a
 * one-time process warning for deprecated modes. So:
 * - it never sees the user's string: it gets `postgres://host/?<TLS parameters>` rebuilt from our own
 *   parse (no credentials, no host names);
 * - for the duration of that synchronous call fs.readFileSync returns a placeholder instead of reading
 *   (the trust file is analysed later, through the engine's FileAccess), and process.emitWarning is muted.
 */
import fs = require('fs');
import { parse } from 'pg-connection-string';

export const TLS_KEYS = ['ssl', 'sslmode', 'sslrootcert', 'sslcert', 'sslkey', 'uselibpqcompat', 'sslnegotiation'];

export interface PgSslResult {
  /** config.ssl after parse: undefined, a boolean, or the TLS options object. */
  ssl: undefined | boolean | string | { rejectUnauthorized?: boolean; checkServerIdentity?: unknown; ca?: unknown };
  error?: string;
}

const PLACEHOLDER = '-----placeholder: not read-----';

/** Lone UTF-16 surrogates (which encodeURIComponent refuses) as U+FFFD, as a UTF-8 decoder would read them. */
function wellFormed(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

export function pgParseTls(params: readonly { key: string; value: string }[]): PgSslResult {
  const query = params
    .filter((p) => TLS_KEYS.includes(p.key))
    .map((p) => `${encodeURIComponent(wellFormed(p.key))}=${encodeURIComponent(wellFormed(p.value))}`)
    .join('&');
  const fsMutable = fs as { readFileSync: unknown };
  const originalRead = fsMutable.readFileSync;
  const originalWarn = process.emitWarning;
  fsMutable.readFileSync = () => PLACEHOLDER;
  process.emitWarning = () => undefined;
  try {
    const config = parse(`postgres://host/${query ? '?' + query : ''}`) as unknown as { ssl?: PgSslResult['ssl'] };
    return { ssl: config.ssl };
  } catch (e) {
    return { ssl: undefined, error: (e as Error).message };
  } finally {
    fsMutable.readFileSync = originalRead;
    process.emitWarning = originalWarn;
  }
}
