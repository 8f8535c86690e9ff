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
import { lastParam } from '../../extract/common';
import type { Policy, Site } from '../../types';
import { setPolicy } from '../policy';
import { ANY_CA_SERVER, IMPERSONATE, PLAINTEXT, startMysql } from './common';

const TRUE = ['1', 'true', 'TRUE', 'True'];
const FALSE = ['0', 'false', 'FALSE', 'False'];
const TODO = 'Use tls=true (the system roots and the host name), or a config registered with mysql.RegisterTLSConfig whose RootCAs hold the root CA of your server or provider.';

export function interpretGoMysql(site: Site): Policy {
  const tls = lastParam(site.params, 'tls');
  const fallback = lastParam(site.params, 'allowFallbackToPlaintext');
  const policy = startMysql('go-mysql', site, {
    modeApplied: 'false (no TLS)',
    modeKey: 'tls',
    modeParam: tls,
    modeWritten: tls?.value,
    dynamic: Boolean(tls?.dynamic || fallback?.dynamic),
  });
  const notes = policy.notes;
  if (policy.dynamic) return policy;
  const falls = fallback !== undefined && TRUE.includes(fallback.value);
  if (fallback && !falls && !FALSE.includes(fallback.value)) {
    policy.rejected = `go-sql-driver/mysql rejects allowFallbackToPlaintext=${fallback.value}: it takes true or false.`;
    notes.push(policy.rejected);
    return policy;
  }

  if (!tls || FALSE.includes(tls.value)) {
    policy.modeApplied = 'false (no TLS)';
    policy.explain = { weak: `go-sql-driver/mysql connects without TLS (${tls ? `tls=${tls.value}` : 'tls defaults to false'}), so ${PLAINTEXT}. ${TODO}` };
    return setPolicy(policy, 'never', 'no', 'no');
  }
  const lower = tls.value.toLowerCase();
  if (lower === 'skip-verify') {
    policy.modeApplied = 'TLS without verification (InsecureSkipVerify)';
    policy.disabledBy = { param: tls, what: `tls=${tls.value}` };
    policy.explain = { disabled: `go-sql-driver/mysql encrypts but sets InsecureSkipVerify: it accepts any certificate, so ${IMPERSONATE}.${falls ? ' allowFallbackToPlaintext=true also allows plaintext.' : ''} ${TODO}` };
    return setPolicy(policy, falls ? 'maybe' : 'always', 'no', 'no');
  }
  if (lower === 'preferred') {
    policy.modeApplied = 'preferred (TLS if offered, not verified, plaintext fallback)';
    policy.explain = { weak: `go-sql-driver/mysql uses TLS only when the server offers it, falls back to plaintext otherwise, and skips certificate verification (InsecureSkipVerify), so ${IMPERSONATE}. ${TODO}` };
    return setPolicy(policy, 'maybe', 'no', 'no');
  }

  let host: 'yes' | 'no' = 'yes';
  if (TRUE.includes(tls.value)) {
    policy.modeApplied = 'true (system roots, host name checked)';
    policy.trust = { kind: 'node-default', description: "the system's trust store (Go crypto/x509)" };
    notes.push("tls=true verifies the chain against the system's roots (crypto/x509) and the host name against the DSN host. Private CAs (Amazon RDS, for instance) are not in the system roots.");
  } else {
    const cfg = site.params.filter((p) => p.key.startsWith('tlsConfig'));
    if (cfg.length === 0) {
      policy.dynamic = true;
      policy.modeApplied = `custom TLS config "${tls.value}" (registered elsewhere)`;
      notes.push(`tls=${tls.value} names a config registered with mysql.RegisterTLSConfig outside this file, so no verdict is given (an unregistered name fails the connection).`);
      return policy;
    }
    const skip = lastParam(site.params, 'tlsConfig.InsecureSkipVerify');
    const callback = lastParam(site.params, 'tlsConfig.VerifyPeerCertificate') ?? lastParam(site.params, 'tlsConfig.VerifyConnection');
    const opaque = cfg.find((p) => p.key === 'tlsConfig' && p.dynamic);
    if (skip?.dynamic || (opaque && skip?.value !== 'true')) {
      policy.dynamic = true;
      policy.modeApplied = `custom TLS config "${tls.value}" (built at run time)`;
      return policy;
    }
    if (skip?.value === 'true') {
      policy.modeApplied = `custom TLS config "${tls.value}" with InsecureSkipVerify`;
      policy.disabledBy = { param: skip, what: `tls=${tls.value} (InsecureSkipVerify: true)` };
      if (callback) notes.push(`${callback.key.slice(10)} is set: with InsecureSkipVerify it is the only check; what it checks is not visible here.`);
      policy.explain = { disabled: `the TLS config registered for tls=${tls.value} accepts any certificate, so ${IMPERSONATE}. Remove InsecureSkipVerify and give RootCAs the root CA of your server or provider.` };
      return setPolicy(policy, falls ? 'maybe' : 'always', 'no', 'no');
    }
    if (callback) notes.push(`${callback.key.slice(10)} adds a check of its own after the standard verification.`);
    const roots = lastParam(site.params, 'tlsConfig.RootCAs');
    const sn = lastParam(site.params, 'tlsConfig.ServerName');
    policy.modeApplied = `custom TLS config "${tls.value}"`;
    notes.push(roots ? 'RootCAs is a pool built in code: the trusted CAs are not known here.' : 'The registered config has no RootCAs: the system roots are used.');
    if (!roots) policy.trust = { kind: 'node-default', description: "the system's trust store (Go crypto/x509)" };
    notes.push(sn ? `The certificate must match ServerName "${sn.value}" (not the DSN host).` : 'ServerName is empty, so go-sql-driver/mysql sets it to the DSN host: the host name is checked.');
    if (sn?.dynamic) host = 'no';
  }
  if (falls) {
    policy.explain = { weak: `allowFallbackToPlaintext=true: go-sql-driver/mysql continues in plaintext when the server (or anyone on the path) does not offer TLS, so the verification can be bypassed and ${PLAINTEXT}. Remove allowFallbackToPlaintext.` };
    return setPolicy(policy, 'maybe', 'yes', host);
  }
  if (host === 'no') policy.explain = { noHost: `the registered config's ServerName is computed, so which name is checked is not known here; ${ANY_CA_SERVER} if it is not the server's.` };
  return setPolicy(policy, 'always', 'yes', host);
}
