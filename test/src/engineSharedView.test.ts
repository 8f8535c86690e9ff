/**
 * The shared view of a text that the extractors read (masks, matched brackets, token positions, word
 * occurrences, candidate regions) and the fast checks that stand for regular expressions: each is
 * compared with a plain reference (a forward pass over the whole text, a regular expression) on many
 * generated texts.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { FAMILIES, scanText, type Region } from '../../server/out/engine/scan';
import { SourceView, STRING, COMMENT } from '../../server/out/engine/extract/sourceView';
import { CodeView, type CodeViewOptions, type Tok } from '../../server/out/engine/extract/codeView';
import { keyUse } from '../../server/out/engine/extract/common';
import { adoHint } from '../../server/out/engine/extract/families/dotnet';
import { LIBPQ_KEYWORDS, parseConninfo } from '../../server/out/engine/extract/keyvalue';
import { LineIndex } from '../../server/out/engine/text';

/** A small deterministic generator. */
function rng(seed: number): { next: () => number; pick: <T>(a: readonly T[]) => T; int: (n: number) => number } {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 0x100000000;
  };
  return { next, pick: (a) => a[Math.floor(next() * a.length)]!, int: (n) => Math.floor(next() * n) };
}

const CODE_ATOMS = [
  '{', '}', '(', ')', '[', ']', '{', '}', ',', ':', ';', '.', '...', ' ', '\n', '\t', '=', '?', '!', '&', '|',
  'ssl', 'ssl', 'encrypt', 'trustServerCertificate', 'server', 'mysql', 'type', 'return', 'x', 'a1', '$b', '_', '1', '2.5',
  '"ssl"', "'ssl'", '`ssl`', '"a"', "'b'", '`t${x}`', '"', "'", '`', '"""', "'''", '\\', '/*c*/', '// c\n', '#c\n',
  '\u00a0', 'é', '\u2028', 'ab.cd', '1.x', '"\\u0073sl"', "'mysql'", '"mysql2"',
];

function codeText(seed: number, length: number): string {
  const r = rng(seed);
  let s = '';
  for (let k = 0; k < length; k++) s += r.pick(CODE_ATOMS);
  return s;
}

/** The mask as documented: string literals with their quotes (one, or three for Python's), then comments. */
function referenceMask(text: string, regions: readonly Region[], comments: readonly { start: number; end: number }[]): Uint8Array {
  const mask = new Uint8Array(text.length);
  for (const r of regions) {
    if (r.kind !== 'string' || r.start === 0) continue;
    const q = text[r.start - 1];
    const triple = (q === '"' || q === "'") && r.start >= 3 && text[r.start - 2] === q && text[r.start - 3] === q;
    const open = r.start - (triple ? 3 : 1);
    const close = text.slice(open, r.start);
    mask.fill(STRING, open, text.startsWith(close, r.end) ? r.end + close.length : r.end);
  }
  for (const c of comments) mask.fill(COMMENT, c.start, c.end);
  return mask;
}

/** The forward bracket pass: per offset, the innermost open bracket before it is read and after it is read, and the matches. */
function referenceBrackets(text: string, mask: Uint8Array): { before: number[]; around: number[]; match: number[]; opener: number[] } {
  const n = text.length;
  const before: number[] = [];
  const around: number[] = [];
  const match = new Array<number>(n).fill(-1);
  const opener = new Array<number>(n).fill(-1);
  const stack: number[] = [];
  const closerOf: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  for (let p = 0; p < n; p++) {
    const top = stack.length ? stack[stack.length - 1]! : -1;
    before.push(top);
    around.push(top);
    if (mask[p] !== 0) continue;
    const ch = text[p]!;
    if (ch === '(' || ch === '[' || ch === '{') stack.push(p);
    else if (closerOf[ch] !== undefined) {
      const want = closerOf[ch]!;
      if (!stack.some((o) => text[o] === want)) continue;
      for (;;) {
        const o = stack.pop()!;
        if (text[o] === want) {
          match[o] = p;
          opener[p] = o;
          break;
        }
      }
      around[p] = stack.length ? stack[stack.length - 1]! : -1;
    }
  }
  return { before, around, match, opener };
}

