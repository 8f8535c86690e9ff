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
import { lastParam } from '../../extract/common';
import type { Policy, Site } from '../../types';
import { setPolicy } from '../policy';
import { IMPERSONATE, PLAINTEXT, startMysql } from './common';

const SSL_ATTRS = ['MYSQL_ATTR_SSL_KEY', 'MYSQL_ATTR_SSL_CERT', 'MYSQL_ATTR_SSL_CA', 'MYSQL_ATTR_SSL_CAPATH', 'MYSQL_ATTR_SSL_CIPHER'];
const DSN_TLS_KEYS = /^(sslmode|ssl-mode|ssl_mode|ssl|sslca|ssl-ca|ssl_ca|sslrootcert|tls|usessl|requiressl|encrypt)$/i;
const TODO = "Set PDO::MYSQL_ATTR_SSL_CA to the root CA of your server or provider (PDO then verifies the certificate and the host name).";

export function interpretPdoMysql(site: Site): Policy {
  const dsnTls = site.params.filter((p) => DSN_TLS_KEYS.test(p.key) && !p.key.startsWith('MYSQL_ATTR'));
  const attrs = site.params.filter((p) => SSL_ATTRS.includes(p.key));
  const verify = lastParam(site.params, 'MYSQL_ATTR_SSL_VERIFY_SERVER_CERT');
  const options = lastParam(site.params, 'options');
  const filtered = lastParam(site.params, 'array_filter');
  const policy = startMysql('pdo-mysql', site, {
    modeApplied: 'no TLS',
    modeKey: 'PDO::MYSQL_ATTR_SSL_*',
    modeParam: dsnTls[0],
    modeWritten: dsnTls[0] ? `${dsnTls[0].key}=${dsnTls[0].value} (in the DSN: ignored)` : undefined,
  });
  const notes = policy.notes;
  for (const p of dsnTls) notes.push(`\`${p.key}=${p.value}\` in the DSN is ignored: PDO MySQL reads only charset, dbname, host, port, unix_socket, user and password there; TLS is set only by the PDO::MYSQL_ATTR_SSL_* options.`);
  if (options) {
    policy.dynamic = true;
    notes.push('The PDO options are built elsewhere, so the TLS attributes are not known here.');
    return policy;
  }
  if (site.fragment && attrs.length === 0 && !verify) {
    policy.modeApplied = 'set by the PDO options (not written with this DSN)';
    if (dsnTls.length) {
      policy.explain = { weak: `PDO MySQL ignores it: TLS is set only by the PDO::MYSQL_ATTR_SSL_* options, never by the DSN. ${TODO}` };
      return setPolicy(policy, 'unknown', 'unknown', 'unknown');
    }
    return policy;
  }
  const known = attrs.filter((p) => !p.dynamic && p.value !== 'null' && p.value !== '');
  const dynamicAttrs = attrs.filter((p) => p.dynamic);
  if (known.length === 0 && dynamicAttrs.length > 0) {
    policy.dynamic = true;
    policy.modeApplied = 'TLS if the SSL options are set where it runs';
    notes.push(
      `${dynamicAttrs.map((p) => `PDO::${p.key}`).join(', ')} ${dynamicAttrs.length > 1 ? 'are' : 'is'} decided at run time${filtered ? ' and dropped by array_filter when empty (then: no TLS)' : ''}. When set, mysqlnd requires TLS and verifies the certificate and the host name${verify && /^(false|0)$/.test(verify.value) ? ' — except that MYSQL_ATTR_SSL_VERIFY_SERVER_CERT is false here' : ''}.`,
    );
    if (verify && /^(false|0)$/.test(verify.value)) {
      policy.dynamic = false;
      policy.modeParam = verify;
      policy.disabledBy = { param: verify, what: `PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT => ${verify.value}` };
      policy.explain = { disabled: `whenever the SSL options are set, PDO MySQL encrypts but accepts any certificate, so ${IMPERSONATE}. Set it to true (or remove it: with a CA, mysqlnd verifies by default).` };
      return setPolicy(policy, 'unknown', 'no', 'no');
    }
    return policy;
  }
  if (known.length === 0) {
    policy.modeApplied = 'no TLS';
    if (verify) notes.push('PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT alone does not turn TLS on: mysqlnd asks for TLS only when an SSL key, certificate, CA, CA path or cipher is set.');
    const why = dsnTls.length ? ' (it is ignored in the DSN, and no PDO::MYSQL_ATTR_SSL_* option is set)' : '';
    policy.explain = { weak: `PDO MySQL connects without TLS${why}, so ${PLAINTEXT}. ${TODO}` };
    return setPolicy(policy, 'never', 'no', 'no');
  }
  policy.encrypts = 'always';
  notes.push('An SSL option is set, so mysqlnd requires TLS: a server without TLS fails the connection.');
  const ca = lastParam(site.params, 'MYSQL_ATTR_SSL_CA');
  if (ca && !ca.dynamic && ca.value !== 'null') policy.trust = { kind: 'file', path: ca.value, param: ca };
  else if (ca?.dynamic) notes.push('The CA file is decided at run time.');
  else policy.trust = { kind: 'node-default', description: "PHP's default CA store (openssl.cafile, else the system's)" };
  if (verify?.dynamic) {
    policy.dynamic = true;
    return policy;
  }
  if (verify && /^(false|0|null)$/i.test(verify.value)) {
    policy.modeApplied = 'TLS without certificate verification';
    policy.modeParam = verify;
    policy.disabledBy = { param: verify, what: `PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT => ${verify.value}` };
    policy.explain = { disabled: `PDO MySQL encrypts but accepts any certificate (verify_peer and verify_peer_name off), so ${IMPERSONATE}. Set it to true, or remove it: with an SSL option set, mysqlnd verifies by default.` };
    return setPolicy(policy, 'always', 'no', 'no');
  }
  policy.modeApplied = verify ? 'TLS, certificate and host name verified' : 'TLS, certificate and host name verified (mysqlnd default with an SSL option)';
  return setPolicy(policy, 'always', 'yes', 'yes');
}
