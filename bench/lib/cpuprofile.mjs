// Reads a V8 .cpuprofile (node --cpu-prof) and sums self time by function and by source file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

function shortUrl(url, root) {
  if (!url) return '(native)';
  let p = url.startsWith('file://') ? fileURLToPath(url) : url;
  if (p.startsWith(root + path.sep)) p = path.relative(root, p);
  return p;
}

/** { totalMs, functions: [{ name, file, line, selfMs }], files: [{ file, selfMs }] } sorted by self time. */
export function analyseProfile(file, root) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    // timeDeltas[i] is the time between sample i-1 and sample i: it is spent in sample i's node
    const dt = (timeDeltas[i + 1] ?? 0) / 1000;
    self.set(samples[i], (self.get(samples[i]) ?? 0) + dt);
  }
  const functions = new Map();
  const files = new Map();
  let totalMs = 0;
  for (const [id, ms] of self) {
    const node = byId.get(id);
    const cf = node.callFrame;
    const fileName = shortUrl(cf.url, root);
    const name = cf.functionName || (cf.url ? '(anonymous)' : cf.functionName || node.callFrame.functionName || '(root)');
    const key = `${name}\0${fileName}\0${cf.lineNumber}`;
    const entry = functions.get(key) ?? { name: name || '(program)', file: fileName, line: cf.lineNumber + 1, selfMs: 0 };
    entry.selfMs += ms;
    functions.set(key, entry);
    files.set(fileName, (files.get(fileName) ?? 0) + ms);
    totalMs += ms;
  }
  return {
    totalMs,
    functions: [...functions.values()].sort((a, b) => b.selfMs - a.selfMs),
    files: [...files].map(([file, selfMs]) => ({ file, selfMs })).sort((a, b) => b.selfMs - a.selfMs),
  };
}
