/** The last-line redaction of values the hover shows (see server/src/engine/redact.ts). */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { redactShown } from '../../server/out/engine/redact';

test('keyed passwords and user information are masked; ordinary values are untouched', () => {
  const rows: [string, string][] = [
    ['password=hunter2', 'password=•••'],
    ["PWD='a b c'", 'PWD=•••'],
    ['passwd: x1;y', 'passwd: •••;y'],
    ['myserver:hunter2@myserver.postgres.database.azure.com', 'myserver:•••@myserver.postgres.database.azure.com'],
    ['db.example.com', 'db.example.com'],
    ['db.example.com:5432', 'db.example.com:5432'],
    ['[::1]:5432', '[::1]:5432'],
    ['app_user', 'app_user'],
  ];
  for (const [input, shown] of rows) {
    assert.equal(redactShown(input), shown, input);
    assert.ok(!/hunter2|x1|a b c/.test(redactShown(input)), input);
  }
});
