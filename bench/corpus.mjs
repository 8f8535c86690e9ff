// The benchmark corpus: a deterministic (seeded) tree of realistic source code, configuration,
// minified bundles, large generated files, binaries, node_modules-like trees, git-ignored build
// output and Markdown, with connection strings planted at a known density.
//
// The manifest written next to the tree says, for every file, whether `dbtrust scan` must read it
// and why not otherwise, and for every planted connection string the file, the line and the rules
// it must raise (with the documentation page that says why). Strings planted where the scan must
// not look (node_modules, ignored output, Markdown, files over 2 MB, binaries) are decoys: a
// finding there is a wrong answer.
//
//   node bench/corpus.mjs [--quick] [--seed N] [--scale X]   prints the corpus directory
//
// The corpus is generated into $TMPDIR/dbtrust-bench-corpus-<seed>-<scale> and reused when its
// manifest is present and was written by this generator version.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const GENERATOR_VERSION = 4;
export const DEFAULT_SEED = 20240917;
/** dbtrust skips files over this size (server/src/cli/report.ts MAX_FILE_BYTES). */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;
/** The date the scans run with (--now), so that certificate expiry never changes the answer. */
export const NOW = '2026-01-01';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// ---------------------------------------------------------------------------------------------
// Seeded randomness (sfc32)

export class Rng {
  constructor(seed) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.next();
  }
  next() {
    let { a, b, c, d } = this;
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    this.a = a; this.b = b; this.c = c; this.d = d;
    return (t >>> 0) / 4294967296;
  }
  int(n) {
    return Math.floor(this.next() * n);
  }
  range(lo, hi) {
    return lo + this.int(hi - lo + 1);
  }
  chance(p) {
    return this.next() < p;
  }
  pick(arr) {
    return arr[this.int(arr.length)];
  }
  /** A child generator: independent streams for independent parts of the tree. */
  fork() {
    return new Rng((this.next() * 4294967296) >>> 0);
  }
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

const WORDS = (
  'account order item user customer invoice payment cart product price stock warehouse shipment ' +
  'address region tenant session token cache queue event message handler worker job task batch ' +
  'report metric counter gauge timer request response client service gateway router route path ' +
  'param query filter sort page limit offset cursor result error status code retry backoff delay ' +
  'config option setting feature flag rollout plan schema table column index record row field value ' +
  'entry key name label title description summary detail note comment tag category group team ' +
  'member role permission policy rule audit log trace span context scope state store reducer action ' +
  'effect view model controller repository adapter mapper parser builder factory provider registry ' +
  'loader reader writer buffer stream chunk frame packet header body payload envelope schedule ' +
  'calendar window range bucket shard partition replica leader follower node cluster pool lease ' +
  'lock mutex channel signal notify webhook callback promise future deadline timeout budget quota ' +
  'usage billing charge refund discount coupon voucher tax currency amount total balance ledger ' +
  'journal snapshot version revision draft publish archive export import upload download file ' +
  'image thumbnail asset bundle module package library plugin extension theme layout widget panel ' +
  'dialog modal form input button link menu toolbar sidebar footer banner avatar profile settings ' +
  'search index match score rank weight boost suggest complete highlight facet aggregate histogram'
).split(' ');
// Words that happen to pass dbtrust's literal prefilter in ordinary code (server/src/engine/lint.ts).
const TRIGGER_WORDS = ['host', 'server', 'encrypt', 'ssl', 'mysql', 'postgres', 'dbname', 'datasource'];
const VERBS = 'get set load save fetch create update delete find list build parse format render handle process apply compute resolve validate normalize merge split collect emit flush open close start stop'.split(' ');
const SENTENCE_WORDS = (
  'the a an this that which when while if then else returns handles checks makes keeps sends reads ' +
  'writes every each some no of to for with without from into onto by on at as is are was be not ' +
  'only also still already never always before after until unless because so but and or ' +
  'request response value list map cache entry caller result error state buffer worker queue'
).split(' ');
const TLDS = ['example.com', 'example.net', 'example.org', 'internal.example.com', 'corp.example.net'];
const DBS = ['orders', 'billing', 'inventory', 'accounts', 'catalog', 'analytics', 'payments', 'users', 'events', 'audit'];
const USERS = ['app', 'svc', 'api', 'worker', 'reporting', 'etl', 'admin_ro', 'billing_rw'];

class Words {
  constructor(rng) {
    this.rng = rng;
  }
  word() {
    // One identifier in ~4000 carries a word the prefilter matches, as in real code (about one file
    // in six then reaches the full analysis).
    return this.rng.chance(1 / 4000) ? this.rng.pick(TRIGGER_WORDS) : this.rng.pick(WORDS);
  }
  camel(n = this.rng.range(1, 3)) {
    let s = this.rng.pick(VERBS);
    for (let i = 0; i < n; i++) {
      const w = this.word();
      s += w[0].toUpperCase() + w.slice(1);
    }
    return s;
  }
  noun(n = this.rng.range(1, 2)) {
    let s = this.word();
    for (let i = 1; i < n; i++) {
      const w = this.word();
      s += w[0].toUpperCase() + w.slice(1);
    }
    return s;
  }
  pascal(n = this.rng.range(1, 3)) {
    let s = '';
    for (let i = 0; i < n; i++) {
      const w = this.word();
      s += w[0].toUpperCase() + w.slice(1);
    }
    return s;
  }
  snake(n = this.rng.range(1, 3)) {
    const parts = [];
    for (let i = 0; i < n; i++) parts.push(this.word());
    return parts.join('_');
  }
  upper(n = this.rng.range(1, 3)) {
    return this.snake(n).toUpperCase();
  }
  sentence(min = 5, max = 14) {
    const n = this.rng.range(min, max);
    const parts = [];
    for (let i = 0; i < n; i++) parts.push(this.rng.chance(0.3) ? this.word() : this.rng.pick(SENTENCE_WORDS));
    const s = parts.join(' ');
    return s[0].toUpperCase() + s.slice(1) + '.';
  }
  host() {
    return `${this.rng.pick(['db', 'pg', 'postgres', 'sql', 'data'])}-${this.rng.range(1, 9)}.${this.rng.pick(['prod', 'staging', 'eu', 'us'])}.${this.rng.pick(TLDS)}`;
  }
  number() {
    return String(this.rng.chance(0.5) ? this.rng.int(100) : this.rng.int(100000));
  }
}

