/**
 * node-postgres `ssl` options objects. Sources (node-postgres 8.23, brianc/node-postgres c9e5761; Node
 * tls.connect documentation, checked against Node 20):
 * - pg/lib/connection.js upgradeToSSL: `ssl: true` → tls.connect with Node's defaults; an object → its
 *   properties are assigned into the tls.connect options as they are. If the server answers the
 *   SSLRequest with 'N', node-postgres fails ("The server does not support SSL connections"): no
 *   plaintext fallback. It then sets `servername` to the host when the host is a name (not an IP
 *   address), over any servername of the object. `ssl: false` (or absent: pg/lib/defaults.js) → no TLS.
 * - pg/lib/connection-parameters.js: `config = Object.assign({}, config, parse(config.connectionString))`,
 *   so when the connection string makes pg-connection-string set `ssl` (sslmode, ssl, sslrootcert,
 *   sslcert, sslkey, sslnegotiation=direct), that value replaces the whole ssl object: nothing is merged.
 * - Node tls.connect `rejectUnauthorized`: "If not false, the server certificate is verified against the
 *   list of supplied CAs" (undefined, 0 and the string 'false' verify: checked with Node 20).
 * - `ca`: "Mozilla's CAs are completely replaced when CAs are explicitly specified"; NODE_EXTRA_CA_CERTS
 *   is not used either. Without `ca`: the bundled Mozilla store plus NODE_EXTRA_CA_CERTS.
 * - `checkServerIdentity` replaces the host-name check (tls.checkServerIdentity); the chain is still
 *   verified. A value that is not a function fails an assertion in tls.connect (ERR_INTERNAL_ASSERTION
 *   with Node 20), which node-postgres reports as a connection error.
 * ORMs (sequelize/sequelize v6.37.8 cb7f99a, src/dialects/postgres/connection-manager.js and
 * src/sequelize.js; typeorm/typeorm 281bfba, src/driver/postgres/PostgresDriver.ts createPool):
 * - Sequelize's postgres dialect builds the pg Client options from user, password, host, database and
 *   port, plus `_.pick(dialectOptions, [..., 'ssl', ...])`: `dialectOptions.ssl` reaches pg unchanged
 *   (its `require: true` is read by neither Sequelize nor pg, and Node's tls.connect ignores it); a
 *   top-level `ssl` option is never passed. With a URL as first argument, Sequelize assigns
 *   pg-connection-string's parse of it over dialectOptions. Sequelize 7 takes a dialect class instead.
 * - TypeORM passes `url` as connectionString and `ssl` to pg.Pool, then assigns `extra` over them.
 */
import * as l10n from '@vscode/l10n';
import { lastParam } from '../extract/common';
import type { Param, Policy, Site, TrustSource } from '../types';
import { nodeStore, setPolicy, startPolicy } from './policy';

