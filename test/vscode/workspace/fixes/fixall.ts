import { Pool } from 'pg';

export const orders = new Pool({ connectionString: 'postgres://api@orders.example.com/orders?sslmode=prefer' });
export const users = new Pool({ connectionString: 'postgres://api@users.example.com/users?sslmode=allow' });