// ---------------------------------------------------------------------------------------------
// Source files, block by block. Each generator returns { header, blocks, footer } (arrays of
// lines); a planted line goes between two blocks, where a statement or member is valid.

function jsBlock(w, r, ts) {
  const name = w.camel();
  const a = w.noun();
  const b = w.noun();
  const t = ts ? `: ${r.pick(['string', 'number', 'boolean', `${w.pascal()}[]`, `Record<string, ${w.pascal()}>`])}` : '';
  switch (r.int(6)) {
    case 0:
      return [
        '/**',
        ` * ${w.sentence()}`,
        ` * @param ${a} ${w.sentence(3, 6)}`,
        ' */',
        `export async function ${name}(${a}${t}, ${b}${ts ? '?: number' : ''}) {`,
        `  const ${w.noun()} = await ${a}.${w.camel(1)}(\`/api/${w.word()}/\${${b}}\`);`,
        `  if (!${a} || ${a}.length === 0) {`,
        `    throw new Error('${w.sentence(3, 8)}');`,
        '  }',
        `  for (const item of ${a}.${w.noun()}) {`,
        `    total += item.${w.noun()} * ${w.number()};`,
        '  }',
        `  return { id: ${a}.id, ${w.noun()}: '${w.word()}', values: [${w.number()}, ${w.number()}, ${w.number()}] };`,
        '}',
      ];
    case 1: {
      const cls = w.pascal();
      const lines = [`export class ${cls}${r.chance(0.3) ? ` extends ${w.pascal()}` : ''} {`];
      lines.push(`  private readonly ${w.noun()}${ts ? ': Map<string, number>' : ''} = new Map();`);
      const methods = r.range(2, 5);
      for (let i = 0; i < methods; i++) {
        lines.push('', `  ${w.camel()}(${w.noun()}${t}) {`);
        lines.push(`    // ${w.sentence()}`);
        lines.push(`    const ${w.noun()} = this.${w.noun()}.get(${r.chance(0.5) ? `'${w.word()}'` : w.noun()}) ?? ${w.number()};`);
        if (r.chance(0.5)) lines.push(`    this.${w.noun()}.set('${w.snake()}', ${w.number()});`);
        lines.push(`    return ${w.noun()}.${w.camel(1)}().filter((x) => x.${w.noun()} > ${w.number()});`, '  }');
      }
      lines.push('}');
      return lines;
    }
    case 2:
      return [
        `describe('${w.sentence(2, 5)}', () => {`,
        `  it('${w.sentence(3, 8)}', async () => {`,
        `    const ${a} = ${w.camel()}({ ${w.noun()}: ${w.number()}, ${w.noun()}: '${w.word()}' });`,
        `    expect(${a}.${w.noun()}).toBe(${w.number()});`,
        `    expect(await ${w.camel()}(${a})).toEqual([${w.number()}, ${w.number()}]);`,
        '  });',
        '});',
      ];
    case 3:
      return [
        `export const ${w.noun()}${ts ? `: ${w.pascal()}` : ''} = {`,
        `  ${w.noun()}: ${w.number()},`,
        `  ${w.noun()}: process.env.${w.upper()} ?? '${w.word()}',`,
        `  ${w.noun()}: ['${w.word()}', '${w.word()}', '${w.word()}'],`,
        `  ${w.noun()}: { ${w.noun()}: ${r.chance(0.5)}, ${w.noun()}: ${w.number()} },`,
        '};',
      ];
    case 4:
      return [
        `const ${name} = (${a}${t}) =>`,
        `  ${a}`,
        `    .map((x) => ({ ...x, ${w.noun()}: x.${w.noun()} ?? ${w.number()} }))`,
        `    .filter(Boolean)`,
        `    .reduce((acc, x) => acc + x.${w.noun()}, 0);`,
      ];
    default:
      return [
        `// ${w.sentence()}`,
        `function ${name}(${a}${t}) {`,
        `  switch (${a}) {`,
        `    case '${w.word()}':`,
        `      return ${w.number()};`,
        `    case '${w.word()}':`,
        `      return ${w.camel()}(${a}, '${w.word()}');`,
        '    default:',
        `      return null;`,
        '  }',
        '}',
      ];
  }
}

function jsFile(w, r, ts) {
  const header = [];
  const n = r.range(2, 6);
  for (let i = 0; i < n; i++) {
    header.push(
      r.chance(0.5)
        ? `import { ${w.pascal()}, ${w.camel(1)} } from '${r.chance(0.5) ? './' : '../'}${w.noun()}';`
        : `const ${w.noun()} = require('${r.pick(['express', 'lodash', 'axios', 'zod', 'pino', 'uuid', './' + w.noun()])}');`,
    );
  }
  return { header, next: () => jsBlock(w, r, ts), footer: [] };
}

function pyBlock(w, r) {
  const name = w.snake(2);
  switch (r.int(4)) {
    case 0:
      return [
        `def ${name}(${w.snake(1)}, ${w.snake(1)}=None):`,
        `    """${w.sentence()}"""`,
        `    ${w.snake(1)} = ${w.snake(1)}.get("${w.word()}", ${w.number()})`,
        `    if not ${w.snake(1)}:`,
        `        raise ValueError(f"${w.sentence(3, 6)} {${w.snake(1)}!r}")`,
        `    return [x.${w.snake(1)} for x in ${w.snake(1)} if x.${w.snake(1)} > ${w.number()}]`,
      ];
    case 1: {
      const lines = [`class ${w.pascal()}(${r.pick(['object', 'BaseModel', 'Exception', w.pascal()])}):`, `    """${w.sentence()}"""`, ''];
      lines.push(`    def __init__(self, ${w.snake(1)}, ${w.snake(1)}):`);
      lines.push(`        self.${w.snake(1)} = ${w.snake(1)}`, `        self.${w.snake(1)} = {}`);
      const methods = r.range(1, 4);
      for (let i = 0; i < methods; i++) {
        lines.push('', `    def ${w.snake(2)}(self, ${w.snake(1)}):`);
        lines.push(`        # ${w.sentence()}`);
        lines.push(`        for ${w.snake(1)} in self.${w.snake(1)}:`);
        lines.push(`            self.${w.snake(1)}[${w.snake(1)}] = ${w.number()}`);
        lines.push(`        return self.${w.snake(1)}`);
      }
      return lines;
    }
    case 2:
      return [`${w.upper(2)} = {`, `    "${w.snake(1)}": ${w.number()},`, `    "${w.snake(1)}": "${w.word()}",`, `    "${w.snake(1)}": [${w.number()}, ${w.number()}],`, '}'];
    default:
      return [
        `async def ${name}(session, ${w.snake(1)}):`,
        `    async with session.get(f"/api/${w.word()}/{${w.snake(1)}}") as resp:`,
        `        data = await resp.json()`,
        `        logger.info("${w.sentence(3, 7)} %s", data.get("${w.word()}"))`,
        '        return data',
      ];
  }
}

