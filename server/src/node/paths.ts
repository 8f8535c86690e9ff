import * as path from 'node:path';

/**
 * `child` relative to `root`, `/`-separated, when it lies inside `root` or is `root` itself ('');
 * undefined when it lies outside. Names that merely start with `..` (such as `...`) are inside.
 */
export function relativeWithin(root: string, child: string): string | undefined {
  const rel = path.relative(root, child);
  if (rel === '..' || rel.startsWith('..' + path.sep) || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join('/');
}

/** `relativeWithin`, excluding `root` itself. */
export function relativeInside(root: string, child: string): string | undefined {
  const rel = relativeWithin(root, child);
  return rel === '' ? undefined : rel;
}
