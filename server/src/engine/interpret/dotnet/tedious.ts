/**
 * tedious / mssql semantics (tediousjs/tedious a99826d, tediousjs/node-mssql 797a838 = mssql 9.1.1):
 * - tedious src/connection.ts: `encrypt` must be a boolean or 'strict' (else TypeError); default true
 *   since tedious 6.0.0 (commit 70ffe4a). `trustServerCertificate` must be a boolean; default false in
 *   9.0.0–11.0.x and since 15.0.0, true before 9.0.0 and in 11.1–14.x (checked per tag).
 * - encrypt false: the PRELOGIN says NOT_SUP (src/prelogin-payload.ts), so nothing is encrypted, not
 *   even the login; a server that requires encryption makes tedious fail ("Server requires encryption").
 * - encrypt true: message-io startTls → tls.connect({ host, servername, rejectUnauthorized:
 *   !trustServerCertificate }), so Node verifies chain and host name against its CA store (or
 *   cryptoCredentialsDetails) unless trustServerCertificate is true.
 * - encrypt 'strict' (TDS 8): wrapWithTls → tls.connect without rejectUnauthorized: always verified;
 *   trustServerCertificate is not used.
 * - mssql lib/tedious/connection-pool.js: options default to { encrypt: true, trustServerCertificate:
 *   false } (mssql 6.0.0 and 7.0.0 CHANGELOG); a connection string's Encrypt / TrustServerCertificate are
 *   coerced by @tediousjs/connection-string: 'false', 'no', '0' → false, any other text → true (so
 *   `Encrypt=strict` is plain true there).
 */
import * as l10n from '@vscode/l10n';
import type { Param, Policy, Site } from '../../types';
import { nodeStore, setPolicy, startPolicy } from '../policy';
import { lastOf, localityView, written } from './common';

/** How tedious sees a value: boolean, 'strict', or something it rejects. */
function objectValue(p: Param): boolean | 'strict' | 'invalid' {
  if (p.value === 'true') return true;
  if (p.value === 'false') return false;
  if (p.value === '"strict"') return 'strict';
  return 'invalid';
}

function stringValue(p: Param): boolean {
  return !['false', 'no', '0'].includes(p.value.trim().toLowerCase()) && p.value.trim() !== '';
}

export function interpretTedious(site: Site): Policy {
  const object = site.kind === 'object';
  const encrypt = lastOf(site.params, ['encrypt']);
  const tsc = lastOf(site.params, ['trustservercertificate']);
  const crypto = object ? lastOf(site.params, ['cryptocredentialsdetails']) : undefined;
  const serverName = object ? lastOf(site.params, ['servername']) : undefined;
  const raw = site.driverVariant === 'tedious-direct';
  const policy = startPolicy('tedious', localityView(site), {
    modeApplied: l10n.t('{0} (default)', 'true'),
    trust: crypto ? { kind: 'none' } : { kind: 'node-default', description: nodeStore() },
    dynamic: Boolean(encrypt?.dynamic || tsc?.dynamic),
    modeParam: encrypt,
    modeWritten: encrypt?.value,
  });
  policy.modeKey = 'encrypt';
  const notes = policy.notes;
  if (policy.dynamic) return policy;
  const sep = object ? ': ' : '=';
  const show = (p: Param): string => `${p.key.trim()}${sep}${p.value}`;

  let mode: boolean | 'strict' = true;
  if (encrypt) {
    const v = object ? objectValue(encrypt) : stringValue(encrypt);
    if (v === 'invalid') {
      policy.rejected = l10n.t('tedious throws for {0} ("The "encrypt" property must be set to "strict", or of type boolean").', `encrypt: ${encrypt.value}`);
      notes.push(policy.rejected);
      return policy;
    }
    mode = v;
    if (!object && v === true && !['true', 'yes'].includes(encrypt.value.trim().toLowerCase()))
      notes.push(
        encrypt.value.trim().toLowerCase() === 'strict'
          ? l10n.t("mssql reads {0} as true (any value but false, no and 0): strict needs encrypt: 'strict' in the options object.", written(encrypt))
          : l10n.t('mssql reads {0} as true (any value but false, no and 0): plain TLS.', written(encrypt)),
      );
    policy.modeApplied = String(v === 'strict' ? 'strict' : v);
  } else if (site.fragment) {
    policy.modeApplied = l10n.t('not set here');
    return policy;
  } else {
    notes.push(l10n.t('No encrypt: tedious (6.0+) and mssql (6.0+) encrypt by default.'));
  }
  let trust = false;
  if (tsc) {
    const v = object ? objectValue(tsc) : stringValue(tsc);
    if (v === 'invalid' || v === 'strict') {
      policy.rejected = l10n.t('tedious throws for {0} (it must be a boolean).', `trustServerCertificate: ${tsc.value}`);
      policy.rejectedAt = tsc;
      notes.push(policy.rejected);
      return policy;
    }
    trust = v;
  } else if (raw && mode === true) {
    notes.push(l10n.t('trustServerCertificate is not set: tedious defaults to false since 15.0.0 (and in 9.0–11.0), but to true in 11.1–14.x, where it accepts any certificate.'));
  }
  if (crypto) notes.push(l10n.t('cryptoCredentialsDetails sets the TLS context (for example its own ca): the trusted CAs are not read here.'));
  if (serverName) {
    notes.push(
      serverName.dynamic
        ? l10n.t('serverName: the certificate is checked against that name instead of the server.')
        : l10n.t('serverName: the certificate is checked against {0} instead of the server.', JSON.stringify(serverName.value)),
    );
  }

  if (mode === 'strict') {
    if (trust) notes.push(l10n.t("encrypt: 'strict' ignores {0}: tedious verifies the certificate (TDS 8).", show(tsc!)));
    return setPolicy(policy, 'always', 'yes', 'yes');
  }
  if (mode === false) {
    setPolicy(policy, 'never', 'no', 'no');
    policy.explain = {
      weak: l10n.t(
        'tedious connects without TLS (it tells the server it does not support encryption), so the password and data cross the network in plaintext; a server that requires encryption refuses it. Use {0} (the default).',
        object ? 'encrypt: true' : 'Encrypt=true',
      ),
    };
    if (trust) notes.push(l10n.t('{0} has no effect without encryption.', show(tsc!)));
    return policy;
  }
  if (trust) {
    policy.disabledBy = { param: tsc!, what: show(tsc!) };
    policy.explain = {
      disabled: l10n.t(
        "tedious encrypts but accepts any server certificate (rejectUnauthorized: false), so anyone on the network path can impersonate the server and read the password and data. Remove it, and give tedious the server's CA (cryptoCredentialsDetails: { ca }) when it is not publicly trusted; encrypt: 'strict' (TDS 8) always verifies.",
      ),
    };
    return setPolicy(policy, 'always', 'no', 'no');
  }
  return setPolicy(policy, 'always', 'yes', 'yes');
}
