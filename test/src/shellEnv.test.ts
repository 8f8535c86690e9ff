/**
 * libpq reads PGSSLMODE / PGSSLROOTCERT / PGSSLNEGOTIATION for every parameter a connection string leaves
 * out. Source: PostgreSQL documentation, libpq "Environment Variables" (§32.15 in PostgreSQL 17:
 * "the following environment variables can be used to select default connection parameter values … used
 * when no value is directly specified"), https://www.postgresql.org/docs/current/libpq-envars.html.
 * In a shell script, `VAR=value cmd` sets VAR for that command only; `export VAR=value` for every later
 * command (POSIX Shell Command Language §2.9.1, "Simple Commands").
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { lint } from '../../server/out/engine';

const NOW = new Date('2026-11-23T00:00:00Z');

function findings(text: string, file = 'deploy.sh'): string[] {
  const r = lint(text, { path: file, now: NOW });
  return r.findings.map((f) => {
    const line = text.slice(0, f.span.start).split('\n').length;
    return `${line}:${f.ruleId}`;
  });
}

test('a command prefix completes the connection string of that command (truth table: psql with PGSSLMODE=verify-full verifies)', () => {
  const text = 'PGSSLMODE=verify-full PGSSLROOTCERT=/etc/ssl/root.pem psql "host=db.example.com dbname=app"\n';
  const r = lint(text, { path: 'run.sh', now: NOW });
  assert.equal(r.sites.length, 1, 'one site: the command with its environment');
  const policy = r.sites[0]!.policy;
  assert.equal(policy.verifiesChain, 'yes');
  assert.equal(policy.verifiesHost, 'yes');
  assert.deepEqual(findings(text).filter((f) => f.endsWith('weak-sslmode')), []);
});

test('a weak prefix is reported once, on the variable, and its fix edits the variable', () => {
  const text = 'PGSSLMODE=require psql "host=db.example.com dbname=app"\n';
  const r = lint(text, { path: 'run.sh', now: NOW });
  assert.deepEqual(r.findings.map((f) => f.ruleId), ['weak-sslmode']);
  const f = r.findings[0]!;
  assert.equal(text.slice(f.span.start, f.span.end), 'require');
  assert.deepEqual(f.fixes[0]!.edits.map((e) => text.slice(e.span.start, e.span.end)), ['require']);
});

test('the connection string wins over the environment; a prefix on another line applies to nothing here', () => {
  assert.deepEqual(findings('PGSSLMODE=disable psql "host=db.example.com dbname=app sslmode=verify-full sslrootcert=system"\n').filter((f) => f.endsWith('weak-sslmode')), []);
  assert.deepEqual(findings('PGSSLMODE=verify-full ./backup.sh\npsql "host=db.example.com dbname=app"\n').filter((f) => f.endsWith('weak-sslmode')), ['2:weak-sslmode']);
});

test('exported variables apply to the commands after them; plain assignments are not exported', () => {
  assert.deepEqual(findings('export PGSSLMODE=verify-full\nexport PGSSLROOTCERT=system\npsql "host=db.example.com dbname=app"\n'), []);
  assert.deepEqual(findings('psql "host=db.example.com dbname=app"\nexport PGSSLMODE=verify-full\n').filter((f) => f.endsWith('weak-sslmode')), ['1:weak-sslmode'], 'exported after the command');
  // Reported once, at the export, not a second time at the command it completes.
  assert.deepEqual(findings('export PGSSLMODE=prefer\npsql "host=db.example.com dbname=app"\n'), ['1:weak-sslmode']);
});

test('Dockerfile ENV applies to RUN; a command prefix inside RUN too', () => {
  assert.deepEqual(findings('FROM postgres:16\nENV PGSSLMODE=verify-full PGSSLROOTCERT=system\nRUN psql "host=db.example.com dbname=app" -c "select 1"\n', 'Dockerfile'), []);
  assert.deepEqual(findings('FROM postgres:16\nRUN PGSSLMODE=require psql "host=db.example.com dbname=app"\n', 'Dockerfile'), ['2:weak-sslmode']);
});

test('a prefix that configures a command without a connection string is still judged by itself', () => {
  assert.deepEqual(findings('PGSSLMODE=disable ./migrate.sh\n'), ['1:weak-sslmode']);
});
