/** How the extension starts the language server (client/src/serverLaunch.ts). */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { SERVER_EXEC_ARGV, serverEnvironment } from '../../client/out/serverLaunch';

test('server launch: at most two malloc arenas unless the environment says otherwise; the rest of the environment is kept', () => {
  assert.deepEqual(serverEnvironment({ PATH: '/bin', HOME: '/h' }), { PATH: '/bin', HOME: '/h', MALLOC_ARENA_MAX: '2' });
  assert.equal(serverEnvironment({ MALLOC_ARENA_MAX: '8' }).MALLOC_ARENA_MAX, '8');
});

test('server launch: Node accepts the server options, and they cap the young generation', () => {
  // Objects that survive a while make V8 grow its young generation (to 32 MB by default).
  const churn = 'for (let i = 0, a = []; i < 3e6; i++) { a.push({ i, s: "x" + i }); if (a.length > 2e5) a = []; } console.log(require("v8").getHeapSpaceStatistics().find((x) => x.space_name === "new_space").space_size)';
  const defaults = spawnSync(process.execPath, ['-e', churn], { encoding: 'utf8' });
  const capped = spawnSync(process.execPath, [...SERVER_EXEC_ARGV, '-e', churn], { encoding: 'utf8' });
  assert.equal(capped.status, 0, capped.stderr);
  assert.ok(Number(defaults.stdout) > 8 * 1024 * 1024, `default: ${defaults.stdout}`);
  assert.ok(Number(capped.stdout) <= 4 * 1024 * 1024, `capped: ${capped.stdout}`);
});
