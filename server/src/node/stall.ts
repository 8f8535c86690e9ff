/**
 * Analyses that never end. Every extractor and reader is linear and fuzzed, but a fault that loops
 * forever on some file would otherwise hang a scan for good. So each thread that lints files marks
 * the file it is on in a small shared buffer (FileMark: two atomic writes per file), and something
 * outside that thread looks at the mark every so often (StallWatch):
 * - the thread that started a scan thread ends it when one file has kept it longer than the limit,
 *   reports that file as not analysed, and starts a thread for the files after it;
 * - the CLI's own thread cannot be stopped from outside, so a small reporting thread
 *   (startStallReporter) says which file it is stuck on and ends the process, instead of leaving a
 *   build waiting forever;
 * - the language server's own thread is watched by the client (client/src/watchdog.ts), which ends a
 *   server that stops answering; the next server runs the suspected documents' analyses through
 *   timeLimitGuard, which can stop its own thread (node:vm) but costs too much for every analysis.
 *
 * The limit is per file: DBTRUST_FILE_TIME_LIMIT (seconds, 0.1 to 3600; default 10). The slowest
 * file of the benchmark's corpus takes about 30 ms, and files over 2 MB are not read.
 */
import { Script } from 'node:vm';
import { Worker } from 'node:worker_threads';
import { type Guard, TimeLimitError } from '../engine';

export const DEFAULT_FILE_TIME_LIMIT_MS = 10_000;

/** The per-file time limit in milliseconds (DBTRUST_FILE_TIME_LIMIT, in seconds). */
export function fileTimeLimitMs(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.DBTRUST_FILE_TIME_LIMIT;
  const seconds = text !== undefined && text.trim() !== '' ? Number(text) : NaN;
  return Number.isFinite(seconds) && seconds >= 0.1 && seconds <= 3600 ? Math.round(seconds * 1000) : DEFAULT_FILE_TIME_LIMIT_MS;
}

/** Bytes of a mark's label (the file's path, for the reporting thread): longer ones are cut. */
const LABEL_BYTES = 1024;
const HEADER_BYTES = 8;

/**
 * Which file a thread is on: [0] its index (-1: none), [1] a count of begin() calls, then the
 * file's label (UTF-8, NUL-terminated) when one is given.
 */
export class FileMark {
  readonly buffer: SharedArrayBuffer;
  private readonly cells: Int32Array;
  private readonly label: Uint8Array;
  private readonly encoder = new TextEncoder();

  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(HEADER_BYTES + LABEL_BYTES)) {
    this.buffer = buffer;
    this.cells = new Int32Array(buffer, 0, 2);
    this.label = new Uint8Array(buffer, HEADER_BYTES);
    Atomics.store(this.cells, 0, -1);
  }

  /** The thread starts on file `index` (`label`: what a report names it by). */
  begin(index: number, label?: string): void {
    if (label !== undefined && this.label.length > 0) {
      const { written } = this.encoder.encodeInto(label, this.label.subarray(0, this.label.length - 1));
      this.label[written] = 0;
    }
    Atomics.add(this.cells, 1, 1);
    Atomics.store(this.cells, 0, index);
  }

  /** The thread is between files. */
  end(): void {
    Atomics.store(this.cells, 0, -1);
  }
}

/** Watches a FileMark from another thread: which file, if any, has been current for longer than the limit. */
export class StallWatch {
  private readonly cells: Int32Array;
  private seen = -1;
  private since = 0;
  private reported = false;

  constructor(
    buffer: SharedArrayBuffer,
    readonly limitMs: number,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.cells = new Int32Array(buffer, 0, 2);
  }

  /** The index of the file the thread has been on for at least the limit (once per file), else undefined. */
  check(): number | undefined {
    const index = Atomics.load(this.cells, 0);
    const count = Atomics.load(this.cells, 1);
    const now = this.clock();
    if (index < 0 || count !== this.seen) {
      this.seen = count;
      this.since = now;
      this.reported = false;
      return undefined;
    }
    if (this.reported || now - this.since < this.limitMs) return undefined;
    this.reported = true;
    return index;
  }
}

/** How often the watchers look at a mark: a tenth of the limit, between 20 ms and 1 s. */
export function pollInterval(limitMs: number): number {
  return Math.min(1000, Math.max(20, Math.round(limitMs / 10)));
}

/**
 * The reporting thread's source: plain JavaScript evaluated on its own (it loads nothing of dbtrust,
 * so it starts in a few milliseconds and holds little memory), with StallWatch's own source text
 * (the class uses only globals). `message` has `{file}` where the mark's label goes.
 */
function reporterSource(): string {
  return `
const { workerData: w } = require('node:worker_threads');
const fs = require('node:fs');
const StallWatch = ${StallWatch.toString()};
const watch = new StallWatch(w.buffer, w.limitMs);
const label = new Uint8Array(w.buffer, ${HEADER_BYTES});
setInterval(() => {
  if (watch.check() === undefined) return;
  const end = label.indexOf(0);
  const file = new TextDecoder().decode(label.slice(0, end < 0 ? label.length : end));
  try { fs.writeSync(2, w.message.split('{file}').join(file)); } catch {}
  process.kill(process.pid, 'SIGTERM');
}, w.pollMs);
`;
}

/**
 * Starts the thread that ends the process when the calling thread stays on one file (marked in
 * `mark`, with a label) for longer than `limitMs`, after writing `message` (with `{file}` replaced
 * by the label) to the standard error. The thread never keeps the process alive; `stop` ends it.
 */
export function startStallReporter(mark: FileMark, limitMs: number, message: string): { stop(): void } {
  const worker = new Worker(reporterSource(), {
    eval: true,
    workerData: { buffer: mark.buffer, limitMs, pollMs: pollInterval(limitMs), message },
    resourceLimits: { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 1 },
    stdout: false,
    stderr: false,
  });
  worker.unref();
  worker.on('error', () => undefined);
  return { stop: () => void worker.terminate() };
}

/** The step the guard's script runs (the script calls it; see timeLimitGuard). */
const STEP = Symbol.for('dbtrust.guardedStep');
let guardScript: Script | undefined;

/**
 * A Guard (engine/guard.ts) for the thread that cannot be ended from outside: each step runs
 * through node:vm with a timeout, which stops the JavaScript under way from a native watchdog thread
 * and throws; the guard throws a TimeLimitError instead. A step costs a few hundred microseconds
 * more this way (the watchdog thread is started and joined each time), so the server guards only
 * the analyses of documents that are suspected of a stall.
 */
export function timeLimitGuard(limitMs: number): Guard {
  return <T>(step: () => T): T => {
    guardScript ??= new Script('globalThis[Symbol.for("dbtrust.guardedStep")]()', { filename: 'dbtrust-guard' });
    const slot = globalThis as unknown as Record<symbol, (() => unknown) | undefined>;
    const outer = slot[STEP];
    slot[STEP] = step;
    try {
      return guardScript.runInThisContext({ timeout: limitMs }) as T;
    } catch (e) {
      if ((e as { code?: unknown } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw new TimeLimitError(limitMs);
      throw e;
    } finally {
      slot[STEP] = outer;
    }
  };
}
