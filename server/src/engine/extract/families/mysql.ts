/** Connection sites of MySQL: Connector/J, mysql2, PyMySQL, mysql-connector-python, go-sql-driver/mysql, PDO mysql, the mysql client. */
import type { Family } from './types';

export const MYSQL_FAMILY: Family = { name: 'mysql', extract: () => [] };
