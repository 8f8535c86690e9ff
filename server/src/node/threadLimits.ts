/**
 * Memory limits of the threads that lint files (the CLI's scan threads, the editor's workspace scan):
 * a file that needs more ends its thread and is reported as not analysed, instead of exhausting the
 * process. DBTRUST_SCAN_MEMORY_MB sets the heap limit (32 to 4096; default 192) for machines with
 * less memory or unusual files.
 *
 * The young generation (where V8 allocates; each collection of it copies what survives) is a
 * sixteenth of that, 4 to 16 MB, in the editor, whose scan thread shares the machine with the user's
 * work. The CLI's threads have a quarter, 8 to 48 MB, and collect less often: a scan thread
 * allocates about a gigabyte on the benchmark's corpus, and with 12 MB it spent about a tenth of its
 * time more than with 48.
 */
export function scanThreadLimits(env: NodeJS.ProcessEnv = process.env, role: 'editor' | 'cli' = 'editor'): { maxOldGenerationSizeMb: number; maxYoungGenerationSizeMb: number } {
  const asked = Number(env.DBTRUST_SCAN_MEMORY_MB);
  const mb = Number.isInteger(asked) && asked >= 32 && asked <= 4096 ? asked : 192;
  const young = role === 'cli' ? Math.min(48, Math.max(8, mb >> 2)) : Math.min(16, Math.max(4, mb >> 4));
  return { maxOldGenerationSizeMb: mb, maxYoungGenerationSizeMb: young };
}
