/** Driver specs: Go, Python, PHP and Prisma for PostgreSQL: pgx, lib/pq, psycopg, SQLAlchemy, Django, PDO pgsql, Laravel, Prisma. */
import * as l10n from '@vscode/l10n';
import { interpretAsyncpg, isSqlAlchemyAsyncpg } from '../interpret/scripting/asyncpg';
import { interpretLibPq, interpretPgx } from '../interpret/scripting/go';
import { interpretPrisma } from '../interpret/scripting/prisma';
import { setModeFix, valueEdit } from '../rules/fixes';
import { escapeFor } from '../scan';
import { lastParam } from '../extract/common';
import type { Edit, Fix, Policy, Site } from '../types';
import type { DriverSpec, FixGoal } from './types';

/** Go drivers: the connection string's sslmode, or the InsecureSkipVerify of a tls.Config in code. */
function goFixes(site: Site, policy: Policy, goal: FixGoal): Fix[] {
  if (site.kind === 'call') {
    const skip = lastParam(site.params, 'InsecureSkipVerify');
    if (!skip || goal !== 'enable-verification') return [];
    // Not preferred: a server whose CA is not in RootCAs (or the system pool) fails to connect then.
    return [{ title: l10n.t('Set {0}', 'InsecureSkipVerify: false'), edits: [{ span: skip.valueSpan, newText: 'false' }], preferred: false }];
  }
  return setModeFix(site, policy);
}

/** Prisma: sslmode=require and sslaccept=strict (Prisma has no verify-full), never for a URL read from a .env file. */
function prismaFixes(site: Site, _policy: Policy, goal: FixGoal): Fix[] {
  if (lastParam(site.params, 'env')) return [];
  const mode = lastParam(site.params, 'sslmode');
  const accept = lastParam(site.params, 'sslaccept');
  const edits: Edit[] = [];
  const add: string[] = [];
  if (goal === 'enable-verification') {
    if (!accept) return [];
    return [{ title: l10n.t('Set {0}', 'sslaccept=strict'), edits: [valueEdit(site, accept, 'strict')], preferred: false }];
  }
  if (mode?.value !== 'require') {
    if (mode) edits.push(valueEdit(site, mode, 'require'));
    else add.push('sslmode=require');
  }
  if (!accept || accept.value === 'accept_invalid_certs') {
    if (accept) edits.push(valueEdit(site, accept, 'strict'));
    else add.push('sslaccept=strict');
  }
  if (add.length) {
    const ins = site.insertion;
    if (!ins) return [];
    edits.push({ span: { start: ins.offset, end: ins.offset }, newText: escapeFor(site.escape, `${ins.prefix}${add.join('&')}${ins.suffix}`) });
  }
  if (edits.length === 0) return [];
  const set = [mode?.value !== 'require' ? 'sslmode=require' : '', !accept || accept.value === 'accept_invalid_certs' ? 'sslaccept=strict' : ''].filter(Boolean);
  const title = set.length === 2 ? l10n.t('Set {0} and {1}', set[0]!, set[1]!) : l10n.t('Set {0}', set[0] ?? '');
  return [{ title, edits, preferred: true }];
}

/** asyncpg: ssl=verify-full in a SQLAlchemy URL (a keyword argument), sslmode=verify-full in a DSN. */
function asyncpgFixes(site: Site, policy: Policy): Fix[] {
  if (!isSqlAlchemyAsyncpg(site)) return setModeFix(site, policy);
  const ssl = lastParam(site.params, 'ssl');
  if (ssl) return [{ title: l10n.t('Set {0}', 'ssl=verify-full'), edits: [valueEdit(site, ssl, 'verify-full')], preferred: true }];
  const ins = site.insertion;
  if (!ins) return [];
  return [{ title: l10n.t('Set {0}', 'ssl=verify-full'), edits: [{ span: { start: ins.offset, end: ins.offset }, newText: escapeFor(site.escape, `${ins.prefix}ssl${ins.assign}verify-full${ins.suffix}`) }], preferred: true }];
}

export const SCRIPTING_DRIVERS: readonly DriverSpec[] = [
  {
    id: 'pgx',
    label: 'pgx',
    database: 'postgresql',
    // Go crypto/x509: every certificate of the pool is a trust anchor.
    anchors: 'any-certificate',
    trustFormats: ['pem'],
    interpret: interpretPgx,
    fixes: goFixes,
  },
  {
    id: 'lib-pq',
    label: 'lib/pq',
    database: 'postgresql',
    anchors: 'any-certificate',
    trustFormats: ['pem'],
    interpret: interpretLibPq,
    fixes: goFixes,
  },
  {
    id: 'asyncpg',
    label: 'asyncpg',
    database: 'postgresql',
    // Python's ssl module (OpenSSL) without partial-chain verification: only a self-signed root anchors.
    anchors: 'root-only',
    trustFormats: ['pem'],
    interpret: interpretAsyncpg,
    fixes: (site, policy) => asyncpgFixes(site, policy),
  },
  {
    id: 'prisma',
    label: 'Prisma',
    database: 'postgresql',
    // native-tls: OpenSSL on Linux, where only a self-signed root anchors a chain.
    anchors: 'root-only',
    trustFormats: ['pem'],
    interpret: interpretPrisma,
    fixes: prismaFixes,
  },
];
