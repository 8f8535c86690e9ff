/** Driver specs: MySQL: Connector/J, mysql2, PyMySQL, mysql-connector-python, go-sql-driver/mysql, PDO mysql, the mysql client. */
import type { DriverSpec } from './types';

export const MYSQL_DRIVERS: readonly DriverSpec[] = [];
