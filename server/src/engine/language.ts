/** Which lexer family a file gets, from the editor's language id or else its name. */
import { FAMILIES, Family } from './scan';
import { table } from './table';

export interface Language {
  family: Family;
  /** A JavaScript/TypeScript source file: a postgres:// URI there is read by node-postgres. */
  isJavaScript: boolean;
  /** pg_service.conf: [service] sections of key=value lines. */
  isServiceFile: boolean;
  /** Line-comment token for inserted comments (suppressions), if the syntax has one. */
  lineComment?: string;
  /** Indentation decides structure (YAML): env vars group by their enclosing block. */
  indented: boolean;
  /** Prose documentation: not scanned (it quotes settings as examples). */
  prose: boolean;
}

const BY_LANGUAGE_ID = table<string>({
  javascript: 'js',
  javascriptreact: 'js',
  typescript: 'js',
  typescriptreact: 'js',
  java: 'java',
  groovy: 'java',
  scala: 'java',
  kotlin: 'kotlin',
  csharp: 'csharp',
  go: 'go',
  rust: 'c',
  c: 'c',
  cpp: 'c',
  swift: 'c',
  dart: 'c',
  prisma: 'c',
  php: 'php',
  python: 'python',
  ruby: 'ruby',
  shellscript: 'shell',
  dockerfile: 'shell',
  makefile: 'shell',
  yaml: 'yaml',
  'github-actions-workflow': 'yaml',
  dockercompose: 'yaml',
  json: 'json',
  jsonc: 'json',
  json5: 'json',
  properties: 'properties',
  'java-properties': 'properties',
  'spring-boot-properties': 'properties',
  ini: 'ini',
  toml: 'toml',
  dotenv: 'dotenv',
  sql: 'sql',
  plaintext: 'plain',
  xml: 'plain',
});

const BY_EXTENSION = table<string>({
  js: 'js', mjs: 'js', cjs: 'js', jsx: 'js', ts: 'js', mts: 'js', cts: 'js', tsx: 'js', vue: 'js', svelte: 'js',
  java: 'java', groovy: 'java', gradle: 'java', scala: 'java', sc: 'java',
  kt: 'kotlin', kts: 'kotlin',
  cs: 'csharp', csx: 'csharp',
  go: 'go',
  rs: 'c', c: 'c', h: 'c', cc: 'c', cpp: 'c', hpp: 'c', swift: 'c', dart: 'c',
  php: 'php',
  py: 'python', pyw: 'python', ipynb: 'json',
  rb: 'ruby', rake: 'ruby',
  sh: 'shell', bash: 'shell', zsh: 'shell', ksh: 'shell', envrc: 'shell', mk: 'shell',
  yml: 'yaml', yaml: 'yaml',
  json: 'json', jsonc: 'json', json5: 'json',
  properties: 'properties',
  ini: 'ini', cfg: 'ini', conf: 'ini',
  toml: 'toml',
  env: 'dotenv',
  sql: 'sql', psql: 'sql',
  tf: 'c', hcl: 'c', tfvars: 'c',
  prisma: 'c', // Prisma schema: `//` comments, double-quoted strings
  txt: 'plain', xml: 'plain', config: 'plain',
});

const PROSE_EXTENSIONS = new Set(['md', 'markdown', 'mdx', 'rst', 'adoc', 'asciidoc', 'html', 'htm']);
const JS_FAMILY_EXT = new Set(['js', 'mjs', 'cjs', 'jsx', 'ts', 'mts', 'cts', 'tsx', 'vue', 'svelte']);
const JS_LANGUAGE_IDS = new Set(['javascript', 'javascriptreact', 'typescript', 'typescriptreact']);

export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] ?? path;
}

export function detectLanguage(path: string, languageId?: string): Language {
  const base = baseName(path);
  const lower = base.toLowerCase();
  const dot = lower.lastIndexOf('.');
  const ext = dot > 0 ? lower.slice(dot + 1) : '';
  const isServiceFile = lower === 'pg_service.conf' || lower === '.pg_service.conf';

  let name: string | undefined;
  if (isServiceFile) name = 'ini';
  else if (lower === '.env' || lower.startsWith('.env.') || ext === 'env') name = 'dotenv';
  else if (lower === 'dockerfile' || lower.startsWith('dockerfile.') || ext === 'dockerfile' || lower === 'containerfile') name = 'shell';
  else if (lower === 'makefile' || lower === 'procfile') name = 'shell';
  else if (languageId && languageId !== 'plaintext' && BY_LANGUAGE_ID[languageId]) name = BY_LANGUAGE_ID[languageId];
  else name = BY_EXTENSION[ext];

  const family = FAMILIES[name ?? 'plain']!;
  const isJavaScript = languageId ? JS_LANGUAGE_IDS.has(languageId) : JS_FAMILY_EXT.has(ext);
  const lineComment = family.lineComments[0];
  const language: Language = {
    family,
    isJavaScript: isJavaScript || (!languageId && JS_FAMILY_EXT.has(ext)),
    isServiceFile,
    indented: family.name === 'yaml',
    prose: (!languageId || languageId === 'markdown' || languageId === 'html') && PROSE_EXTENSIONS.has(ext),
  };
  if (lineComment !== undefined) language.lineComment = lineComment;
  return language;
}
