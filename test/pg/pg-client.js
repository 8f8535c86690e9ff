// Connects with node-postgres once per input line and prints the outcome, one JSON line per case:
//
//   input:  {"id": "...", "expr": "..."}   expr: the argument of `new Client(...)` as written in code
//                                          (a connection string literal or an options object; `fs` is in scope)
//   output: {"id": "...", "outcome": "tls" | "plain" | "error", "message"?: "..."}
//
// Run: node --no-warnings test/pg/pg-client.js < cases   (environment such as NODE_EXTRA_CA_CERTS is the caller's)
'use strict';
const fs = require('node:fs');
const readline = require('node:readline');
const { Client } = require('pg');

async function one(expr) {
  let client;
  try {
    // eslint-disable-next-line no-new-func
    let config = new Function('fs', `return (${expr});`)(fs);
    if (typeof config === 'string') config = { connectionString: config };
    client = new Client({ ...config, connectionTimeoutMillis: 5000 });
    await client.connect();
    const r = await client.query('select ssl from pg_stat_ssl where pid = pg_backend_pid()');
    return { outcome: r.rows[0].ssl ? 'tls' : 'plain' };
  } catch (e) {
    return { outcome: 'error', message: String((e && e.message) || e) };
  } finally {
    if (client) await client.end().catch(() => {});
  }
}

async function main() {
  const lines = readline.createInterface({ input: process.stdin });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const { id, expr } = JSON.parse(line);
    const result = await one(expr);
    process.stdout.write(JSON.stringify({ id, ...result }) + '\n');
  }
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack) + '\n');
  process.exitCode = 1;
});
