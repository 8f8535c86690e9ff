/** Garbage collection in the debounce's idle time (server/src/lsp/idleGc.ts). */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { IdleCollector, MIN_IDLE_MS, OLD_GROWTH_BYTES } from '../../server/out/lsp/idleGc';
import { SERVER_EXEC_ARGV } from '../../client/out/serverLaunch';

const MB = 1024 * 1024;

/** A collector with a recording gc, a settable heap size and timers run by hand. */
function harness(heap = { used: 20 * MB }) {
  const calls: string[] = [];
  const timers = new Map<number, { f: () => void; ms: number }>();
  let next = 1;
  const collector = new IdleCollector({
    gc: (o) => calls.push(o?.type ?? 'full'),
    heapUsed: () => heap.used,
    setTimer: (f, ms) => {
      timers.set(next, { f, ms });
      return next++;
    },
    clearTimer: (t) => timers.delete(t as number),
  });
  const fire = () => {
    const pending = [...timers.values()];
    timers.clear();
    for (const t of pending) t.f();
  };
  return { collector, calls, timers, fire, heap };
}

test('idle gc: a debounce schedules one young collection a third of the way; a new edit moves it', () => {
  const { collector, calls, timers, fire } = harness();
  collector.idleFor(150);
  assert.deepEqual([...timers.values()].map((t) => t.ms), [50]);
  collector.idleFor(150); // the next keystroke: the first timer is cancelled
  assert.equal(timers.size, 1);
  fire();
  assert.deepEqual(calls, ['minor']);
  assert.deepEqual(collector.counts, { young: 1, full: 0 });
});

test('idle gc: no collection for an analysis due at once (a delay under MIN_IDLE_MS), nor after dispose', () => {
  const { collector, calls, timers } = harness();
  collector.idleFor(0);
  collector.idleFor(MIN_IDLE_MS - 1);
  assert.equal(timers.size, 0);
  collector.idleFor(150);
  collector.dispose();
  assert.equal(timers.size, 0);
  assert.deepEqual(calls, []);
});

test('idle gc: a full collection only once the heap has doubled over its smallest and grown by OLD_GROWTH_BYTES', () => {
  const { collector, calls, heap } = harness({ used: 20 * MB });
  collector.collect(); // floor 20 MB
  heap.used = 39 * MB; // grown by 19 MB, not doubled
  collector.collect();
  assert.deepEqual(calls, ['minor', 'minor']);
  heap.used = 40 * MB; // doubled
  collector.collect();
  assert.deepEqual(calls, ['minor', 'minor', 'minor', 'full']);
  // The floor is read again after a full collection: 40 MB (pages not yet swept) becomes the new floor…
  collector.collect();
  assert.equal(collector.counts.full, 1);
  // …and a smaller heap seen later lowers it.
  heap.used = 15 * MB;
  collector.collect();
  heap.used = 15 * MB + OLD_GROWTH_BYTES;
  collector.collect();
  assert.equal(collector.counts.full, 2);
});

test('idle gc: a small heap that doubles is not collected in full (growth under OLD_GROWTH_BYTES)', () => {
  const { collector, heap } = harness({ used: 4 * MB });
  collector.collect();
  heap.used = 12 * MB;
  collector.collect();
  assert.equal(collector.counts.full, 0);
});

test('idle gc: without --expose-gc nothing is scheduled and nothing fails', () => {
  assert.equal(typeof (globalThis as { gc?: unknown }).gc, 'undefined', 'the test runner itself runs without --expose-gc');
  const collector = new IdleCollector();
  assert.equal(collector.enabled, false);
  collector.idleFor(150);
  collector.collect();
  collector.dispose();
  assert.deepEqual(collector.counts, { young: 0, full: 0 });
});

test('idle gc: the server options expose gc, and a young collection runs in a real Node', () => {
  const code = 'const { IdleCollector } = require(process.argv[1]); const c = new IdleCollector(); c.collect(); console.log(JSON.stringify({ enabled: c.enabled, counts: c.counts }))';
  const r = spawnSync(process.execPath, [...SERVER_EXEC_ARGV, '-e', code, require.resolve('../../server/out/lsp/idleGc')], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { enabled: true, counts: { young: 1, full: 0 } });
});
