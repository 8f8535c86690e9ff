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
import * as l10n from '@vscode/l10n';
import { lastParam } from '../../extract/common';
import type { Param, Policy, Site } from '../../types';
import { chainOnly, setPolicy } from '../policy';
import { sentences } from '../../l10n';
import { fallbackSentence, impersonate, plaintext, startMysql } from './common';

const MODES = ['DISABLED', 'PREFERRED', 'REQUIRED', 'VERIFY_CA', 'VERIFY_IDENTITY'];

function todo(): string {
  return l10n.t('Use --ssl-mode=VERIFY_IDENTITY with --ssl-ca naming the root CA of your server or provider.');
}
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
  const maria = site.driverVariant === 'mariadb-client';
  const mariaFlags = site.params.filter((x) => /^--(skip-ssl|ssl|disable-ssl|enable-ssl|ssl-verify-server-cert|skip-ssl-verify-server-cert)$/.test(x.key));
  const policy = startMysql('mysql-client', site, {
    modeApplied: 'PREFERRED',
    modeKey: '--ssl-mode',
    modeParam: sslMode,
    modeWritten: sslMode?.value,
    dynamic: Boolean(sslMode?.dynamic),
  });
  const notes = policy.notes;
  if (p('--defaults-file') || p('--defaults-extra-file') || p('--login-path')) notes.push(l10n.t('An option file is named: it may set ssl-mode and ssl-ca too (the command line wins over it).'));
  else notes.push(l10n.t('Option files (~/.my.cnf, /etc/my.cnf) may set ssl-mode for options not given on the command line.'));
  if (policy.dynamic) return policy;

  if (maria || mariaFlags.length > 0) {
    const skip = site.params.find((x) => x.key === '--skip-ssl' || x.key === '--disable-ssl' || (x.key === '--ssl' && OFF.test(x.value)));
    const noVerify = site.params.find((x) => x.key === '--skip-ssl-verify-server-cert' || (x.key === '--ssl-verify-server-cert' && OFF.test(x.value)));
    notes.push(l10n.t("MariaDB client options (--ssl, --skip-ssl, --ssl-verify-server-cert) are not accepted by MySQL 8 clients, which stop with an error; MariaDB's client reads them. The verdict holds for MariaDB's client."));
    if (skip) {
      // `--skip-ssl` reads as --ssl=OFF in messages.
      policy.modeParam = skip.key === '--ssl' ? skip : { ...skip, key: '--ssl', value: `OFF (${skip.key})` };
      policy.modeApplied = l10n.t('no TLS (MariaDB client)');
      policy.explain = {
        weak: l10n.t('the MariaDB client connects without TLS, so {0} (MySQL 8 clients reject the option). Use --ssl --ssl-verify-server-cert with --ssl-ca naming the root CA of your server or provider.', plaintext()),
      };
      return setPolicy(policy, 'never', 'no', 'no');
    }
    if (noVerify) {
      policy.modeApplied = l10n.t('TLS without certificate verification (MariaDB client)');
      policy.disabledBy = { param: noVerify, what: noVerify.value ? `${noVerify.key}=${noVerify.value}` : noVerify.key };
      policy.explain = {
        disabled: l10n.t("the MariaDB client does not verify the server's certificate, so {0}. Use --ssl-verify-server-cert with --ssl-ca naming the root CA of your server or provider.", impersonate()),
      };
      return setPolicy(policy, 'always', 'no', 'no');
    }
    if (!sslMode) {
      policy.dynamic = true;
      policy.modeApplied = l10n.t('depends on the client (MariaDB or MySQL)');
      notes.push(l10n.t("MariaDB's client verifies the server certificate by default since 11.4 and with --ssl-verify-server-cert before (UNVERIFIED here): no verdict is given."));
      return policy;
    }
  }

  let applied: string;
  if (sslMode) {
    const m = mode(sslMode.value);
    if (!m) {
      policy.rejected = l10n.t('The client stops on {0}: valid values are {1} (any case, or a unique prefix)', `--ssl-mode=${sslMode.value}`, MODES.join(', '));
      notes.push(l10n.t({ message: '{0}.', args: [policy.rejected], comment: ['A clause ended as a sentence: {0} is a statement without its final period.'] }));
      return policy;
    }
    applied = m;
    if (m !== sslMode.value.toUpperCase()) notes.push(l10n.t('{0} is read as {1} (a unique prefix).', sslMode.value, m));
    if (ca && (m === 'DISABLED' || m === 'PREFERRED' || m === 'REQUIRED')) {
      notes.push(l10n.t('With {0} the client does not pass {1} to the library: "WARNING: no verification of server certificate will be done".', `--ssl-mode=${m}`, ca.key));
    }
  } else if (ca) {
    applied = 'VERIFY_CA';
    notes.push(l10n.t('{0} without --ssl-mode sets the mode to VERIFY_CA: the chain is verified, the host name is not.', ca.key));
  } else applied = 'PREFERRED';
  policy.modeApplied = sslMode ? applied : ca ? l10n.t('{0} (default, from {1})', applied, ca.key) : l10n.t('{0} (default)', applied);

  const verifies = applied === 'VERIFY_CA' || applied === 'VERIFY_IDENTITY';
  if (verifies) {
    if (ca && ca.key === '--ssl-ca' && !ca.dynamic) policy.trust = { kind: 'file', path: ca.value, param: ca };
    else if (!ca) {
      policy.trust = { kind: 'node-default', description: l10n.t("OpenSSL's default CA store (the system's)") };
      notes.push(l10n.t("No --ssl-ca: the library falls back to OpenSSL's default CA locations (UNVERIFIED)."));
    }
  }
  switch (applied) {
    case 'DISABLED':
      policy.explain = { weak: sentences(l10n.t('the mysql client connects without TLS, so {0}.', plaintext()), todo()) };
      return setPolicy(policy, 'never', 'no', 'no');
    case 'PREFERRED':
      policy.explain = {
        weak: sentences(
          fallbackSentence(l10n.t('the mysql client'), sslMode ? '' : l10n.t(' (PREFERRED is the default)')),
          todo(),
        ),
      };
      return setPolicy(policy, 'maybe', 'no', 'no');
    case 'REQUIRED':
      policy.explain = {
        weak: sentences(
          ca
            ? l10n.t("the mysql client encrypts but does not verify the server's certificate (and ignores {0}), so {1}.", ca.key, impersonate())
            : l10n.t("the mysql client encrypts but does not verify the server's certificate, so {0}.", impersonate()),
          todo(),
        ),
      };
      return setPolicy(policy, 'always', 'no', 'no');
    case 'VERIFY_CA':
      policy.explain = { noHost: chainOnly(l10n.t('the mysql client'), '', '--ssl-mode=VERIFY_IDENTITY') };
      return setPolicy(policy, 'always', 'yes', 'no');
    default:
      return setPolicy(policy, 'always', 'yes', 'yes');
  }
}
