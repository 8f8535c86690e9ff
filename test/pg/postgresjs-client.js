// Connects with postgres.js once per input line and prints the outcome, one JSON line per case:
//
//   input:  {"id": "...", "args": "...", "env"?: {...}}
//           args: the arguments of `postgres(...)` as written in code (a connection string literal,
//           an options object, or both; `fs` is in scope); env: variables set for this case only
//   output: {"id": "...", "outcome": "tls" | "plain" | "error", "message"?: "..."}
//
// Run: node --no-warnings test/pg/postgresjs-client.js < cases   (NODE_EXTRA_CA_CERTS and the like are the caller's)
'use strict';
const fs = require('node:fs');
const readline = require('node:readline');
const postgres = require('postgres');

async function one(args, env) {
  const saved = {};
  for (const [k, v] of Object.entries(env || {})) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  let sql;
  try {
    // eslint-disable-next-line no-new-func
    const list = new Function('fs', `return [${args}];`)(fs);
    const last = list.length > 0 && typeof list[list.length - 1] === 'object' ? list.pop() : {};
    sql = postgres(...list, { ...last, connect_timeout: 5, max: 1, onnotice: () => {} });
    const rows = await sql`select ssl from pg_stat_ssl where pid = pg_backend_pid()`;
    return { outcome: rows[0].ssl ? 'tls' : 'plain' };
  } catch (e) {
    return { outcome: 'error', message: String((e && e.message) || e) };
  } finally {
    if (sql) await sql.end({ timeout: 1 }).catch(() => {});
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

async function main() {
  const lines = readline.createInterface({ input: process.stdin });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const { id, args, env } = JSON.parse(line);
    const result = await one(args, env);
    process.stdout.write(JSON.stringify({ id, ...result }) + '\n');
  }
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack) + '\n');
  process.exitCode = 1;
});
