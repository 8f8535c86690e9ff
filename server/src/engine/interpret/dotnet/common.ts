/** Helpers shared by the ADO.NET and SQL Server interpreters. */
import type { HostSpec, Param, Policy, Site } from '../../types';
import { libpqSocketNote } from '../policy';

/** The last parameter whose key (trimmed, lower case) is one of `keys`: later keys win in every driver here. */
export function lastOf(params: readonly Param[], keys: readonly string[]): Param | undefined {
  for (let i = params.length - 1; i >= 0; i--) {
    const p = params[i]!;
    if (keys.includes(p.key.trim().toLowerCase())) return p;
  }
  return undefined;
}

/** SQL Server names for this machine: `.`, `(local)`, `(localdb)\…` (LocalDB), besides localhost and loopback addresses. */
const SQL_LOCAL = /^(\.|\(local\)|\(localdb\).*)$/i;

/**
 * The site as startPolicy should judge its locality: a string that names no host does not connect to
 * localhost by default (the host comes from elsewhere, or the driver refuses it), and SQL Server's own
 * names for this machine count as loopback.
 */
export function localityView(site: Site): Site {
  if (site.hosts.length === 0) return { ...site, hosts: [{ host: '' }] };
  if (site.hosts.some((h) => SQL_LOCAL.test(h.host))) {
    return { ...site, hosts: site.hosts.map((h): HostSpec => (SQL_LOCAL.test(h.host) ? { host: 'localhost' } : h)) };
  }
  return site;
}

/** Replaces startPolicy's libpq wording for Unix-domain sockets. */
export function socketNote(policy: Policy, text: string): void {
  if (policy.local !== 'socket') return;
  const i = policy.notes.indexOf(libpqSocketNote());
  if (i >= 0) policy.notes[i] = text;
}

/** `Key=Value` as written, for `disabledBy.what` and notes. */
export function written(p: Param): string {
  return `${p.key.trim()}=${p.value}`;
}
