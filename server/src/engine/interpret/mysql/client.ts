/**
 * The MySQL command-line clients (mysql/mysql-server: client/include/sslopt-vars.h,
 * client/include/sslopt-case.h; refman "Command Options for Encrypted Connections"):
 * - --ssl-mode DISABLED | PREFERRED (default) | REQUIRED | VERIFY_CA | VERIFY_IDENTITY, read with
 *   find_type (case-insensitive; an unknown value stops the client).
 * - --ssl-ca / --ssl-capath without an explicit --ssl-mode set the mode to VERIFY_CA (sslopt-case.h).
 * - With a mode below VERIFY_CA the CA options are not passed at all (sslopt-vars.h
 *   set_client_ssl_options prints "WARNING: no verification of server certificate will be done").
 * - PREFERRED continues in plaintext when the server does not offer TLS; REQUIRED and above fail.
 * - MySQL 8.0 removed the client options --ssl, --skip-ssl and --ssl-verify-server-cert (MariaDB's
 *   client still has them, and MariaDB 11.4+ verifies by default: UNVERIFIED here), so a command using
 *   them is read per client and judged only where both agree.
 */
import { lastParam } from '../../extract/common';
import type { Param, Policy, Site } from '../../types';
import { setPolicy } from '../policy';
import { ANY_CA_SERVER, FALLBACK, IMPERSONATE, PLAINTEXT, startMysql } from './common';

const MODES = ['DISABLED', 'PREFERRED', 'REQUIRED', 'VERIFY_CA', 'VERIFY_IDENTITY'];
const TODO = 'Use --ssl-mode=VERIFY_IDENTITY with --ssl-ca naming the root CA of your server or provider.';
const OFF = /^(0|off|false|no)$/i;

/** find_type: an exact name, else a unique prefix, case-insensitive. */
function mode(value: string): string | undefined {
  const v = value.toUpperCase();
  if (MODES.includes(v)) return v;
  const hits = MODES.filter((m) => m.startsWith(v));
  return v !== '' && hits.length === 1 ? hits[0] : undefined;
}

