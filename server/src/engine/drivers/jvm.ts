/** Driver specs: The JVM's own trust store (-Djavax.net.ssl.trustStore), and what Java / Spring configuration adds to pgjdbc. */
import * as l10n from '@vscode/l10n';
import { interpretJvmTrustStore } from '../interpret/jvm/trustStore';
import type { DriverSpec } from './types';

export const JVM_DRIVERS: readonly DriverSpec[] = [
  {
    id: 'jvm',
    get label() {
      return l10n.t('the JVM (javax.net.ssl)');
    },
    database: 'any',
    // PKIX validation anchors at any trusted certificate of the store.
    anchors: 'any-certificate',
    // KeyStore types jks and pkcs12 (either loads both formats with keystore.type.compat); no PEM type.
    trustFormats: ['jks', 'pkcs12'],
    interpret: interpretJvmTrustStore,
    // The trust rules bring their own fixes; there is no mode to set.
    fixes: () => [],
  },
];
