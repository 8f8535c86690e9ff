/**
 * Escaping for hover markdown. Text from a document, a trust file or a certificate must stay text:
 * it may not end a table cell, start a code span, open a link or an image, or carry HTML.
 */

/** Every kind of line break, and tabs: a hover line or table row stays one line. */
// eslint-disable-next-line no-control-regex
const BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]+/g;
/** Other control characters and bidirectional overrides (which reorder what is shown): U+FFFD. */
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** One line of plain characters: line breaks become spaces, control characters U+FFFD. */
export function oneLine(s: string): string {
  return s.replace(BREAKS, ' ').replace(CONTROLS, '\uFFFD');
}

/** Escapes text from the document for a markdown table cell (or running text). */
export function cell(s: string): string {
  return oneLine(s).replace(/[\\`*_{}[\]<>|#]/g, (c) => '\\' + c);
}

/**
 * Escapes text that comes from a file or a certificate (attacker-controlled): every character that
 * markdown, its extensions or the editor give a meaning to is escaped, autolinks (`https://`, `www.`,
 * e-mail addresses) are broken, and text longer than `max` characters is cut.
 */
export function untrusted(s: string, max = 120): string {
  let t = oneLine(s);
  const chars = [...t];
  if (chars.length > max) t = chars.slice(0, max - 1).join('') + '…';
  return t
    .replace(/[\\`*_{}[\]()<>|#!~&@$^]/g, (c) => '\\' + c)
    .replace(/:(?=\/\/)/g, '\\:')
    .replace(/(www)\./gi, '$1\\.');
}

/** A code span that holds `s` literally whatever backticks it contains (for running text). */
export function code(s: string): string {
  const clean = oneLine(s);
  const longest = Math.max(0, ...(clean.match(/`+/g) ?? []).map((r) => r.length));
  if (longest === 0) return '`' + clean + '`';
  const fence = '`'.repeat(longest + 1);
  return `${fence} ${clean} ${fence}`;
}

/**
 * A code span inside a table cell. GFM splits a row at every `|` not preceded by an odd number of
 * backslashes, code spans included, and then drops one backslash before each `|`: so each `|` gets
 * backslashes enough to make their run odd.
 */
export function codeCell(s: string): string {
  return code(s).replace(/(\\*)\|/g, (_m, run: string) => run + (run.length % 2 === 0 ? '\\' : '\\\\') + '|');
}
