/**
 * `dbtrust scan` across threads. The calling thread is one lane and each worker thread another; all
 * take the walked files in walk order, in small batches, while the walk goes on. Each lane reads,
 * decodes, lints and locates its files (FileLinter) and the outcomes are recorded in walk order, so
 * the report and the warnings are the same as with one thread.
 *
 * This module is also the worker's entry point: it is loaded again inside each thread (from the same
 * bundle, dist/cli.js, or from server/out/cli/parallel.js), and starts serving when it finds its
 * worker data.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { TimeLimitError } from '../engine';
import { useLocale } from '../node/l10n';
import { FileMark, pollInterval, StallWatch } from '../node/stall';
import { scanThreadLimits } from '../node/threadLimits';
import { emptyReport, FileLinter, FileOutcome, finishReport, LintSettings, record } from './report';
import type { ScanHooks, ScanReport } from './report';
import type { Target } from './walk';

const WORKER_TAG = 'dbtrust-scan-worker';

interface Init {
  tag: typeof WORKER_TAG;
  settings: LintSettings;
  locale?: string;
  l10nDir?: string;
}

/** What one thread gets: the scan's settings and its own mark of the file it is on. */
interface ThreadInit extends Init {
  mark: SharedArrayBuffer;
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
/** Thread deaths after which no new thread is started. */
const MAX_DEATHS = 8;
/** How long the calling thread lints before it looks at the threads' messages again. */
const LANE_TURN_MS = 4;

/**
 * The lanes of one scan. The worker threads start when the pool is made (they load while the walk
 * goes on); `scan` takes the walk's growing list of files, `more` says it grew, `walkEnded` that it
 * is complete, and `abort` stops everything (the walk failed).
 */
export class ScanPool {
  private readonly init: Init;
  private readonly idle: Worker[] = [];
  /** Each thread's mark of the file it is on. */
  private readonly marks = new WeakMap<Worker, SharedArrayBuffer>();
  private used = false;
  private walking = true;
  /** What the scan under way does on more files, at the walk's end, and on abort. */
  private events: { more(): void; ended(): void; abort(): void } | undefined;

  /**
   * `timeLimitMs`: a thread that stays longer on one file is ended and the file reported as an
   * internal error (node/stall.ts). `mark`: where the calling thread's lane marks its file.
   */
  constructor(
    settings: LintSettings,
    readonly jobs: number,
    l10n: { locale?: string | undefined; l10nDir?: string | undefined } = {},
    private readonly timeLimitMs = Infinity,
    private readonly mark?: FileMark,
  ) {
    this.init = { tag: WORKER_TAG, settings };
    if (l10n.locale !== undefined) this.init.locale = l10n.locale;
    if (l10n.l10nDir !== undefined) this.init.l10nDir = l10n.l10nDir;
    // The calling thread is one of the `jobs` lanes: a thread costs its start and its own warm-up of
    // the engine's code, so one fewer is started.
    for (let i = 1; i < jobs; i++) this.idle.push(this.spawn());
  }

  private spawn(): Worker {
    const mark = new FileMark().buffer;
    const worker = new Worker(__filename, { workerData: { ...this.init, mark } satisfies ThreadInit, resourceLimits: scanThreadLimits(process.env, 'cli') });
    worker.unref(); // an unused pool never keeps the process alive
    this.marks.set(worker, mark);
    return worker;
  }

  /** More files were added to the list being scanned: idle lanes take them. */
  more(): void {
    this.events?.more();
  }

  /** The list is complete. */
  walkEnded(): void {
    this.walking = false;
    this.events?.ended();
  }

  /** Stops every thread at once: a scan under way resolves with what it has. */
  abort(): void {
    for (const worker of this.idle.splice(0)) void worker.terminate();
    this.events?.abort();
  }

