import type { DriverId, HostSpec } from '../types';

const LOOPBACK = /^(localhost|localhost\.localdomain|127(?:\.\d{1,3}){3}|::1|0:0:0:0:0:0:0:1)$/i;

export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host.replace(/^\[|\]$/g, ''));
}

/** Unix-domain socket directories (absolute paths) and Linux abstract sockets (`@name`). */
export function isSocket(host: string): boolean {
  return host.startsWith('/') || host.startsWith('@');
}

/**
 * All hosts are on this machine. With no host, libpq uses a Unix socket (libpq-connect: "the default
 * is to connect to a Unix-domain socket"); pgjdbc and node-postgres default to localhost.
 */
export function locality(hosts: readonly HostSpec[], driver: DriverId, defaultsToSocket: boolean): 'socket' | 'loopback' | undefined {
  if (hosts.length === 0) {
    if (driver === 'libpq') return defaultsToSocket ? 'socket' : undefined;
    return 'loopback';
  }
  if (hosts.some((h) => h.host === '' || /[${}%]/.test(h.host))) return undefined;
  if (hosts.every((h) => isSocket(h.host))) return 'socket';
  if (hosts.every((h) => isSocket(h.host) || isLoopback(h.host))) return 'loopback';
  return undefined;
}
