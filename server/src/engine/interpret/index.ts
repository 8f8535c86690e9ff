import type { Policy, Site } from '../types';
import { interpretLibpq } from './libpq';
import { interpretNodePostgres } from './nodePostgres';
import { interpretNodeSslObject } from './nodeSslObject';
import { interpretPgjdbc } from './pgjdbc';

/** The effective TLS policy of a site for the driver that reads it. */
export function interpret(site: Site): Policy {
  // An options object is read by node-postgres and Node's TLS, not by a connection-string parser.
  if (site.kind === 'object') return interpretNodeSslObject(site);
  switch (site.driver) {
    case 'pgjdbc':
      return interpretPgjdbc(site);
    case 'node-postgres':
      return interpretNodePostgres(site);
    default:
      return interpretLibpq(site);
  }
}
