/** Connection sites of MySQL: Connector/J, mysql2, PyMySQL, mysql-connector-python, go-sql-driver/mysql, PDO mysql, the mysql client. */
import type { Language } from '../../language';
import type { Scan } from '../../scan';
import type { SiteDraft } from '../uri';
import { Code, jsImports } from './mysql/code';
import { extractMysqlCommands } from './mysql/command';
import { extractGoDsns } from './mysql/goDsn';
import { extractConnectorJ, extractConnectorJTail } from './mysql/jdbc';
import { extractNodeMysql } from './mysql/node';
import { extractPdo } from './mysql/php';
import { extractPythonMysql } from './mysql/python';
import { extractMysqlUris } from './mysql/uri';
import type { Family } from './types';

export const MYSQL_FAMILY: Family = {
  name: 'mysql',
  extract(text: string, scan: Scan, language: Language): SiteDraft[] {
    const lower = text.toLowerCase();
    const hasMysql = lower.includes('mysql') || lower.includes('mariadb');
    const hasGo = lower.includes('tcp(') || lower.includes('unix(');
    const hasJdbc = lower.includes('jdbc:mysql');
    if (!hasMysql && !hasGo) return [];
    let code: Code | undefined;
    const getCode = (): Code => (code ??= new Code(text, scan));
    let modules: string[] | undefined;
    const jsModules = (): string[] => (modules ??= language.isJavaScript ? jsImports(getCode(), scan) : []);

    // Code-level sites first: they may hold a URL or DSN string, which then is part of them.
    const drafts: SiteDraft[] = [];
    if (hasMysql) {
      drafts.push(...extractPythonMysql(text, scan, language, getCode));
      drafts.push(...extractPdo(text, scan, language, getCode));
      drafts.push(...extractNodeMysql(text, scan, language, getCode));
    }
    for (const region of scan.regions) {
      if (hasMysql && region.text.includes('jdbc:mysql')) drafts.push(...extractConnectorJ(region, text));
      else if (hasJdbc && region.kind === 'string' && region.text.includes('?')) drafts.push(...extractConnectorJTail(region, text));
      if (hasMysql && /mysql(\+[a-z]+)?:\/\//i.test(region.text)) drafts.push(...extractMysqlUris(region, { language, jsModules }));
    }
    if (hasGo) drafts.push(...extractGoDsns(text, scan, language, getCode));
    if (hasMysql) drafts.push(...extractMysqlCommands(text, scan, language));
    return drafts;
  },
};
