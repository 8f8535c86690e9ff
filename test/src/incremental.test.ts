/**
 * Re-analysis of an edited text (engine/incremental.ts): with an AnalysisMemo, a new version is
 * lexed again only around the change, its bracket table, word occurrences and line index are
 * updated from the previous version's, and everything else is moved. Each piece is compared with
 * the same thing built from scratch, over generated texts and edits in every lexer family, and the
 * whole lint with a memo is compared with the lint without one on the fixture files.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { FAMILIES, scanText } from '../../server/out/engine/scan';
import { SourceView } from '../../server/out/engine/extract/sourceView';
import { AnalysisMemo, AnalysisMemos, detached, textChange } from '../../server/out/engine/incremental';
import { LineIndex } from '../../server/out/engine/text';
import { defaultConfig, lint } from '../../server/out/engine';

function rng(seed: number): { pick: <T>(a: readonly T[]) => T; int: (n: number) => number } {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 0x100000000;
  };
  return { pick: (a) => a[Math.floor(next() * a.length)]!, int: (n) => Math.floor(next() * n) };
}

// Every family's openers and closers, line breaks of each kind, escapes and continuations.
const ATOMS = [
  '\n', '\n', '\r\n', '\r', ' ', '\t', '"', "'", '`', '"""', "'''", '@"', 'r"', 'b\'', '/*', '*/', '//', '#', '--', ';', '!',
  '\\', '\\\n', '\\u0041', '${', '{', '}', '(', ')', '[', ']', '=', ':', '-', ',', 'x', 'ssl', 'host', 'Host=db;', 'a b',
  'host=db sslmode=require', 'postgres://u@h/d', 'SSL', 'é', '\u2028',
];

function gen(r: ReturnType<typeof rng>, n: number): string {
  let s = '';
  for (let k = 0; k < n; k++) s += r.pick(ATOMS);
  return s;
}

/** A random edit of `text`: an insertion, a deletion or a replacement, small or large. */
function edit(r: ReturnType<typeof rng>, text: string): string {
  const at = r.int(text.length + 1);
  const cut = r.int(4) === 0 ? r.int(text.length - at + 1) : r.int(3);
  return text.slice(0, at) + gen(r, r.int(4)) + text.slice(at + cut);
}

interface BracketTable {
  count: number;
  pos: Int32Array;
  partner: Int32Array;
  after: Int32Array;
}

function bracketsOf(view: SourceView): { pos: number[]; partner: number[]; after: number[] } {
  const b = (view as unknown as { brackets: BracketTable }).brackets;
  return { pos: [...b.pos.subarray(0, b.count)], partner: [...b.partner.subarray(0, b.count)], after: [...b.after.subarray(0, b.count)] };
}

function startsOf(lines: LineIndex): number[] {
  return (lines as unknown as { starts: number[] }).starts;
}

test('textChange: the smallest single replacement between two texts', () => {
  assert.equal(textChange('abc', 'abc'), undefined);
  assert.deepEqual(textChange('abc', 'abXc'), { start: 2, end: 2, delta: 1 });
  assert.deepEqual(textChange('abc', 'ac'), { start: 1, end: 2, delta: -1 });
  assert.deepEqual(textChange('aaaa', 'aaa'), { start: 3, end: 4, delta: -1 });
  assert.deepEqual(textChange('', 'xyz'), { start: 0, end: 0, delta: 3 });
  const long = 'k'.repeat(5000);
  assert.deepEqual(textChange(long + 'A' + long, long + 'BC' + long), { start: 5000, end: 5001, delta: 1 });
  const r = rng(3);
  for (let k = 0; k < 2000; k++) {
    const a = gen(r, r.int(30));
    const b = edit(r, a);
    const c = textChange(a, b);
    if (!c) {
      assert.equal(a, b);
      continue;
    }
    // Replacing [start, end) of a with b's [start, end + delta) gives b.
    assert.equal(a.slice(0, c.start) + b.slice(c.start, c.end + c.delta) + a.slice(c.end), b);
  }
});

