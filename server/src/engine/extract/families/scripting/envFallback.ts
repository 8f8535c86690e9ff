/**
 * Values read from the environment with a literal default, judged by the default (the value used when
 * the variable is not set):
 * - Python: `os.environ.get('X', 'require')`, `os.getenv('X', 'require')`, `environ.get(…)`,
 *   django-environ `env('X', default='require')` / `env.str(…)`, python-decouple `config('X', default=…)`,
 *   and `os.environ.get('X') or 'require'`;
 * - PHP: Laravel's `env('X', 'prefer')`, `getenv('X') ?: 'prefer'`, `$_ENV['X'] ?? 'prefer'`.
 * A lookup without a default (`os.environ['X']`, `env('X')`) is dynamic; its value renders as `${X}`.
 */
import type { Code, EnvReader, ValueRef } from './code';
import { callArgs, calleeBefore, literalRef } from './code';

const PY_CALLEES = /^(?:os\.)?(?:environ\.get|getenv)$|^(?:self\.)?env(?:\.(?:str|bool|int))?$|^(?:decouple\.)?config$/;
const PHP_CALLEES = /^(?:env|getenv|\\?env|Env\.get)$/;

/** A Python environment lookup spanning text[start, end). */
export const pythonEnv: EnvReader = (code, start, end) => {
  // `X or 'default'`
  const or = splitTopLevel(code, start, end, 'or');
  if (or) {
    const left = lookup(code, or.leftStart, or.leftEnd, PY_CALLEES, true);
    const right = code.tokens(or.rightStart, end, 2);
    if (left && right.length === 1 && right[0]!.kind === 'string') return withName(literalRef(code, right[0]!), left.name);
    return undefined;
  }
  const hit = lookup(code, start, end, PY_CALLEES, true);
  return hit?.ref;
};

/** A PHP environment lookup spanning text[start, end). */
export const phpEnv: EnvReader = (code, start, end) => {
  for (const op of ['??', '?:']) {
    const split = splitTopLevel(code, start, end, op);
    if (!split) continue;
    const left = lookup(code, split.leftStart, split.leftEnd, PHP_CALLEES, false) ?? superGlobal(code, split.leftStart, split.leftEnd);
    const right = code.tokens(split.rightStart, end, 2);
    if (left && right.length === 1 && right[0]!.kind === 'string') return withName(literalRef(code, right[0]!), left.name);
    return undefined;
  }
  return lookup(code, start, end, PHP_CALLEES, false)?.ref ?? superGlobal(code, start, end)?.ref;
};

function withName(ref: ValueRef, name: string): ValueRef {
  return { ...ref, fallbackOf: name };
}

/** `callee('NAME', 'default')` / `callee('NAME', default='default')` covering exactly text[start, end). */
function lookup(code: Code, start: number, end: number, callees: RegExp, python: boolean): { name: string; ref: ValueRef } | undefined {
  const e = code.trimEnd(start, end);
  if (e <= start || code.text[e - 1] !== ')') return undefined;
  // the `(` of the call that ends at e - 1
  let open = -1;
  for (let t = code.next(start, e); t.kind !== 'end'; t = code.next(t.end, e)) {
    if (code.isPunct(t, '(')) {
      open = t.start;
      break;
    }
  }
  if (open < 0 || code.matchOf(open) !== e - 1) return undefined;
  const callee = calleeBefore(code, open);
  if (!callee || callee.start !== code.skip(start, e) || !callees.test(callee.name)) return undefined;
  const args = callArgs(code, open);
  if (!args || args.entries.length === 0) return undefined;
  const first = args.entries[0]!;
  if (first.key !== undefined) return undefined;
  const nameTok = code.tokens(first.valueStart, first.valueEnd, 2);
  if (nameTok.length !== 1 || nameTok[0]!.kind !== 'string') return undefined;
  const name = code.literal(nameTok[0])!;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return undefined;
  const dflt = args.entries.find((a, i) => (i === 1 && a.key === undefined) || (python && a.key === 'default'));
  const whole = { start: code.skip(start, e), end: e };
  if (!dflt) return { name, ref: { value: `\${${name}}`, span: whole, dynamic: true } };
  const d = code.tokens(dflt.valueStart, dflt.valueEnd, 2);
  if (d.length === 1 && d[0]!.kind === 'string') return { name, ref: withName(literalRef(code, d[0]!), name) };
  // A default that is not a string literal (a boolean, a number, another variable).
  const text = code.text.slice(dflt.valueStart, dflt.valueEnd);
  if (d.length === 1 && /^(True|False|true|false|None|null|[0-9]+)$/.test(text)) {
    return { name, ref: { value: text, span: { start: dflt.valueStart, end: dflt.valueEnd }, dynamic: false, fallbackOf: name } };
  }
  return { name, ref: { value: `\${${name}}`, span: whole, dynamic: true } };
}

/** `$_ENV['X']` / `$_SERVER['X']` / Python `os.environ['X']` covering exactly text[start, end). */
function superGlobal(code: Code, start: number, end: number): { name: string; ref: ValueRef } | undefined {
  const toks = code.tokens(start, end, 6);
  if (toks.length !== 4 || toks[0]!.kind !== 'ident' || !/^\$_(ENV|SERVER)$/.test(code.tokText(toks[0]!))) return undefined;
  if (!code.isPunct(toks[1], '[') || toks[2]!.kind !== 'string' || !code.isPunct(toks[3], ']')) return undefined;
  const name = code.literal(toks[2])!;
  return { name, ref: { value: `\${${name}}`, span: { start: toks[0]!.start, end: toks[3]!.end }, dynamic: true } };
}

/** The first top-level occurrence of the operator `op` in text[start, end). */
function splitTopLevel(code: Code, start: number, end: number, op: string): { leftStart: number; leftEnd: number; rightStart: number } | undefined {
  for (let t = code.next(start, end); t.kind !== 'end'; t = code.next(t.end, end)) {
    const ch = code.text[t.start]!;
    if (t.kind === 'punct' && (ch === '(' || ch === '[' || ch === '{')) {
      const m = code.matchOf(t.start);
      if (m < 0 || m >= end) return undefined;
      t = { kind: 'punct', start: m, end: m + 1 };
      continue;
    }
    const isWord = /^[a-z]+$/.test(op);
    if (isWord ? t.kind === 'ident' && code.tokText(t) === op : t.kind === 'punct' && code.text.startsWith(op, t.start)) {
      return { leftStart: start, leftEnd: t.start, rightStart: t.start + op.length };
    }
  }
  return undefined;
}
