/** The PostgreSQL drivers the engine started with: libpq, pgjdbc, node-postgres. */
import { interpretLibpq } from '../interpret/libpq';
import { interpretNodePostgres } from '../interpret/nodePostgres';
import { interpretPgjdbcCall, pgjdbcCallFixes } from '../interpret/jvm/pgjdbcCall';
import { interpretPgjdbc } from '../interpret/pgjdbc';
import { setModeFix } from '../rules/fixes';
import type { DriverSpec } from './types';

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
];
