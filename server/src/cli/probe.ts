/** `dbtrust probe`: the live chain probe on the command line. */
import { useLocale } from '../node/l10n';
import { formatProbeText, probeServer } from '../probe';
import type { ProbeOptions } from '../probe';
import type { ProbeCliOptions } from './args';
import type { Io } from './run';

export async function runProbe(options: ProbeCliOptions, io: Io): Promise<number> {
  // --locale wins over DBTRUST_LOCALE (which the caller has already applied).
  if (options.locale !== undefined) useLocale(options.locale, io.l10nDir);
  const probe: ProbeOptions = { host: options.host, port: options.port, sslnegotiation: options.sslnegotiation, timeoutMs: options.timeoutMs, cwd: io.cwd };
  if (options.sslrootcert !== undefined) probe.sslrootcert = options.sslrootcert;
  if (options.address !== undefined) probe.address = options.address;
  if (options.now !== undefined) probe.now = options.now;
  const result = await probeServer(probe);
  io.stdout(options.format === 'json' ? JSON.stringify(result, null, 2) + '\n' : formatProbeText(result));
  if (result.error) {
    if (options.format === 'json') io.stderr(`dbtrust: ${result.error.message}\n`);
    return 2;
  }
  return result.findings.some((f) => f.severity === 'error') ? 1 : 0;
}