export function interpretMysqlClient(site: Site): Policy {
  const p = (k: string): Param | undefined => lastParam(site.params, k);
  const sslMode = p('--ssl-mode');
  const ca = p('--ssl-ca') ?? p('--ssl-capath');
  const maria = site.driverReason.includes("MariaDB's client") && !site.driverReason.includes('differs');
  const mariaFlags = site.params.filter((x) => /^--(skip-ssl|ssl|disable-ssl|enable-ssl|ssl-verify-server-cert|skip-ssl-verify-server-cert)$/.test(x.key));
  const policy = startMysql('mysql-client', site, {
    modeApplied: 'PREFERRED',
    modeKey: '--ssl-mode',
    modeParam: sslMode,
    modeWritten: sslMode?.value,
    dynamic: Boolean(sslMode?.dynamic),
  });
  const notes = policy.notes;
  if (p('--defaults-file') || p('--defaults-extra-file') || p('--login-path')) notes.push('An option file is named: it may set ssl-mode and ssl-ca too (the command line wins over it).');
  else notes.push('Option files (~/.my.cnf, /etc/my.cnf) may set ssl-mode for options not given on the command line.');
  if (policy.dynamic) return policy;

  if (maria || mariaFlags.length > 0) {
    const skip = site.params.find((x) => x.key === '--skip-ssl' || x.key === '--disable-ssl' || (x.key === '--ssl' && OFF.test(x.value)));
    const noVerify = site.params.find((x) => x.key === '--skip-ssl-verify-server-cert' || (x.key === '--ssl-verify-server-cert' && OFF.test(x.value)));
    notes.push("MariaDB client options (--ssl, --skip-ssl, --ssl-verify-server-cert) are not accepted by MySQL 8 clients, which stop with an error; MariaDB's client reads them. The verdict holds for MariaDB's client.");
    if (skip) {
      // `--skip-ssl` reads as --ssl=OFF in messages.
      policy.modeParam = skip.key === '--ssl' ? skip : { ...skip, key: '--ssl', value: `OFF (${skip.key})` };
      policy.modeApplied = 'no TLS (MariaDB client)';
      policy.explain = { weak: `the MariaDB client connects without TLS, so ${PLAINTEXT} (MySQL 8 clients reject the option). Use --ssl --ssl-verify-server-cert with --ssl-ca naming the root CA of your server or provider.` };
      return setPolicy(policy, 'never', 'no', 'no');
    }
    if (noVerify) {
      policy.modeApplied = 'TLS without certificate verification (MariaDB client)';
      policy.disabledBy = { param: noVerify, what: noVerify.value ? `${noVerify.key}=${noVerify.value}` : noVerify.key };
      policy.explain = { disabled: `the MariaDB client does not verify the server's certificate, so ${IMPERSONATE}. Use --ssl-verify-server-cert with --ssl-ca naming the root CA of your server or provider.` };
      return setPolicy(policy, 'always', 'no', 'no');
    }
    if (!sslMode) {
      policy.dynamic = true;
      policy.modeApplied = 'depends on the client (MariaDB or MySQL)';
      notes.push("MariaDB's client verifies the server certificate by default since 11.4 and with --ssl-verify-server-cert before (UNVERIFIED here): no verdict is given.");
      return policy;
    }
  }

  let applied: string;
  if (sslMode) {
    const m = mode(sslMode.value);
    if (!m) {
      policy.rejected = `the client stops on --ssl-mode=${sslMode.value}: valid values are ${MODES.join(', ')} (any case, or a unique prefix)`;
      notes.push(`${policy.rejected}.`);
      return policy;
    }
    applied = m;
    if (m !== sslMode.value.toUpperCase()) notes.push(`${sslMode.value} is read as ${m} (a unique prefix).`);
    if (ca && (m === 'DISABLED' || m === 'PREFERRED' || m === 'REQUIRED')) notes.push(`With --ssl-mode=${m} the client does not pass ${ca.key} to the library: "WARNING: no verification of server certificate will be done".`);
  } else if (ca) {
    applied = 'VERIFY_CA';
    notes.push(`${ca.key} without --ssl-mode sets the mode to VERIFY_CA: the chain is verified, the host name is not.`);
  } else applied = 'PREFERRED';
  policy.modeApplied = sslMode ? applied : `${applied} (default${ca ? `, from ${ca.key}` : ''})`;

  const verifies = applied === 'VERIFY_CA' || applied === 'VERIFY_IDENTITY';
  if (verifies) {
    if (ca && ca.key === '--ssl-ca' && !ca.dynamic) policy.trust = { kind: 'file', path: ca.value, param: ca };
    else if (!ca) {
      policy.trust = { kind: 'node-default', description: "OpenSSL's default CA store (the system's)" };
      notes.push("No --ssl-ca: the library falls back to OpenSSL's default CA locations (UNVERIFIED).");
    }
  }
  switch (applied) {
    case 'DISABLED':
      policy.explain = { weak: `the mysql client connects without TLS, so ${PLAINTEXT}. ${TODO}` };
      return setPolicy(policy, 'never', 'no', 'no');
    case 'PREFERRED':
      policy.explain = { weak: `the mysql client ${FALLBACK}${sslMode ? '' : ' (PREFERRED is the default)'}: ${IMPERSONATE}. ${TODO}` };
      return setPolicy(policy, 'maybe', 'no', 'no');
    case 'REQUIRED':
      policy.explain = { weak: `the mysql client encrypts but does not verify the server's certificate${ca ? ` (and ignores ${ca.key})` : ''}, so ${IMPERSONATE}. ${TODO}` };
      return setPolicy(policy, 'always', 'no', 'no');
    case 'VERIFY_CA':
      policy.explain = { noHost: `the mysql client verifies the certificate chain but not the host name, so ${ANY_CA_SERVER}. Use --ssl-mode=VERIFY_IDENTITY.` };
      return setPolicy(policy, 'always', 'yes', 'no');
    default:
      return setPolicy(policy, 'always', 'yes', 'yes');
  }
}
