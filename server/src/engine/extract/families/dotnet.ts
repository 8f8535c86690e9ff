/** Connection sites of ADO.NET and SQL Server: Npgsql, Microsoft.Data.SqlClient / System.Data.SqlClient, MySqlConnector / Connector/NET, Microsoft JDBC for SQL Server, tedious / mssql. */
import type { Family } from './types';

export const DOTNET_FAMILY: Family = { name: 'dotnet', extract: () => [] };
