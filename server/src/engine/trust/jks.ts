/**
 * Java keystores: JKS (magic 0xFEEDFEED) and JCEKS (0xCECECECE), read directly. The format is
 * big-endian: magic, version (1 or 2), entry count, then per entry a tag (1 private key,
 * 2 trusted certificate, 3 secret key in JCEKS), the alias (Java modified UTF-8 with a u16 length),
 * a u64 timestamp and the entry body; a SHA-1 digest keyed with the store password closes the file.
 * Trusted certificates need no password: the digest is not checked (it would need the password).
 */
import * as l10n from '@vscode/l10n';
import { certFromDer } from './cert';
import { Collector } from './collect';

export const JKS_MAGIC = 0xfeedfeed;
export const JCEKS_MAGIC = 0xcececece;

class JksError extends Error {}

class Reader {
  pos = 0;
  constructor(readonly buf: Uint8Array) {}
  need(n: number, what: string): void {
    if (n < 0 || this.pos + n > this.buf.length) {
      throw new JksError(`${what} at byte ${this.pos} needs ${n} bytes, ${this.buf.length - this.pos} remain`);
    }
  }
  u16(what: string): number {
    this.need(2, what);
    const v = (this.buf[this.pos]! << 8) | this.buf[this.pos + 1]!;
    this.pos += 2;
    return v;
  }
  u32(what: string): number {
    this.need(4, what);
    const b = this.buf;
    const v = b[this.pos]! * 0x1000000 + ((b[this.pos + 1]! << 16) | (b[this.pos + 2]! << 8) | b[this.pos + 3]!);
    this.pos += 4;
    return v;
  }
  bytes(n: number, what: string): Uint8Array {
    this.need(n, what);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  utf(what: string): string {
    const n = this.u16(`length of ${what}`);
    return new TextDecoder().decode(this.bytes(n, what));
  }
}

export function readJks(buf: Uint8Array, out: Collector, name: string): void {
  const r = new Reader(buf);
  const magic = r.u32('magic');
  const kind = magic === JCEKS_MAGIC ? 'JCEKS' : 'JKS';
  let keys = 0;
  let entry = 0;
  try {
    const version = r.u32('version');
    if (version !== 1 && version !== 2) throw new JksError(`unknown ${kind} version ${version}`);
    const count = r.u32('entry count');
    // The smallest entry (tag, empty alias, timestamp, empty certificate) takes 18 bytes.
    if (count > (buf.length - r.pos) / 18) throw new JksError(`says ${count} entries, more than ${buf.length} bytes can hold`);
    for (entry = 1; entry <= count; entry++) {
      const tag = r.u32(`tag of entry ${entry}`);
      const alias = r.utf(`alias of entry ${entry}`);
      r.bytes(8, `timestamp of entry ${entry}`);
      const readCert = (what: string): Uint8Array => {
        if (version === 2) r.utf(`certificate type of ${what}`);
        const len = r.u32(`length of ${what}`);
        return r.bytes(len, what);
      };
      if (tag === 1) {
        keys++;
        const keyLen = r.u32(`key length of entry ${entry} ("${alias}")`);
        r.bytes(keyLen, `key of entry ${entry} ("${alias}")`);
        const chain = r.u32(`chain length of entry ${entry}`);
        if (chain > (buf.length - r.pos) / 4) throw new JksError(`entry ${entry} ("${alias}") says its chain has ${chain} certificates, more than the file can hold`);
        for (let i = 1; i <= chain; i++) readCert(`certificate ${i} of the chain of entry ${entry} ("${alias}")`);
      } else if (tag === 2) {
        const der = readCert(`certificate of entry ${entry} ("${alias}")`);
        if (out.full) return;
        const res = certFromDer(der, out.certificates.length, out.memo);
        if (!res.ok) {
          out.problem('jks-bad-certificate', 'error', l10n.t('{0}: entry "{1}" is not a valid X.509 certificate: {2}', name, alias, res.error));
          continue;
        }
        res.cert.alias = alias;
        out.certificates.push(res.cert);
      } else if (tag === 3) {
        out.problem('jks-secret-key', 'info', l10n.t('{0}: entry {1} ("{2}") is a secret key; entries after it are not read', name, entry, alias));
        return;
      } else throw new JksError(`entry ${entry} has unknown tag ${tag}`);
    }
    const rest = buf.length - r.pos;
    if (rest !== 20) {
      out.problem('jks-malformed', 'warning', rest < 20 ? l10n.t('{0}: the integrity digest at the end is missing or cut', name) : l10n.t('{0}: {1} unexpected bytes after the last entry', name, rest - 20));
    } else {
      out.problem('jks-integrity-unchecked', 'info', l10n.t('{0}: the {1} integrity digest needs the store password; certificates are read without checking it', name, kind));
    }
  } catch (e) {
    if (!(e instanceof JksError)) throw e;
    out.problem('jks-malformed', 'error', entry ? l10n.t('{0}: malformed {1} keystore at entry {2}: {3}', name, kind, entry, e.message) : l10n.t('{0}: malformed {1} keystore: {2}', name, kind, e.message));
  } finally {
    if (keys > 0) out.problem('jks-private-key', 'info', keys === 1 ? l10n.t('{0}: 1 private key entry skipped (a trust store needs only trusted certificates)', name) : l10n.t('{0}: {1} private key entries skipped (a trust store needs only trusted certificates)', name, keys));
  }
}
