/** Driver specs: MySQL: Connector/J, mysql2, mysqljs, PyMySQL, mysql-connector-python, go-sql-driver/mysql, PDO mysql, the mysql client. */
import * as l10n from '@vscode/l10n';
import { lastParam } from '../extract/common';
import { interpretConnectorJ } from '../interpret/mysql/connectorJ';
import { interpretGoMysql } from '../interpret/mysql/goMysql';
import { interpretMysqlClient } from '../interpret/mysql/client';
import { interpretMysql2 } from '../interpret/mysql/mysql2';
import { interpretPdoMysql } from '../interpret/mysql/pdo';
import { interpretConnectorPython, interpretPymysql } from '../interpret/mysql/python';
import { valueEdit } from '../rules/fixes';
import { escapeFor } from '../scan';
import type { Edit, Fix, Param, Policy, Site } from '../types';
import type { DriverSpec, FixGoal } from './types';

/**
 * The edit that makes `key=value` hold in a query-string-like site: the written key's value replaced,
 * another deciding parameter (`useSSL=false`, a miscased `sslmode=…`) replaced by `key=value`, or the
 * parameter added where the site takes one.
 */
export function setParamEdit(site: Site, p: Param | undefined, key: string, value: string): Edit | undefined {
  if (p && p.key === key) return valueEdit(site, p, value);
  if (p) return { span: { start: p.keySpan.start, end: p.valueSpan.end }, newText: escapeFor(site.escape, `${key}${site.insertion?.assign ?? '='}${value}`) };
  const ins = site.insertion;
  if (!ins) return undefined;
  return { span: { start: ins.offset, end: ins.offset }, newText: escapeFor(site.escape, `${ins.prefix}${key}${ins.assign}${value}${ins.suffix}`) };
}

function setParamFix(site: Site, p: Param | undefined, key: string, value: string, preferred = true): Fix[] {
  const edit = setParamEdit(site, p, key, value);
  return edit ? [{ title: l10n.t('Set {0}', `${key}=${value}`), edits: [edit], preferred }] : [];
}

/** Replaces a value in place (a boolean written in code, a flag's value). */
function replaceValueFix(title: string, p: Param, newText: string, preferred: boolean): Fix[] {
  return [{ title, edits: [{ span: p.valueSpan, newText }], preferred }];
}

function connectorJFixes(site: Site, policy: Policy, _goal: FixGoal): Fix[] {
  return setParamFix(site, policy.modeParam, 'sslMode', 'VERIFY_IDENTITY');
}

function goMysqlFixes(site: Site, policy: Policy, goal: FixGoal): Fix[] {
  const tls = lastParam(site.params, 'tls');
  if (goal === 'enable-verification' && policy.disabledBy && policy.disabledBy.param.key !== 'tls') {
    // InsecureSkipVerify: true in a tls.Config registered in this file.
    const p = policy.disabledBy.param;
    return replaceValueFix(l10n.t('Set InsecureSkipVerify: false in the registered TLS config'), p, 'false', false);
  }
  const fallback = lastParam(site.params, 'allowFallbackToPlaintext');
  const verifying = tls !== undefined && !['false', 'skip-verify', 'preferred', '0'].includes(tls.value.toLowerCase());
  if (verifying && fallback) return [{ title: l10n.t('Remove {0}', 'allowFallbackToPlaintext'), edits: [{ span: fallback.removeSpan, newText: '' }], preferred: true }];
  if (verifying) return [];
  return setParamFix(site, tls, 'tls', 'true');
}

function mysql2Fixes(site: Site, policy: Policy, goal: FixGoal): Fix[] {
  if (site.kind === 'uri') return mysql2UriFixes(site, policy, goal);
  if (goal === 'enable-verification' && policy.disabledBy) {
    const p = policy.disabledBy.param;
    return [{ title: l10n.t('Remove {0}', `${p.key}: ${p.value}`), edits: [{ span: p.removeSpan, newText: '' }], preferred: false }];
  }
  if (goal === 'check-host' && policy.driver === 'mysql2') {
    const vi = lastParam(site.params, 'verifyIdentity');
    if (vi && !vi.dynamic) return replaceValueFix(l10n.t('Set {0}', 'verifyIdentity: true'), vi, 'true', true);
    const ins = site.insertion;
    if (!ins) return [];
    return [{ title: l10n.t('Add {0}', 'verifyIdentity: true'), edits: [{ span: { start: ins.offset, end: ins.offset }, newText: `${ins.prefix}verifyIdentity${ins.assign}true${ins.suffix}` }], preferred: true }];
  }
  return [];
}

