/**
 * How the extension starts the language server, shared with the benchmark (bench/run.mjs), which
 * starts the server the same way.
 */

/**
 * Environment added to the server's: at most two glibc malloc arenas. The workspace scan runs in a
 * worker thread, and each thread would otherwise keep an arena of its own (about 10 MB of resident
 * memory after the scan has ended). A value the user's environment already sets wins.
 */
export function serverEnvironment(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...base, MALLOC_ARENA_MAX: base.MALLOC_ARENA_MAX ?? '2' };
}

/**
 * Node options of the server: V8's young generation capped at 4 MB per semi-space (the default grows
 * to 16 MB). Each analysis allocates a few megabytes that die young; with the cap, the server's
 * resident memory after the editor benchmark's 400 edits of a 10,000-line file drops from about 105 MB
 * to about 79 MB, with no measurable change in the time an edit takes (bench/results.md).
 */
export const SERVER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=4'];
