/**
 * postgres.js semantics (porsager/postgres 3.4.9, e7dfa14: src/index.js parseOptions, src/connection.js
 * secure; checked against a real server in docs/truth-table.md, the postgres.js rows):
 * - Where `ssl` comes from: the options object's `ssl` whenever the options have that key (`k in o`),
 *   else the URL's `ssl` query parameter, replaced by `sslmode` when the URL has one, and by
 *   'verify-full' when `sslrootcert=system`; a URL value `disable` or `false` is false; else the PGSSL
 *   environment variable (postgres.js builds the name as 'PG' + key: PGSSLMODE is not read); else false.
 *   (sslrootcert=system is refused by the server anyway: see below.)
 * - What it does: false → no TLS. 'prefer' → an SSLRequest; if the server refuses TLS, plaintext; else
 *   TLS with `rejectUnauthorized: false`. 'require' and 'allow' → TLS with `rejectUnauthorized: false`
 *   (no plaintext fallback). An object → its properties are tls.connect options. Any other truthy value
 *   (true, 'verify-full', 'verify-ca', 'no-verify', the string 'true', and 'disable' or 'false' written
 *   in the options rather than the URL) → tls.connect with Node's defaults: chain and host name verified
 *   against Node's CA store (plus NODE_EXTRA_CA_CERTS).
 * - The URL's query parameters that are not postgres.js options (sslrootcert, sslcert, sslkey,
 *   uselibpqcompat…) go into the startup message as run-time parameters; the server refuses a name it
 *   does not know ("unrecognized configuration parameter"), so the connection fails.
 * - servername is the host when it is a name (not for an IP address).
 */
import * as l10n from '@vscode/l10n';
import { lastParam } from '../extract/common';
import type { Param, Policy, Site } from '../types';
import { caNotes, localityView, spreadHides, trustOf } from './nodeSslObject';
import { nodeStore, setPolicy, startPolicy } from './policy';

/**
 * libpq's TLS and authentication keywords that are no server setting: in a postgres.js URL each is sent
 * to the server as a run-time parameter, which it refuses.
 */
const SENT_TO_SERVER = new Set([
  'sslrootcert', 'sslcert', 'sslkey', 'sslpassword', 'sslcrl', 'sslcrldir', 'sslsni', 'sslcompression', 'sslcertmode',
  'ssl_min_protocol_version', 'ssl_max_protocol_version', 'requiressl', 'uselibpqcompat', 'gssencmode', 'channel_binding', 'require_auth',
]);

/** The ssl values for which postgres.js encrypts without verifying ('prefer' also falls back to plaintext). */
const UNVERIFIED = ['require', 'allow', 'prefer'];

export function interpretPostgresJs(site: Site): Policy {
  return site.kind === 'object' ? interpretOptions(site) : interpretUrl(site);
}

/** A string value as written (`'require'`, or `"require"` from an environment default); undefined for anything else. */
function stringValue(p: Param | undefined): string | undefined {
  const v = p?.value;
  if (!v || v.length < 2) return undefined;
  const q = v[0];
  return (q === "'" || q === '"') && v.endsWith(q) ? v.slice(1, -1) : undefined;
}

