/**
 * A root-only trust bundle for a provider chosen by hand ("Create root bundle for provider…"): the
 * provider's current roots from the embedded set, as the fix of the trust rules writes them.
 */
import { acceptedRoots, declaredProvider, PROVIDERS } from './providers';
import type { ProviderId } from './providers/types';
import { bundleContent, bundleFileName, bundleRoots } from './rules/trustFixes';
import type { ProviderView } from './trustVerdict';

export interface ProviderChoice {
  id: string;
  name: string;
  engine: 'postgresql' | 'mysql';
  /** The provider's roots depend on the region (AWS RDS): ask for one. */
  regional: boolean;
}

export function bundleProviders(): ProviderChoice[] {
  return PROVIDERS.map((p) => ({ id: p.id, name: p.name, engine: p.engine, regional: p.id === 'aws-rds' || p.id === 'aws-rds-proxy' }));
}

export interface ProviderBundle {
  fileName: string;
  content: string;
  /** The roots it holds: name, SHA-256 and expiry date. */
  roots: { name: string; sha256: string; notAfter: string }[];
}

/** The bundle, or undefined when the provider is unknown or dbtrust knows no roots for it (and region). */
export function providerBundle(id: string, region: string | undefined, now: Date): ProviderBundle | undefined {
  const match = declaredProvider(id as ProviderId, region);
  if (!match) return undefined;
  const opts: Parameters<typeof acceptedRoots>[1] = { cloud: match.cloud, now };
  if (region !== undefined) opts.region = region;
  const view: ProviderView = { host: '', match };
  const accepted = acceptedRoots(match.provider, opts);
  if (accepted) view.accepted = accepted;
  const roots = bundleRoots(view);
  if (!roots) return undefined;
  return {
    fileName: bundleFileName(view),
    content: bundleContent(view, roots),
    roots: roots.map((r) => ({ name: r.name, sha256: r.sha256, notAfter: r.notAfter.slice(0, 10) })),
  };
}