test('every family: the memo gives the scan, brackets, word occurrences and line index of a whole pass', () => {
  const r = rng(20261123);
  const words: [string, boolean][] = [['ssl', false], ['ssl', true], ['host', false], ['=', false], ['a b', false], ['x', true]];
  let partial = 0;
  for (const family of Object.values(FAMILIES)) {
    for (let t = 0; t < 120; t++) {
      const memo = new AnalysisMemo();
      let text = gen(r, r.int(120));
      for (let e = 0; e < 6; e++) {
        const { scan, view } = memo.analyse(text, family);
        const whole = scanText(text, family);
        const where = `${family.name} ${JSON.stringify(text)}`;
        assert.deepEqual(scan, whole, `scan of ${where}`);
        const fresh = new SourceView(text, whole);
        // Some versions build no bracket table, some look for no words: the next one then starts afresh.
        if (r.int(5) > 0) assert.deepEqual(bracketsOf(view!), bracketsOf(fresh), `brackets of ${where}`);
        for (const [w, ci] of words) if (r.int(3) > 0) assert.deepEqual([...view!.occurrences(w, ci)], [...fresh.occurrences(w, ci)], `${w} in ${where}`);
        if (r.int(2) === 0) view!.findAll(['ssl', 'host'], true);
        assert.deepEqual(startsOf(memo.lineIndex(text)), startsOf(new LineIndex(text)), `lines of ${where}`);
        text = edit(r, text);
      }
      partial += memo.stats.partial;
    }
  }
  assert.ok(partial > 3000, `versions lexed again in part: ${partial}`);
});

test('a one-character edit in a large file is lexed again around its line only', () => {
  const lines: string[] = [];
  for (let k = 0; k < 3000; k++) lines.push(k % 7 === 0 ? `  const s${k} = "host=db${k} sslmode=require"; // ${k}` : `  call(${k}, [a, b], { c: '${k}' });`);
  let text = lines.join('\n');
  const family = FAMILIES.js!;
  const memo = new AnalysisMemo();
  memo.analyse(text, family);
  const at = text.indexOf('call(1500');
  text = text.slice(0, at) + 'x' + text.slice(at);
  const { scan, view } = memo.analyse(text, family);
  assert.deepEqual(scan, scanText(text, family));
  assert.deepEqual(bracketsOf(view!), bracketsOf(new SourceView(text, scanText(text, family))));
  assert.equal(memo.stats.full, 1);
  assert.equal(memo.stats.partial, 1);
  assert.ok(memo.stats.relexed < 100, `characters lexed again: ${memo.stats.relexed} of ${text.length}`);
  // Opening a block comment changes the rest of the file: it is all lexed again, and still right.
  const before = memo.stats.relexed;
  text = text.slice(0, at) + '/*' + text.slice(at);
  assert.deepEqual(memo.analyse(text, family).scan, scanText(text, family));
  assert.ok(memo.stats.relexed - before > text.length - at - 10);
});

test('edge cases: the start, the end, everything, a split CRLF, a changed family, the same text', () => {
  const cases: [string, string, string][] = [
    ['js', 'a\n"b"\nc', 'X' + 'a\n"b"\nc'],
    ['js', 'a\n"b"\nc', 'a\n"b"\ncX'],
    ['js', 'a\n"b"\nc', ''],
    ['js', '', 'x = "host=db"\n'],
    ['python', "'''a\nb'''\nc\n", "'''a\nb''\nc\n"],
    ['python', 'x = r"\\"\ny\n', 'x = "\\"\ny\n'],
    ['shell', 'a\r\nb # c\r\nd', 'a\rX\nb # c\r\nd'],
    ['csharp', 'var s = @"a\n""b"";\nc";\n', 'var s = @"a\n"b"";\nc";\n'],
    ['properties', 'a=b\\\n  c\nd=e\n', 'a=b\\\n  c\nd=\\u0041e\n'],
    ['yaml', "k: 'a\n  b'\nm: x\n", "k: 'a\n  b\nm: x\n"],
  ];
  for (const [name, a, b] of cases) {
    const family = FAMILIES[name]!;
    const memo = new AnalysisMemo();
    const first = memo.analyse(a, family);
    assert.equal(memo.analyse(a, family).scan, first.scan, 'the same text: the same scan');
    const { scan, view } = memo.analyse(b, family);
    assert.deepEqual(scan, scanText(b, family), `${name}: ${JSON.stringify(a)} → ${JSON.stringify(b)}`);
    assert.deepEqual(bracketsOf(view!), bracketsOf(new SourceView(b, scanText(b, family))));
  }
  // Another family: lexed whole.
  const memo = new AnalysisMemo();
  memo.analyse('# a\n"b"\n', FAMILIES.shell!);
  assert.deepEqual(memo.analyse('# a\n"b"\n', FAMILIES.js!).scan, scanText('# a\n"b"\n', FAMILIES.js!));
  assert.equal(memo.stats.full, 2);
});

