/** The PostgreSQL drivers the engine started with (libpq, pgjdbc, node-postgres), and Node's other one, postgres.js. */
import * as l10n from '@vscode/l10n';
import { lastParam } from '../extract/common';
import { interpretLibpq } from '../interpret/libpq';
import { interpretNodePostgres } from '../interpret/nodePostgres';
import { interpretPostgresJs } from '../interpret/postgresJs';
import { interpretPgjdbcCall, pgjdbcCallFixes } from '../interpret/jvm/pgjdbcCall';
import { interpretPgjdbc } from '../interpret/pgjdbc';
import { setModeFix } from '../rules/fixes';
import type { Fix, Policy, Site } from '../types';
import type { DriverSpec, FixGoal } from './types';

/**
 * postgres.js: a URL's sslmode (setModeFix: `ssl=require` becomes `sslmode=verify-full`); in the options,
 * `ssl: 'verify-full'` in place of a mode or of false, `rejectUnauthorized: true` in an ssl object. The
 * options' fixes are not preferred: postgres.js then verifies against Node's CA store, which lacks
 * private CAs (and some cloud providers' roots): those need `ssl: { ca }`.
 */
function postgresJsFixes(site: Site, policy: Policy, goal: FixGoal): Fix[] {
  if (site.kind !== 'object') return goal === 'verify-full' ? setModeFix(site, policy) : [];
  if (goal === 'enable-verification') {
    const reject = lastParam(site.params, 'rejectUnauthorized');
    if (!reject || reject.value !== 'false' || reject.fallbackOf !== undefined) return [];
    return [{ title: l10n.t('Set {0}', 'rejectUnauthorized: true'), edits: [{ span: reject.valueSpan, newText: 'true' }], preferred: false }];
  }
  const ssl = lastParam(site.params, 'ssl');
  if (goal !== 'verify-full' || !ssl || ssl.dynamic || ssl.value === 'object') return [];
  return [{ title: l10n.t('Set {0}', "ssl: 'verify-full'"), edits: [{ span: ssl.valueSpan, newText: "'verify-full'" }], preferred: false }];
}

export const CORE_DRIVERS: readonly DriverSpec[] = [
  {
    id: 'libpq',
    label: 'libpq',
    database: 'postgresql',
    anchors: 'root-only',
    trustFormats: ['pem'],
    interpret: interpretLibpq,
    fixes: (site, policy) => setModeFix(site, policy),
  },
  {
    id: 'pgjdbc',
    label: 'pgjdbc',
    database: 'postgresql',
    anchors: 'any-certificate',
    trustFormats: ['pem', 'der'],
    // Properties, DataSource setters and Spring keys (kind 'call') word their findings and fixes themselves.
    interpret: (site) => (site.kind === 'call' ? interpretPgjdbcCall(site) : interpretPgjdbc(site)),
    fixes: (site, policy, goal) => (site.kind === 'call' ? pgjdbcCallFixes(site, policy, goal) : setModeFix(site, policy)),
  },
  {
    id: 'node-postgres',
    label: 'node-postgres',
    database: 'postgresql',
    anchors: 'root-only',
    trustFormats: ['pem'],
    interpret: interpretNodePostgres,
    // An options object has no sslmode to set: its rules bring their own fixes.
    fixes: (site, policy) => (site.kind === 'object' ? [] : setModeFix(site, policy)),
  },
  {
    id: 'postgres-js',
    label: 'postgres.js',
    database: 'postgresql',
    // Node's TLS (OpenSSL without partial chains): only a self-signed root in `ca` anchors a chain.
    anchors: 'root-only',
    trustFormats: ['pem'],
    interpret: interpretPostgresJs,
    fixes: postgresJsFixes,
  },
];
