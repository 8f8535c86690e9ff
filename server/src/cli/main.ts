/**
 * The `dbtrust` command (bundled to dist/cli.js). Sets process.exitCode instead of calling
 * process.exit, so that large outputs written to a pipe are flushed completely.
 */
import { isMainThread } from 'node:worker_threads';
import { describeError, EXIT_ERROR, run } from './run';
// The scan threads load this bundle again: there, the scan module serves files instead of main().
import './parallel';

function main(): void {
  const debug = process.env.DBTRUST_DEBUG === '1';

  // A closed pipe (`dbtrust scan | head`) is not an error worth a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') return;
      process.exitCode = EXIT_ERROR;
    });
  }

  run(process.argv.slice(2), {
    cwd: process.cwd(),
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    debug,
    locale: process.env.DBTRUST_LOCALE || undefined,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`dbtrust: internal error: ${describeError(error, debug)}\n`);
      process.exitCode = EXIT_ERROR;
    },
  );
}

if (isMainThread) main();
