import { Pool } from 'pg';

// Encrypted, but node-postgres stops verifying `require` from pg 9 on.
export const orders = new Pool({
  connectionString: 'postgres://api@orders.db.example.com/orders?sslmode=require',
});

// Certificate verification turned off.
export const analytics = new Pool({
  connectionString: 'postgres://etl:Wint3rIsComing@analytics.db.example.com/warehouse?sslmode=no-verify',
});

// Verified against the system's roots: nothing to report.
export const billing = new Pool({
  connectionString: 'postgres://billing@billing.db.example.com/billing?sslmode=verify-full',
});
