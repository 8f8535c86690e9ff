/**
 * What the configuration tells the engine that the text cannot: which driver reads the connection
 * settings of some files (`drivers`), and which cloud provider serves some hosts (`providers`).
 *
 * A driver hint decides only where dbtrust would otherwise guess: it never overrides a driver the
 * code names itself (an import, a constructor, a jdbc: URL's own driver), and it applies only to sites
 * the hinted driver can read (the kinds below) of the same database.
 */
import ignore from 'ignore';
import type { DriverHint, ProviderDeclaration } from './config';
import type { DeclaredProvider, DriverId, Site, SiteKind } from './types';

/** Drivers a hint may name, the site kinds each reads, and its database. */
export const HINTABLE_KINDS: Partial<Record<DriverId, { kinds: readonly SiteKind[]; database: 'postgresql' }>> = {
  libpq: { kinds: ['uri', 'keyvalue', 'env'], database: 'postgresql' },
  'node-postgres': { kinds: ['uri'], database: 'postgresql' },
  'postgres-js': { kinds: ['uri'], database: 'postgresql' },
  pgx: { kinds: ['uri', 'keyvalue'], database: 'postgresql' },
  'lib-pq': { kinds: ['uri', 'keyvalue'], database: 'postgresql' },
  asyncpg: { kinds: ['uri'], database: 'postgresql' },
  prisma: { kinds: ['uri'], database: 'postgresql' },
  pgjdbc: { kinds: ['jdbc'], database: 'postgresql' },
};

/** Drivers whose sites a hint may re-assign (the PostgreSQL drivers dbtrust infers). */
const POSTGRESQL_INFERRED: ReadonlySet<DriverId> = new Set(['libpq', 'node-postgres', 'pgx', 'lib-pq', 'asyncpg', 'prisma', 'pgjdbc']);

/** A matcher for the first driver hint whose glob matches a path relative to the config's folder. */
export function driverHintMatcher(hints: readonly DriverHint[] | undefined): (relativePath: string) => DriverHint | undefined {
  if (!hints || hints.length === 0) return () => undefined;
  const matchers = hints.map((h) => ({ hint: h, ig: ignore().add(h.glob) }));
  return (rel) => {
    if (rel === '' || rel === '..' || rel.startsWith('../')) return undefined;
    for (const m of matchers) {
      try {
        if (m.ig.ignores(rel)) return m.hint;
      } catch {
        // an invalid relative path for the matcher: no hint
      }
    }
    return undefined;
  };
}

/** The hinted driver for a site whose driver was inferred, or undefined when the hint does not apply. */
export function hintedDriver(hint: DriverHint | undefined, kind: SiteKind, inferred: DriverId): DriverId | undefined {
  if (!hint || hint.driver === inferred) return undefined;
  const can = HINTABLE_KINDS[hint.driver];
  if (!can || !can.kinds.includes(kind) || !POSTGRESQL_INFERRED.has(inferred)) return undefined;
  return hint.driver;
}

function hostMatches(pattern: string, host: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1;
  return host === pattern;
}

/** The site's hosts that a `providers` declaration names (the first matching declaration per host). */
export function declaredProvidersOf(site: Site, declarations: readonly ProviderDeclaration[] | undefined): DeclaredProvider[] {
  if (!declarations || declarations.length === 0) return [];
  const out: DeclaredProvider[] = [];
  for (const h of site.hosts) {
    let host = h.host.trim().toLowerCase();
    if (host.endsWith('.')) host = host.slice(0, -1);
    if (host === '' || host.startsWith('/')) continue; // Unix sockets have no provider
    const d = declarations.find((x) => hostMatches(x.pattern, host));
    if (!d) continue;
    const declared: DeclaredProvider = { host, pattern: d.pattern, provider: d.provider };
    if (d.region !== undefined) declared.region = d.region;
    out.push(declared);
  }
  return out;
}

/** `path` relative to `dir`, `/`-separated, or undefined when it lies outside (pure; both absolute). */
export function relativeToDir(dir: string, path: string): string | undefined {
  const norm = (p: string) => p.replace(/\\/g, '/').replace(/\/+$/, '');
  const d = norm(dir);
  const p = path.replace(/\\/g, '/');
  if (d === '' || !p.startsWith(d + '/')) return undefined;
  const rel = p.slice(d.length + 1);
  return rel.split('/').some((part) => part === '..') ? undefined : rel;
}
