import { driverSpec } from '../drivers';
import type { Policy, Site } from '../types';
import { interpretNodeSslObject } from './nodeSslObject';

/** The effective TLS policy of a site for the driver that reads it. */
export function interpret(site: Site): Policy {
  if (site.kind === 'object' && site.driver === 'node-postgres') return interpretNodeSslObject(site);
  return driverSpec(site.driver).interpret(site);
}
