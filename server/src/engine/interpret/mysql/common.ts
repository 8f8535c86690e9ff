/** Pieces shared by the MySQL interpreters. */
import * as l10n from '@vscode/l10n';
import type { DriverId, Param, Policy, Site, TrustSource } from '../../types';
import { startPolicy } from '../policy';

export interface MysqlStart {
  modeApplied: string;
  trust?: TrustSource;
  dynamic?: boolean;
  modeParam?: Param | undefined;
  modeWritten?: string | undefined;
  /** The name of the mode setting for the hover ("sslMode", "tls", "--ssl-mode", "ssl"). */
  modeKey: string;
  /** The host is not known here (written elsewhere): no local-connection verdict. */
  hostUnknown?: boolean;
}

/**
 * A policy with nothing decided yet. Local-connection facts come from the site's hosts; a site
 * whose host is not written here gets none (MySQL clients default to localhost, but a host taken
 * from a variable or the environment is not that default).
 */
export function startMysql(driver: DriverId, site: Site, start: MysqlStart): Policy {
  // A Unix socket is a local connection (TLS does not apply there): reported like a loopback host.
  const hosts = site.hosts.map((h) => (h.host.startsWith('/') || h.host.startsWith('@') ? { host: 'localhost' } : h));
  const view: Site = start.hostUnknown || site.hosts.length === 0 ? { ...site, hosts: [{ host: '' }] } : { ...site, hosts };
  const policy = startPolicy(driver, view, {
    modeApplied: start.modeApplied,
    trust: start.trust ?? { kind: 'none' },
    dynamic: start.dynamic ?? false,
    modeParam: start.modeParam,
    modeWritten: start.modeWritten,
  });
  policy.modeKey = start.modeKey;
  return policy;
}

/** A written value that is decided at run time (a placeholder). */
export function isDecidedLater(p: Param | undefined): boolean {
  return p !== undefined && p.dynamic;
}

/** The last parameter with this key among several spellings (exact case). */
export function lastOf(params: readonly Param[], keys: readonly string[]): Param | undefined {
  for (let i = params.length - 1; i >= 0; i--) if (keys.includes(params[i]!.key)) return params[i];
  return undefined;
}

/** The last parameter whose key matches case-insensitively but not exactly (a key the driver ignores). */
export function miscased(params: readonly Param[], key: string): Param | undefined {
  for (let i = params.length - 1; i >= 0; i--) {
    const p = params[i]!;
    if (p.key !== key && p.key.toLowerCase() === key.toLowerCase()) return p;
  }
  return undefined;
}

/** A clause that ends a sentence: "…, so <plaintext>." */
export function plaintext(): string {
  return l10n.t({ message: 'passwords and data cross the network in plaintext', comment: ['A clause that ends a sentence after "so": "X connects without TLS, so {this}."'] });
}

/** A clause that ends a sentence: "…, so <impersonate>." */
export function impersonate(): string {
  return l10n.t({ message: 'anyone on the network path can impersonate the server and read the password and data', comment: ['A clause that ends a sentence after "so" or a colon.'] });
}

/** What a client does, after its name: "<client> <fallback>". */
export function fallback(): string {
  return l10n.t({
    message: 'tries TLS but silently falls back to plaintext when the server (or anyone on the path) does not offer it, and does not verify the certificate',
    comment: ['The predicate of a sentence whose subject is a MySQL client: "{client} {this}: …".'],
  });
}

/** "<client> tries TLS but silently falls back …<dflt>: anyone on the network path can impersonate …." */
export function fallbackSentence(client: string, dflt: string): string {
  return l10n.t({
    message: '{0} {1}{2}: {3}.',
    args: [client, fallback(), dflt, impersonate()],
    comment: ['{0} a MySQL client, {1} what it does (a predicate), {2} empty or a parenthesis with a leading space, {3} the consequence (a clause).'],
  });
}

/** A clause that ends a sentence: "…, so <anyCaServer>." */
export function anyCaServer(): string {
  return l10n.t({
    message: "any server with a certificate from the same CA is accepted (with a cloud provider's CA: any other customer's server)",
    comment: ['A clause that ends a sentence after "so".'],
  });
}

/** A trust file path written as a URL (`file:/p`, `file:///p`, `file:p`) or a plain path. */
export function filePath(value: string): string {
  if (/^file:\/\/\//i.test(value)) return decodeURIComponentSafe(value.slice(7));
  if (/^file:\/\/localhost\//i.test(value)) return decodeURIComponentSafe(value.slice(16));
  if (/^file:/i.test(value)) return decodeURIComponentSafe(value.slice(5));
  return value;
}

function decodeURIComponentSafe(s: string): string {
  try {
    // file:///C:/x → C:/x
    const d = decodeURIComponent(s);
    return /^\/[A-Za-z]:[\\/]/.test(d) ? d.slice(1) : d;
  } catch {
    return s;
  }
}