function pyFile(w, r) {
  const header = [`"""${w.sentence()}"""`, 'import logging', `import ${r.pick(['os', 'json', 're', 'asyncio', 'typing'])}`];
  if (r.chance(0.5)) header.push(`from .${w.snake(1)} import ${w.pascal()}, ${w.snake(1)}`);
  header.push('', 'logger = logging.getLogger(__name__)');
  return { header, next: () => ['', ...pyBlock(w, r)], footer: [] };
}

function javaMember(w, r) {
  switch (r.int(3)) {
    case 0:
      return [`    private final ${r.pick(['String', 'int', 'long', 'List<String>', w.pascal()])} ${w.noun()};`];
    case 1:
      return [
        '',
        '    /**',
        `     * ${w.sentence()}`,
        '     */',
        `    public ${r.pick(['void', 'int', 'String', 'Optional<' + w.pascal() + '>'])} ${w.camel()}(${w.pascal()} ${w.noun()}, int ${w.noun()}) {`,
        `        if (${w.noun()} == null) {`,
        `            throw new IllegalArgumentException("${w.sentence(3, 7)}");`,
        '        }',
        `        for (var ${w.noun()} : this.${w.noun()}.${w.camel(1)}()) {`,
        `            ${w.noun()}.${w.camel()}(${w.number()});`,
        '        }',
        `        return ${r.pick(['null', '0', '""', 'Optional.empty()'])};`,
        '    }',
      ];
    default:
      return [
        '',
        `    @${r.pick(['Override', 'Transactional', 'GetMapping("/' + w.word() + '")', 'Scheduled(fixedDelay = 5000)'])}`,
        `    public ${w.pascal()} ${w.camel()}() {`,
        `        return ${w.noun()}.stream().filter(x -> x.${w.camel(1)}() > ${w.number()}).findFirst().orElseThrow();`,
        '    }',
      ];
  }
}

function javaFile(w, r) {
  const pkg = `com.acme.${w.word()}`;
  const header = [`package ${pkg};`, ''];
  const n = r.range(3, 8);
  for (let i = 0; i < n; i++) header.push(`import ${r.pick(['java.util', 'java.time', 'org.springframework.stereotype', pkg])}.${w.pascal(1)};`);
  header.push('', `public class ${w.pascal()} {`);
  return { header, next: () => javaMember(w, r), footer: ['}'] };
}

function goBlock(w, r) {
  const name = w.pascal();
  switch (r.int(3)) {
    case 0:
      return [
        '',
        `// ${name} ${w.sentence()}`,
        `func ${name}(ctx context.Context, ${w.noun()} string) (*${w.pascal()}, error) {`,
        `\t${w.noun()}, err := ${w.noun()}.${w.pascal()}(ctx, ${w.noun()})`,
        '\tif err != nil {',
        `\t\treturn nil, fmt.Errorf("${w.sentence(2, 5)}: %w", err)`,
        '\t}',
        `\tfor _, ${w.noun()} := range ${w.noun()} {`,
        `\t\t${w.noun()} += ${w.number()}`,
        '\t}',
        `\treturn &${w.pascal()}{${w.pascal()}: ${w.number()}}, nil`,
        '}',
      ];
    case 1: {
      const lines = ['', `type ${name} struct {`];
      const n = r.range(2, 6);
      for (let i = 0; i < n; i++) lines.push(`\t${w.pascal(1)} ${r.pick(['string', 'int', 'int64', 'bool', 'time.Time', '[]string'])} \`json:"${w.snake(1)}"\``);
      lines.push('}');
      return lines;
    }
    default:
      return ['', `var ${w.noun()} = map[string]int{`, `\t"${w.word()}": ${w.number()},`, `\t"${w.word()}": ${w.number()},`, '}'];
  }
}

function goFile(w, r) {
  return { header: [`package ${w.word()}`, '', 'import (', '\t"context"', '\t"fmt"', ')'], next: () => goBlock(w, r), footer: [] };
}

function csMember(w, r) {
  if (r.chance(0.4)) return [`        public ${r.pick(['string', 'int', 'bool', 'DateTime', 'List<' + w.pascal() + '>'])} ${w.pascal()} { get; set; }`];
  return [
    '',
    '        /// <summary>',
    `        /// ${w.sentence()}`,
    '        /// </summary>',
    `        public async Task<${w.pascal()}> ${w.pascal()}Async(${w.pascal()} ${w.noun()}, CancellationToken ct)`,
    '        {',
    `            var ${w.noun()} = await _${w.noun()}.Where(x => x.${w.pascal(1)} > ${w.number()}).ToListAsync(ct);`,
    `            if (${w.noun()}.Count == 0) throw new InvalidOperationException("${w.sentence(3, 6)}");`,
    `            return new ${w.pascal()} { ${w.pascal(1)} = ${w.number()} };`,
    '        }',
  ];
}

function csFile(w, r) {
  const header = ['using System;', 'using System.Linq;', 'using System.Threading.Tasks;', '', `namespace Acme.${w.pascal(1)}`, '{', `    public class ${w.pascal()}`, '    {'];
  return { header, next: () => csMember(w, r), footer: ['    }', '}'] };
}

function shFile(w, r) {
  return {
    header: ['#!/usr/bin/env bash', 'set -euo pipefail', ''],
    next: () => [
      `# ${w.sentence()}`,
      `${w.snake(1)}() {`,
      `  local ${w.snake(1)}="$1"`,
      `  if [ -z "\${${w.snake(1)}:-}" ]; then echo "${w.sentence(2, 5)}" >&2; return 1; fi`,
      `  curl -fsS "https://api.${r.pick(TLDS)}/${w.word()}/$${w.snake(1)}" | jq '.${w.word()}'`,
      '}',
      '',
    ],
    footer: [],
  };
}

