/**
 * SARIF 2.1.0: one run, every rule in the driver, results with fixes. Source snippets are never
 * included (they could hold passwords); regions are line/column only, in UTF-16 code units.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULES, VERSION } from '../../engine';
import type { Severity } from '../../engine';
import type { Region, ScanReport } from '../report';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const INFORMATION_URI = 'https://github.com/dbtrust/dbtrust';
const SRCROOT = '%SRCROOT%';

type Level = 'error' | 'warning' | 'note';

export function sarifLevel(severity: Severity): Level {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

/** `weak-sslmode` → `WeakSslmode`. */
function ruleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

/** A relative `/`-separated path as a URI reference: each segment percent-encoded. */
export function relativeUri(file: string): string {
  return file
    .split('/')
    .map((segment) => (segment === '.' || segment === '..' ? segment : encodeURIComponent(segment)))
    .join('/');
}

function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : href + '/';
}

interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

function artifactLocation(file: string, abs: string): ArtifactLocation {
  // A file on another drive (Windows) has no relative path: use its absolute file URI.
  if (path.isAbsolute(file) || /^[A-Za-z]:/.test(file)) return { uri: pathToFileURL(abs).href };
  return { uri: relativeUri(file), uriBaseId: SRCROOT };
}

function region(r: Region): Region {
  return { startLine: r.startLine, startColumn: r.startColumn, endLine: r.endLine, endColumn: r.endColumn };
}

export function formatSarif(report: ScanReport): string {
  const ruleIndex = new Map(RULES.map((r, i) => [r.meta.id, i]));
  const rules = RULES.map((r) => ({
    id: r.meta.id,
    name: ruleName(r.meta.id),
    shortDescription: { text: r.meta.description },
    fullDescription: { text: r.meta.description },
    helpUri: r.meta.docsUrl,
    defaultConfiguration: { level: sarifLevel(r.meta.defaultSeverity) },
  }));
  const results = report.findings.map((f) => {
    const location = artifactLocation(f.file, f.abs);
    const result: Record<string, unknown> = {
      ruleId: f.rule,
    };
    const index = ruleIndex.get(f.rule);
    if (index !== undefined) result.ruleIndex = index;
    result.level = sarifLevel(f.severity);
    result.message = { text: f.message };
    result.locations = [{ physicalLocation: { artifactLocation: location, region: region(f.region) } }];
    if (f.fixes.length > 0) {
      result.fixes = f.fixes.map((fix) => ({
        description: { text: fix.title },
        artifactChanges: [
          {
            artifactLocation: location,
            replacements: fix.edits.map((edit) => ({
              deletedRegion: region(edit.region),
              insertedContent: { text: edit.newText },
            })),
          },
          // A created file: its whole content inserted at the start of a new artifact.
          ...fix.files.map((created) => ({
            artifactLocation: artifactLocation(created.file, created.abs),
            replacements: [{ deletedRegion: { charOffset: 0, charLength: 0 }, insertedContent: { text: created.content } }],
          })),
        ],
      }));
    }
    return result;
  });
  const doc = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'dbtrust', version: VERSION, informationUri: INFORMATION_URI, rules } },
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(report.cwd) } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
