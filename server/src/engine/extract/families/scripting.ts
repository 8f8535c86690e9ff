/** Connection sites of Go, Python, PHP and Prisma for PostgreSQL: pgx, lib/pq, psycopg, SQLAlchemy, Django, PDO pgsql, Laravel, Prisma. */
import * as l10n from '@vscode/l10n';
import type { Language } from '../../language';
import type { Scan } from '../../scan';
import type { SourceView } from '../sourceView';
import type { SiteDraft } from '../uri';
import { Code } from './scripting/code';
import { goDriver, goFacts, goKeyValue, goTlsConfigs } from './scripting/go';
import { extractPhp } from './scripting/php';
import { extractPrisma } from './scripting/prisma';
import { extractPython, pythonFacts } from './scripting/python';
import type { DriverChoice, Family } from './types';

export const SCRIPTING_FAMILY: Family = {
  name: 'scripting',
  extract(text: string, scan: Scan, language: Language, view: SourceView): SiteDraft[] {
    switch (language.family.name) {
      case 'go':
        return extractGo(text, scan, view);
      case 'python':
        return extractPython(text, scan, view);
      case 'php':
        return extractPhp(text, scan, view);
      case 'plain':
      case 'c':
        return extractPrisma(text);
      default:
        return [];
    }
  },
  inferDriver(site: SiteDraft, text: string, language: Language): DriverChoice | undefined {
    if (site.kind !== 'uri' && site.kind !== 'keyvalue') return undefined;
    switch (language.family.name) {
      case 'go':
        return goDriver(goFacts(text));
      case 'python':
        return pythonDriver(site, text);
      case 'php':
        return {
          driver: 'libpq',
          driverReason:
            site.kind === 'keyvalue'
              ? l10n.t('PHP hands keyword/value strings (pg_connect, PDO pgsql) to libpq')
              : l10n.t('a postgres:// URL in PHP (Laravel DB_URL, Doctrine DATABASE_URL) becomes a PDO pgsql DSN, read by libpq'),
        };
      default:
        return undefined;
    }
  },
};

function extractGo(text: string, scan: Scan, view: SourceView): SiteDraft[] {
  const out: SiteDraft[] = [];
  for (const r of scan.regions) {
    if (r.kind !== 'string') continue;
    const d = goKeyValue(r);
    if (d) out.push(d);
  }
  if (text.includes('InsecureSkipVerify')) out.push(...goTlsConfigs(new Code(view), goFacts(text)));
  return out;
}

function pythonDriver(site: SiteDraft, text: string): DriverChoice | undefined {
  const facts = pythonFacts(text);
  if (site.kind === 'uri' && facts.asyncpg && !facts.psycopg && !facts.sqlalchemy && !facts.django) {
    return { driver: 'asyncpg', driverReason: l10n.t('this Python file imports asyncpg (and no psycopg): asyncpg parses the DSN itself, with its own TLS semantics') };
  }
  if (facts.psycopg || facts.django || facts.sqlalchemy) {
    return {
      driver: 'libpq',
      driverReason: l10n.t('psycopg (used directly, or by SQLAlchemy and Django) hands the connection string to libpq, so libpq semantics apply (those of the libpq it is linked with)'),
    };
  }
  return undefined;
}