export function interpretNodeSslObject(site: Site): Policy {
  const ssl = lastParam(site.params, 'ssl');
  const reject = lastParam(site.params, 'rejectUnauthorized');
  const ca = lastParam(site.params, 'ca');
  const identity = lastParam(site.params, 'checkServerIdentity');
  const conn = lastParam(site.params, 'connectionString');
  const unseen = spreadHides(site.params, reject);
  const ignored = lastParam(site.params, 'sequelize-ignored');
  if (ignored) return sequelizeIgnored(site, ssl!);
  if (ssl?.dynamic) {
    const p = startPolicy('node-postgres', localityView(site), { modeApplied: l10n.t('decided at run time'), trust: { kind: 'none' }, dynamic: true });
    p.notes.push(l10n.t('ssl is computed at run time ({0}): node-postgres uses TLS when the value is truthy, verifying unless it is an object with rejectUnauthorized: false.', ssl.value));
    return p;
  }
  // A connection string that sets TLS parameters replaces this object entirely.
  const replaced = conn !== undefined && !conn.dynamic && conn.value !== '';
  const badIdentity = identity !== undefined && identity.value !== 'function';
  const policy = startPolicy('node-postgres', localityView(site), {
    modeApplied: l10n.t('no TLS'),
    trust: trustOf(ca),
    dynamic: !replaced && !badIdentity && ssl?.value !== 'false' && reject?.dynamic === true,
  });
  const notes = policy.notes;

  if (replaced) {
    policy.modeApplied = l10n.t('replaced by the connection string (this ssl object is not used)');
    policy.trust = { kind: 'none' };
    notes.push(
      l10n.t(
        "The connectionString sets {0}: node-postgres assigns what it parses from the string over these options (pg/lib/connection-parameters.js), so its TLS settings replace this whole ssl object. See the connection string's own hover.",
        conn.value.split(',').join(', '),
      ),
    );
    return policy;
  }
  if (conn) notes.push(connectionNote(conn));
  if (ssl?.value === 'false') {
    policy.modeApplied = l10n.t('no TLS');
    notes.push(l10n.t('ssl: false: node-postgres connects without TLS.'));
    return setPolicy(policy, 'never', 'no', 'no');
  }
  if (badIdentity) {
    policy.rejected = l10n.t("{0} is not a function: Node's tls.connect throws, so node-postgres fails to connect", `checkServerIdentity: ${identity.value}`);
    policy.rejectedAt = identity;
    notes.push(l10n.t({ message: '{0}.', args: [policy.rejected], comment: ['A clause ended as a sentence: {0} is a statement without its final period.'] }));
    return policy;
  }
  // TLS itself is certain from here on; only its verification may be undecided.
  policy.encrypts = 'always';
  if (policy.dynamic) {
    policy.modeApplied = l10n.t('TLS; verification decided at run time');
    return policy;
  }
  if (unseen && reject?.value !== 'false') {
    policy.dynamic = true;
    policy.modeApplied = l10n.t('TLS; verification set partly by a spread object');
    notes.push(l10n.t('The ssl object spreads another object whose settings are not visible here, so no verdict is given.'));
    return policy;
  }
  notes.push(l10n.t('node-postgres requires TLS: if the server refuses it, the connection fails rather than falling back to plaintext.'));
  ormNotes(site, notes);
  caNotes(ca, notes);
  servernameNote(site, notes);

  if (reject?.value === 'false') {
    policy.modeApplied = l10n.t('TLS without certificate verification ({0})', 'rejectUnauthorized: false');
    policy.disabledBy = { param: reject, what: 'rejectUnauthorized: false' };
    return setPolicy(policy, 'always', 'no', 'no');
  }
  if (reject && reject.value !== 'true') {
    notes.push(l10n.t('{0} is not the boolean false, so Node verifies the certificate (it skips verification only for false).', `rejectUnauthorized: ${reject.value}`));
  } else if (!reject) {
    notes.push(l10n.t('rejectUnauthorized is not set: Node verifies the certificate, unless NODE_TLS_REJECT_UNAUTHORIZED=0 is set where it runs.'));
  }
  if (identity) {
    policy.modeApplied = l10n.t('verify-ca (checkServerIdentity overridden)');
    notes.push(
      l10n.t("checkServerIdentity replaces Node's host-name check: the chain is verified, but what the function checks is not visible here, so the host name counts as not verified."),
    );
    return setPolicy(policy, 'always', 'yes', 'no');
  }
  policy.modeApplied = ssl?.value === 'true' ? l10n.t('TLS with Node defaults (chain and host name verified)') : l10n.t('verify-full (chain and host name verified)');
  return setPolicy(policy, 'always', 'yes', 'yes');
}

/**
 * Local-connection facts need the real host. Without a host literal (a variable, PGHOST, the
 * connection string), the host is unknown here: node-postgres's localhost default is not assumed.
 */
export function localityView(site: Site): Site {
  const conn = lastParam(site.params, 'connectionString');
  return site.hosts.length === 0 || conn ? { ...site, hosts: [{ host: '' }] } : site;
}

export function trustOf(ca: Param | undefined): TrustSource {
  if (!ca) return { kind: 'node-default', description: nodeStore() };
  if (ca.dynamic) return { kind: 'none' };
  return { kind: 'file', path: ca.value, param: ca };
}

/** A spread in the ssl object (`...base`) may set rejectUnauthorized unless it is written after the spread. */
export function spreadHides(params: readonly Param[], reject: Param | undefined): boolean {
  const spread = lastParam(params, '...');
  if (!spread) return false;
  return !reject || reject.keySpan.start < spread.keySpan.start;
}

