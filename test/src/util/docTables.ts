/**
 * The executable tables of docs/drivers/*.md: rows of every table that has an `example` column, with
 * the section (`## …`) they are under. Cells are split on unescaped `|`.
 */
import * as fs from 'node:fs';

export interface DocTableRow {
  section: string;
  /** The cell under a column, by its header in lower case; '' when the table has no such column. */
  get(column: string): string;
}

export function docTableRows(file: string): DocTableRow[] {
  const rows: DocTableRow[] = [];
  let section = '';
  let header: string[] | undefined;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('## ')) {
      section = line.slice(3).trim();
      header = undefined;
      continue;
    }
    if (!line.startsWith('|')) {
      header = undefined;
      continue;
    }
    const cells = line
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((c) => c.trim());
    if (!header) {
      header = cells.map((c) => c.toLowerCase());
      continue;
    }
    if (cells.every((c) => /^-+$/.test(c)) || !header.includes('example')) continue;
    const h = header;
    rows.push({ section, get: (column) => cells[h.indexOf(column)] ?? '' });
  }
  return rows;
}

/** A cell's code span unwrapped: `` `x` `` → `x`. */
export function unwrap(cell: string): string {
  return cell.replace(/^`(.*)`$/, '$1');
}
