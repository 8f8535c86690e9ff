/**
 * go-sql-driver/mysql (416cd99, v1.10; README "tls", "allowFallbackToPlaintext"; dsn.go, utils.go):
 * - `tls` defaults to false (no TLS). readBool takes 1/true/TRUE/True and 0/false/FALSE/False;
 *   `skip-verify` and `preferred` are matched case-insensitively; anything else names a config
 *   registered with RegisterTLSConfig (an unknown name fails ParseDSN).
 * - normalize(): true → &tls.Config{} (system roots, crypto/x509); skip-verify →
 *   InsecureSkipVerify; preferred → InsecureSkipVerify plus AllowFallbackToPlaintext ("neither
 *   skip-verify nor preferred add any reliable security"). A config without ServerName and without
 *   InsecureSkipVerify gets the DSN host as ServerName (host name checked, since 1.4).
 * - allowFallbackToPlaintext=true: plaintext when the server does not offer TLS (since 1.7).
 */
import * as l10n from '@vscode/l10n';
import { lastParam } from '../../extract/common';
import type { Policy, Site } from '../../types';
import { sentences } from '../../l10n';
import { setPolicy } from '../policy';
import { anyCaServer, impersonate, plaintext, startMysql } from './common';

const TRUE = ['1', 'true', 'TRUE', 'True'];
const FALSE = ['0', 'false', 'FALSE', 'False'];
function todo(): string {
  return l10n.t('Use tls=true (the system roots and the host name), or a config registered with mysql.RegisterTLSConfig whose RootCAs hold the root CA of your server or provider.');
}

function systemTrust(): string {
  return l10n.t("the system's trust store (Go crypto/x509)");
}

