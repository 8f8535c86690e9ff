/** Connection sites of Go, Python, PHP and Prisma for PostgreSQL: pgx, lib/pq, psycopg, SQLAlchemy, Django, PDO pgsql, Laravel, Prisma. */
import type { Family } from './types';

export const SCRIPTING_FAMILY: Family = { name: 'scripting', extract: () => [] };
