/**
 * Loads the message bundle of a locale for the engine (the language server at `initialize`, the CLI
 * for `--locale` / DBTRUST_LOCALE). The bundles are `l10n/bundle.l10n.<locale>.json` at the
 * extension's root, next to dist/: English needs none (it is the text in the sources).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isLocaleTag, setMessages } from '../engine/l10n';

export { isLocaleTag };

/** Where the bundles are for code bundled into dist/ (dist/server.js, dist/cli.js). */
export const DEFAULT_L10N_DIR = path.join(__dirname, '..', 'l10n');

/** A bundle larger than this is not read (the Japanese one is a few hundred kilobytes). */
const MAX_BUNDLE_BYTES = 8 * 1024 * 1024;

/** The bundle names tried for a locale, most specific first: `ja-jp`, `ja`. Empty for English. */
export function localeCandidates(locale: string | undefined): string[] {
  if (locale === undefined || !isLocaleTag(locale)) return [];
  const tag = locale.toLowerCase().replace(/_/g, '-');
  const primary = tag.split('-')[0]!;
  if (primary === 'en') return [];
  return tag === primary ? [tag] : [tag, primary];
}

/**
 * Makes the engine speak `locale`: the first bundle found for it in `dir` is loaded, else English.
 * Returns the bundle's locale, or undefined when English is used. Never throws.
 */
export function useLocale(locale: string | undefined, dir: string = DEFAULT_L10N_DIR): string | undefined {
  for (const candidate of localeCandidates(locale)) {
    try {
      const file = path.join(dir, `bundle.l10n.${candidate}.json`);
      const stat = fs.statSync(file);
      if (!stat.isFile() || stat.size > MAX_BUNDLE_BYTES) continue;
      if (setMessages(JSON.parse(fs.readFileSync(file, 'utf8')))) return candidate;
    } catch {
      // Missing or unreadable: try the next candidate, then English.
    }
  }
  setMessages(undefined);
  return undefined;
}