function connectionNote(conn: Param): string {
  if (conn.dynamic) {
    return l10n.t(
      'The options also give a connectionString, computed at run time: if it sets sslmode (or ssl, sslrootcert, sslcert, sslkey), node-postgres uses what the string implies instead of this ssl object (pg/lib/connection-parameters.js assigns the parsed string over the options).',
    );
  }
  return l10n.t('The connectionString sets no TLS parameter, so this ssl object applies.');
}

export function caNotes(ca: Param | undefined, notes: string[]): void {
  if (!ca) return;
  if (ca.dynamic && ca.value === 'inline PEM') {
    notes.push(l10n.t('ca holds certificates written in the source: dbtrust reads CA files only, so these trust anchors are not judged.'));
  } else if (ca.dynamic) {
    notes.push(l10n.t('ca is computed at run time, so the trusted CAs are not known here.'));
  } else {
    notes.push(l10n.t("ca replaces Node's built-in CA list (NODE_EXTRA_CA_CERTS is not used either): only the certificates in that file are trusted."));
  }
}

function servernameNote(site: Site, notes: string[]): void {
  const sn = lastParam(site.params, 'servername');
  if (!sn) return;
  notes.push(
    l10n.t(
      'node-postgres sets servername to the host itself when the host is a name rather than an IP address (pg/lib/connection.js), so this servername is used (for SNI and the host-name check) only with an IP address.',
    ),
  );
}

/** Sequelize v5/v6 never passes a top-level `ssl` to pg for the postgres dialect. */
function sequelizeIgnored(site: Site, ssl: Param): Policy {
  const policy = startPolicy('node-postgres', localityView(site), { modeApplied: l10n.t('ignored (Sequelize reads ssl from dialectOptions only)'), trust: { kind: 'none' }, dynamic: ssl.dynamic });
  policy.notes.push(
    l10n.t(
      "Sequelize's postgres dialect passes only user, password, host, database, port and dialectOptions (ssl among them) to node-postgres: this top-level ssl option has no effect. TLS then depends on dialectOptions.ssl, the connection URL's sslmode or PGSSLMODE.",
    ),
  );
  if (ssl.dynamic || ssl.value === 'false') return policy;
  policy.modeParam = ssl;
  policy.explain = {
    weak: l10n.t(
      'Sequelize (v5, v6) does not pass a top-level ssl option to node-postgres for the postgres dialect (it reads ssl from dialectOptions only), so this has no effect: node-postgres connects without TLS unless the connection URL sets sslmode or PGSSLMODE is set where it runs. Move it into dialectOptions: { ssl: … }.',
    ),
  };
  return policy;
}

function ormNotes(site: Site, notes: string[]): void {
  const req = lastParam(site.params, 'require');
  if (req) {
    notes.push(
      l10n.t(
        "{0} is not an option of node-postgres or of Node's tls.connect: Sequelize passes dialectOptions.ssl to pg unchanged, so it has no effect. TLS is used because ssl is an object; rejectUnauthorized decides verification.",
        `require: ${req.value}`,
      ),
    );
  }
  if (lastParam(site.params, 'sequelize')) {
    notes.push(
      l10n.t(
        'Sequelize passes dialectOptions.ssl to node-postgres as is. When the first argument of new Sequelize is a URL that sets sslmode (or ssl, sslrootcert…), Sequelize assigns what pg-connection-string parses from it over dialectOptions, replacing this object.',
      ),
    );
  }
  const ssl = lastParam(site.params, 'ssl');
  if (ssl?.fallbackOf !== undefined) {
    notes.push(l10n.t('{0} is the default when {1} is not set; a set value is a string, which node-postgres treats as true unless it is empty.', `ssl: ${ssl.value}`, ssl.fallbackOf));
  }
  const reject = lastParam(site.params, 'rejectUnauthorized');
  if (reject?.fallbackOf !== undefined) {
    notes.push(l10n.t('{0} is the default when {1} is not set; a set value is a string, and Node skips verification only for the boolean false.', `rejectUnauthorized: ${reject.value}`, reject.fallbackOf));
  }
}
