/**
 * The JSON format, a public contract (docs/cli.md):
 * {"tool","version","filesScanned","findings":[{"file","line","column","endLine","endColumn","rule","severity","message","fixable"}]}
 * Key order is part of the contract: objects are built in that order.
 */
import { VERSION } from '../../engine';
import type { ScanReport } from '../report';

export function formatJson(report: ScanReport): string {
  const doc = {
    tool: 'dbtrust',
    version: VERSION,
    filesScanned: report.filesScanned,
    findings: report.findings.map((f) => ({
      file: f.file,
      line: f.region.startLine,
      column: f.region.startColumn,
      endLine: f.region.endLine,
      endColumn: f.region.endColumn,
      rule: f.rule,
      severity: f.severity,
      message: f.message,
      fixable: f.fixable,
    })),
  };
  return JSON.stringify(doc) + '\n';
}