/** `?ssl={"rejectUnauthorized":false}`: the JSON value rewritten (its options cannot be edited one by one). */
function mysql2UriFixes(site: Site, policy: Policy, goal: FixGoal): Fix[] {
  const ssl = lastParam(site.params, 'ssl');
  if (!ssl || ssl.dynamic) return [];
  let obj: Record<string, unknown>;
  try {
    const v: unknown = JSON.parse(ssl.value);
    if (!v || typeof v !== 'object' || Array.isArray(v)) return [];
    obj = { ...(v as Record<string, unknown>) };
  } catch {
    return [];
  }
  let title: string;
  if (goal === 'enable-verification' && policy.disabledBy) {
    delete obj['rejectUnauthorized'];
    title = l10n.t('Remove rejectUnauthorized: false from the ssl JSON');
  } else if (goal === 'check-host' && policy.driver === 'mysql2') {
    obj['verifyIdentity'] = true;
    title = l10n.t('Add "verifyIdentity":true to the ssl JSON');
  } else return [];
  return [{ title, edits: [{ span: ssl.valueSpan, newText: escapeFor(site.escape, JSON.stringify(obj)) }], preferred: goal === 'check-host' }];
}

function pythonFixes(site: Site, policy: Policy, goal: FixGoal): Fix[] {
  const off = policy.disabledBy?.param;
  const fromUrl = site.kind === 'uri' || site.params.some((p) => p.key.startsWith('url.'));
  if (goal === 'enable-verification' && off) {
    const key = off.key.replace(/^url\./, '');
    if (/^(False|0|None)$/.test(off.value)) return replaceValueFix(l10n.t('Set {0}', `${key}=True`), off, 'True', true);
    if (off.value.startsWith('"')) return replaceValueFix(l10n.t('Set {0}', `${key}=true`), off, 'true', true);
    return [];
  }
  const mode = policy.modeParam;
  if (goal === 'check-host') {
    if (mode && /check_hostname$/.test(mode.key) && !mode.dynamic) return replaceValueFix(l10n.t('Set {0} to true', mode.key.replace(/^ssl\./, '')), mode, mode.value.startsWith('"') ? 'true' : 'True', true);
    const vi = lastParam(site.params, 'ssl_verify_identity');
    if (vi && !vi.dynamic && /^(False|0|None)$/.test(vi.value)) return replaceValueFix(l10n.t('Set {0}', 'ssl_verify_identity=True'), vi, 'True', true);
    if (fromUrl || vi || site.kind !== 'call') return [];
    return insertKwargs(site, ['ssl_verify_identity']);
  }
  // verify-full: a CA is given but verification is not switched on.
  if (site.kind !== 'call' || fromUrl) return [];
  const trap = lastParam(site.params, 'ssl.ssl_ca');
  if (policy.driver === 'pymysql' && trap && !lastParam(site.params, 'ssl.ca')) {
    return [{ title: l10n.t("Rename the ssl dict's 'ssl_ca' to 'ca'"), edits: [{ span: { start: trap.keySpan.start + 1, end: trap.keySpan.end - 1 }, newText: 'ca' }], preferred: true }];
  }
  if (!lastParam(site.params, 'ssl_ca') || lastParam(site.params, 'ssl_disabled')) return [];
  const keys = ['ssl_verify_cert', 'ssl_verify_identity'].filter((k) => !lastParam(site.params, k));
  const edits: Edit[] = [];
  for (const k of ['ssl_verify_cert', 'ssl_verify_identity']) {
    const p = lastParam(site.params, k);
    if (p && !p.dynamic && p.value !== 'True') edits.push({ span: p.valueSpan, newText: 'True' });
  }
  const ins = insertKwargs(site, keys)[0];
  if (ins) edits.push(...ins.edits);
  return edits.length ? [{ title: l10n.t('Set {0} and {1}', 'ssl_verify_cert=True', 'ssl_verify_identity=True'), edits, preferred: true }] : [];
}