export function interpretGoMysql(site: Site): Policy {
  const tls = lastParam(site.params, 'tls');
  const fallback = lastParam(site.params, 'allowFallbackToPlaintext');
  const policy = startMysql('go-mysql', site, {
    modeApplied: l10n.t('false (no TLS)'),
    modeKey: 'tls',
    modeParam: tls,
    modeWritten: tls?.value,
    dynamic: Boolean(tls?.dynamic || fallback?.dynamic),
  });
  const notes = policy.notes;
  if (policy.dynamic) return policy;
  const falls = fallback !== undefined && TRUE.includes(fallback.value);
  if (fallback && !falls && !FALSE.includes(fallback.value)) {
    policy.rejected = l10n.t('go-sql-driver/mysql rejects {0}: it takes true or false.', `allowFallbackToPlaintext=${fallback.value}`);
    policy.rejectedAt = fallback;
    notes.push(policy.rejected);
    return policy;
  }

  if (!tls || FALSE.includes(tls.value)) {
    policy.modeApplied = l10n.t('false (no TLS)');
    policy.explain = {
      weak: sentences(
        tls
          ? l10n.t('go-sql-driver/mysql connects without TLS ({0}), so {1}.', `tls=${tls.value}`, plaintext())
          : l10n.t('go-sql-driver/mysql connects without TLS (tls defaults to false), so {0}.', plaintext()),
        todo(),
      ),
    };
    return setPolicy(policy, 'never', 'no', 'no');
  }
  const lower = tls.value.toLowerCase();
  if (lower === 'skip-verify') {
    policy.modeApplied = l10n.t('TLS without verification (InsecureSkipVerify)');
    policy.disabledBy = { param: tls, what: `tls=${tls.value}` };
    const what = l10n.t('go-sql-driver/mysql encrypts but sets InsecureSkipVerify: it accepts any certificate, so {0}.', impersonate());
    policy.explain = { disabled: sentences(falls ? sentences(what, l10n.t('allowFallbackToPlaintext=true also allows plaintext.')) : what, todo()) };
    return setPolicy(policy, falls ? 'maybe' : 'always', 'no', 'no');
  }
  if (lower === 'preferred') {
    policy.modeApplied = l10n.t('preferred (TLS if offered, not verified, plaintext fallback)');
    policy.explain = {
      weak: sentences(
        l10n.t('go-sql-driver/mysql uses TLS only when the server offers it, falls back to plaintext otherwise, and skips certificate verification (InsecureSkipVerify), so {0}.', impersonate()),
        todo(),
      ),
    };
    return setPolicy(policy, 'maybe', 'no', 'no');
  }

  let host: 'yes' | 'no' = 'yes';
  if (TRUE.includes(tls.value)) {
    policy.modeApplied = l10n.t('true (system roots, host name checked)');
    policy.trust = { kind: 'node-default', description: systemTrust() };
    notes.push(l10n.t("tls=true verifies the chain against the system's roots (crypto/x509) and the host name against the DSN host. Private CAs (Amazon RDS, for instance) are not in the system roots."));
  } else {
    const cfg = site.params.filter((p) => p.key.startsWith('tlsConfig'));
    if (cfg.length === 0) {
      policy.dynamic = true;
      policy.modeApplied = l10n.t('custom TLS config "{0}" (registered elsewhere)', tls.value);
      notes.push(l10n.t('{0} names a config registered with mysql.RegisterTLSConfig outside this file, so no verdict is given (an unregistered name fails the connection).', `tls=${tls.value}`));
      return policy;
    }
    const skip = lastParam(site.params, 'tlsConfig.InsecureSkipVerify');
    const callback = lastParam(site.params, 'tlsConfig.VerifyPeerCertificate') ?? lastParam(site.params, 'tlsConfig.VerifyConnection');
    const opaque = cfg.find((p) => p.key === 'tlsConfig' && p.dynamic);
    if (skip?.dynamic || (opaque && skip?.value !== 'true')) {
      policy.dynamic = true;
      policy.modeApplied = l10n.t('custom TLS config "{0}" (built at run time)', tls.value);
      return policy;
    }
    if (skip?.value === 'true') {
      policy.modeApplied = l10n.t('custom TLS config "{0}" with InsecureSkipVerify', tls.value);
      policy.disabledBy = { param: skip, what: `tls=${tls.value} (InsecureSkipVerify: true)` };
      if (callback) notes.push(l10n.t('{0} is set: with InsecureSkipVerify it is the only check; what it checks is not visible here.', callback.key.slice(10)));
      policy.explain = {
        disabled: l10n.t('the TLS config registered for {0} accepts any certificate, so {1}. Remove InsecureSkipVerify and give RootCAs the root CA of your server or provider.', `tls=${tls.value}`, impersonate()),
      };
      return setPolicy(policy, falls ? 'maybe' : 'always', 'no', 'no');
    }
    if (callback) notes.push(l10n.t('{0} adds a check of its own after the standard verification.', callback.key.slice(10)));
    const roots = lastParam(site.params, 'tlsConfig.RootCAs');
    const sn = lastParam(site.params, 'tlsConfig.ServerName');
    policy.modeApplied = l10n.t('custom TLS config "{0}"', tls.value);
    notes.push(roots ? l10n.t('RootCAs is a pool built in code: the trusted CAs are not known here.') : l10n.t('The registered config has no RootCAs: the system roots are used.'));
    if (!roots) policy.trust = { kind: 'node-default', description: systemTrust() };
    notes.push(sn ? l10n.t('The certificate must match ServerName "{0}" (not the DSN host).', sn.value) : l10n.t('ServerName is empty, so go-sql-driver/mysql sets it to the DSN host: the host name is checked.'));
    if (sn?.dynamic) host = 'no';
  }
  if (falls) {
    policy.explain = {
      weak: l10n.t(
        'allowFallbackToPlaintext=true: go-sql-driver/mysql continues in plaintext when the server (or anyone on the path) does not offer TLS, so the verification can be bypassed and {0}. Remove allowFallbackToPlaintext.',
        plaintext(),
      ),
    };
    return setPolicy(policy, 'maybe', 'yes', host);
  }
  if (host === 'no') policy.explain = { noHost: l10n.t("the registered config's ServerName is computed, so which name is checked is not known here; {0} if it is not the server's.", anyCaServer()) };
  return setPolicy(policy, 'always', 'yes', host);
}
