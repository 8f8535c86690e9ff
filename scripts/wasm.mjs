// Compiles the WebAssembly text sources (server/src/**/*.wat) to TypeScript modules that hold the
// binary as base64 (`<name>Wasm.ts` next to each), so that tsc and esbuild bundle them like code.
// Run by `npm run build`; the generated files are not committed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sources = [path.join(root, 'server/src/cli/prefilter.wat')];
const wabt = await wabtInit();
for (const source of sources) {
  const name = path.basename(source, '.wat');
  const module = wabt.parseWat(path.basename(source), fs.readFileSync(source, 'utf8'), { simd: true });
  module.validate();
  const { buffer } = module.toBinary({});
  module.destroy();
  const out = path.join(path.dirname(source), `${name}Wasm.ts`);
  const text = `// Generated from ${path.basename(source)} by scripts/wasm.mjs (npm run build). Do not edit.\nexport const WASM_BASE64 = '${Buffer.from(buffer).toString('base64')}';\n`;
  if (!fs.existsSync(out) || fs.readFileSync(out, 'utf8') !== text) fs.writeFileSync(out, text);
}