/** Adds `key=True` keyword arguments where the call takes one. */
function insertKwargs(site: Site, keys: string[]): Fix[] {
  const ins = site.insertion;
  if (!ins || keys.length === 0) return [];
  const text = keys.map((k) => `${k}${ins.assign}True`).join(', ');
  return [{ title: l10n.t('Add {0}', keys.map((k) => `${k}=True`).join(', ')), edits: [{ span: { start: ins.offset, end: ins.offset }, newText: `${ins.prefix}${text}${ins.suffix}` }], preferred: true }];
}

function pdoFixes(_site: Site, policy: Policy, goal: FixGoal): Fix[] {
  const off = policy.disabledBy?.param;
  if (goal === 'enable-verification' && off) {
    if (/^(false|0)$/i.test(off.value)) return replaceValueFix(l10n.t('Set {0}', `${off.key} => true`), off, 'true', true);
  }
  return [];
}

function clientFixes(site: Site, policy: Policy, _goal: FixGoal): Fix[] {
  const p = policy.modeParam;
  if (p && p.key === '--ssl-mode') return [{ title: l10n.t('Set {0}', '--ssl-mode=VERIFY_IDENTITY'), edits: [{ span: p.valueSpan, newText: 'VERIFY_IDENTITY' }], preferred: true }];
  const ins = site.insertion;
  if (!ins || p) return [];
  return [{ title: l10n.t('Add {0}', '--ssl-mode=VERIFY_IDENTITY'), edits: [{ span: { start: ins.offset, end: ins.offset }, newText: escapeFor(site.escape, `${ins.prefix}--ssl-mode${ins.assign}VERIFY_IDENTITY${ins.suffix}`) }], preferred: true }];
}

export const MYSQL_DRIVERS: readonly DriverSpec[] = [
  {
    id: 'mysql-connector-j',
    label: 'MySQL Connector/J',
    database: 'mysql',
    anchors: 'any-certificate',
    // trustCertificateKeyStoreType JKS (default) or PKCS12: Java keystores only, never PEM.
    trustFormats: ['jks', 'pkcs12'],
    interpret: interpretConnectorJ,
    fixes: connectorJFixes,
  },
  {
    id: 'mysql2',
    label: 'mysql2',
    database: 'mysql',
    anchors: 'root-only',
    trustFormats: ['pem'],
    interpret: interpretMysql2,
    fixes: mysql2Fixes,
  },
  {
    id: 'mysqljs',
    label: 'mysql (mysqljs)',
    database: 'mysql',
    anchors: 'root-only',
    trustFormats: ['pem'],
    interpret: interpretMysql2,
    fixes: mysql2Fixes,
  },
  {
    id: 'pymysql',
    label: 'PyMySQL',
    database: 'mysql',
    anchors: 'root-only',
    trustFormats: ['pem'],
    interpret: interpretPymysql,
    fixes: pythonFixes,
  },
  {
    id: 'mysql-connector-python',
    label: 'MySQL Connector/Python',
    database: 'mysql',
    anchors: 'root-only',
    trustFormats: ['pem'],
    interpret: interpretConnectorPython,
    fixes: pythonFixes,
  },
  {
    id: 'go-mysql',
    label: 'go-sql-driver/mysql',
    database: 'mysql',
    anchors: 'any-certificate',
    trustFormats: ['pem'],
    interpret: interpretGoMysql,
    fixes: goMysqlFixes,
  },
  {
    id: 'pdo-mysql',
    label: 'PDO MySQL (mysqlnd)',
    database: 'mysql',
    anchors: 'root-only',
    trustFormats: ['pem'],
    interpret: interpretPdoMysql,
    fixes: pdoFixes,
  },
  {
    id: 'mysql-client',
    get label() {
      return l10n.t('mysql client');
    },
    database: 'mysql',
    anchors: 'root-only',
    trustFormats: ['pem'],
    interpret: interpretMysqlClient,
    fixes: clientFixes,
  },
];
