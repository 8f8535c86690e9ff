/** The ordered rule registry. */
import { noHostnameCheck } from './noHostnameCheck';
import type { Rule } from './rule';
import { verificationDisabled } from './verificationDisabled';
import { weakSslmode } from './weakSslmode';

export const RULES: readonly Rule[] = [weakSslmode, verificationDisabled, noHostnameCheck];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}