function sqlFile(w, r) {
  return {
    header: [`-- ${w.sentence()}`],
    next: () =>
      r.chance(0.3)
        ? ['', `CREATE TABLE ${w.snake(2)} (`, '  id bigserial PRIMARY KEY,', `  ${w.snake(1)} text NOT NULL,`, `  ${w.snake(1)} integer DEFAULT ${w.number()},`, '  created_at timestamptz NOT NULL DEFAULT now()', ');']
        : [`INSERT INTO ${w.snake(1)} (${w.snake(1)}, ${w.snake(1)}) VALUES ('${w.word()}', ${w.number()});`],
    footer: [],
  };
}

function rbFile(w, r) {
  return {
    header: ["require 'json'", ''],
    next: () => ['', `def ${w.snake(2)}(${w.snake(1)})`, `  # ${w.sentence()}`, `  ${w.snake(1)}.map { |x| x[:${w.word()}] * ${w.number()} }.compact`, 'end'],
    footer: [],
  };
}

function ktFile(w, r) {
  return {
    header: [`package com.acme.${w.word()}`, '', 'import kotlinx.coroutines.flow.Flow', ''],
    next: () => ['', `fun ${w.camel()}(${w.noun()}: ${w.pascal()}): Int {`, `    // ${w.sentence()}`, `    return ${w.noun()}.${w.noun()}.count { it.${w.noun()} > ${w.number()} }`, '}'],
    footer: [],
  };
}

// ---------------------------------------------------------------------------------------------
// Configuration files

function yamlFile(w, r) {
  if (r.chance(0.5)) {
    // A Kubernetes manifest
    return {
      header: ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', `  name: ${w.snake(1).replace(/_/g, '-')}`, 'spec:', `  replicas: ${r.range(1, 5)}`, '  template:', '    spec:', '      containers:'],
      next: () => [
        `        - name: ${w.word()}`,
        `          image: registry.${r.pick(TLDS)}/${w.word()}:${r.range(1, 9)}.${r.range(0, 20)}.${r.range(0, 9)}`,
        '          env:',
        `            - name: ${w.upper()}`,
        `              value: "${w.word()}"`,
        '          resources:',
        `            limits: { cpu: "${r.range(1, 4)}", memory: "${r.range(1, 8) * 128}Mi" }`,
      ],
      footer: [],
    };
  }
  return {
    header: [`# ${w.sentence()}`, `${w.snake(1)}:`],
    next: () => [`  ${w.snake(1)}:`, `    ${w.snake(1)}: ${w.number()}`, `    ${w.snake(1)}: "${w.word()}"`, `    ${w.snake(1)}: [${w.word()}, ${w.word()}]`],
    footer: [],
  };
}

function envFile(w, r) {
  return {
    header: [`# ${w.sentence(3, 6)}`],
    next: () => [
      r.pick([
        `${w.upper()}=${w.word()}`,
        `${w.upper()}=${w.number()}`,
        `REDIS_URL=redis://cache-${r.range(1, 9)}.${r.pick(TLDS)}:6379/${r.range(0, 15)}`,
        `LOG_LEVEL=${r.pick(['debug', 'info', 'warn'])}`,
        `${w.upper()}_TIMEOUT_MS=${r.range(100, 30000)}`,
      ]),
    ],
    footer: [],
  };
}

function propertiesFile(w, r) {
  return {
    header: [`# ${w.sentence(3, 6)}`, `spring.application.name=${w.word()}`],
    next: () => [r.pick([`${w.word()}.${w.word()}.${w.word()}=${w.number()}`, `logging.level.com.acme.${w.word()}=${r.pick(['DEBUG', 'INFO', 'WARN'])}`, `${w.word()}.${w.word()}=${w.word()}`])],
    footer: [],
  };
}

function jsonConfigFile(w, r) {
  const header = ['{', `  "Logging": { "LogLevel": { "Default": "${r.pick(['Information', 'Warning'])}" } },`];
  return { header, next: () => [`  "${w.pascal()}": { "${w.pascal(1)}": ${w.number()}, "${w.pascal(1)}": "${w.word()}" },`], footer: [`  "AllowedHosts": "*"`, '}'] };
}

function dockerFile(w, r) {
  return {
    header: [`FROM ${r.pick(['node:20-alpine', 'python:3.12-slim', 'eclipse-temurin:21-jre', 'golang:1.22', 'mcr.microsoft.com/dotnet/aspnet:8.0'])}`, 'WORKDIR /app'],
    next: () => [r.pick([`COPY ${w.word()}/ ./${w.word()}/`, `RUN ${r.pick(['npm ci', 'pip install -r requirements.txt', 'go build ./...', 'dotnet restore'])}`, `ENV ${w.upper()}=${w.word()}`, `EXPOSE ${r.range(3000, 9000)}`])],
    footer: [`CMD ["${w.word()}"]`],
  };
}

function tomlFile(w, r) {
  return { header: ['[package]', `name = "${w.word()}"`, 'version = "0.1.0"', ''], next: () => [`[${w.word()}]`, `${w.snake(1)} = ${w.number()}`, `${w.snake(1)} = "${w.word()}"`, ''], footer: [] };
}

function xmlFile(w, r) {
  return {
    header: ['<?xml version="1.0" encoding="UTF-8"?>', '<project>', '  <dependencies>'],
    next: () => ['    <dependency>', `      <groupId>org.${w.word()}</groupId>`, `      <artifactId>${w.word()}-${w.word()}</artifactId>`, `      <version>${r.range(1, 9)}.${r.range(0, 30)}.${r.range(0, 9)}</version>`, '    </dependency>'],
    footer: ['  </dependencies>', '</project>'],
  };
}

function markdownFile(w, r) {
  return { header: [`# ${w.pascal()}`, '', w.sentence(8, 20)], next: () => ['', `## ${w.sentence(2, 5)}`, '', w.sentence(10, 30), w.sentence(10, 30)], footer: [] };
}

// ---------------------------------------------------------------------------------------------
// Planted connection strings. `rules` are what dbtrust must report on that line, each with the
// documentation page that says why; `rules: []` is a correct setting that must stay quiet.

const P = {
  weak: { rule: 'weak-sslmode', doc: 'docs/rules/weak-sslmode.md' },
  disabled: { rule: 'verification-disabled', doc: 'docs/rules/verification-disabled.md' },
  hostname: { rule: 'no-hostname-check', doc: 'docs/rules/no-hostname-check.md' },
};

