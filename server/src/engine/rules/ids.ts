/** The public rule ids: a contract with users' configs, suppressions and CI scripts. Never rename. */
export const RULE_IDS: readonly string[] = [
  'weak-sslmode',
  'verification-disabled',
  'no-hostname-check',
  'pinned-intermediate',
  'pinned-server-cert',
  'missing-root',
  'expired-ca',
  'expiring-ca',
  'retired-ca',
  'trust-file-unreadable',
  'implicit-trust-store',
  'rejected-setting',
];