function interpretUrl(site: Site): Policy {
  const mode = lastParam(site.params, 'sslmode');
  const sslKey = lastParam(site.params, 'ssl');
  const options = lastParam(site.params, 'options-ssl');
  const decisive = mode ?? sslKey;
  const policy = startPolicy('postgres-js', site, {
    modeApplied: l10n.t('no TLS'),
    trust: { kind: 'node-default', description: nodeStore() },
    dynamic: !options && decisive?.dynamic === true,
    modeParam: options ? undefined : (mode ?? sslKey),
    modeWritten: mode?.value,
  });
  const notes = policy.notes;
  const refused = site.params.find((p) => SENT_TO_SERVER.has(p.key));
  if (refused) {
    policy.dynamic = false;
    policy.modeApplied = l10n.t('none: the server refuses the connection');
    policy.rejected = ['sslrootcert', 'sslcert', 'sslkey'].includes(refused.key)
      ? l10n.t(
          'postgres.js has no {0} parameter: it sends {0} to the server as a run-time setting, which the server refuses ("unrecognized configuration parameter"), so the connection fails. postgres.js takes certificates in its options: {1}',
          refused.key,
          "ssl: { ca: fs.readFileSync('root.pem') }",
        )
      : l10n.t(
          'postgres.js has no {0} parameter: it sends {0} to the server as a run-time setting, which the server refuses ("unrecognized configuration parameter"), so the connection fails',
          refused.key,
        );
    policy.rejectedAt = refused;
    notes.push(l10n.t({ message: '{0}.', args: [policy.rejected], comment: ['A clause ended as a sentence: {0} is a statement without its final period.'] }));
    return policy;
  }
  if (options) {
    policy.modeApplied = l10n.t("replaced by the options' ssl");
    policy.trust = { kind: 'none' };
    notes.push(l10n.t("The options passed beside this URL set ssl: postgres.js takes ssl from the options whenever they have that key, so the URL's sslmode and ssl are not used. See the options' own hover."));
    return policy;
  }
  if (policy.dynamic) return policy;
  const value = decisive?.value;
  if (mode && sslKey) notes.push(l10n.t('postgres.js reads sslmode over ssl when the URL has both.'));
  if (value === undefined || value === 'disable' || value === 'false') {
    policy.modeApplied = l10n.t('no TLS');
    policy.explain = {
      weak:
        value === undefined
          ? l10n.t('postgres.js connects without TLS (unless PGSSL is set where it runs; it does not read PGSSLMODE), so passwords and data cross the network in plaintext. Use sslmode=verify-full (postgres.js verifies against Node\'s CA store, plus NODE_EXTRA_CA_CERTS).')
          : l10n.t("postgres.js connects without TLS, so passwords and data cross the network in plaintext. Use sslmode=verify-full (postgres.js verifies against Node's CA store, plus NODE_EXTRA_CA_CERTS)."),
    };
    return setPolicy(policy, 'never', 'no', 'no');
  }
  return byValue(policy, value, `${decisive!.key}=${value}`, false);
}