/** Templates by file kind: (w, r) => [line, expected]. `ROOTCERT` is replaced by the path of the corpus CA. */
const PLANTS = {
  js: [
    (w) => [`const ${w.noun()}Pool = new Pool({ connectionString: 'postgres://${w.rng.pick(USERS)}:Xk${w.number()}pw@${w.host()}:5432/${w.rng.pick(DBS)}?sslmode=disable', max: 10 });`, [P.weak]],
    (w) => [`export const ${w.noun()}Db = new Client({ host: '${w.host()}', port: 5432, ssl: { rejectUnauthorized: false } });`, [P.disabled]],
    (w) => [`const ${w.noun()}Url = "postgresql://${w.rng.pick(USERS)}@${w.host()}/${w.rng.pick(DBS)}?sslmode=no-verify";`, [P.disabled]],
    (w) => [`const ${w.noun()}Url = "postgresql://${w.rng.pick(USERS)}@${w.host()}/${w.rng.pick(DBS)}?sslmode=verify-full&sslrootcert=ROOTCERT";`, []],
  ],
  py: [
    (w) => [`conn = psycopg2.connect("host=${w.host()} dbname=${w.rng.pick(DBS)} user=${w.rng.pick(USERS)} sslmode=prefer")`, [P.weak]],
    (w) => [`engine = create_engine("postgresql+psycopg2://${w.rng.pick(USERS)}:pw${w.number()}@${w.host()}/${w.rng.pick(DBS)}?sslmode=require")`, [P.weak]],
    (w) => [`DSN = "host=${w.host()} dbname=${w.rng.pick(DBS)} sslmode=verify-ca sslrootcert=ROOTCERT"`, [P.hostname]],
    (w) => [`GOOD_DSN = "host=${w.host()} dbname=${w.rng.pick(DBS)} sslmode=verify-full sslrootcert=ROOTCERT"`, []],
  ],
  java: [
    (w) => [`    private static final String URL = "jdbc:postgresql://${w.host()}:5432/${w.rng.pick(DBS)}?sslmode=require";`, [P.weak]],
    (w) => [`    private static final String URL = "jdbc:postgresql://${w.host()}/${w.rng.pick(DBS)}?sslfactory=org.postgresql.ssl.NonValidatingFactory";`, [P.disabled]],
  ],
  go: [(w) => [`var ${w.noun()}DSN = "postgres://${w.rng.pick(USERS)}:pw@${w.host()}/${w.rng.pick(DBS)}?sslmode=disable"`, [P.weak]]],
  cs: [(w) => [`        private const string Cs = "Server=tcp:${w.host()},1433;Database=${w.rng.pick(DBS)};Encrypt=False;TrustServerCertificate=True";`, [P.disabled]]],
  rb: [(w) => [`DB = Sequel.connect("postgres://${w.rng.pick(USERS)}@${w.host()}/${w.rng.pick(DBS)}?sslmode=disable")`, [P.weak]]],
  env: [
    (w) => [`DATABASE_URL=postgres://${w.rng.pick(USERS)}:pw@${w.host()}:5432/${w.rng.pick(DBS)}?sslmode=require`, [P.weak]],
    (w) => ['PGSSLMODE=allow', [P.weak]],
  ],
  properties: [(w) => [`spring.datasource.url=jdbc:postgresql://${w.host()}:5432/${w.rng.pick(DBS)}?sslmode=require`, [P.weak]]],
  yaml: [(w) => [`  database_url: postgres://${w.rng.pick(USERS)}@${w.host()}/${w.rng.pick(DBS)}?sslmode=disable`, [P.weak]]],
  json: [(w) => [`  "ConnectionStrings": { "Default": "Host=${w.host()};Database=${w.rng.pick(DBS)};Username=${w.rng.pick(USERS)};Password=pw;SSL Mode=Require" },`, [P.weak]]],
  docker: [(w) => [`ENV DATABASE_URL=postgres://${w.rng.pick(USERS)}@${w.host()}/${w.rng.pick(DBS)}?sslmode=require`, [P.weak]]],
};

/** A decoy: a flagged setting where the scan must not look. */
function decoyLine(w) {
  return w.rng.pick([
    `const url = "postgres://${w.rng.pick(USERS)}@${w.host()}/${w.rng.pick(DBS)}?sslmode=disable";`,
    `client = new Client({ ssl: { rejectUnauthorized: false } });`,
    `DATABASE_URL=postgres://u:pw@${w.host()}/${w.rng.pick(DBS)}?sslmode=require`,
  ]);
}

// ---------------------------------------------------------------------------------------------
// The tree

const KINDS = {
  js: { ext: ['.js', '.mjs'], make: (w, r) => jsFile(w, r, false), plant: 'js', lang: 'js' },
  ts: { ext: ['.ts', '.tsx'], make: (w, r) => jsFile(w, r, true), plant: 'js', lang: 'js' },
  py: { ext: ['.py'], make: pyFile, plant: 'py', lang: 'py' },
  java: { ext: ['.java'], make: javaFile, plant: 'java', lang: 'java' },
  go: { ext: ['.go'], make: goFile, plant: 'go', lang: 'go' },
  cs: { ext: ['.cs'], make: csFile, plant: 'cs', lang: 'cs' },
  sh: { ext: ['.sh'], make: shFile },
  sql: { ext: ['.sql'], make: sqlFile },
  rb: { ext: ['.rb'], make: rbFile, plant: 'rb' },
  kt: { ext: ['.kt'], make: ktFile },
  yaml: { ext: ['.yaml', '.yml'], make: yamlFile, plant: 'yaml' },
  env: { ext: ['.env'], make: envFile, plant: 'env' },
  properties: { ext: ['.properties'], make: propertiesFile, plant: 'properties' },
  json: { ext: ['.json'], make: jsonConfigFile, plant: 'json' },
  docker: { ext: [''], make: dockerFile, plant: 'docker' },
  toml: { ext: ['.toml'], make: tomlFile },
  xml: { ext: ['.xml'], make: xmlFile },
  md: { ext: ['.md'], make: markdownFile },
};

