/** Fix builders shared by rules. Fixes are data: edits on source spans. */
import * as l10n from '@vscode/l10n';
import { escapeFor } from '../scan';
import type { Edit, Fix, Param, Policy, Site } from '../types';

function modeKey(site: Site): string {
  return site.kind === 'env' ? 'PGSSLMODE' : 'sslmode';
}

function isModeParam(site: Site, p: Param | undefined): boolean {
  return p !== undefined && p.key.toLowerCase() === modeKey(site).toLowerCase();
}

/**
 * The edit that gives the written parameter `p` the value `value` (escaped for the site): its value
 * replaced in place, or, for a key written without `=` (`?sslmode&…`, which has no value to
 * replace), `=value` inserted after the key, which stays as written.
 */
export function valueEdit(site: Site, p: Param, value: string): Edit {
  const bare = p.valueSpan.start === p.keySpan.end && p.valueSpan.end === p.valueSpan.start && p.keySpan.end > p.keySpan.start;
  return { span: p.valueSpan, newText: escapeFor(site.escape, bare ? `${site.insertion?.assign ?? '='}${value}` : value) };
}

/**
 * The edit that makes the site's mode `value`: replaces the written sslmode value in place (keeping
 * its quotes), replaces a mode-implying parameter (`ssl=true`, `requiressl=1`) by `sslmode=value`, or
 * adds the parameter where the site takes one. Undefined when none of these is possible.
 */
export function setModeEdit(site: Site, policy: Policy, value: string): Edit | undefined {
  const key = modeKey(site);
  const p = policy.modeParam;
  if (isModeParam(site, p)) return valueEdit(site, p!, value);
  if (p && site.kind !== 'env') return { span: { start: p.keySpan.start, end: p.valueSpan.end }, newText: escapeFor(site.escape, `${key}=${value}`) };
  if (!site.insertion) return undefined;
  const ins = site.insertion;
  return { span: { start: ins.offset, end: ins.offset }, newText: escapeFor(site.escape, `${ins.prefix}${key}${ins.assign}${value}${ins.suffix}`) };
}

export function setModeFix(site: Site, policy: Policy, value = 'verify-full'): Fix[] {
  const edit = setModeEdit(site, policy, value);
  if (!edit) return [];
  return [{ title: l10n.t('Set {0}', `${modeKey(site)}=${value}`), edits: [edit], preferred: true }];
}

/** Where a mode diagnostic goes: the written value, or the whole connection string when absent. */
export function modeSpan(site: Site, policy: Policy) {
  return policy.modeParam ? policy.modeParam.valueSpan : (site.anchor ?? site.span);
}

/** How the mode reads in a message: `sslmode=require`, `PGSSLMODE=require`, or "No sslmode". */
export function modeLabel(site: Site, policy: Policy): string {
  const p = policy.modeParam;
  if (!p) return site.kind === 'env' ? l10n.t('{0} is not set', 'PGSSLMODE') : l10n.t('No {0}', policy.modeKey ?? 'sslmode');
  return `${p.key}=${p.value}${fallbackNote(p)}`;
}

/** ` — the default when PGSSLMODE is not set`, for a value that is the default of a run-time lookup; else ''. */
export function fallbackNote(p: Param | undefined): string {
  return p?.fallbackOf !== undefined ? l10n.t(' — the default when {0} is not set', p.fallbackOf) : '';
}
