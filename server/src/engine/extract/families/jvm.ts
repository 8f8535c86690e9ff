/** Connection sites of The JVM's own trust store (-Djavax.net.ssl.trustStore), and what Java / Spring configuration adds to pgjdbc. */
import type { Family } from './types';

export const JVM_FAMILY: Family = { name: 'jvm', extract: () => [] };