/** Service layouts: the kinds of source files and where they go. */
const SERVICES = [
  { lang: 'ts', dirs: ['src', 'src/routes', 'src/services', 'src/lib', 'test'], kinds: ['ts', 'ts', 'ts', 'js'], configs: ['json', 'yaml', 'env', 'docker'], node: true },
  { lang: 'js', dirs: ['src', 'lib', 'routes', 'test'], kinds: ['js', 'js', 'js', 'ts'], configs: ['json', 'yaml', 'env', 'docker'], node: true },
  { lang: 'py', dirs: ['app', 'app/api', 'app/models', 'app/services', 'tests'], kinds: ['py', 'py', 'py', 'sh'], configs: ['yaml', 'env', 'docker', 'toml'] },
  { lang: 'java', dirs: ['src/main/java/com/acme', 'src/main/java/com/acme/web', 'src/main/java/com/acme/data', 'src/test/java/com/acme'], kinds: ['java', 'java', 'java', 'kt'], configs: ['properties', 'yaml', 'xml', 'docker'] },
  { lang: 'go', dirs: ['cmd/server', 'internal/store', 'internal/http', 'pkg/client'], kinds: ['go', 'go', 'go', 'sql'], configs: ['yaml', 'env', 'docker'] },
  { lang: 'cs', dirs: ['Controllers', 'Services', 'Models', 'Data'], kinds: ['cs', 'cs', 'cs', 'sql'], configs: ['json', 'yaml', 'docker'] },
  { lang: 'rb', dirs: ['app/models', 'app/controllers', 'lib', 'config'], kinds: ['rb', 'rb', 'sh', 'sql'], configs: ['yaml', 'env', 'docker'] },
];

/** Builds a text file of about `bytes` bytes; plants `plant` (a line) between two blocks. */
function buildText(gen, bytes, plantLine) {
  const lines = [...gen.header];
  let size = lines.reduce((n, l) => n + l.length + 1, 0);
  const bounds = [lines.length];
  while (size < bytes) {
    const block = gen.next();
    for (const l of block) {
      lines.push(l);
      size += l.length + 1;
    }
    bounds.push(lines.length);
  }
  let plantedAt;
  if (plantLine !== undefined) {
    const at = bounds[Math.floor((bounds.length - 1) * gen.rngPos)] ?? lines.length;
    lines.splice(at, 0, plantLine);
    plantedAt = at + 1; // 1-based
  }
  lines.push(...gen.footer);
  return { text: lines.join('\n') + '\n', line: plantedAt };
}

/** Base sizes for scale 1: about 20,000 files and 200 MB. */
const PLAN = {
  services: 140,
  sourceFilesPerService: 115,
  sourceBytes: [1000, 11000],
  configsPerService: 6,
  nodeModulesPerService: 22,
  ignoredPerService: 3,
  mdPerService: 3,
  minified: 16,
  generatedJson: 12,
  oversize: 4,
  binaries: 900,
  plantEvery: 22,
};

function scaled(n, scale) {
  return Math.max(1, Math.round(n * scale));
}

function pad(n, width = 3) {
  return String(n).padStart(width, '0');
}

class Writer {
  constructor(treeDir) {
    this.treeDir = treeDir;
    this.files = [];
    this.planted = [];
    this.decoys = [];
    this.dirs = new Set();
  }
  write(rel, content, kind, extra = {}) {
    const abs = path.join(this.treeDir, rel);
    const dir = path.dirname(abs);
    if (!this.dirs.has(dir)) {
      fs.mkdirSync(dir, { recursive: true });
      this.dirs.add(dir);
    }
    fs.writeFileSync(abs, content);
    const size = typeof content === 'string' ? Buffer.byteLength(content) : content.length;
    this.files.push({ path: rel, size, kind, ...extra });
  }
}

function randomBytes(r, n, header) {
  const buf = Buffer.alloc(n);
  header.copy(buf, 0);
  for (let i = header.length; i < n; i += 4) {
    const v = (r.next() * 4294967296) >>> 0;
    buf[i] = v & 0xff;
    if (i + 1 < n) buf[i + 1] = (v >>> 8) & 0xff;
    if (i + 2 < n) buf[i + 2] = (v >>> 16) & 0xff;
    if (i + 3 < n) buf[i + 3] = (v >>> 24) & 0xff;
  }
  return buf;
}

const BINARY_HEADERS = {
  '.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]),
  '.jar': Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0x08, 0x08, 0x08, 0]),
  '.woff2': Buffer.from([0x77, 0x4f, 0x46, 0x32, 0, 0x01, 0, 0]),
  '.so': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0, 0, 0, 0, 0]),
  '.pyc': Buffer.from([0x6f, 0x0d, 0x0d, 0x0a, 0, 0, 0, 0]),
};

/** A minified bundle: long lines of dense code. */
function minified(w, r, bytes, plant) {
  const parts = [];
  let size = 0;
  const at = plant ? r.int(Math.max(1, Math.floor(bytes / 400))) : -1;
  for (let i = 0; size < bytes; i++) {
    const p = r.pick([
      `function ${w.noun()}(a,b){return a&&b?a.${w.noun()}(b):${w.number()}}`,
      `var ${w.noun()}={${w.noun()}:${w.number()},${w.noun()}:"${w.word()}",${w.noun()}:!0};`,
      `${w.noun()}.prototype.${w.camel(1)}=function(t){for(var e=0;e<t.length;e++)this.${w.noun()}+=t[e];return this};`,
      `if(!${w.noun()})throw new Error("${w.sentence(2, 5)}");`,
    ]);
    if (i === at) parts.push(plant);
    parts.push(p);
    size += p.length;
  }
  // A newline every ~32 KB, as bundlers with a line limit do.
  let text = '';
  let line = '';
  let planted;
  let lineNo = 1;
  for (const p of parts) {
    if (p === plant) planted = lineNo;
    line += p;
    if (line.length > 32000) {
      text += line + '\n';
      line = '';
      lineNo++;
    }
  }
  if (plant && planted === undefined) {
    line += plant;
    planted = lineNo;
  }
  text += line + '\n';
  return { text, line: planted };
}

function generatedJson(w, r, bytes) {
  const rows = [];
  let size = 0;
  while (size < bytes) {
    const row = `  {"id": ${r.int(1e9)}, "${w.noun()}": "${w.word()}", "${w.noun()}": ${w.number()}, "${w.noun()}": [${w.number()}, ${w.number()}], "note": "${w.sentence(3, 9)}"}`;
    rows.push(row);
    size += row.length + 2;
  }
  return '[\n' + rows.join(',\n') + '\n]\n';
}

