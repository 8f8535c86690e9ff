/** Connection sites of The JVM's own trust store (-Djavax.net.ssl.trustStore), and what Java / Spring configuration adds to pgjdbc. */
import { extractQuotedConninfo } from './jvm/commands';
import { extractConfigProperties } from './jvm/config';
import { extractJavaTrustStore } from './jvm/javaOptions';
import { extractPgjdbcCalls } from './jvm/properties';
import type { Family } from './types';

/** More sites than any real file holds: past this the input is hostile, and the rest is not read. */
const MAX_SITES = 1_000;

export const JVM_FAMILY: Family = {
  name: 'jvm',
  extract(text, scan, language, view) {
    const sites = [
      ...extractJavaTrustStore(text, scan),
      ...extractPgjdbcCalls(text, scan, language),
      ...extractConfigProperties(text, scan, language),
      ...(language.family.name === 'shell' || language.isJavaScript ? [] : extractQuotedConninfo(text, view)),
    ];
    return sites.length > MAX_SITES ? sites.slice(0, MAX_SITES) : sites;
  },
};