const FAMILY_NAMES = ['js', 'python', 'php', 'go', 'java', 'csharp', 'json', 'yaml'];

test('the mask and the matched brackets are those of one forward pass over the code', () => {
  for (let seed = 1; seed <= 300; seed++) {
    const family = FAMILIES[FAMILY_NAMES[seed % FAMILY_NAMES.length]!]!;
    const text = codeText(seed, 10 + (seed % 90));
    const scan = scanText(text, family);
    const view = new SourceView(text, scan);
    assert.deepEqual(scan.mapped, scan.regions.flatMap((r, k) => (r.map ? [k] : [])), `mapped regions, seed ${seed}`);
    const mask = referenceMask(text, scan.regions, scan.comments);
    assert.deepEqual([...view.mask], [...mask], `mask, seed ${seed}`);
    // Each string literal by its opening quote (a later region claiming the same quote wins).
    const strings = new Map<number, { region: Region; end: number }>();
    for (const r of scan.regions) {
      if (r.kind !== 'string' || r.start === 0) continue;
      const q = text[r.start - 1];
      const open = r.start - ((q === '"' || q === "'") && r.start >= 3 && text[r.start - 2] === q && text[r.start - 3] === q ? 3 : 1);
      const close = text.slice(open, r.start);
      strings.set(open, { region: r, end: text.startsWith(close, r.end) ? r.end + close.length : r.end });
    }
    for (let p = 0; p < text.length; p++) assert.deepEqual(view.stringAt(p), strings.get(p), `stringAt(${p}), seed ${seed}`);
    const ref = referenceBrackets(text, mask);
    for (let p = 0; p < text.length; p++) {
      const at = `seed ${seed}, offset ${p}: ${JSON.stringify(text)}`;
      assert.equal(view.openBefore(p), ref.before[p], `openBefore, ${at}`);
      assert.equal(view.bracketAround(p), ref.around[p], `bracketAround, ${at}`);
      assert.equal(view.matchOf(p), ref.match[p], `matchOf, ${at}`);
      assert.equal(view.openerOf(p), ref.opener[p], `openerOf, ${at}`);
      if (mask[p] === 0 && '([{'.includes(text[p]!)) {
        // The nearest `{` among the brackets open around this opener.
        let brace = ref.before[p]!;
        while (brace >= 0 && text[brace] !== '{') brace = ref.before[brace]!;
        assert.equal(view.enclosingBrace(p), brace, `enclosingBrace, ${at}`);
      }
    }
  }
});

/** The token stream: tokens read one after the other from offset 0. */
function stream(code: CodeView): Tok[] {
  const out: Tok[] = [];
  const n = code.text.length;
  for (let t = code.next(0, n); t.kind !== 'end'; t = code.next(t.end, n)) out.push(t);
  return out;
}

const VIEW_OPTIONS: CodeViewOptions[] = [{ dollarIdents: true }, { dollarIdents: true, asciiIdents: true, unterminated: 'punct' }, { unterminated: 'punct' }, {}];

