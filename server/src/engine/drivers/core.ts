/** The PostgreSQL drivers the engine started with: libpq, pgjdbc, node-postgres. */
import { interpretLibpq } from '../interpret/libpq';
import { interpretNodePostgres } from '../interpret/nodePostgres';
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
    interpret: interpretPgjdbc,
    fixes: (site, policy) => setModeFix(site, policy),
  },
  {
    id: 'node-postgres',
    label: 'node-postgres',
    database: 'postgresql',
    anchors: 'root-only',
    trustFormats: ['pem'],
    interpret: interpretNodePostgres,
    fixes: (site, policy) => setModeFix(site, policy),
  },
];
