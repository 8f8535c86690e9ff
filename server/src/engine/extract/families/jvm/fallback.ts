/**
 * Values that read a variable and fall back to a default when it is not set:
 * - shell and Compose parameter expansion: `${PGSSLMODE:-disable}`, `${PGSSLMODE-disable}`,
 *   `${PGSSLMODE:=disable}`, `${PGSSLMODE=disable}` (POSIX Shell Command Language §2.6.2; Compose
 *   "Interpolation" supports `:-` and `-`);
 * - JavaScript: `process.env.DB_SSL ?? false`, `process.env.DB_SSL || 'require'`,
 *   `process.env['DB_SSL'] ?? false`, and the helpers `env.bool('DB_SSL', false)` / `env.get('X', 'v')` /
 *   `env('X', 'v')` whose second argument is the default (AdonisJS Env, envalid-style wrappers).
 * A site is judged by the default; the message says so. A lookup without a default stays dynamic.
 */

export interface Fallback {
  /** The variable looked up. */
  name: string;
  /** The default, as the program sees it (unquoted). */
  value: string;
  /** Offsets of the default's text inside the parsed string (end-exclusive). */
  start: number;
  end: number;
}

/**
 * `${NAME:-default}` (and `-`, `:=`, `=`) as the whole of `raw`. The default must be a plain word or a
 * quoted one without another expansion in it; `${NAME:?msg}` (an error when unset) and nested
 * expansions are not fallbacks.
 */
export function shellFallback(raw: string): Fallback | undefined {
  const m = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(:?[-=])([^}]*)\}$/.exec(raw);
  if (!m) return undefined;
  let value = m[3]!;
  let start = 2 + m[1]!.length + m[2]!.length;
  let end = start + value.length;
  if (value.includes('$') || value.includes('`')) return undefined;
  const q = /^(["'])(.*)\1$/.exec(value);
  if (q) {
    value = q[2]!;
    start += 1;
    end -= 1;
  }
  return { name: m[1]!, value, start, end };
}

/** `${VAR:default}`: a Spring / Quarkus / HOCON-style placeholder with a default, as the whole of `raw`. */
export function springFallback(raw: string): Fallback | undefined {
  const m = /^\$\{([A-Za-z_][A-Za-z0-9_.-]*):([^}$]*)\}$/.exec(raw);
  if (!m || m[2]!.startsWith('-') || m[2]!.startsWith('=')) return undefined;
  const start = 3 + m[1]!.length;
  return { name: m[1]!, value: m[2]!, start, end: start + m[2]!.length };
}
