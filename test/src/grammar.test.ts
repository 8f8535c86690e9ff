/**
 * The TLS-parameter injection grammars, run the way VS Code runs them: vscode-textmate with
 * vscode-oniguruma, the host languages' own grammars (VS Code's, as shipped by the tm-grammars
 * package), and the injections wired exactly as package.json's `contributes.grammars[].injectTo`
 * declares them. Each file in test/fixtures/grammar is a vscode-tmgrammar-test case: source lines with
 * `^^^ scope` (or `<~~--- scope`) assertion lines beside them; `- scope` asserts a scope is absent.
 *
 * Beyond the assertions, every fixture is also tokenized without the injections: wherever the
 * injections give no dbtrust scope, the host grammar's scopes must be unchanged (the injections
 * never disturb how the rest of a file is highlighted).
 */
import { before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';
import { parseGrammarTestCase, runGrammarTestCase } from 'vscode-tmgrammar-test/dist/unit/index.js';

const ROOT = path.resolve(__dirname, '../..');
const FIXTURES = path.join(ROOT, 'test/fixtures/grammar');
const HOST_DIR = path.dirname(require.resolve('tm-grammars/grammars/json.json'));

interface Contribution {
  scopeName: string;
  path: string;
  injectTo?: string[];
}
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { contributes: { grammars: Contribution[] } };
const OURS = manifest.contributes.grammars;
const DBTRUST = /\.dbtrust$/;

/** The host grammars by scope name (tm-grammars' index, an ES module), loaded from its JSON files. */
let HOST_FILES = new Map<string, string>();
before(async () => {
  const { grammars } = (await import('tm-grammars')) as typeof import('tm-grammars');
  HOST_FILES = new Map(grammars.map((g) => [g.scopeName, path.join(HOST_DIR, `${g.name}.json`)]));
});

let onigLoaded: Promise<void> | undefined;
function onigLib(): Promise<vsctm.IOnigLib> {
  onigLoaded ??= oniguruma.loadWASM(fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer as ArrayBuffer);
  return onigLoaded.then(() => ({
    createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
    createOnigString: (s: string) => new oniguruma.OnigString(s),
  }));
}

/** A registry like VS Code's: every grammar by scope name, our grammars injected where the manifest says. */
function registry(withInjections = true): vsctm.Registry {
  return new vsctm.Registry({
    onigLib: onigLib(),
    loadGrammar: async (scopeName) => {
      const ours = OURS.find((g) => g.scopeName === scopeName);
      const file = ours ? path.join(ROOT, ours.path) : HOST_FILES.get(scopeName);
      if (!file) return null;
      return vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
    },
    getInjections: (scopeName) => {
      if (!withInjections) return undefined;
      const names = OURS.filter((g) => g.injectTo?.includes(scopeName)).map((g) => g.scopeName);
      return names.length ? names : undefined;
    },
  });
}

function fixtureFiles(): string[] {
  return fs
    .readdirSync(FIXTURES)
    .filter((f) => !f.startsWith('.'))
    .sort()
    .map((f) => path.join(FIXTURES, f));
}

interface Failure {
  line: number;
  srcLine: number;
  start: number;
  end: number;
  missing: string[];
  unexpected: string[];
  actual: string[];
}

async function runCase(text: string, reg = registry()): Promise<Failure[]> {
  const testCase = parseGrammarTestCase(text);
  return (await runGrammarTestCase(reg as never, testCase)) as Failure[];
}

function describeFailures(file: string, text: string, failures: Failure[]): string {
  const lines = text.split(/\r?\n/);
  const source = parseGrammarTestCase(text).source;
  return failures
    .map(
      (f) =>
        `${path.basename(file)}:${f.line + 1}: [${f.start}, ${f.end}) of ${JSON.stringify(source[f.srcLine]?.slice(0, 160))}` +
        `\n  assertion: ${lines[f.line]?.trim()}` +
        (f.missing.length ? `\n  missing: ${f.missing.join(' ')}` : '') +
        (f.unexpected.length ? `\n  unexpected: ${f.unexpected.join(' ')}` : '') +
        `\n  actual: ${f.actual.join(' ')}`,
    )
    .join('\n');
}

/** Per UTF-16 unit of each source line: the scopes (root scope dropped). */
async function scopesPerChar(scope: string, source: string[], reg: vsctm.Registry): Promise<string[][][]> {
  const grammar = await reg.loadGrammar(scope);
  assert.ok(grammar, `no grammar for ${scope}`);
  let stack: vsctm.StateStack = vsctm.INITIAL;
  const out: string[][][] = [];
  for (const line of source) {
    const r = grammar.tokenizeLine(line, stack);
    stack = r.ruleStack;
    const perChar: string[][] = [];
    for (const t of r.tokens) for (let i = t.startIndex; i < Math.min(t.endIndex, line.length); i++) perChar[i] = t.scopes.slice(1);
    out.push(perChar);
  }
  return out;
}

test('the committed grammars are what syntaxes/generate.mjs builds', async () => {
  const gen = (await import(pathToFileURL(path.join(ROOT, 'syntaxes/generate.mjs')).href)) as {
    build(): Record<string, unknown>;
    serialise(g: unknown): string;
    FAMILIES: { id: string; source: string[] }[];
  };
  const built = gen.build();
  for (const [file, grammar] of Object.entries(built)) {
    assert.equal(fs.readFileSync(path.join(ROOT, 'syntaxes', file), 'utf8'), gen.serialise(grammar), `${file} is stale: run node syntaxes/generate.mjs`);
  }
  // Every grammar the manifest contributes is one of them, and every value vocabulary names its source.
  for (const g of OURS) assert.ok(Object.keys(built).includes(path.basename(g.path)), `${g.path} is not generated`);
  for (const f of gen.FAMILIES) assert.ok(f.source.length > 0 && f.source.every((s) => /^https:\/\//.test(s)), `${f.id} names no source`);
});

test('every pattern compiles in Oniguruma (as VS Code compiles it)', async () => {
  await onigLib();
  const patterns: string[] = [];
  const walk = (o: unknown): void => {
    if (Array.isArray(o)) o.forEach(walk);
    else if (o && typeof o === 'object') {
      for (const [k, v] of Object.entries(o)) {
        if ((k === 'match' || k === 'begin' || k === 'end') && typeof v === 'string') patterns.push(v);
        else walk(v);
      }
    }
  };
  for (const g of OURS) walk(JSON.parse(fs.readFileSync(path.join(ROOT, g.path), 'utf8')));
  assert.ok(patterns.length > 10);
  for (const p of patterns) assert.doesNotThrow(() => new oniguruma.OnigScanner([p]), `does not compile: ${p}`);
});

test('every host language named in the manifest has its grammar and a fixture', () => {
  const injected = new Set(OURS.flatMap((g) => g.injectTo ?? []));
  const tested = new Set(fixtureFiles().map((f) => parseGrammarTestCase(fs.readFileSync(f, 'utf8')).metadata.scope));
  // The languages the grammar is for; each is tested through its real grammar.
  const required = [
    'source.js', 'source.ts', 'source.tsx', 'source.python', 'source.java', 'source.kotlin', 'source.go', 'source.cs',
    'source.php', 'source.ruby', 'source.rust', 'source.yaml', 'source.json', 'source.json.comments', 'source.toml',
    'text.xml', 'source.dotenv', 'source.ini',
  ];
  for (const scope of required) {
    assert.ok(injected.has(scope), `${scope} is not in any injectTo`);
    assert.ok(HOST_FILES.has(scope), `${scope} has no host grammar in tm-grammars`);
    assert.ok(tested.has(scope), `${scope} has no fixture in test/fixtures/grammar`);
  }
});

for (const file of fixtureFiles()) {
  test(`grammar fixture ${path.basename(file)}`, async () => {
    const text = fs.readFileSync(file, 'utf8');
    const testCase = parseGrammarTestCase(text);
    assert.ok(testCase.assertions.length > 0, 'a fixture without assertions');
    const failures = await runCase(text);
    assert.equal(failures.length, 0, `\n${describeFailures(file, text, failures)}`);

    // Where the injections add nothing, the host grammar tokenizes exactly as it does alone.
    const withInj = await scopesPerChar(testCase.metadata.scope, testCase.source, registry(true));
    const without = await scopesPerChar(testCase.metadata.scope, testCase.source, registry(false));
    let dbtrustChars = 0;
    testCase.source.forEach((line, n) => {
      for (let i = 0; i < line.length; i++) {
        const a = withInj[n]![i] ?? [];
        if (a.some((s) => DBTRUST.test(s))) {
          dbtrustChars++;
          continue;
        }
        assert.deepEqual(a, without[n]![i] ?? [], `${path.basename(file)} source line ${n + 1}, column ${i}: the host scopes changed\n${line}`);
      }
    });
    assert.ok(dbtrustChars > 0, 'the injections marked nothing');
  });
}

test('a wrong expectation fails (the harness is not vacuous)', async () => {
  const source = 'const u = "postgres://h/db?sslmode=verify-full";';
  const caret = (needle: string, scope: string): string => {
    const at = source.indexOf(needle);
    return '//' + ' '.repeat(at - 2) + '^'.repeat(needle.length) + ' ' + scope;
  };
  const wrong = [
    '// SYNTAX TEST "source.js"',
    source,
    caret('sslmode', 'variable.parameter.tls.dbtrust'),
    caret('verify-full', 'invalid.deprecated.tls-weak.dbtrust'),
  ].join('\n');
  const failures = await runCase(wrong);
  assert.equal(failures.length, 1);
  assert.deepEqual(failures[0]!.missing, ['invalid.deprecated.tls-weak.dbtrust']);
  assert.ok(failures[0]!.actual.includes('constant.language.tls-verified.dbtrust'));
  // Without the injections nothing is marked at all.
  const plain = await runCase(wrong, registry(false));
  assert.ok(plain.length >= 2);
  assert.ok(plain.every((f) => f.actual.every((s) => !DBTRUST.test(s))));
});
