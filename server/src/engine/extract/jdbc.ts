/**
 * pgjdbc URLs: jdbc:postgresql:database, jdbc:postgresql:/, jdbc:postgresql://host[:port][,host2[:port]]/database?k=v&...
 * Source: pgjdbc docs "Connecting to the Database" (jdbc.postgresql.org/documentation/use/).
 *
 * Also the URLs of JDBC wrappers around pgjdbc, which hand it the properties they do not know (sslmode,
 * sslrootcert…): the AWS Advanced JDBC Wrapper's `jdbc:aws-wrapper:postgresql://…` ("drop-in compatible
 * with the community pgJDBC driver", Amazon RDS User Guide, "Connecting to RDS for PostgreSQL with the AWS
 * JDBC Driver"), P6Spy's `jdbc:p6spy:`, OpenTelemetry's `jdbc:otel:`, log4jdbc's `jdbc:log4jdbc:`, and
 * Testcontainers' `jdbc:tc:postgresql:…`, which starts the database in a container on this machine.
 */
import * as l10n from '@vscode/l10n';
import type { Region } from '../scan';
import { parseQuery, queryInsertion, safeDecode, schemeOnly, sourceSpan, urlEnd } from './common';
import type { SiteDraft } from './uri';
import { parseHostList } from './uri';

const PREFIX = /jdbc:(?:(aws-wrapper|p6spy|otel|log4jdbc|tc):)?postgresql:/g;
const STARTS = new RegExp(`^${PREFIX.source}`);
const HOLDS = new RegExp(PREFIX.source);

/** The text starts with a URL pgjdbc reads (`jdbc:postgresql:`, or a wrapper's: `jdbc:p6spy:postgresql:`…). */
export function startsPgjdbcUrl(text: string): boolean {
  return STARTS.test(text);
}

/** The text holds such a URL somewhere. */
export function holdsPgjdbcUrl(text: string): boolean {
  return HOLDS.test(text);
}

const WRAPPER_REASON = (): string =>
  l10n.t('a jdbc:aws-wrapper:postgresql: URL is read by the AWS Advanced JDBC Wrapper, which hands its TLS parameters to pgjdbc');
const PROXY_REASON = (prefix: string): string => l10n.t('a jdbc:{0}:postgresql: URL is read by a JDBC wrapper that hands its TLS parameters to pgjdbc', prefix);
const TESTCONTAINERS_REASON = (): string =>
  l10n.t('a jdbc:tc:postgresql: URL is read by Testcontainers, which starts PostgreSQL in a container on this machine and connects with pgjdbc');

export function extractJdbc(region: Region): SiteDraft[] {
  const out: SiteDraft[] = [];
  const text = region.text;
  PREFIX.lastIndex = 0;
  for (let m = PREFIX.exec(text); m; m = PREFIX.exec(text)) {
    const start = m.index;
    const body = start + m[0].length;
    const end = urlEnd(text, body);
    if (schemeOnly(region, body, end)) continue;
    const qIdx = text.indexOf('?', body);
    const q = qIdx >= 0 && qIdx < end ? qIdx : -1;
    const pathEnd = q < 0 ? end : q;
    let hosts = [{ host: 'localhost' }] as SiteDraft['hosts'];
    let database: string | undefined;
    if (text.startsWith('//', body)) {
      const slash = text.indexOf('/', body + 2);
      const hostEnd = slash >= 0 && slash < pathEnd ? slash : pathEnd;
      const list = parseHostList(text.slice(body + 2, hostEnd));
      if (list.length) hosts = list;
      if (hostEnd < pathEnd) database = safeDecode(text.slice(hostEnd + 1, pathEnd)) || undefined;
    } else {
      database = safeDecode(text.slice(body, pathEnd).replace(/^\//, '')) || undefined;
    }
    const params = q >= 0 ? parseQuery(region, q + 1, end, q) : [];
    let user: string | undefined;
    let passwordSpan;
    for (const p of params) {
      if (p.key === 'user') user = p.value;
      if (p.key === 'password') passwordSpan = p.valueSpan;
    }
    const site: SiteDraft = {
      kind: 'jdbc',
      span: sourceSpan(region, start, end),
      params,
      hosts,
      insertion: queryInsertion(region, q, end),
      escape: region.escape,
    };
    if (m[1]) {
      site.driver = 'pgjdbc';
      site.driverReason = m[1] === 'aws-wrapper' ? WRAPPER_REASON() : m[1] === 'tc' ? TESTCONTAINERS_REASON() : PROXY_REASON(m[1]);
      // The host of a Testcontainers URL names nothing: the container is on this machine.
      if (m[1] === 'tc') site.hosts = [{ host: 'localhost' }];
    }
    if (database !== undefined) site.database = database;
    if (user !== undefined) site.user = user;
    if (passwordSpan) site.passwordSpan = passwordSpan;
    out.push(site);
    PREFIX.lastIndex = Math.max(end, body);
  }
  return out;
}
