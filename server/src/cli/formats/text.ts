/** The text format: one line per finding, then a summary (and what was skipped). */
import type { ScanReport } from '../report';

function plural(n: number, one: string, many: string = one + 's'): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** How many large-file names the summary lists before "and N more". */
const MAX_NAMES = 10;

export function formatText(report: ScanReport): string {
  const out: string[] = [];
  const count = { error: 0, warning: 0, info: 0, hint: 0 };
  const files = new Set<string>();
  for (const f of report.findings) {
    out.push(`${f.file}:${f.region.startLine}:${f.region.startColumn}: ${f.severity} ${f.rule}: ${f.message}`);
    count[f.severity]++;
    files.add(f.file);
  }
  const scanned = plural(report.filesScanned, 'file');
  if (report.findings.length === 0) {
    out.push(`No problems in ${scanned} scanned`);
  } else {
    const parts = [plural(count.error, 'error'), plural(count.warning, 'warning'), `${count.info} info`];
    if (count.hint > 0) parts.push(plural(count.hint, 'hint'));
    out.push(`${plural(report.findings.length, 'problem')} (${parts.join(', ')}) in ${files.size} of ${scanned} scanned`);
  }
  if (report.skippedLarge.length > 0) {
    const names = report.skippedLarge.slice(0, MAX_NAMES).join(', ');
    const more = report.skippedLarge.length > MAX_NAMES ? `, and ${report.skippedLarge.length - MAX_NAMES} more` : '';
    out.push(`skipped ${plural(report.skippedLarge.length, 'file')} over 2 MB: ${names}${more}`);
  }
  if (report.skippedBinary > 0) out.push(`skipped ${plural(report.skippedBinary, 'binary file')}`);
  if (report.unreadable > 0) out.push(`skipped ${plural(report.unreadable, 'file')} that could not be read`);
  return out.join('\n') + '\n';
}
