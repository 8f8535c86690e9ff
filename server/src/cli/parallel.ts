/**
 * `dbtrust scan` across worker threads. The calling thread hands out the walked files in small
 * batches, in order, to one thread per core; each thread reads (blocking reads: the thread does
 * nothing else), decodes, lints and locates its files and sends back one outcome per file. Outcomes
 * are recorded in file order, so warnings and the report are the same as with one thread.
 *
 * This module is also the worker's entry point: it is loaded again inside each thread (from the same
 * bundle, dist/cli.js, or from server/out/cli/parallel.js), and starts serving when it finds its
 * worker data.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { newTrustFileCache } from '../engine';
import type { Config } from '../engine';
import { NodeFileAccess } from '../node/fileAccess';
import { useLocale } from '../node/l10n';
import { emptyReport, FileOutcome, LintContext, MAX_FILE_BYTES, record, scanOne } from './report';
import type { ScanHooks, ScanOptions, ScanReport } from './report';
import type { Target } from './walk';

const WORKER_TAG = 'dbtrust-scan-worker';

interface Init {
  tag: typeof WORKER_TAG;
  cwd: string;
  config: Config;
  now?: number;
  configDir?: string;
  locale?: string;
  l10nDir?: string;
}

/** One file to scan: its index in the walk, its path and the folder its reads are confined to. */
interface Job {
  index: number;
  abs: string;
  root?: string;
}

type ToWorker = { jobs: Job[] } | { stop: true };
type FromWorker = { results: { index: number; outcome: FileOutcome }[] };

/** Files per message: small enough to balance the threads, large enough that messages cost little. */
const BATCH = 24;
/** Batches a thread holds at once, so it never waits for the next one. */
const IN_FLIGHT = 2;
/** How long the calling thread lints before it looks at the threads' messages again. */
const LANE_TURN_MS = 4;

/**
 * Scan threads, started early (they load while the files are being walked) and given the files once
 * the walk is done. `close()` stops threads that were never used.
 */
export class ScanPool {
  private readonly init: Init;
  private readonly idle: Worker[] = [];
  private used = false;

  constructor(
    options: Omit<ScanOptions, 'jobs' | 'minFilesForWorkers' | 'trustFiles'>,
    readonly jobs: number,
  ) {
    this.init = { tag: WORKER_TAG, cwd: options.cwd, config: options.config };
    if (options.now) this.init.now = options.now.getTime();
    if (options.configDir !== undefined) this.init.configDir = options.configDir;
    if (options.locale !== undefined) this.init.locale = options.locale;
    if (options.l10nDir !== undefined) this.init.l10nDir = options.l10nDir;
    // The calling thread is one of the `jobs` lanes: a thread costs its start and its own warm-up of
    // the engine's code, so one fewer is started.
    for (let i = 1; i < jobs; i++) this.idle.push(this.spawn());
  }

  private spawn(): Worker {
    const worker = new Worker(__filename, { workerData: this.init });
    worker.unref(); // an unused pool never keeps the process alive
    return worker;
  }

  /** Stops the threads that were not given work. */
  close(): void {
    for (const worker of this.idle.splice(0)) void worker.terminate();
  }

  private stopAll: (() => void) | undefined;
  private wake: (() => void) | undefined;

  /**
   * Stops every thread at once (the walk failed): a scan under way resolves with what it has.
   */
  abort(): void {
    this.close();
    this.stopAll?.();
  }

  /** More files were added to the list being scanned (the walk goes on): idle threads take them. */
  more(): void {
    this.wake?.();
  }

