// @vscode/test-cli loads its test files into mocha (its runner is mocha's), while the suites are
// node:test files. This file hands the run to them: one mocha test that passes when every
// node:test suite passes; their report is printed to the extension host's console.
const { run } = require('../out/suite/index.js');

suite('dbtrust in VS Code', () => {
  test('extension-host suites (node:test, test/vscode/suite)', async function () {
    this.timeout(0); // the suites have their own per-test and overall time limits
    await run();
  });
});
