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
