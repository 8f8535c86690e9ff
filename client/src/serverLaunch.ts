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
 * Node options of the server: V8's young generation capped at 2 MB per semi-space (the default grows
 * to 16 MB). An analysis allocates about a megabyte that dies young (an edit is analysed again only
 * around the change: engine/incremental.ts). Measured with the editor benchmark's 400 edits of a
 * 10,000-line file (bench/results.md): against 4 MB per semi-space, about 4 MB less resident memory
 * and no slower edits; against the default, about 25 MB less.
 */
export const SERVER_EXEC_ARGV: readonly string[] = [
  '--max-semi-space-size=2',
  // The server empties the young generation in the debounce after an edit, so that the analysis
  // that follows runs without a scavenge (server/src/lsp/idleGc.ts).
  '--expose-gc',
];
