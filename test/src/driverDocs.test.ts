/**
 * docs/drivers/postgresql.md is executable: every table row's example is linted, and its encrypts /
 * verifies-chain / verifies-host columns must be what the engine computes. A doc that drifts from the
 * code fails here.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { lint } from '../../server/out/engine';
import { docTableRows, unwrap } from './util/docTables';

const ROOT = path.resolve(__dirname, '../..');

interface DocRow {
  section: string;
  parameter: string;
  value: string;
  example: string;
  encrypts: string;
  chain: string;
  host: string;
}

/** The rows of the tables, their examples unwrapped. */
export function docRows(file: string): DocRow[] {
  return docTableRows(file).map(({ section, get }) => ({ section, parameter: get('parameter'), value: get('value'), example: unwrap(get('example')), encrypts: get('encrypts'), chain: get('verifies chain'), host: get('verifies host') }));
}

const FILE_FOR: Record<string, string> = { libpq: 'x.env', pgjdbc: 'x.properties', 'node-postgres': 'x.ts', 'postgres.js': 'x.ts' };
/** The driver id of a section's first word. */
const DRIVER_OF: Record<string, string> = { 'postgres.js': 'postgres-js' };

const rows = docRows(path.join(ROOT, 'docs/drivers/postgresql.md'));

test('docs/drivers/postgresql.md has a table for each core driver', () => {
  const sections = new Set(rows.map((r) => r.section.split(' ')[0]));
  assert.deepEqual([...sections].sort(), ['libpq', 'node-postgres', 'pgjdbc', 'postgres.js']);
  assert.ok(rows.length >= 25, `${rows.length} rows`);
});

for (const row of rows) {
  const driver = row.section.split(' ')[0]!;
  test(`docs/drivers/postgresql.md ${driver}: ${row.parameter} = ${row.value}`, () => {
    const result = lint(row.example, { path: FILE_FOR[driver]! });
    assert.equal(result.sites.length, 1, 'one site');
    const p = result.sites[0]!.policy;
    assert.equal(p.driver, DRIVER_OF[driver] ?? driver);
    assert.equal(p.encrypts, row.encrypts, 'encrypts');
    assert.equal(p.verifiesChain, row.chain, 'verifies chain');
    assert.equal(p.verifiesHost, row.host, 'verifies host');
  });
}
