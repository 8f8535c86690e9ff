/** Driver specs: The JVM's own trust store (-Djavax.net.ssl.trustStore), and what Java / Spring configuration adds to pgjdbc. */
import type { DriverSpec } from './types';

export const JVM_DRIVERS: readonly DriverSpec[] = [];
