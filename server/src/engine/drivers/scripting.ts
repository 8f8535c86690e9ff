/** Driver specs: Go, Python, PHP and Prisma for PostgreSQL: pgx, lib/pq, psycopg, SQLAlchemy, Django, PDO pgsql, Laravel, Prisma. */
import type { DriverSpec } from './types';

export const SCRIPTING_DRIVERS: readonly DriverSpec[] = [];
