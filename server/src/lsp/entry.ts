/**
 * dist/server.js: the language server, or, when loaded again as the workspace scan's worker thread,
 * that thread (scanThread.ts).
 */
import { isMainThread } from 'node:worker_threads';

if (isMainThread) require('./main');
else require('./scanThread');
