/**
 * PDO MySQL with mysqlnd (php/php-src 00443c7: ext/pdo_mysql/mysql_driver.c pdo_mysql_handle_factory;
 * ext/mysqlnd/mysqlnd_connection.c get_updated_connect_flags; mysqlnd_commands.c enable_ssl;
 * mysqlnd_vio.c enable_ssl):
 * - The DSN's keys are charset, dbname, host, port, unix_socket, user, password: sslmode or any other
 *   key in the DSN is ignored. host=localhost means the Unix socket.
 * - MYSQL_ATTR_SSL_KEY / _CERT / _CA / _CAPATH / _CIPHER: any of them makes mysqlnd ask for TLS
 *   (CLIENT_SSL); a server without TLS then fails the connection. Without them: no TLS.
 * - MYSQL_ATTR_SSL_VERIFY_SERVER_CERT (mysqlnd only): false → no verification (verify_peer and
 *   verify_peer_name off); true → both on; absent → both on, because an SSL attribute is set
 *   (MYSQLND_SSL_PEER_DEFAULT_ACTION is VERIFY). verify_peer_name checks the host name.
 * - PHP's OpenSSL streams: cafile replaces the default store (openssl.cafile / the system's).
 */
import * as l10n from '@vscode/l10n';
import { lastParam } from '../../extract/common';
import type { Policy, Site } from '../../types';
import { sentences } from '../../l10n';
import { setPolicy } from '../policy';
import { impersonate, plaintext, startMysql } from './common';

const SSL_ATTRS = ['MYSQL_ATTR_SSL_KEY', 'MYSQL_ATTR_SSL_CERT', 'MYSQL_ATTR_SSL_CA', 'MYSQL_ATTR_SSL_CAPATH', 'MYSQL_ATTR_SSL_CIPHER'];
const DSN_TLS_KEYS = /^(sslmode|ssl-mode|ssl_mode|ssl|sslca|ssl-ca|ssl_ca|sslrootcert|tls|usessl|requiressl|encrypt)$/i;
function todo(): string {
  return l10n.t('Set PDO::MYSQL_ATTR_SSL_CA to the root CA of your server or provider (PDO then verifies the certificate and the host name).');
}