function interpretOptions(site: Site): Policy {
  const ssl = lastParam(site.params, 'ssl');
  const reject = lastParam(site.params, 'rejectUnauthorized');
  const ca = lastParam(site.params, 'ca');
  const identity = lastParam(site.params, 'checkServerIdentity');
  const view = localityView(site);
  if (!ssl || ssl.dynamic) {
    const p = startPolicy('postgres-js', view, { modeApplied: l10n.t('decided at run time'), trust: { kind: 'none' }, dynamic: true });
    if (ssl) p.notes.push(l10n.t('ssl is computed at run time ({0}): postgres.js uses TLS when the value is truthy, verifying unless it is require, allow or prefer, or an object with rejectUnauthorized: false.', ssl.value));
    return p;
  }
  const object = ssl.value === 'object';
  const policy = startPolicy('postgres-js', view, {
    modeApplied: l10n.t('no TLS'),
    trust: object ? trustOf(ca) : { kind: 'node-default', description: nodeStore() },
    dynamic: object && reject?.dynamic === true,
    modeParam: ssl,
  });
  const notes = policy.notes;
  if (ssl.fallbackOf !== undefined) {
    notes.push(l10n.t('{0} is the default when {1} is not set; a set value is a string: require, allow and prefer encrypt without verifying, any other non-empty value verifies.', `ssl: ${ssl.value}`, ssl.fallbackOf));
  }
  if (ssl.value === 'false') {
    policy.modeApplied = l10n.t('no TLS');
    policy.explain = { weak: l10n.t("postgres.js connects without TLS, so passwords and data cross the network in plaintext. Use ssl: 'verify-full' (Node's CA store), or an ssl object with ca set to the root CA of your server or provider.") };
    return setPolicy(policy, 'never', 'no', 'no');
  }
  if (ssl.value === 'true') return verified(policy, l10n.t('TLS with Node defaults (chain and host name verified)'));
  const str = stringValue(ssl);
  if (str !== undefined) {
    if (str === 'disable' || str === 'false') {
      notes.push(l10n.t("postgres.js turns '{0}' into false only in a URL: in the options it is a non-empty string, so TLS is used and the certificate verified. Write ssl: false to connect without TLS.", str));
    }
    return byValue(policy, str, `ssl: '${str}'`, true);
  }
  if (!object) return policy;
  // An object: Node's tls.connect options, as with node-postgres.
  policy.encrypts = 'always';
  notes.push(l10n.t("The ssl object is passed to Node's tls.connect: postgres.js requires TLS then, with no plaintext fallback."));
  caNotes(ca, notes);
  if (policy.dynamic) {
    policy.modeApplied = l10n.t('TLS; verification decided at run time');
    return policy;
  }
  if (spreadHides(site.params, reject) && reject?.value !== 'false') {
    policy.dynamic = true;
    policy.modeApplied = l10n.t('TLS; verification set partly by a spread object');
    notes.push(l10n.t('The ssl object spreads another object whose settings are not visible here, so no verdict is given.'));
    return policy;
  }
  if (reject?.value === 'false') {
    policy.modeApplied = l10n.t('TLS without certificate verification ({0})', 'rejectUnauthorized: false');
    policy.disabledBy = { param: reject, what: 'rejectUnauthorized: false' };
    policy.explain = {
      disabled: l10n.t(
        'postgres.js encrypts but accepts any certificate, so anyone on the network path can impersonate the server and read the password and data. Remove it or set it to true, and give ca the root CA of your server or provider when that CA is not publicly trusted.',
      ),
    };
    return setPolicy(policy, 'always', 'no', 'no');
  }
  if (identity) {
    policy.modeApplied = l10n.t('verify-ca (checkServerIdentity overridden)');
    notes.push(l10n.t("checkServerIdentity replaces Node's host-name check: the chain is verified, but what the function checks is not visible here, so the host name counts as not verified."));
    return setPolicy(policy, 'always', 'yes', 'no');
  }
  return verified(policy, l10n.t('verify-full (chain and host name verified)'));
}

/**
 * The meaning of an ssl value that is a string, from the URL or (`inOptions`) the options; `label`
 * names it in sentences.
 */
function byValue(policy: Policy, value: string, label: string, inOptions: boolean): Policy {
  if (!UNVERIFIED.includes(value)) {
    if (value !== 'verify-full' && value !== 'true') {
      policy.notes.push(
        l10n.t('postgres.js has no mode {0}: any value but require, allow and prefer (and, in a URL, disable and false) makes it verify the chain and the host name.', label),
      );
    }
    if (value === 'true') return verified(policy, l10n.t('TLS with Node defaults (chain and host name verified)'));
    return verified(policy, value === 'verify-full' ? l10n.t('verify-full (chain and host name verified)') : l10n.t('verified: chain and host name ({0} is not a mode postgres.js knows)', label));
  }
  policy.modeApplied = l10n.t('TLS without certificate verification ({0})', label);
  const fix = inOptions ? "ssl: 'verify-full'" : 'sslmode=verify-full';
  if (value === 'prefer') {
    policy.explain = {
      weak: l10n.t(
        "postgres.js tries TLS, falls back to plaintext when the server refuses it, and does not verify the server's certificate (it connects with rejectUnauthorized: false), so anyone on the network path can read or alter the traffic. Use {0}.",
        fix,
      ),
    };
    return setPolicy(policy, 'maybe', 'no', 'no');
  }
  policy.explain = {
    weak: l10n.t(
      "postgres.js encrypts but does not verify the server's certificate with {0} (it connects with rejectUnauthorized: false, unlike node-postgres), so anyone on the network path can impersonate the server. Use {1}.",
      label,
      fix,
    ),
  };
  return setPolicy(policy, 'always', 'no', 'no');
}

function verified(policy: Policy, applied: string): Policy {
  policy.modeApplied = applied;
  return setPolicy(policy, 'always', 'yes', 'yes');
}
