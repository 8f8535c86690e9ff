/**
 * rejected-setting: the driver refuses the TLS setting as written (an unknown sslmode, a value of the
 * wrong type, a combination it forbids), so the connection is never made. The interpreters say why
 * (Policy.rejected); the other rules judge nothing of such a setting.
 */
import * as l10n from '@vscode/l10n';
import type { AnalysedSite, Fix } from '../types';
import { modeSpan, valueEdit } from './fixes';
import { docsUrl, Report, Rule } from './rule';

const ID = 'rejected-setting';

export const rejectedSetting: Rule = {
  meta: {
    id: ID,
    defaultSeverity: 'error',
    get description() {
      return l10n.t('The driver refuses the TLS setting as written, so the connection fails.');
    },
    docsUrl: docsUrl(ID),
    fixable: true,
    // The driver refuses the setting before it connects anywhere.
    sameWhenLocal: true,
  },
  check({ site, policy }: AnalysedSite): Report[] {
    // A switch-off the driver also refuses (`sslmode=no-verify` for libpq) is verification-disabled's.
    if (policy.rejected === undefined || policy.dynamic || policy.disabledBy) return [];
    const at = policy.rejectedAt ?? policy.modeParam;
    const fixes: Fix[] = [];
    if (policy.rejectedInstead !== undefined && at) {
      fixes.push({ title: l10n.t('Set {0}', `${at.key}=${policy.rejectedInstead}`), edits: [valueEdit(site, at, policy.rejectedInstead)], preferred: true });
    }
    return [{ span: at ? at.valueSpan : modeSpan(site, policy), message: asSentence(policy.rejected), fixes }];
  },
};

/** The interpreter's reason as a sentence (each starts as one: a driver's name, a code span or a capital). */
function asSentence(text: string): string {
  const t = text.trim();
  return /[.!?。]$/.test(t) ? t : `${t}.`;
}
