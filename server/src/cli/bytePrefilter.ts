/**
 * The byte prefilter (BYTE_PREFILTER of the engine) without a regular expression over the whole
 * file: a SIMD search in WebAssembly (prefilter.wat) finds the places where one of the words may
 * start, from the first four letters of each (case-insensitive), and the regular expression is tried
 * only there, anchored. The answer is exactly mayHaveSites's with BYTE_PREFILTER (a property test
 * compares them). It is several times faster, and most files of a repository are only ever read by it.
 */
import { BYTE_PREFILTER, mayHaveSites, notAWord } from '../engine';
import { WASM_BASE64 } from './prefilterWasm';

/** Where the text starts in the module's memory (the tables are before it). */
const TEXT_AT = 128;
/** Zero bytes after the text (the search reads up to 19 bytes past its end). */
const PADDING = 32;

/**
 * The words' first four letters (folded with OR 0x20; `ssl` and the like have three), in eight
 * buckets. Words in one bucket make their letters' combinations candidates too: the buckets group
 * words whose mixes are rare in text.
 */
const BUCKETS: readonly (readonly string[])[] = [
  ['post', 'pgss', 'pgsq'],
  ['ssl'],
  ['jdbc', 'dbna'],
  ['host', 'root'],
  ['encr', 'cert'],
  ['serv'],
  ['data', 'addr'],
  ['inse', 'mysq', 'tcp(', 'unix'],
];

/** Every word of BYTE_PREFILTER starts with one of these prefixes (checked when the module loads). */
const PREFIXES = BUCKETS.flat();

/** BYTE_PREFILTER's words (alternatives), and what it allows between two words of one. */
const WORDS = BYTE_PREFILTER.source.split('|');
const SPACES = '[\\s\\x80-\\xff]*';
/** BYTE_PREFILTER anchored at a position. */
const AT = new RegExp(BYTE_PREFILTER.source, 'iy');
/** A window that ends in the middle of a `host … =`-like match: a longer one decides. */
const CUT = new RegExp(`(?:${WORDS.filter((w) => w.includes(SPACES)).map((w) => w.slice(0, w.indexOf(SPACES) + SPACES.length)).join('|')})$`, 'iy');
const WINDOW = 64;
const LONG_WINDOW = 64 * 1024;

/** The part of the WebAssembly API used here (Node's global; not in the TypeScript libraries this project uses). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface Wasm {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

interface Search {
  memory: WasmMemory;
  find(from: number, end: number): number;
}

let search: Search | undefined | null;

function load(): Search | null {
  try {
    const wasm = (globalThis as { WebAssembly?: Wasm }).WebAssembly;
    if (!wasm) return null;
    const module = new wasm.Module(Buffer.from(WASM_BASE64, 'base64'));
    const instance = new wasm.Instance(module, {});
    const memory = instance.exports.memory as WasmMemory;
    const find = instance.exports.find as (from: number, end: number) => number;
    // Tables: for position j (0..3), low-nibble table at 32j, high-nibble table at 32j + 16.
    const tables = new Uint8Array(memory.buffer, 0, TEXT_AT);
    BUCKETS.forEach((words, bucket) => {
      for (const word of words) {
        for (let j = 0; j < 4; j++) {
          if (j >= word.length) {
            // a shorter word: any byte there
            for (let n = 0; n < 16; n++) {
              tables[32 * j + n]! |= 1 << bucket;
              tables[32 * j + 16 + n]! |= 1 << bucket;
            }
            continue;
          }
          const c = word.charCodeAt(j) | 0x20;
          tables[32 * j + (c & 15)]! |= 1 << bucket;
          tables[32 * j + 16 + (c >> 4)]! |= 1 << bucket;
        }
      }
    });
    return { memory, find };
  } catch {
    return null; // no WebAssembly SIMD here: the regular expression does it all
  }
}

/** Whether the bytes pass BYTE_PREFILTER (read one character per byte; see mayHaveSites). */
export function bytesMayHaveSites(bytes: Uint8Array): boolean {
  return bytePrefilter(bytes) !== 'none';
}

/**
 * BYTE_PREFILTER's answer for the bytes: 'none' (no match), 'found' (a match of ASCII bytes only,
 * which is the same text once decoded: the decoded text passes PREFILTER too) or 'maybe' (a match
 * with bytes of 0x80 and above between its words: only the decoded text can tell).
 */
export function bytePrefilter(bytes: Uint8Array): 'none' | 'found' | 'maybe' {
  if (search === undefined) search = load();
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  if (search === null) return mayHaveSites(buf.toString('latin1'), BYTE_PREFILTER) ? 'maybe' : 'none';
  const need = TEXT_AT + bytes.length + PADDING;
  if (search.memory.buffer.byteLength < need) search.memory.grow(Math.ceil((need - search.memory.buffer.byteLength) / 65536));
  const memory = new Uint8Array(search.memory.buffer);
  memory.set(bytes, TEXT_AT);
  memory.fill(0, TEXT_AT + bytes.length, need);
  const end = bytes.length;
  for (let from = 0; from < end; ) {
    const at = search.find(from, end);
    if (at < 0 || at >= end) return 'none';
    const verdict = matchAt(buf, at, WINDOW);
    if (verdict !== 'none') return verdict;
    from = at + 1;
  }
  return 'none';
}

function matchAt(buf: Buffer, at: number, window: number): 'none' | 'found' | 'maybe' {
  const stop = Math.min(buf.length, at + window);
  // From 40 bytes before: notAWord looks back that far.
  const from = Math.max(0, at - 40);
  const s = buf.toString('latin1', from, stop);
  const start = at - from;
  AT.lastIndex = start;
  if (AT.test(s)) {
    if (notAWord(s, start, AT.lastIndex - start)) return 'none'; // `processLabel`, `ipAddress =`: no word here
    return HIGH.test(s.slice(start, AT.lastIndex)) ? 'maybe' : 'found';
  }
  if (stop === buf.length) return 'none';
  CUT.lastIndex = start;
  // `host` followed by spaces up to the window's end: a longer window, and beyond that, a pass.
  if (!CUT.test(s)) return 'none';
  return window >= LONG_WINDOW ? 'maybe' : matchAt(buf, at, LONG_WINDOW);
}

const HIGH = /[\x80-\xff]/;

// Every word must start with a prefix the search knows, or files holding only that word would be
// missed: fail loudly at load rather than quietly at scan time.
for (const word of WORDS) {
  const plain = word.replace(/\\\(/g, '(').toLowerCase();
  if (!PREFIXES.some((p) => plain.startsWith(p))) throw new Error(`bytePrefilter: no search prefix for the prefilter word ${word}`);
}