export function generate(treeDir, { seed, scale }) {
  const rng = new Rng(seed);
  const out = new Writer(treeDir);
  const rootCa = fs.readFileSync(path.join(root, 'test/fixtures/certs/digicert-global-root-g2.pem'));
  const ROOTCERT = 'certs/root-ca.pem'; // relative to the scan root (the workspace root)

  // The repository skeleton
  out.write('.git/HEAD', 'ref: refs/heads/main\n', 'git');
  out.write('.git/config', '[core]\n\trepositoryformatversion = 0\n', 'git');
  out.write('.git/objects/pack/pack-0001.pack', randomBytes(rng.fork(), scaled(1_500_000, scale), Buffer.from('PACK\0\0\0\x02')), 'git');
  out.write('.git/description', decoyLine(new Words(rng.fork())) + '\n', 'git');
  out.decoys.push({ file: '.git/description', where: '.git' });
  out.write('.gitignore', ['# build output', 'dist/', 'build/', 'target/', '__pycache__/', 'bin/', 'obj/', 'coverage/', '*.log', ''].join('\n'), 'text');
  out.write(ROOTCERT, rootCa, 'text');
  out.write('README.md', markdownFile(new Words(rng), rng).header.join('\n') + '\n', 'prose');

  const plantEvery = PLAN.plantEvery;
  let textCount = 0;
  const plantOrNot = (w, kindName) => {
    const kind = KINDS[kindName];
    textCount++;
    if (!kind.plant || textCount % plantEvery !== 0) return undefined;
    const [line, expected] = w.rng.pick(PLANTS[kind.plant])(w);
    return { line: line.replace('ROOTCERT', ROOTCERT), expected };
  };
  const writeText = (rel, kindName, w, r, bytes) => {
    const gen = KINDS[kindName].make(w, r);
    gen.rngPos = r.next();
    const plant = plantOrNot(w, kindName);
    const { text, line } = buildText(gen, bytes, plant?.line);
    out.write(rel, text, 'text');
    if (plant) out.planted.push({ file: rel, line, rules: plant.expected.map((e) => e.rule), docs: plant.expected.map((e) => e.doc), safe: plant.expected.length === 0 });
  };

  const services = scaled(PLAN.services, scale);
  for (let s = 0; s < services; s++) {
    const r = rng.fork();
    const w = new Words(r);
    const layout = SERVICES[s % SERVICES.length];
    const name = `${pad(s)}-${w.word()}-${layout.lang}`;
    const base = `services/${name}`;
    const nSource = Math.round(PLAN.sourceFilesPerService * (0.6 + 0.8 * r.next()));
    for (let i = 0; i < nSource; i++) {
      const kindName = r.pick(layout.kinds);
      const kind = KINDS[kindName];
      const dir = r.pick(layout.dirs);
      const fileName = (kindName === 'java' || kindName === 'cs' || kindName === 'kt' ? w.pascal() : w.snake(r.range(1, 2))) + `_${pad(i)}` + r.pick(kind.ext);
      const bytes = r.range(...PLAN.sourceBytes) * (r.chance(0.05) ? 6 : 1);
      writeText(`${base}/${dir}/${fileName}`, kindName, w, r, bytes);
    }
    for (let i = 0; i < PLAN.configsPerService; i++) {
      const kindName = layout.configs[i % layout.configs.length];
      let rel;
      if (kindName === 'docker') rel = i < layout.configs.length ? `${base}/Dockerfile` : `${base}/deploy/Dockerfile.${w.word()}${i}`;
      else if (kindName === 'env') rel = i < layout.configs.length ? `${base}/.env` : `${base}/.env.${w.word()}${i}`;
      else if (kindName === 'json') rel = i < layout.configs.length ? `${base}/appsettings.json` : `${base}/config/${w.word()}${i}.json`;
      else rel = `${base}/config/${w.word()}-${i}${KINDS[kindName].ext[0]}`;
      writeText(rel, kindName, w, r, r.range(300, 4000));
    }
    // Documentation: never scanned (prose); some quote flagged settings.
    for (let i = 0; i < PLAN.mdPerService; i++) {
      const rel = i === 0 ? `${base}/README.md` : `${base}/docs/${w.word()}-${i}.md`;
      const gen = markdownFile(w, r);
      gen.rngPos = r.next();
      const decoy = r.chance(0.5) ? decoyLine(w) : undefined;
      out.write(rel, buildText(gen, r.range(1000, 8000), decoy).text, 'prose');
      if (decoy) out.decoys.push({ file: rel, where: 'prose' });
    }
    // Git-ignored build output
    const ignoredDir = layout.lang === 'java' ? 'target' : layout.lang === 'cs' ? 'bin/Release' : layout.lang === 'py' ? 'app/__pycache__' : 'dist';
    for (let i = 0; i < PLAN.ignoredPerService; i++) {
      const rel = `${base}/${ignoredDir}/${w.noun()}-${i}.js`;
      const decoy = decoyLine(w);
      out.write(rel, minified(w, r, r.range(5000, 60000), decoy).text, 'ignored');
      out.decoys.push({ file: rel, where: 'gitignore' });
    }
    if (layout.node) {
      const pkgs = ['pg', 'lodash', 'express', 'mysql2', 'debug', 'ms', 'qs', 'tslib'];
      for (let i = 0; i < PLAN.nodeModulesPerService; i++) {
        const pkg = r.pick(pkgs);
        const rel = `${base}/node_modules/${pkg}/lib/${w.noun()}-${i}.js`;
        const gen = jsFile(w, r, false);
        gen.rngPos = r.next();
        const decoy = r.chance(0.3) ? decoyLine(w) : undefined;
        out.write(rel, buildText(gen, r.range(2000, 20000), decoy).text, 'node_modules');
        if (decoy) out.decoys.push({ file: rel, where: 'node_modules' });
      }
    }
  }

  // A nested .gitignore (its own rules, relative to its folder)
  out.write('services/000-nested/.gitignore', 'tmp/\n*.generated.ts\n', 'text');
  {
    const r = rng.fork();
    const w = new Words(r);
    const gen = jsFile(w, r, true);
    gen.rngPos = r.next();
    out.write('services/000-nested/src/schema.generated.ts', buildText(gen, 20000, decoyLine(w)).text, 'ignored');
    out.decoys.push({ file: 'services/000-nested/src/schema.generated.ts', where: 'gitignore' });
    writeText('services/000-nested/src/index.ts', 'ts', w, r, 6000);
  }

  // Minified vendor bundles (scanned: under 2 MB), some with a planted setting
  {
    const r = rng.fork();
    const w = new Words(r);
    const n = scaled(PLAN.minified, scale);
    for (let i = 0; i < n; i++) {
      const rel = `web/public/vendor/${w.word()}-${pad(i)}.min.js`;
      const plant = i % 4 === 0 ? `var db="postgres://${r.pick(USERS)}@${w.host()}/${r.pick(DBS)}?sslmode=disable";` : undefined;
      const { text, line } = minified(w, r, r.range(300_000, 1_800_000), plant);
      out.write(rel, text, 'text');
      textCount++;
      if (plant) out.planted.push({ file: rel, line, rules: [P.weak.rule], docs: [P.weak.doc], safe: false });
    }
  }
  // Large generated data (scanned) and oversize files (> 2 MB: skipped by dbtrust, and by rg --max-filesize)
  {
    const r = rng.fork();
    const w = new Words(r);
    const n = scaled(PLAN.generatedJson, scale);
    for (let i = 0; i < n; i++) out.write(`data/fixtures/${w.word()}-${pad(i)}.json`, generatedJson(w, r, r.range(400_000, 1_900_000)), 'text');
    const big = scaled(PLAN.oversize, scale);
    for (let i = 0; i < big; i++) {
      const rel = `data/dumps/${w.word()}-${pad(i)}.sql`;
      const gen = sqlFile(w, r);
      gen.rngPos = r.next();
      out.write(rel, buildText(gen, r.range(2_600_000, 4_000_000), `-- ${decoyLine(w)}`).text, 'large');
      out.decoys.push({ file: rel, where: 'over 2 MB' });
    }
  }
  // Binaries (a NUL in the first bytes), some with a flagged setting after it
  {
    const r = rng.fork();
    const w = new Words(r);
    const n = scaled(PLAN.binaries, scale);
    for (let i = 0; i < n; i++) {
      const ext = r.pick(Object.keys(BINARY_HEADERS));
      const rel = `assets/${r.pick(['img', 'fonts', 'lib', 'vendor'])}/${w.word()}-${pad(i, 4)}${ext}`;
      const buf = randomBytes(r, r.chance(0.1) ? r.range(100_000, 400_000) : r.range(2_000, 30_000), BINARY_HEADERS[ext]);
      if (i % 10 === 0) {
        const d = Buffer.from(decoyLine(w));
        d.copy(buf, Math.min(buf.length - d.length, 1000));
        out.decoys.push({ file: rel, where: 'binary' });
      }
      out.write(rel, buf, 'binary');
    }
  }
  return out;
}

