import { Pool } from 'pg';

// node-postgres reads sslmode=require as an alias of verify-full today; pg 9 changes that.
export const primary = new Pool({ connectionString: 'postgres://api@db.prod.example.com/app?sslmode=require' });

// Turns certificate verification off.
export const analytics = new Pool({ connectionString: 'postgres://api@analytics.example.com/warehouse?sslmode=no-verify' });

// No sslmode at all: node-postgres connects without TLS.
export const audit = new Pool({ connectionString: `postgres://audit:${process.env.AUDIT_PASSWORD}@audit.example.com/audit` });

// Safe.
export const billing = new Pool({ connectionString: 'postgres://billing@billing.example.com/billing?sslmode=verify-full' });
