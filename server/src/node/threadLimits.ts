/**
 * Memory limits of the threads that lint files (the CLI's scan threads, the editor's workspace scan):
 * a file that needs more ends its thread and is reported as not analysed, instead of exhausting the
 * process. DBTRUST_SCAN_MEMORY_MB sets the heap limit (32 to 4096; default 192) for machines with
 * less memory or unusual files.
 */
export function scanThreadLimits(env: NodeJS.ProcessEnv = process.env): { maxOldGenerationSizeMb: number; maxYoungGenerationSizeMb: number } {
  const asked = Number(env.DBTRUST_SCAN_MEMORY_MB);
  const mb = Number.isInteger(asked) && asked >= 32 && asked <= 4096 ? asked : 192;
  return { maxOldGenerationSizeMb: mb, maxYoungGenerationSizeMb: Math.min(16, Math.max(4, mb >> 4)) };
}
