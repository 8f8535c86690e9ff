/** Driver specs: ADO.NET and SQL Server: Npgsql, Microsoft.Data.SqlClient / System.Data.SqlClient, MySqlConnector / Connector/NET, Microsoft JDBC for SQL Server, tedious / mssql. */
import type { DriverSpec } from './types';

export const DOTNET_DRIVERS: readonly DriverSpec[] = [];