test('token positions read locally agree with the token stream of the whole text', () => {
  for (let seed = 1; seed <= 400; seed++) {
    const family = FAMILIES[FAMILY_NAMES[seed % FAMILY_NAMES.length]!]!;
    const text = codeText(seed * 7919, 10 + (seed % 120));
    const view = new SourceView(text, scanText(text, family));
    const code = new CodeView(view, VIEW_OPTIONS[seed % VIEW_OPTIONS.length]);
    const toks = stream(code);
    const startsAt = new Set(toks.map((t) => t.start));
    const at = `seed ${seed}: ${JSON.stringify(text)}`;
    for (let p = 0; p < text.length; p++) {
      assert.equal(code.tokenStartsAt(p), startsAt.has(p), `tokenStartsAt(${p}), ${at}`);
      const holding = toks.find((t) => t.start <= p && p < t.end);
      const local = code.tokenHolding(p);
      if (view.mask[p] === 0 && !/\s/.test(text[p]!)) assert.deepEqual(local, holding, `tokenHolding(${p}), ${at}`);
      else assert.equal(local, undefined, `tokenHolding(${p}) outside code, ${at}`);
      const str = code.stringTokenHolding(p);
      assert.deepEqual(str, holding?.kind === 'string' ? holding : undefined, `stringTokenHolding(${p}), ${at}`);
      let k = p - 1;
      while (k >= 0 && (view.mask[k] === COMMENT || /\s/.test(text[k]!))) k--;
      assert.equal(code.prevSignificantOffset(p), k, `prevSignificantOffset(${p}), ${at}`);
      assert.equal(view.prevSignificantOffset(p), k, `view.prevSignificantOffset(${p}), ${at}`);
    }
    const names = ['ssl', 'encrypt', 'trustServerCertificate'];
    const named = toks.filter((t) => (t.kind === 'ident' && names.includes(code.tokText(t))) || (t.kind === 'string' && text[t.start] !== '`' && names.includes(t.region!.text)));
    assert.deepEqual(code.namedTokens(names), named, `namedTokens, ${at}`);
  }
});

test('an identifier run longer than the local limit is read through the token starts of the whole text', () => {
  const text = `x = {${'a.'.repeat(6000)}ssl: 1, ssl: 2}`;
  const view = new SourceView(text, scanText(text, FAMILIES.js!));
  const code = new CodeView(view, { dollarIdents: true });
  const toks = stream(code);
  const inRun = text.indexOf('ssl');
  assert.equal(code.tokenStartsAt(inRun), toks.some((t) => t.start === inRun));
  assert.deepEqual(code.tokenHolding(inRun + 1), toks.find((t) => t.start <= inRun + 1 && inRun + 1 < t.end));
  assert.deepEqual(
    code.namedTokens(['ssl']).map((t) => t.start),
    toks.filter((t) => t.kind === 'ident' && code.tokText(t) === 'ssl').map((t) => t.start),
  );
});

const WORD_ATOMS = ['mysql', 'MySQL', 'mYsQl', 'mariadb', 'jdbc:mysql', 'jdbc:MYSQL', 'tcp(', 'TCP(', 'unix(', 'ssl', 'sssl', 'aa', 'a', ' ', '"', "'", '\\u0073', '\n', 'ſ', 'K', 'İ', 'x', '://'];

