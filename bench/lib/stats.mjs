// Order statistics for the benchmark figures.

export function sorted(xs) {
  return [...xs].sort((a, b) => a - b);
}

/** Nearest-rank percentile (p in 0..100) of a non-empty sample. */
export function percentile(xs, p) {
  const s = sorted(xs);
  if (s.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * s.length);
  return s[Math.min(s.length - 1, Math.max(0, rank - 1))];
}

export function median(xs) {
  const s = sorted(xs);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function summary(xs) {
  return { n: xs.length, min: Math.min(...xs), median: median(xs), p50: percentile(xs, 50), p95: percentile(xs, 95), p99: percentile(xs, 99), max: Math.max(...xs) };
}

export const f0 = (x) => (Number.isFinite(x) ? x.toFixed(0) : '—');
export const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : '—');
export const f2 = (x) => (Number.isFinite(x) ? x.toFixed(2) : '—');