export function corpusDir({ seed, scale }) {
  return path.join(process.env.DBTRUST_BENCH_CORPUS_DIR ?? os.tmpdir(), `dbtrust-bench-corpus-${seed}-${scale}`);
}

/** The corpus for (seed, scale): generated once, then reused. Returns the manifest. */
export function ensureCorpus({ seed = DEFAULT_SEED, scale = 1, log = () => {} } = {}) {
  const dir = corpusDir({ seed, scale });
  const manifestPath = path.join(dir, 'manifest.json');
  if (fs.existsSync(manifestPath)) {
    const m = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
    if (m.generatorVersion === GENERATOR_VERSION) return m;
  }
  fs.rmSync(dir, { recursive: true, force: true });
  const treeDir = path.join(dir, 'tree');
  log(`generating the corpus (seed ${seed}, scale ${scale}) in ${dir} …`);
  const t0 = Date.now();
  const out = generate(treeDir, { seed, scale });
  const sum = (kinds) => out.files.filter((f) => kinds.includes(f.kind)).reduce((n, f) => n + f.size, 0);
  const count = (kinds) => out.files.filter((f) => kinds.includes(f.kind)).length;
  const manifest = {
    generatorVersion: GENERATOR_VERSION,
    seed,
    scale,
    now: NOW,
    dir,
    tree: treeDir,
    files: out.files.length,
    bytes: sum(['text', 'binary', 'large', 'ignored', 'node_modules', 'prose', 'git']),
    /** What both tools read: text files up to 2 MB and binaries. */
    walked: { files: count(['text', 'binary']), bytes: sum(['text', 'binary']) },
    byKind: Object.fromEntries(['text', 'binary', 'large', 'ignored', 'node_modules', 'prose', 'git'].map((k) => [k, { files: count([k]), bytes: sum([k]) }])),
    planted: out.planted,
    decoys: out.decoys,
    list: out.files.map((f) => [f.path, f.kind, f.size]),
    generatedInMs: Date.now() - t0,
  };
  fs.writeFileSync(path.join(dir, 'walked.list'), out.files.filter((f) => f.kind === 'text' || f.kind === 'binary').map((f) => f.path + '\0').join(''));
  fs.writeFileSync(manifestPath, JSON.stringify(manifest));
  return manifest;
}

// The 10,000-line document of the editor benchmark: TypeScript with a connection setting every
// ~500 lines.
export function editorDocument(lines = 10_000, seed = DEFAULT_SEED) {
  const r = new Rng(seed ^ 0x5eed);
  const w = new Words(r);
  const gen = jsFile(w, r, true);
  const out = [...gen.header];
  const sites = [];
  while (out.length < lines) {
    if (out.length > 0 && Math.floor(out.length / 500) > sites.length) {
      const [line] = r.pick(PLANTS.js.slice(0, 3))(w);
      out.push(line);
      sites.push(out.length);
    }
    out.push(...gen.next());
  }
  out.length = lines;
  return { text: out.join('\n') + '\n', sites };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const get = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const seed = Number(get('--seed') ?? DEFAULT_SEED);
  const scale = Number(get('--scale') ?? (args.includes('--quick') ? 0.05 : 1));
  const m = ensureCorpus({ seed, scale, log: (s) => console.error(s) });
  console.error(`${m.files} files, ${(m.bytes / 1e6).toFixed(1)} MB; scanned set: ${m.walked.files} files, ${(m.walked.bytes / 1e6).toFixed(1)} MB; ${m.planted.length} planted, ${m.decoys.length} decoys`);
  console.log(m.tree);
}