test('lint with a memo finds what lint without one finds, edit after edit, on every fixture file', () => {
  const root = path.resolve(__dirname, '../../test/fixtures/lint');
  const files = fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((d) => d.isFile());
  assert.ok(files.length > 20);
  const config = defaultConfig();
  const now = new Date('2026-01-01T00:00:00Z');
  const r = rng(77);
  // Edits that make and break connection settings as well as code.
  const snippets = ['', 'x', '\n', '"', "'", '`', '/*', '*/', '#', '//', '{', '}', 'sslmode=disable ', 'host=h ', ';Encrypt=False', 'postgres://a@b/c?sslmode=require', 'ssl: { rejectUnauthorized: false }', '\\'];
  let versions = 0;
  for (const d of files) {
    const file = path.join(d.parentPath ?? (d as unknown as { path: string }).path, d.name);
    let text = fs.readFileSync(file, 'utf8');
    const memo = new AnalysisMemo();
    for (let e = 0; e < 25; e++) {
      const options = { path: file, config, now };
      const plain = lint(text, options);
      const withMemo = lint(text, { ...options, memo });
      assert.deepEqual(JSON.parse(JSON.stringify(withMemo)), JSON.parse(JSON.stringify(plain)), `${path.relative(root, file)} after ${e} edits`);
      versions++;
      const at = r.int(text.length + 1);
      const cut = r.int(5) === 0 ? r.int(Math.min(40, text.length - at) + 1) : r.int(2);
      text = text.slice(0, at) + r.pick(snippets) + text.slice(at + cut);
    }
  }
  assert.ok(versions > 500);
});

test('detached: the same characters, without holding on to the string they were cut from', () => {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const big = () => 'y'.repeat(2_000_000) + Math.random();
  gc();
  const base = process.memoryUsage().heapUsed;
  const kept: string[] = [];
  for (let k = 0; k < 40; k++) {
    const s = big();
    const piece = detached(s.slice(1000, 1100));
    assert.equal(piece, s.slice(1000, 1100));
    kept.push(piece);
  }
  gc();
  // 40 texts of 2 MB would be 80 MB.
  assert.ok(process.memoryUsage().heapUsed - base < 20_000_000, `heap grew by ${process.memoryUsage().heapUsed - base} bytes`);
  assert.equal(detached('short'), 'short');
});

test('a memo kept over many versions holds on to a bounded amount of memory', () => {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const lines: string[] = [];
  for (let k = 0; k < 8000; k++) lines.push(`  const v${k} = f("a string long enough to be a slice ${k}", ${k}); // note ${k}`);
  lines.push('const url = "postgres://u@db.example.com/app?sslmode=require";');
  let text = lines.join('\n');
  const memo = new AnalysisMemo();
  const options = { path: 'big.ts', config: defaultConfig(), memo };
  assert.equal(lint(text, options).findings.length, 1);
  gc();
  const base = process.memoryUsage().heapUsed;
  // Edits moving down the file: each version's lex would keep its whole text alive through the
  // slices it made, if they were kept as slices.
  for (let k = 0; k < 300; k++) {
    const at = Math.floor(((k + 1) / 301) * text.length);
    text = text.slice(0, at) + 'z' + text.slice(at);
    lint(text, options);
  }
  gc();
  assert.equal(memo.stats.partial, 300);
  const grown = process.memoryUsage().heapUsed - base;
  // 300 versions of a 700 KB text would be over 200 MB.
  assert.ok(grown < 30_000_000, `heap grew by ${grown} bytes over 300 versions of a ${text.length}-character text`);
});

test('memos by document: the most recently used are kept, the others dropped', () => {
  const memos = new AnalysisMemos(3);
  const a = memos.of('a');
  memos.of('b');
  memos.of('c');
  assert.equal(memos.of('a'), a, 'a used again: the same memo');
  memos.of('d'); // drops b, the one used longest ago
  assert.equal(memos.size, 3);
  assert.equal(memos.of('a'), a);
  const b = memos.of('b');
  assert.equal(b.stats.full + b.stats.partial, 0, 'b starts afresh');
  memos.delete('a');
  assert.equal(memos.size, 2);
  assert.notEqual(memos.of('a'), a);
});

test('a text over the memo\'s limit is analysed whole and nothing of it is kept', () => {
  const memo = new AnalysisMemo(1000);
  const small = 'const a = "host=db sslmode=require";\n'.repeat(10);
  memo.analyse(small, FAMILIES.js!);
  const big = small.repeat(5);
  const r = memo.analyse(big, FAMILIES.js!);
  assert.equal(r.view, undefined);
  assert.deepEqual(r.scan, scanText(big, FAMILIES.js!));
  assert.equal(memo.stats.full, 2);
  // Back under the limit: lexed whole (nothing was kept), then in part again.
  memo.analyse(small, FAMILIES.js!);
  assert.equal(memo.stats.full, 3);
  memo.analyse(small + 'x', FAMILIES.js!);
  assert.equal(memo.stats.partial, 1);
  const options = { path: 'big.ts', config: defaultConfig() };
  assert.deepEqual(JSON.parse(JSON.stringify(lint(big, { ...options, memo }))), JSON.parse(JSON.stringify(lint(big, options))));
});
