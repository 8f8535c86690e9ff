/** The ordered rule registry. */
import { expiredCa } from './expiredCa';
import { expiringCa } from './expiringCa';
import { implicitTrustStore } from './implicitTrustStore';
import { missingRoot } from './missingRoot';
import { noHostnameCheck } from './noHostnameCheck';
import { pinnedIntermediate } from './pinnedIntermediate';
import { pinnedServerCert } from './pinnedServerCert';
import { rejectedSetting } from './rejectedSetting';
import { retiredCa } from './retiredCa';
import type { Rule } from './rule';
import { trustFileUnreadable } from './trustFileUnreadable';
import { verificationDisabled } from './verificationDisabled';
import { weakSslmode } from './weakSslmode';

export const RULES: readonly Rule[] = [
  weakSslmode,
  verificationDisabled,
  noHostnameCheck,
  pinnedIntermediate,
  pinnedServerCert,
  missingRoot,
  expiredCa,
  expiringCa,
  retiredCa,
  trustFileUnreadable,
  implicitTrustStore,
  rejectedSetting,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}