  /**
   * Scans the files of `targets`, a list that may grow until walkEnded(). What the lanes report
   * (warnings, internal errors) waits for the walk's end, so that it follows the walk's own warnings
   * as it does without threads. The pool is used up afterwards.
   */
  async scan(targets: readonly Target[], hooks: ScanHooks): Promise<ScanReport> {
    if (this.used) throw new Error('a scan pool scans once');
    this.used = true;
    const held: (() => void)[] = [];
    const later =
      <A extends unknown[]>(f: (...args: A) => void) =>
      (...args: A): void => {
        if (this.walking) held.push(() => f(...args));
        else f(...args);
      };
    const heldHooks: ScanHooks = { warn: later(hooks.warn), internalError: later(hooks.internalError) };
    if (hooks.cacheEntry) heldHooks.cacheEntry = hooks.cacheEntry;
    const report = emptyReport(this.init.settings.cwd);
    const outcomes: (FileOutcome | undefined)[] = [];
    let recorded = 0;
    const flush = (): void => {
      while (recorded < targets.length && outcomes[recorded] !== undefined) {
        record(report, targets[recorded]!, outcomes[recorded]!, heldHooks);
        outcomes[recorded] = undefined; // recorded: let it go
        recorded++;
      }
    };
    let next = 0;
    /** Files of a batch whose thread died: tried again one at a time, to find the one it died on. */
    const retry: Job[] = [];
    let deaths = 0;
    const batch = (size = BATCH, retried = true): Job[] => {
      if (retried && retry.length > 0) return [retry.shift()!];
      const out: Job[] = [];
      for (; next < targets.length && out.length < size; next++) {
        const t = targets[next]!;
        out.push(t.root === undefined ? { index: next, abs: t.abs } : { index: next, abs: t.abs, root: t.root });
      }
      return out;
    };
    const workers = new Set<Worker>();
    /** Lanes with nothing to do while the walk goes on, each with its function to feed it. */
    const waiting = new Set<() => void>();
    const feedWaiting = (): void => {
      for (const feed of [...waiting]) feed();
    };

    await new Promise<void>((resolve) => {
      let running = 0;
      let aborted = false;
      const laneDone = (): void => {
        running--;
        if (running === 0) resolve();
      };
      this.events = {
        more: feedWaiting,
        ended: () => {
          for (const f of held.splice(0)) f();
          feedWaiting();
        },
        abort: () => {
          aborted = true;
          for (const w of workers) void w.terminate();
          resolve();
        },
      };

      const drive = (worker: Worker): void => {
        running++;
        workers.add(worker);
        worker.ref();
        const pending: Job[][] = []; // batches are answered in the order sent
        /** Gives the thread more work, or makes it wait for the walk, or stops it. */
        const feed = (): void => {
          waiting.delete(feed);
          for (let jobs = batch(); pending.length < IN_FLIGHT && jobs.length > 0; jobs = pending.length < IN_FLIGHT ? batch() : []) {
            pending.push(jobs);
            worker.postMessage({ jobs } satisfies ToWorker);
          }
          if (pending.length > 0) return;
          if (this.walking) waiting.add(feed);
          else worker.postMessage({ stop: true } satisfies ToWorker);
        };
        let finished = false;
        // A file that keeps the thread longer than the limit: the thread is ended and the file is the culprit.
        let stalled: number | undefined;
        const mark = this.marks.get(worker);
        const watch = mark && Number.isFinite(this.timeLimitMs) ? new StallWatch(mark, this.timeLimitMs) : undefined;
        const watching = watch
          ? setInterval(() => {
              const index = watch.check();
              if (index === undefined || stalled !== undefined) return;
              stalled = index;
              void worker.terminate();
            }, pollInterval(this.timeLimitMs))
          : undefined;
        watching?.unref();
        const done = (): void => {
          if (finished) return;
          finished = true;
          if (watching) clearInterval(watching);
          waiting.delete(feed);
          workers.delete(worker);
          laneDone();
          feedWaiting(); // the calling thread's lane may finish, or take what no thread is left for
        };
        worker.on('message', (message: FromWorker) => {
          pending.shift();
          for (const { index, outcome } of message.results) outcomes[index] = outcome;
          flush();
          feed();
        });
        const failed = (why: string): void => {
          if (finished) return;
          // The thread died (out of memory on a pathological file, or a bug), or was ended on a file that
          // kept it too long: that file is an internal error and the others are tried again. After a
          // death, a file the thread held alone is the one; the files of a larger batch are tried
          // again one at a time.
          const lost = pending.splice(0);
          lost.forEach((jobs, i) => {
            if (stalled !== undefined) {
              for (const job of jobs) {
                if (job.index === stalled) outcomes[job.index] = { kind: 'internal-error', error: timeLimitError(this.timeLimitMs) };
                else retry.push(job);
              }
            } else if (i === 0 && jobs.length === 1) outcomes[jobs[0]!.index] = { kind: 'internal-error', error: { name: 'ScanThreadError', message: `the scan thread stopped: ${why}` } };
            else retry.push(...jobs);
          });
          flush();
          // Threads that keep dying (a limit too low to start one): after a few, this thread does the rest.
          // A thread ended on a slow file is not counted: that file is done with, so every new thread
          // moves the scan on.
          if (!aborted && (stalled !== undefined || ++deaths <= MAX_DEATHS) && (retry.length > 0 || next < targets.length || this.walking)) drive(this.spawn());
          done();
        };
        worker.on('error', (e) => failed(e instanceof Error ? `${e.name}: ${e.message}` : String(e)));
        worker.on('exit', (code) => {
          if (pending.length > 0) failed(`exit code ${code}`);
          else done();
        });
        feed();
      };

      // The calling thread's lane: turns of a few milliseconds, with the threads' messages (results,
      // requests for more) handled between them, so that no thread waits long for its next batch.
      const linter = new FileLinter(this.init.settings);
      running++;
      void (async () => {
        for (;;) {
          await new Promise<void>((r) => setImmediate(r));
          if (aborted) break;
          const until = performance.now() + LANE_TURN_MS;
          let took = 0;
          // Files being tried again after a thread died stay with the threads (their memory is capped),
          // unless no thread is left.
          const take = (): Job[] => batch(1, workers.size === 0);
          for (let jobs = take(); jobs.length > 0; jobs = performance.now() < until ? take() : []) {
            const job = jobs[0]!;
            this.mark?.begin(job.index, job.abs);
            outcomes[job.index] = await linter.lint(job.abs, job.root);
            this.mark?.end();
            took++;
          }
          if (took > 0) {
            flush();
            continue;
          }
          // Nothing to take now: wait for the walk, or for the threads (a dead one's files may come back).
          if (!this.walking && workers.size === 0) break;
          await new Promise<void>((resolve) => {
            const wake = (): void => {
              waiting.delete(wake);
              resolve();
            };
            waiting.add(wake);
          });
        }
      })().then(laneDone);

      for (const worker of this.idle.splice(0)) drive(worker);
    });
    this.events = undefined;
    flush();
    return finishReport(report);
  }
}

/** The internal error of a file whose analysis did not end within the limit. */
function timeLimitError(limitMs: number): { name: string; message: string } {
  const e = new TimeLimitError(limitMs);
  return { name: e.name, message: e.message };
}

/** The worker side: lints the files of each batch in turn and answers with their outcomes. */
function serve(init: ThreadInit): void {
  useLocale(init.locale, init.l10nDir);
  const linter = new FileLinter(init.settings);
  const mark = new FileMark(init.mark);
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
        mark.begin(job.index);
        results.push({ index: job.index, outcome: await linter.lint(job.abs, job.root) });
        mark.end();
      }
      parentPort!.postMessage({ results } satisfies FromWorker);
    });
  });
}

if (!isMainThread && (workerData as Init | undefined)?.tag === WORKER_TAG) serve(workerData as ThreadInit);
