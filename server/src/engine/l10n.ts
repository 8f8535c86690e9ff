/**
 * Localisation of what the engine says (messages, fix titles, hover text, notes).
 *
 * Every user-visible sentence is written in English as an `l10n.t('…{0}…', arg)` call of
 * @vscode/l10n (pure JavaScript, no vscode dependency), which `npm run l10n` extracts into
 * l10n/bundle.l10n.json. Placeholders are filled after translation with values that are already
 * escaped for where they go (markdown cells, code spans); a translation never holds text from a
 * document, a trust file or a certificate.
 *
 * The engine never reads a bundle itself: its host (the language server, the CLI, a test) reads
 * `l10n/bundle.l10n.<locale>.json` and hands the parsed JSON to `setMessages`. Without a bundle, with
 * an unusable one, and for any message a bundle lacks, the English text is used.
 *
 * Messages are looked up when they are built (at lint or hover time), so no module keeps translated
 * text from its load time: tables of words are functions, not constants.
 */
import * as l10n from '@vscode/l10n';

/** The messages of one language: English text (or `text/comment`) → translation. */
export type MessageBundle = Record<string, string | { message: string; comment: string[] }>;

function isBundle(value: unknown): value is MessageBundle {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  for (const v of Object.values(value as Record<string, unknown>)) {
    if (typeof v === 'string') continue;
    if (typeof v === 'object' && v !== null && typeof (v as { message?: unknown }).message === 'string') continue;
    return false;
  }
  return true;
}

/**
 * Sets the messages the engine speaks from now on: a parsed bundle (e.g. the JSON of
 * l10n/bundle.l10n.ja.json), or undefined for English. Returns whether the bundle was taken; an
 * unusable value (not an object of strings) means English. Never throws.
 */
export function setMessages(bundle: unknown): boolean {
  const ok = bundle !== undefined && isBundle(bundle);
  // Entries that are empty or not strings fall back to English inside @vscode/l10n as well.
  l10n.config({ contents: ok ? bundle : {} });
  return ok;
}

/** A BCP 47-like language tag: `ja`, `ja-JP`, `zh-cn`, `pt_BR` (what may name a bundle file). */
export function isLocaleTag(locale: string): boolean {
  return /^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$/.test(locale);
}

/** Two sentences in a row (in English, separated by one space). */
export function sentences(first: string, second: string): string {
  return l10n.t({ message: '{0} {1}', args: [first, second], comment: ['Two sentences in a row: {0} is a complete sentence, {1} the next one.'] });
}

/** Items separated by commas: `A, B, C`. */
export function commaList(items: readonly string[]): string {
  let out = items[0] ?? '';
  for (const item of items.slice(1)) out = l10n.t({ message: '{0}, {1}', args: [out, item], comment: ['Items of a list before the last one.'] });
  return out;
}

/** Items separated by semicolons: `A; B; C` (clauses that hold commas themselves). */
export function semicolonList(items: readonly string[]): string {
  let out = items[0] ?? '';
  for (const item of items.slice(1)) out = l10n.t({ message: '{0}; {1}', args: [out, item], comment: ['Items of a list that hold commas themselves.'] });
  return out;
}

/** A list of two or more items: `A, B and C`. */
export function andList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return l10n.t({ message: '{0} and {1}', args: [commaList(items.slice(0, -1)), items[items.length - 1]!], comment: ['The last item of a list: "A, B and C".'] });
}

/** A list of alternatives: `A, B or C`. */
export function orList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return l10n.t({ message: '{0} or {1}', args: [commaList(items.slice(0, -1)), items[items.length - 1]!], comment: ['The last of a list of alternatives: "A, B or C".'] });
}
