// Preloaded (node --require) into a measured process: when it exits, writes to the file named by
// DBTRUST_BENCH_MAXRSS_FILE its peak resident set size in kB (process.resourceUsage().maxRSS) and
// the peaks of V8's heap and of memory outside it (process.memoryUsage(), sampled every 20 ms while
// the event loop turns), as JSON.
'use strict';
const file = process.env.DBTRUST_BENCH_MAXRSS_FILE;
if (file) {
  const peak = { heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    for (const k of Object.keys(peak)) peak[k] = Math.max(peak[k], m[k]);
  };
  setInterval(sample, 20).unref();
  process.on('exit', () => {
    sample();
    try {
      require('node:fs').writeFileSync(file, JSON.stringify({ maxRssKB: process.resourceUsage().maxRSS, peakBytes: peak }));
    } catch {
      // the figure is missing; the harness says so
    }
  });
}