export function interpretPdoMysql(site: Site): Policy {
  const dsnTls = site.params.filter((p) => DSN_TLS_KEYS.test(p.key) && !p.key.startsWith('MYSQL_ATTR'));
  const attrs = site.params.filter((p) => SSL_ATTRS.includes(p.key));
  const verify = lastParam(site.params, 'MYSQL_ATTR_SSL_VERIFY_SERVER_CERT');
  const options = lastParam(site.params, 'options');
  const filtered = lastParam(site.params, 'array_filter');
  const policy = startMysql('pdo-mysql', site, {
    modeApplied: l10n.t('no TLS'),
    modeKey: 'PDO::MYSQL_ATTR_SSL_*',
    modeParam: dsnTls[0],
    modeWritten: dsnTls[0] ? l10n.t('{0} (in the DSN: ignored)', `${dsnTls[0].key}=${dsnTls[0].value}`) : undefined,
  });
  const notes = policy.notes;
  for (const p of dsnTls) {
    notes.push(
      l10n.t(
        '{0} in the DSN is ignored: PDO MySQL reads only charset, dbname, host, port, unix_socket, user and password there; TLS is set only by the PDO::MYSQL_ATTR_SSL_* options.',
        `\`${p.key}=${p.value}\``,
      ),
    );
  }
  if (options) {
    policy.dynamic = true;
    notes.push(l10n.t('The PDO options are built elsewhere, so the TLS attributes are not known here.'));
    return policy;
  }
  if (site.fragment && attrs.length === 0 && !verify) {
    policy.modeApplied = l10n.t('set by the PDO options (not written with this DSN)');
    if (dsnTls.length) {
      policy.explain = { weak: sentences(l10n.t('PDO MySQL ignores it: TLS is set only by the PDO::MYSQL_ATTR_SSL_* options, never by the DSN.'), todo()) };
      return setPolicy(policy, 'unknown', 'unknown', 'unknown');
    }
    return policy;
  }
  const known = attrs.filter((p) => !p.dynamic && p.value !== 'null' && p.value !== '');
  const dynamicAttrs = attrs.filter((p) => p.dynamic);
  if (known.length === 0 && dynamicAttrs.length > 0) {
    policy.dynamic = true;
    policy.modeApplied = l10n.t('TLS if the SSL options are set where it runs');
    const names = dynamicAttrs.map((p) => `PDO::${p.key}`).join(', ');
    const decided =
      dynamicAttrs.length > 1
        ? filtered
          ? l10n.t('{0} are decided at run time and dropped by array_filter when empty (then: no TLS).', names)
          : l10n.t('{0} are decided at run time.', names)
        : filtered
          ? l10n.t('{0} is decided at run time and dropped by array_filter when empty (then: no TLS).', names)
          : l10n.t('{0} is decided at run time.', names);
    const whenSet =
      verify && /^(false|0)$/.test(verify.value)
        ? l10n.t('When set, mysqlnd requires TLS and verifies the certificate and the host name — except that MYSQL_ATTR_SSL_VERIFY_SERVER_CERT is false here.')
        : l10n.t('When set, mysqlnd requires TLS and verifies the certificate and the host name.');
    notes.push(sentences(decided, whenSet));
    if (verify && /^(false|0)$/.test(verify.value)) {
      policy.dynamic = false;
      policy.modeParam = verify;
      policy.disabledBy = { param: verify, what: `PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT => ${verify.value}` };
      policy.explain = {
        disabled: l10n.t('whenever the SSL options are set, PDO MySQL encrypts but accepts any certificate, so {0}. Set it to true (or remove it: with a CA, mysqlnd verifies by default).', impersonate()),
      };
      return setPolicy(policy, 'unknown', 'no', 'no');
    }
    return policy;
  }
  if (known.length === 0) {
    policy.modeApplied = l10n.t('no TLS');
    if (verify) notes.push(l10n.t('PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT alone does not turn TLS on: mysqlnd asks for TLS only when an SSL key, certificate, CA, CA path or cipher is set.'));
    const what = dsnTls.length
      ? l10n.t('PDO MySQL connects without TLS (it is ignored in the DSN, and no PDO::MYSQL_ATTR_SSL_* option is set), so {0}.', plaintext())
      : l10n.t('{0} connects without TLS, so {1}.', 'PDO MySQL', plaintext());
    policy.explain = { weak: sentences(what, todo()) };
    return setPolicy(policy, 'never', 'no', 'no');
  }
  policy.encrypts = 'always';
  notes.push(l10n.t('An SSL option is set, so mysqlnd requires TLS: a server without TLS fails the connection.'));
  const ca = lastParam(site.params, 'MYSQL_ATTR_SSL_CA');
  if (ca && !ca.dynamic && ca.value !== 'null') policy.trust = { kind: 'file', path: ca.value, param: ca };
  else if (ca?.dynamic) notes.push(l10n.t('The CA file is decided at run time.'));
  else policy.trust = { kind: 'node-default', description: l10n.t("PHP's default CA store (openssl.cafile, else the system's)") };
  if (verify?.dynamic) {
    policy.dynamic = true;
    return policy;
  }
  if (verify && /^(false|0|null)$/i.test(verify.value)) {
    policy.modeApplied = l10n.t('TLS without certificate verification');
    policy.modeParam = verify;
    policy.disabledBy = { param: verify, what: `PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT => ${verify.value}` };
    policy.explain = {
      disabled: l10n.t('PDO MySQL encrypts but accepts any certificate (verify_peer and verify_peer_name off), so {0}. Set it to true, or remove it: with an SSL option set, mysqlnd verifies by default.', impersonate()),
    };
    return setPolicy(policy, 'always', 'no', 'no');
  }
  policy.modeApplied = verify ? l10n.t('TLS, certificate and host name verified') : l10n.t('TLS, certificate and host name verified (mysqlnd default with an SSL option)');
  return setPolicy(policy, 'always', 'yes', 'yes');
}
