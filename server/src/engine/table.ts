/**
 * A lookup table for keys that come from the text being read (identifiers, file extensions, URL
 * parameters, XML entities): it has no prototype, so `constructor`, `toString` or `__proto__` find
 * nothing instead of Object's own members.
 */
export function table<T>(entries: Record<string, T>): Readonly<Record<string, T | undefined>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T | undefined>, entries));
}
