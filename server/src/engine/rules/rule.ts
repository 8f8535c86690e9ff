import type { AnalysedSite, Fix, RuleMeta, Span } from '../types';

/** What a rule reports; the engine adds the severity (config, local-host downgrade) and the site. */
export interface Report {
  span: Span;
  message: string;
  fixes: Fix[];
}

export interface Rule {
  meta: RuleMeta;
  check(site: AnalysedSite): Report[];
}

export const DOCS_BASE = 'https://github.com/dbtrust/dbtrust/blob/main/docs/rules/';

export function docsUrl(id: string): string {
  return `${DOCS_BASE}${id}.md`;
}
