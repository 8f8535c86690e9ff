/**
 * The edit behind "Suppress <rule> on this line": a `dbtrust-disable-next-line <rule>` comment on a
 * new line above, in the file's comment syntax and indentation. When the line above already holds
 * such a directive, the rule is added to its list instead. No edit is offered where a comment cannot
 * go: in a syntax without comments (JSON) or when the line begins inside a multi-line string or
 * block comment.
 */
import { detectLanguage } from './language';
import { scanText } from './scan';
import { LineIndex } from './text';
import type { Edit } from './types';

const EXISTING = /dbtrust-disable-next-line\b([^\n\r]*)/;

export function suppressionEdit(text: string, path: string, languageId: string | undefined, line: number, ruleId: string): Edit | undefined {
  const language = detectLanguage(path, languageId);
  const lines = new LineIndex(text);
  if (line < 0 || line >= lines.lineCount) return undefined;
  const start = lines.lineStart(line);
  const scan = scanText(text, language.family);
  // A line that begins inside a string or comment cannot take a comment line above it.
  if (scan.regions.some((r) => r.kind === 'string' && r.start < start && r.end >= start)) return undefined;
  if (scan.comments.some((c) => c.start < start && c.end > start)) return undefined;

  // The line above already suppresses other rules: add this one to its list.
  if (line > 0) {
    const above = text.slice(lines.lineStart(line - 1), start).replace(/\r?\n$|\r$/, '');
    const m = EXISTING.exec(above);
    if (m) {
      const listStart = lines.lineStart(line - 1) + m.index + 'dbtrust-disable-next-line'.length;
      const rest = m[1] ?? '';
      const listText = rest.split(/\s--\s|\s--$|\*\/|-->/)[0] ?? '';
      const ids = listText.split(',').map((s) => s.trim()).filter((s) => s !== '');
      if (ids.length === 0 || ids.includes(ruleId)) return undefined; // already covers every rule, or this one
      const end = listStart + listText.replace(/\s+$/, '').length;
      return { span: { start: end, end }, newText: `, ${ruleId}` };
    }
  }

  const indent = /^[ \t]*/.exec(text.slice(start, start + 200))![0];
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  const directive = `dbtrust-disable-next-line ${ruleId}`;
  const name = (path.split(/[\\/]/).pop() ?? '').toLowerCase();
  let comment: string;
  if (language.family.name === 'json' && !allowsComments(name, languageId)) return undefined;
  if (/\.(xml|config|csproj|props|targets)$/.test(name) || languageId === 'xml') comment = `<!-- ${directive} -->`;
  else if (language.lineComment !== undefined) comment = `${language.lineComment} ${directive}`;
  else if (language.family.blockComments.length > 0) {
    const [open, close] = language.family.blockComments[0]!;
    comment = `${open} ${directive} ${close}`;
  } else return undefined;
  return { span: { start, end: start }, newText: `${indent}${comment}${eol}` };
}

/**
 * JSON proper has no comments; JSON with comments does (jsonc, json5), and so do .NET's
 * appsettings*.json files (Microsoft.Extensions.Configuration reads them with comments allowed).
 */
function allowsComments(name: string, languageId: string | undefined): boolean {
  if (languageId === 'jsonc' || languageId === 'json5' || /\.(jsonc|json5)$/.test(name)) return true;
  return /^appsettings(\.[^.]+)*\.json$/.test(name);
}