  /**
   * Scans the files across the threads; the pool is used up afterwards. With `walked`, the list may
   * still grow (the walk goes on) until that promise settles: threads that run out wait for more.
   */
  async scan(targets: readonly Target[], hooks: ScanHooks, walked?: Promise<unknown>): Promise<ScanReport> {
    if (this.used) throw new Error('a scan pool scans once');
    this.used = true;
    const report = emptyReport(this.init.cwd);
    const outcomes: (FileOutcome | undefined)[] = [];
    let recorded = 0;
    const flush = (): void => {
      while (recorded < targets.length && outcomes[recorded] !== undefined) {
        record(report, targets[recorded]!, outcomes[recorded]!, hooks);
        outcomes[recorded] = undefined; // recorded: let it go
        recorded++;
      }
    };
    let next = 0;
    const batch = (size = BATCH): Job[] => {
      const out: Job[] = [];
      for (; next < targets.length && out.length < size; next++) {
        const t = targets[next]!;
        out.push(t.root === undefined ? { index: next, abs: t.abs } : { index: next, abs: t.abs, root: t.root });
      }
      return out;
    };
    let walking = walked !== undefined;
    const workers = new Set<Worker>();
    /** Threads with nothing to do while the walk goes on, each with its function to feed it. */
    const waiting = new Map<Worker, () => void>();

    await new Promise<void>((resolve) => {
      let running = 0;
      let aborted = false;
      this.stopAll = () => {
        aborted = true;
        for (const w of workers) void w.terminate();
        laneWaiting?.();
        resolve();
      };
      const feedWaiting = (): void => {
        for (const [, feed] of [...waiting]) feed();
      };
      const drive = (worker: Worker): void => {
        running++;
        workers.add(worker);
        worker.ref();
        const pending: Job[][] = []; // batches are answered in the order sent
        const send = (): boolean => {
          const jobsOut = batch();
          if (jobsOut.length === 0) return false;
          pending.push(jobsOut);
          worker.postMessage({ jobs: jobsOut } satisfies ToWorker);
          return true;
        };
        /** Gives the thread more work, or makes it wait for the walk, or stops it. */
        const feed = (): void => {
          waiting.delete(worker);
          while (pending.length < IN_FLIGHT && send());
          if (pending.length > 0) return;
          if (walking) waiting.set(worker, feed);
          else worker.postMessage({ stop: true } satisfies ToWorker);
        };
        let finished = false;
        const done = (): void => {
          if (finished) return;
          finished = true;
          waiting.delete(worker);
          workers.delete(worker);
          running--;
          if (running === 0) resolve();
        };
        worker.on('message', (message: FromWorker) => {
          pending.shift();
          for (const { index, outcome } of message.results) outcomes[index] = outcome;
          flush();
          feed();
        });
        const failed = (why: string): void => {
          if (finished) return;
          // The thread died (out of memory on a pathological file, or a bug): its files are reported
          // as internal errors, and a new thread takes over what is left.
          for (const lost of pending.splice(0)) {
            for (const job of lost) outcomes[job.index] = { kind: 'internal-error', error: { name: 'ScanThreadError', message: `the scan thread stopped: ${why}` } };
          }
          flush();
          if (!aborted && (next < targets.length || walking)) drive(this.spawn());
          done();
        };
        worker.on('error', (e) => failed(e instanceof Error ? `${e.name}: ${e.message}` : String(e)));
        worker.on('exit', (code) => {
          if (pending.length > 0) failed(`exit code ${code}`);
          else done();
        });
        feed();
      };
      // The calling thread's lane: a batch at a time, letting the threads' messages in between.
      const ctx: LintContext = { cwd: this.init.cwd, config: this.init.config, trustFiles: new NodeFileAccess(), cache: newTrustFileCache() };
      if (this.init.now !== undefined) ctx.now = new Date(this.init.now);
      if (this.init.configDir !== undefined) ctx.configDir = this.init.configDir;
      const scratch = Buffer.allocUnsafe(MAX_FILE_BYTES + 1);
      const plain = new NodeFileAccess();
      let laneWaiting: (() => void) | undefined;
      running++;
      const lane = async (): Promise<void> => {
        for (;;) {
          // The threads' messages (results, requests for more) are handled between turns: a turn
          // lasts a few milliseconds, so that no thread waits long for its next batch.
          await new Promise<void>((r) => setImmediate(r));
          if (aborted) break;
          const until = performance.now() + LANE_TURN_MS;
          let took = 0;
          while (performance.now() < until) {
            const jobsHere = batch(1);
            if (jobsHere.length === 0) break;
            const job = jobsHere[0]!;
            const files = job.root === undefined ? plain : new NodeFileAccess({ roots: [job.root] });
            outcomes[job.index] = await scanOne(job.abs, () => files.readFileSync(job.abs, MAX_FILE_BYTES, scratch), ctx);
            took++;
          }
          if (took > 0) {
            flush();
            continue;
          }
          if (!walking) break;
          await new Promise<void>((r) => (laneWaiting = r));
          laneWaiting = undefined;
        }
      };
      const wakeLane = (): void => laneWaiting?.();
      const feedAll = (): void => {
        feedWaiting();
        wakeLane();
      };
      this.wake = feedAll;
      void lane().then(() => {
        running--;
        if (running === 0) resolve();
      });
      walked?.then(
        () => {
          walking = false;
          feedAll();
        },
        () => this.stopAll?.(),
      );
      for (const worker of this.idle.splice(0)) {
        if (next < targets.length || walking) drive(worker);
        else void worker.terminate();
      }
    });
    this.wake = undefined;
    this.stopAll = undefined;
    flush();
    return report;
  }
}

/** The worker side: lints the files of each batch in turn and answers with their outcomes. */
function serve(init: Init): void {
  useLocale(init.locale, init.l10nDir);
  const plain = new NodeFileAccess();
  const confined = new Map<string, NodeFileAccess>();
  const scratch = Buffer.allocUnsafe(MAX_FILE_BYTES + 1); // every file is read into it, then decoded
  const ctx: LintContext = { cwd: init.cwd, config: init.config, trustFiles: plain, cache: newTrustFileCache() };
  if (init.now !== undefined) ctx.now = new Date(init.now);
  if (init.configDir !== undefined) ctx.configDir = init.configDir;
  // Batches are handled one after the other, in the order they came.
  let queue = Promise.resolve();
  parentPort!.on('message', (message: ToWorker) => {
    if ('stop' in message) {
      queue = queue.then(() => parentPort!.close());
      return;
    }
    queue = queue.then(async () => {
      const results: FromWorker['results'] = [];
      for (const job of message.jobs) {
        let files = plain;
        if (job.root !== undefined) {
          files = confined.get(job.root) ?? new NodeFileAccess({ roots: [job.root] });
          confined.set(job.root, files);
        }
        results.push({ index: job.index, outcome: await scanOne(job.abs, () => files.readFileSync(job.abs, MAX_FILE_BYTES, scratch), ctx) });
      }
      parentPort!.postMessage({ results } satisfies FromWorker);
    });
  });
}

if (!isMainThread && (workerData as Init | undefined)?.tag === WORKER_TAG) serve(workerData as Init);
