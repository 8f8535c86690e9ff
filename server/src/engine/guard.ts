/**
 * A bound on the time of the analysis's synchronous steps. The engine cannot stop itself; a caller
 * that can (the server, with node:vm's timeout) passes a Guard that runs each step and throws a
 * TimeLimitError when one runs too long. The engine lets that error through everything, so that the
 * caller sees it (and nothing half-done is cached).
 */

/** Runs one synchronous step of an analysis and returns what it returns. */
export type Guard = <T>(step: () => T) => T;

/** Thrown by a Guard whose step ran past its limit. */
export class TimeLimitError extends Error {
  constructor(readonly limitMs: number) {
    super(`the analysis did not finish within ${limitMs / 1000} s and was stopped`);
    this.name = 'TimeLimitError';
  }
}

/** Runs `step` through `guard`, or directly without one. */
export function guarded<T>(guard: Guard | undefined, step: () => T): T {
  return guard ? guard(step) : step();
}
