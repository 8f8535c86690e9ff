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
import { lastParam } from '../extract/common';
import type { Param, Policy, Site, TrustSource } from '../types';
import { setPolicy, startPolicy } from './policy';

const NODE_STORE = "Node's bundled Mozilla CA store (plus NODE_EXTRA_CA_CERTS)";

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
    const p = startPolicy('node-postgres', localityView(site), { modeApplied: 'decided at run time', trust: { kind: 'none' }, dynamic: true });
    p.notes.push(`ssl is computed at run time (${ssl.value}): node-postgres uses TLS when the value is truthy, verifying unless it is an object with rejectUnauthorized: false.`);
    return p;
  }
  // A connection string that sets TLS parameters replaces this object entirely.
  const replaced = conn !== undefined && !conn.dynamic && conn.value !== '';
  const badIdentity = identity !== undefined && identity.value !== 'function';
  const policy = startPolicy('node-postgres', localityView(site), {
    modeApplied: 'no TLS',
    trust: trustOf(ca),
    dynamic: !replaced && !badIdentity && ssl?.value !== 'false' && reject?.dynamic === true,
  });
  const notes = policy.notes;

  if (replaced) {
    policy.modeApplied = 'replaced by the connection string (this ssl object is not used)';
    policy.trust = { kind: 'none' };
    notes.push(
      `The connectionString sets ${conn.value.split(',').join(', ')}: node-postgres assigns what it parses from the string over these options (pg/lib/connection-parameters.js), so its TLS settings replace this whole ssl object. See the connection string's own hover.`,
    );
    return policy;
  }
  if (conn) notes.push(connectionNote(conn));
  if (ssl?.value === 'false') {
    policy.modeApplied = 'no TLS';
    notes.push('ssl: false: node-postgres connects without TLS.');
    return setPolicy(policy, 'never', 'no', 'no');
  }
  if (badIdentity) {
    policy.rejected = `checkServerIdentity: ${identity.value} is not a function: Node's tls.connect throws, so node-postgres fails to connect`;
    notes.push(`${policy.rejected}.`);
    return policy;
  }
  // TLS itself is certain from here on; only its verification may be undecided.
  policy.encrypts = 'always';
  if (policy.dynamic) {
    policy.modeApplied = 'TLS; verification decided at run time';
    return policy;
  }
  if (unseen && reject?.value !== 'false') {
    policy.dynamic = true;
    policy.modeApplied = 'TLS; verification set partly by a spread object';
    notes.push('The ssl object spreads another object whose settings are not visible here, so no verdict is given.');
    return policy;
  }
  notes.push('node-postgres requires TLS: if the server refuses it, the connection fails rather than falling back to plaintext.');
  ormNotes(site, notes);
  caNotes(ca, notes);
  servernameNote(site, notes);

  if (reject?.value === 'false') {
    policy.modeApplied = 'TLS without certificate verification (rejectUnauthorized: false)';
    policy.disabledBy = { param: reject, what: 'rejectUnauthorized: false' };
    return setPolicy(policy, 'always', 'no', 'no');
  }
  if (reject && reject.value !== 'true') {
    notes.push(`rejectUnauthorized: ${reject.value} is not the boolean false, so Node verifies the certificate (it skips verification only for false).`);
  } else if (!reject) {
    notes.push('rejectUnauthorized is not set: Node verifies the certificate, unless NODE_TLS_REJECT_UNAUTHORIZED=0 is set where it runs.');
  }
  if (identity) {
    policy.modeApplied = 'verify-ca (checkServerIdentity overridden)';
    notes.push(
      "checkServerIdentity replaces Node's host-name check: the chain is verified, but what the function checks is not visible here, so the host name counts as not verified.",
    );
    return setPolicy(policy, 'always', 'yes', 'no');
  }
  policy.modeApplied = ssl?.value === 'true' ? 'TLS with Node defaults (chain and host name verified)' : 'verify-full (chain and host name verified)';
  return setPolicy(policy, 'always', 'yes', 'yes');
}

/**
 * Local-connection facts need the real host. Without a host literal (a variable, PGHOST, the
 * connection string), the host is unknown here: node-postgres's localhost default is not assumed.
 */
function localityView(site: Site): Site {
  const conn = lastParam(site.params, 'connectionString');
  return site.hosts.length === 0 || conn ? { ...site, hosts: [{ host: '' }] } : site;
}

