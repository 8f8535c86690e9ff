/**
 * The workspace scan runs in a worker thread: it walks the folders (the CLI's walker) and lints each
 * file there, and sends the server only what it publishes (the diagnostics of files with findings,
 * or of files that had some before), warnings, and progress. The server's own thread stays free for
 * the editor's requests and its heap does not grow with the workspace: the thread ends with the scan
 * and its memory goes with it. A file that exhausts the thread's memory limit costs that file (it is
 * reported as not analysed), not the server.
 *
 * This module is also the thread's entry point (dist/server.js loads it again in the worker; see
 * entry.ts), and serves when it finds its worker data.
 */
import { pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { Diagnostic } from 'vscode-languageserver';
import { ignoreMatcher, LineIndex, newTrustFileCache } from '../engine';
import type { Config } from '../engine';
import { useLocale } from '../node/l10n';
import { FileMark, fileTimeLimitMs, StallWatch } from '../node/stall';
import { scanThreadLimits } from '../node/threadLimits';
import { toDiagnostics } from './convert';
import { WorkspaceFileAccess } from './files';
import { scanFile, scanTargets } from './scan';
import type { FolderSettings } from './workspace';

const TAG = 'dbtrust-workspace-scan';

/** What the thread needs to scan like the server. */
export interface ScanThreadInit {
  /** The folders, innermost first, with their configurations. */
  folders: { path: string; config: Config }[];
  /** The server's locale (the messages' language). */
  locale?: string;
  /** Trust files are read only inside these folders (an untrusted workspace); undefined: anywhere. */
  roots?: string[];
  /** The open documents: their texts stand for their files' content; they are not linted from disk. */
  open: { uri: string; version: number; text: string }[];
  /** Files with published scan diagnostics: their (possibly empty) diagnostics are always sent. */
  published: string[];
  now: number;
}

interface Init extends ScanThreadInit {
  tag: typeof TAG;
  /** Index of the first file to lint (after a thread that died); 0 at first. */
  resumeAt: number;
  /** Answer after every file (to find the file a thread died on). */
  eachFile: boolean;
  /** Indexes of files whose analysis did not end within the limit: reported, not linted again. */
  stalled: number[];
  /** The limit, for the report. */
  timeLimitMs: number;
  /** Where the thread marks the file it is on (node/stall.ts). */
  mark: SharedArrayBuffer;
}

/** What the server does with the thread's findings. */
export interface ScanEvents {
  /** Once, after the walk: how many files there are (open ones included). */
  total(files: number): void;
  /** An open document was reached (its live diagnostics stand). */
  open(uri: string): Promise<void> | void;
  /** A file's diagnostics (possibly none, for a file that had published diagnostics). */
  diagnostics(uri: string, diagnostics: Diagnostic[]): Promise<void> | void;
  /** A file that was not analysed: too large, unreadable, or the thread failed on it. */
  skipped(abs: string, why: string, failed: boolean): void;
  /** Progress: files done so far. */
  done(files: number): void;
  /** Warnings of the walk (folders that cannot be read…). */
  warn(message: string): void;
}

type Event =
  | { total: number }
  | { open: string }
  | { uri: string; diagnostics: Diagnostic[] }
  | { skipped: string; why: string; failed?: boolean }
  | { warn: string }
  | { upTo: number }
  /** About to lint this file (sent only when answering after every file). */
  | { at: number; abs: string };

/** Events are sent in messages of this many files (or fewer, at least every FLUSH_MS). */
const BATCH_FILES = 32;
const FLUSH_MS = 100;
/** A scan gives up after the thread died this many times. */
const MAX_DEATHS = 8;

/**
 * Scans the folders in a worker thread. Resolves with the number of files walked when done, or as
 * soon as `cancelled()` turns true (the thread is then stopped at once).
 */
export async function scanInThread(init: ScanThreadInit, events: ScanEvents, cancelled: () => boolean): Promise<void> {
  // Where the next thread starts, and whether it announces its first files one by one (after a death
  // whose file is not known yet). At most MAX_DEATHS threads are started again.
  let resumeAt = 0;
  let eachFile = false;
  let total = -1;
  let deaths = 0;
  // A file whose analysis does not end within the limit: the thread is ended, and the next one
  // reports the file and goes on after it.
  const timeLimitMs = fileTimeLimitMs();
  const stalled: number[] = [];
  // Events are handled in order, one at a time (handlers may await the connection).
  let chain = Promise.resolve();
  while (!cancelled()) {
    const outcome = await new Promise<'done' | 'died' | 'stalled' | 'cancelled'>((resolve) => {
      const mark = new FileMark().buffer;
      const stallWatch = new StallWatch(mark, timeLimitMs);
      let stalledAt: number | undefined;
      const data: Init = { tag: TAG, ...init, resumeAt, eachFile, stalled, timeLimitMs, mark };
      const first = resumeAt === 0; // a thread started again walks again: the walk's warnings are given once
      const worker = new Worker(__filename, { workerData: data, resourceLimits: scanThreadLimits() });
      let settled = false;
      const settle = (how: 'done' | 'died' | 'stalled' | 'cancelled'): void => {
        if (settled) return;
        settled = true;
        clearInterval(watch);
        resolve(how);
      };
      let upTo = resumeAt - 1;
      let current: { index: number; abs: string } | undefined;
      worker.on('message', (batch: Event[]) => {
        for (const e of batch) {
          if ('upTo' in e) {
            upTo = e.upTo;
            if (current && upTo >= current.index) current = undefined;
          }
          if ('at' in e) {
            current = { index: e.at, abs: e.abs };
            continue;
          }
          chain = chain.then(async () => {
            if (cancelled()) return;
            if ('total' in e) {
              if (total < 0) events.total(e.total);
              total = e.total;
            } else if ('open' in e) await events.open(e.open);
            else if ('uri' in e) await events.diagnostics(e.uri, e.diagnostics);
            else if ('skipped' in e) events.skipped(e.skipped, e.why, e.failed === true);
            else if ('warn' in e) {
              if (first) events.warn(e.warn);
            } else events.done(e.upTo + 1);
          });
        }
      });
      worker.on('error', () => undefined); // the exit that follows decides
      worker.on('exit', (code) => {
        if (cancelled()) return settle('cancelled');
        if (code === 0) return settle('done');
        if (stalledAt !== undefined) {
          // Ended on a file that took too long: the next thread reports it and lints what came after
          // the last file answered for.
          stalled.push(stalledAt);
          resumeAt = upTo + 1;
          eachFile = false;
          return settle('stalled');
        }
        // The thread died (out of memory, most likely) after file `upTo`. Answering after every
        // file, the next thread tells which one it was; that file is skipped.
        if (eachFile && current !== undefined) {
          const culprit = current.abs;
          chain = chain.then(() => events.skipped(culprit, 'not analysed: the scan thread ran out of memory on it', true));
          resumeAt = upTo + 2;
          eachFile = false;
        } else {
          resumeAt = upTo + 1;
          eachFile = true;
        }
        settle('died');
      });
      const watch = setInterval(() => {
        if (cancelled()) {
          void worker.terminate();
          settle('cancelled');
          return;
        }
        // Two atomic reads and a clock: cheap enough for every turn.
        if (stalledAt !== undefined) return;
        stalledAt = stallWatch.check();
        if (stalledAt !== undefined) void worker.terminate();
      }, 50);
    });
    // A thread ended on a slow file always moves the scan on past that file: only deaths are counted.
    if (outcome === 'done' || outcome === 'cancelled' || (outcome === 'died' && ++deaths > MAX_DEATHS) || (total >= 0 && resumeAt >= total)) break;
  }
  await chain;
}

/** The thread: walks the folders, lints each file that is not open, and reports as it goes. */
async function serve(init: Init): Promise<void> {
  useLocale(init.locale);
  const open = init.open.map((d) => ({ uri: d.uri, version: d.version, getText: () => d.text }));
  const openUris = new Set(init.open.map((d) => d.uri));
  const published = new Set(init.published);
  const files = new WorkspaceFileAccess({ all: () => open }, init.roots);
  const cache = newTrustFileCache();
  const now = new Date(init.now);
  const folders: FolderSettings[] = init.folders.map((f) => ({ path: f.path, config: f.config, ignores: ignoreMatcher(f.config) }));
  const mark = new FileMark(init.mark);
  const stalled = new Set(init.stalled);

  let out: Event[] = [];
  let files_ = 0;
  let last = Date.now();
  const send = (): void => {
    parentPort!.postMessage(out);
    out = [];
    files_ = 0;
    last = Date.now();
  };
  const targets = await scanTargets(folders, (message) => out.push({ warn: message }));
  out.push({ total: targets.length });
  send();
  for (let i = init.resumeAt; i < targets.length; i++) {
    const target = targets[i]!;
    const uri = pathToFileURL(target.abs).href;
    // After a thread died: the next files are announced one by one, to tell which one it was.
    const careful = init.eachFile && i < init.resumeAt + BATCH_FILES;
    if (careful) parentPort!.postMessage([{ at: i, abs: target.abs }] satisfies Event[]);
    if (openUris.has(uri)) out.push({ open: uri });
    else if (stalled.has(i)) out.push({ skipped: target.abs, why: `not analysed: its analysis did not finish within ${init.timeLimitMs / 1000} s (an internal error)`, failed: true });
    else {
      mark.begin(i);
      try {
        const scanned = await scanFile(target, files, cache, now);
        if (scanned.kind === 'skipped') out.push({ skipped: target.abs, why: scanned.why });
        else {
          const diagnostics = scanned.kind === 'linted' ? toDiagnostics(scanned.result, new LineIndex(scanned.text)) : [];
          if (diagnostics.length > 0 || published.has(uri)) out.push({ uri, diagnostics });
        }
      } catch (e) {
        out.push({ skipped: target.abs, why: `failed (${e instanceof Error ? e.name : typeof e})`, failed: true });
      } finally {
        mark.end();
      }
    }
    out.push({ upTo: i });
    if (careful || ++files_ >= BATCH_FILES || Date.now() - last >= FLUSH_MS) send();
  }
  if (out.length > 0) send();
}

if (!isMainThread && (workerData as Init | undefined)?.tag === TAG) {
  // The thread ends when serve() is done (nothing else keeps it alive); a failure ends it with code 1.
  serve(workerData as Init).catch(() => {
    process.exitCode = 1;
  });
}
