import postgres from 'postgres';

// postgres.js connects with `ssl: 'require'` but verifies nothing (rejectUnauthorized: false).
export const reports = postgres(process.env.REPORTS_URL!, { ssl: 'require' });

// postgres.js has no sslrootcert: it sends it to the server, which refuses the connection.
export const search = postgres('postgres://search@search.example.com/search?sslmode=verify-full&sslrootcert=certs/azure-roots.pem');

// Safe: chain and host name verified against Node's CA store (the Azure roots are in it).
export const events = postgres('postgres://events@events.postgres.database.azure.com/events?sslmode=verify-full');
