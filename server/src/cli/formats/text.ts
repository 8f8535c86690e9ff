/** The text format: one line per finding, then a summary (and what was skipped). */
import * as l10n from '@vscode/l10n';
import { commaList } from '../../engine/l10n';
import type { ScanReport } from '../report';

/** `1 file`, `3 files`. */
function files(n: number): string {
  return n === 1 ? l10n.t('1 file') : l10n.t('{0} files', n);
}

/** How many large-file names the summary lists before "and N more". */
const MAX_NAMES = 10;

export function formatText(report: ScanReport): string {
  const out: string[] = [];
  const count = { error: 0, warning: 0, info: 0, hint: 0 };
  const withFindings = new Set<string>();
  for (const f of report.findings) {
    out.push(`${f.file}:${f.region.startLine}:${f.region.startColumn}: ${f.severity} ${f.rule}: ${f.message}`);
    count[f.severity]++;
    withFindings.add(f.file);
  }
  const scanned = files(report.filesScanned);
  if (report.findings.length === 0) {
    out.push(l10n.t('No problems in {0} scanned', scanned));
  } else {
    const parts = [
      count.error === 1 ? l10n.t('1 error') : l10n.t('{0} errors', count.error),
      count.warning === 1 ? l10n.t('1 warning') : l10n.t('{0} warnings', count.warning),
      l10n.t('{0} info', count.info),
    ];
    if (count.hint > 0) parts.push(count.hint === 1 ? l10n.t('1 hint') : l10n.t('{0} hints', count.hint));
    const problems = report.findings.length === 1 ? l10n.t('1 problem') : l10n.t('{0} problems', report.findings.length);
    out.push(l10n.t('{0} ({1}) in {2} of {3} scanned', problems, commaList(parts), withFindings.size, scanned));
  }
  if (report.skippedLarge.length > 0) {
    const names = report.skippedLarge.slice(0, MAX_NAMES).join(', ');
    const more = report.skippedLarge.length > MAX_NAMES ? l10n.t(', and {0} more', report.skippedLarge.length - MAX_NAMES) : '';
    out.push(l10n.t('skipped {0} over 2 MB: {1}', files(report.skippedLarge.length), names + more));
  }
  if (report.skippedBinary > 0) out.push(report.skippedBinary === 1 ? l10n.t('skipped 1 binary file') : l10n.t('skipped {0} binary files', report.skippedBinary));
  if (report.unreadable > 0) out.push(report.unreadable === 1 ? l10n.t('skipped 1 file that could not be read') : l10n.t('skipped {0} files that could not be read', report.unreadable));
  return out.join('\n') + '\n';
}