function trustOf(ca: Param | undefined): TrustSource {
  if (!ca) return { kind: 'node-default', description: NODE_STORE };
  if (ca.dynamic) return { kind: 'none' };
  return { kind: 'file', path: ca.value, param: ca };
}

/** A spread in the ssl object (`...base`) may set rejectUnauthorized unless it is written after the spread. */
function spreadHides(params: readonly Param[], reject: Param | undefined): boolean {
  const spread = lastParam(params, '...');
  if (!spread) return false;
  return !reject || reject.keySpan.start < spread.keySpan.start;
}

function connectionNote(conn: Param): string {
  if (conn.dynamic) {
    return 'The options also give a connectionString, computed at run time: if it sets sslmode (or ssl, sslrootcert, sslcert, sslkey), node-postgres uses what the string implies instead of this ssl object (pg/lib/connection-parameters.js assigns the parsed string over the options).';
  }
  return 'The connectionString sets no TLS parameter, so this ssl object applies.';
}

function caNotes(ca: Param | undefined, notes: string[]): void {
  if (!ca) return;
  if (ca.dynamic && ca.value === 'inline PEM') {
    notes.push('ca holds certificates written in the source: dbtrust reads CA files only, so these trust anchors are not judged.');
  } else if (ca.dynamic) {
    notes.push('ca is computed at run time, so the trusted CAs are not known here.');
  } else {
    notes.push("ca replaces Node's built-in CA list (NODE_EXTRA_CA_CERTS is not used either): only the certificates in that file are trusted.");
  }
}

function servernameNote(site: Site, notes: string[]): void {
  const sn = lastParam(site.params, 'servername');
  if (!sn) return;
  notes.push(
    'node-postgres sets servername to the host itself when the host is a name rather than an IP address (pg/lib/connection.js), so this servername is used (for SNI and the host-name check) only with an IP address.',
  );
}

/** Sequelize v5/v6 never passes a top-level `ssl` to pg for the postgres dialect. */
function sequelizeIgnored(site: Site, ssl: Param): Policy {
  const policy = startPolicy('node-postgres', localityView(site), { modeApplied: 'ignored (Sequelize reads ssl from dialectOptions only)', trust: { kind: 'none' }, dynamic: ssl.dynamic });
  policy.notes.push(
    "Sequelize's postgres dialect passes only user, password, host, database, port and dialectOptions (ssl among them) to node-postgres: this top-level ssl option has no effect. TLS then depends on dialectOptions.ssl, the connection URL's sslmode or PGSSLMODE.",
  );
  if (ssl.dynamic || ssl.value === 'false') return policy;
  policy.modeParam = ssl;
  policy.explain = {
    weak:
      "Sequelize (v5, v6) does not pass a top-level ssl option to node-postgres for the postgres dialect (it reads ssl from dialectOptions only), so this has no effect: node-postgres connects without TLS unless the connection URL sets sslmode or PGSSLMODE is set where it runs. Move it into dialectOptions: { ssl: … }.",
  };
  return policy;
}

function ormNotes(site: Site, notes: string[]): void {
  const req = lastParam(site.params, 'require');
  if (req) {
    notes.push(
      `require: ${req.value} is not an option of node-postgres or of Node's tls.connect: Sequelize passes dialectOptions.ssl to pg unchanged, so it has no effect. TLS is used because ssl is an object; rejectUnauthorized decides verification.`,
    );
  }
  if (lastParam(site.params, 'sequelize')) {
    notes.push(
      'Sequelize passes dialectOptions.ssl to node-postgres as is. When the first argument of new Sequelize is a URL that sets sslmode (or ssl, sslrootcert…), Sequelize assigns what pg-connection-string parses from it over dialectOptions, replacing this object.',
    );
  }
  const ssl = lastParam(site.params, 'ssl');
  if (ssl?.fallbackOf !== undefined) notes.push(`ssl: ${ssl.value} is the default when ${ssl.fallbackOf} is not set; a set value is a string, which node-postgres treats as true unless it is empty.`);
  const reject = lastParam(site.params, 'rejectUnauthorized');
  if (reject?.fallbackOf !== undefined) notes.push(`rejectUnauthorized: ${reject.value} is the default when ${reject.fallbackOf} is not set; a set value is a string, and Node skips verification only for the boolean false.`);
}
