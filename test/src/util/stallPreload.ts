/**
 * Preloaded (NODE_OPTIONS=--require …/stallPreload.js) into a CLI or a server under test, to stand
 * for a fault that makes an analysis run forever on a text that holds STALL_MARKER:
 * - decoding a file's bytes never returns (a scan decodes each file in the thread that lints it,
 *   inside that file's mark: node/stall.ts);
 * - the engine's keyword search (mayHaveSites, the first step of an analysis of an editor's
 *   document) never returns.
 * And one that makes a request run forever, on a text that holds REQUEST_STALL_MARKER: escaping a
 * host name that holds it for hover markdown (markdown.ts's oneLine) never returns.
 *
 * DBTRUST_TEST_STALL_IN: `worker` (only in worker threads), `main` (only in the main thread) or
 * `any` (default). DBTRUST_TEST_SLOW_MAIN_MS: decoding in the main thread also waits that long, so
 * that a CLI scan's worker threads take most of the files.
 */
import { isMainThread } from 'node:worker_threads';

export const STALL_MARKER = 'DBTRUST-TEST-STALL';
/** Lower case: it is part of a host name. */
export const REQUEST_STALL_MARKER = 'dbtrust-test-request-stall';

const where = process.env.DBTRUST_TEST_STALL_IN ?? 'any';
if (where === 'any' || (where === 'worker') === !isMainThread) {
  const proto = TextDecoder.prototype as unknown as { decode(this: unknown, ...args: unknown[]): string };
  const decode = proto.decode;
  proto.decode = function (this: unknown, ...args: unknown[]): string {
    const text = decode.apply(this, args);
    if (text.includes(STALL_MARKER)) {
      // A busy loop the engine's own code could be stuck in: no await, no timer gets a turn.
      for (;;) {
        if (Date.now() < 0) break;
      }
    }
    return text;
  };
  const exec = RegExp.prototype.exec;
  RegExp.prototype.exec = function (this: RegExp, input: string): RegExpExecArray | null {
    if (this.source.includes('PGSSL') && typeof input === 'string' && input.includes(STALL_MARKER)) {
      for (;;) {
        if (Date.now() < 0) break;
      }
    }
    return exec.call(this, input);
  };
  const replace = String.prototype.replace as (this: string, pattern: unknown, replacement: unknown) => string;
  (String.prototype as unknown as { replace: typeof replace }).replace = function (this: string, pattern: unknown, replacement: unknown): string {
    // markdown.ts's BREAKS, the first step of escaping text for a hover.
    if (pattern instanceof RegExp && (pattern.source.includes('\\u0085') || pattern.source.includes('\u0085')) && String(this).includes(REQUEST_STALL_MARKER)) {
      for (;;) {
        if (Date.now() < 0) break;
      }
    }
    return replace.call(this, pattern, replacement);
  };
}

const slowMain = Number(process.env.DBTRUST_TEST_SLOW_MAIN_MS ?? 0);
if (isMainThread && slowMain > 0) {
  const proto = TextDecoder.prototype as unknown as { decode(this: unknown, ...args: unknown[]): string };
  const decode = proto.decode;
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  proto.decode = function (this: unknown, ...args: unknown[]): string {
    Atomics.wait(sleeper, 0, 0, slowMain);
    return decode.apply(this, args);
  };
}
