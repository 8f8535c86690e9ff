/**
 * Preloaded (NODE_OPTIONS=--require …/stallPreload.js) into a CLI or a server under test, to stand
 * for a fault that makes an analysis run forever: decoding a file's bytes whose text holds
 * STALL_MARKER never returns. The scan reads and decodes every file in the thread that lints it,
 * inside that file's mark (node/stall.ts), so the watchers see a file that never ends.
 *
 * DBTRUST_TEST_STALL_IN: `worker` (only in worker threads), `main` (only in the main thread) or
 * `any` (default).
 */
import { isMainThread } from 'node:worker_threads';

export const STALL_MARKER = 'DBTRUST-TEST-STALL';

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
}
