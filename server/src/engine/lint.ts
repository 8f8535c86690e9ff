/** The engine's entry point: text → sites → policies → findings. */
import type { Config } from './config';
import { extractSites } from './extract';
import { interpret } from './interpret';
import { detectLanguage } from './language';
import { RULES } from './rules';
import { scanText } from './scan';
import { findSuppressions, isSuppressed } from './suppress';
import { LineIndex } from './text';
import type { AnalysedSite, Finding, LintResult, Severity } from './types';

export { detectLanguage };

export interface LintOptions {
  /** File path or URI path: decides the syntax (and, with the language id, the driver). */
  path: string;
  /** The editor's language id, when known. */
  languageId?: string;
  config?: Config;
  /** "Today" for date-dependent checks (CLI --now). */
  now?: Date;
}

/** Cheap literal prefilter: a file without any of these has no site. */
const PREFILTER = /postgres|PGSSL|ssl|jdbc:|dbname|host\s*=/i;

const RANK: Record<Severity, number> = { hint: 0, info: 1, warning: 2, error: 3 };

export function lint(text: string, options: LintOptions): LintResult {
  const language = detectLanguage(options.path, options.languageId);
  if (language.prose || !PREFILTER.test(text)) return { sites: [], findings: [] };
  const scan = scanText(text, language.family);
  const sites: AnalysedSite[] = extractSites(text, scan, language).map((site) => ({ site, policy: interpret(site) }));
  const findings: Finding[] = [];
  let lines: LineIndex | undefined;
  let suppressions: ReturnType<typeof findSuppressions> | undefined;
  sites.forEach((analysed, index) => {
    for (const rule of RULES) {
      const setting = options.config?.rules[rule.meta.id] ?? rule.meta.defaultSeverity;
      if (setting === 'off') continue;
      for (const report of rule.check(analysed)) {
        let severity: Severity = setting;
        let message = report.message;
        // Local connections (loopback, Unix sockets) are reported, but only as information.
        const local = analysed.policy.local;
        if (local && RANK[severity] > RANK.info) {
          severity = 'info';
          message +=
            local === 'socket'
              ? ' (Reported as information: the connection uses a Unix-domain socket, where libpq ignores sslmode.)'
              : ' (Reported as information: every host is on this machine.)';
        }
        lines ??= new LineIndex(text);
        suppressions ??= findSuppressions(text, lines);
        if (isSuppressed(suppressions, lines.positionAt(report.span.start).line, rule.meta.id)) continue;
        findings.push({ ruleId: rule.meta.id, severity, message, span: report.span, fixes: report.fixes, site: index });
      }
    }
  });
  findings.sort((a, b) => a.span.start - b.span.start || a.ruleId.localeCompare(b.ruleId));
  return { sites, findings };
}
