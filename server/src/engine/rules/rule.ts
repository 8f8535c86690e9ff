import type { AnalysedSite, Fix, RuleMeta, Severity, Span } from '../types';

/** What a rule reports; the engine adds the severity (config, local-host downgrade) and the site. */
export interface Report {
  span: Span;
  message: string;
  fixes: Fix[];
  /**
   * The severity of this report when the user has not configured the rule (default: the rule's
   * default severity). Used where one rule covers cases of different weight, e.g. a trust file that
   * is missing from the workspace (information) versus one that is an HTML page (error).
   */
  severity?: Severity;
}

/** What every rule may consult besides the site. */
export interface RuleContext {
  /** "Today" for expiry and rotation dates. */
  now: Date;
  /** expiring-ca reports CAs that expire within this many days. */
  expiryWindowDays: number;
  /** Absolute path of the linted document, when known (where new files go). */
  documentPath?: string;
  /** Absolute path of the workspace root, when there is one. */
  workspaceRoot?: string;
}

export interface Rule {
  meta: RuleMeta;
  check(site: AnalysedSite, ctx: RuleContext): Report[];
}

export const DOCS_BASE = 'https://github.com/dbtrust/dbtrust/blob/main/docs/rules/';

export function docsUrl(id: string): string {
  return `${DOCS_BASE}${id}.md`;
}