test('word occurrences are every offset where the word is, also when found around a shorter word or in one pass', () => {
  for (let seed = 1; seed <= 300; seed++) {
    const r = rng(seed * 31);
    let text = '';
    for (let k = 0; k < 5 + r.int(60); k++) text += r.pick(WORD_ATOMS);
    const words = ['mysql', 'mariadb', 'jdbc:mysql', 'tcp(', 'unix(', 'ssl', 'aa', 'mysql:', '://', 'sql'];
    const view = new SourceView(text, scanText(text, FAMILIES.js!));
    // A different order of searches each time: some are answered from the ones before.
    if (seed % 3 === 0) view.findAll(['mysql', 'mariadb', 'tcp(', 'unix('], true);
    const order = [...words].sort(() => r.next() - 0.5);
    for (const w of order) {
      for (const ci of seed % 2 ? [true, false] : [false, true]) {
        const expected: number[] = [];
        const re = new RegExp(w.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&'), ci ? 'iy' : 'y');
        for (let i = 0; i < text.length; i++) {
          re.lastIndex = i;
          if (re.test(text)) expected.push(i);
        }
        assert.deepEqual([...view.occurrences(w, ci)], expected, `occurrences(${w}, ${ci}) in ${JSON.stringify(text)}`);
      }
    }
  }
});

test('the regions that may hold a word include every region whose decoded text holds it, in text order', () => {
  for (let seed = 1; seed <= 300; seed++) {
    const r = rng(seed * 101);
    let text = '';
    for (let k = 0; k < 5 + r.int(60); k++) text += r.pick([...WORD_ATOMS, ...CODE_ATOMS]);
    const family = FAMILIES[FAMILY_NAMES[seed % FAMILY_NAMES.length]!]!;
    const scan = scanText(text, family);
    const view = new SourceView(text, scan);
    for (const [words, ci] of [[['mysql'], true], [['mysql', 'mariadb'], false], [['://', 'jdbc:mysql'], false], [['ssl'], false], [[';'], false]] as const) {
      const list = view.regionsWith(words, ci);
      const index = list.map((x) => scan.regions.indexOf(x));
      assert.deepEqual(index, [...index].sort((a, b) => a - b), 'text order');
      assert.equal(new Set(index).size, index.length, 'no region twice');
      for (const region of scan.regions) {
        const holds = words.some((w) => (ci ? region.text.toLowerCase().includes(w) : region.text.includes(w)));
        if (holds) assert.ok(list.includes(region), `${words.join('|')} in ${JSON.stringify(region.text)} of ${JSON.stringify(text)}`);
      }
    }
  }
});

test('imported modules are the string literals right after from, import, require( or import(', () => {
  const atoms = ['import', 'from', 'require', '(', ' ', '  ', '\n', "'pg'", '"mysql2/promise"', "'@scope/pkg/x'", '`tedious`', 'x', 'ximport', ';', '/*c*/', '\u00a0'];
  for (let seed = 1; seed <= 1500; seed++) {
    const r = rng(seed * 23);
    let text = '';
    for (let k = 0; k < 1 + r.int(16); k++) text += r.pick(atoms);
    const scan = scanText(text, FAMILIES.js!);
    const expected: string[] = [];
    for (const region of scan.regions) {
      if (region.kind !== 'string' || region.text.length > 100 || region.start === 0) continue;
      const before = text.slice(Math.max(0, region.start - 20), region.start - 1);
      if (/(?:\bfrom|\bimport|\brequire\s*\(|\bimport\s*\()\s*$/.test(before)) {
        const parts = region.text.split('/');
        expected.push(region.text.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!);
      }
    }
    assert.deepEqual([...new SourceView(text, scan).importedModules], expected, JSON.stringify(text));
  }
});

test('keyUse answers as the regular expression of an object key', () => {
  const atoms = ['ssl', 'sslmode', 'sslrootcert', 'sslcert', 'sslkey', 'encrypt', 'trustServerCertificate', 'x', '_', '1', ':', ',', '}', ' ', '\u00a0', '"', "'", '`', '\n', 'mode', 'cert'];
  for (let seed = 1; seed <= 2000; seed++) {
    const r = rng(seed * 7);
    let text = '';
    for (let k = 0; k < 1 + r.int(12); k++) text += r.pick(atoms);
    const at = (w: string): number[] => {
      const out: number[] = [];
      for (let i = text.indexOf(w); i >= 0; i = text.indexOf(w, i + 1)) out.push(i);
      return out;
    };
    assert.equal(keyUse(text, at, ['ssl'], ['mode', 'rootcert', 'cert', 'key']), /\bssl(?:mode|rootcert|cert|key)?['"`]?\s*[:,}]/.test(text), JSON.stringify(text));
    assert.equal(keyUse(text, at, ['encrypt', 'trustServerCertificate']), /\b(?:encrypt|trustServerCertificate)['"`]?\s*[:,}]/.test(text), JSON.stringify(text));
  }
});

test('adoHint answers as the regular expression of a server or TLS key before `=`', () => {
  const atoms = ['server', 'SERVER', 'host', 'Host', 'data', 'Data', 'source', 'Source', 'datasource', 'addr', 'address', 'ssl', 'SSL', 'mode', ' mode', '-mode', 'encrypt', 'certificate', 'ca', '-ca', 'cacertificatefile', 'x', ' ', '  ', '\t', '\u00a0', '\u2003', '=', '==', ';', 'ſ', 'K'];
  for (let seed = 1; seed <= 4000; seed++) {
    const r = rng(seed * 13);
    let text = '';
    for (let k = 0; k < 1 + r.int(10); k++) text += r.pick(atoms);
    const expected = /(server|host|data\s*source|datasource|addr(ess)?|ssl[ -]?mode|encrypt|certificate|ssl-?ca|cacertificatefile)\s*=/i.test(text);
    assert.equal(adoHint(text), expected, JSON.stringify(text));
  }
});

test('parseConninfo with keywordsOnly stops exactly where a key is not a libpq keyword', () => {
  const atoms = ['host', 'sslmode', 'dbname', 'port', 'fallback_application_name', 'x'.repeat(30), 'nothost', '=', '=', ' ', '\t', "'", "a b'", '\\', 'v', 'require'];
  for (let seed = 1; seed <= 3000; seed++) {
    const r = rng(seed * 17);
    let text = '';
    for (let k = 0; k < 1 + r.int(14); k++) text += r.pick(atoms);
    const all = parseConninfo(text, 0, text.length);
    const expected = all && all.every((p) => LIBPQ_KEYWORDS.has(p.key)) ? all : undefined;
    assert.deepEqual(parseConninfo(text, 0, text.length, true), expected, JSON.stringify(text));
  }
});

test('line starts are found alike with and without carriage returns', () => {
  for (let seed = 1; seed <= 500; seed++) {
    const r = rng(seed * 19);
    let text = '';
    for (let k = 0; k < r.int(30); k++) text += r.pick(['a', 'bc', '\n', '\r', '\r\n', '\n\n', ' ']);
    const lines = new LineIndex(text);
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      if (text[i] === '\n') starts.push(i + 1);
      else if (text[i] === '\r') {
        if (text[i + 1] === '\n') i++;
        starts.push(i + 1);
      }
    }
    assert.equal(lines.lineCount, starts.length, JSON.stringify(text));
    starts.forEach((s, line) => assert.equal(lines.lineStart(line), s, JSON.stringify(text)));
  }
});

test('lexer: plain text without a letter is not a region; strings always are, and plain text with a letter or a non-ASCII character', () => {
  const shown = (text: string, fam: string): string[] => scanText(text, FAMILIES[fam]!).regions.map((r) => `${r.kind}:${r.text}`);
  assert.deepEqual(shown('{"a": 1, "b": [2, -3.5], "c": ""}\n', 'json'), ['string:a', 'string:b', 'string:c', 'string:']);
  assert.deepEqual(shown('{"a": 1e3}\n', 'json'), ['string:a', 'plain:: 1e3}']); // `e` is a letter
  assert.deepEqual(shown('{"a": true, "b": null}\n', 'json'), ['string:a', 'plain:: true, ', 'string:b', 'plain:: null}']);
  assert.deepEqual(shown('f("x", 42);\n', 'js'), ['plain:f(', 'string:x']);
  assert.deepEqual(shown('x = "a" + "b";\n', 'js'), ['plain:x = ', 'string:a', 'string:b']);
  assert.deepEqual(shown('(é);\n \u00a0 \u3000\n', 'js'), ['plain:(é);']); // non-ASCII counts, white space does not
  // .properties: decoded plain text, the same rule
  assert.deepEqual(shown('k=v\n= 1\\u0041\n', 'properties').map((r) => r.split('\n')[0]), ['plain:k=v', 'plain:= 1A']);
});
