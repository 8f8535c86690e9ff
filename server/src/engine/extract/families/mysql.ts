/** Connection sites of MySQL: Connector/J, mysql2, PyMySQL, mysql-connector-python, go-sql-driver/mysql, PDO mysql, the mysql client. */
import type { Language } from '../../language';
import type { Scan } from '../../scan';
import type { SourceView } from '../sourceView';
import type { SiteDraft } from '../uri';
import { Code, jsImports } from './mysql/code';
import { extractMysqlCommands } from './mysql/command';
import { extractGoDsns, NET_WORDS } from './mysql/goDsn';
import { extractConnectorJ, extractConnectorJTail } from './mysql/jdbc';
import { extractNodeMysql } from './mysql/node';
import { extractPdo } from './mysql/php';
import { extractPythonMysql } from './mysql/python';
import { extractMysqlUris } from './mysql/uri';
import type { Family } from './types';

export const MYSQL_FAMILY: Family = {
  name: 'mysql',
  extract(text: string, scan: Scan, language: Language, view: SourceView): SiteDraft[] {
    // Every site of this family names mysql or mariadb, or is a Go DSN with a tcp( or unix( part
    // (ASCII letters in either case). One pass finds them all; every search for them below is
    // answered from it.
    view.findAll(['mysql', 'mariadb', 'tcp(', 'unix('], true);
    const hasMysql = view.occurrences('mysql', true).length > 0 || view.occurrences('mariadb', true).length > 0;
    const hasGo = view.occurrences('tcp(', true).length > 0 || view.occurrences('unix(', true).length > 0;
    if (!hasMysql && !hasGo) return [];
    let code: Code | undefined;
    const getCode = (): Code => (code ??= new Code(view));
    let modules: readonly string[] | undefined;
    const jsModules = (): readonly string[] => (modules ??= language.isJavaScript ? jsImports(view) : []);

    // Code-level sites first: they may hold a URL or DSN string, which then is part of them.
    const drafts: SiteDraft[] = [];
    if (hasMysql) {
      drafts.push(...extractPythonMysql(text, scan, language, getCode));
      drafts.push(...extractPdo(text, view, language, getCode));
      drafts.push(...extractNodeMysql(text, language, view, getCode));
      const hasJdbc = view.occurrences('jdbc:mysql', true).length > 0 || view.occurrences('aws-wrapper:mysql', true).length > 0;
      // Without jdbc:mysql in the text, only regions that may hold jdbc:mysql or a URL (`://`) can
      // make a site here.
      for (const region of hasJdbc ? scan.regions : view.regionsWith(['://', 'jdbc:mysql'])) {
        if (region.text.includes('jdbc:mysql') || region.text.includes('aws-wrapper:mysql')) drafts.push(...extractConnectorJ(region, text));
        else if (hasJdbc && region.kind === 'string' && region.text.includes('?')) drafts.push(...extractConnectorJTail(region, text));
        if (/mysql(\+[a-z]+)?:\/\//i.test(region.text)) drafts.push(...extractMysqlUris(region, { language, jsModules }));
      }
    }
    // Go DSNs: only regions that may hold a net( part.
    if (hasGo) drafts.push(...extractGoDsns(view.regionsWith(NET_WORDS), language, getCode));
    if (hasMysql) drafts.push(...extractMysqlCommands(text, scan, language, view));
    return drafts;
  },
};

