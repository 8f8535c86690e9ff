/**
 * Engine data → LSP data. Pure functions (no connection), so they can be tested on their own.
 */
import { pathToFileURL } from 'node:url';
import { CodeActionKind, Diagnostic, DiagnosticSeverity, Range, TextEdit } from 'vscode-languageserver';
import { LineIndex, ruleById } from '../engine';
import type { Edit, Finding, LintResult, Severity, Span } from '../engine';

export const SOURCE = 'dbtrust';
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.dbtrust`;

/** The one place engine severities become LSP severities. */
export function toLspSeverity(severity: Severity): DiagnosticSeverity {
  switch (severity) {
    case 'error':
      return DiagnosticSeverity.Error;
    case 'warning':
      return DiagnosticSeverity.Warning;
    case 'info':
      return DiagnosticSeverity.Information;
    case 'hint':
      return DiagnosticSeverity.Hint;
  }
}

export function toRange(lines: LineIndex, span: Span): Range {
  return { start: lines.positionAt(span.start), end: lines.positionAt(span.end) };
}

export function toTextEdit(lines: LineIndex, edit: Edit): TextEdit {
  return { range: toRange(lines, edit.span), newText: edit.newText };
}

/** A fix as carried in `Diagnostic.data`: LSP ranges, so code actions need neither the engine nor the text. */
export interface FixData {
  title: string;
  preferred: boolean;
  edits: TextEdit[];
  /** Files the fix creates (file: URIs); absent for fixes that only edit the document. */
  files?: { uri: string; content: string }[];
}

export interface DiagnosticData {
  fixes: FixData[];
}

export function toDiagnostic(finding: Finding, lines: LineIndex): Diagnostic {
  const diagnostic: Diagnostic = {
    range: toRange(lines, finding.span),
    severity: toLspSeverity(finding.severity),
    source: SOURCE,
    code: finding.ruleId,
    message: finding.message,
  };
  const rule = ruleById(finding.ruleId);
  if (rule) diagnostic.codeDescription = { href: rule.meta.docsUrl };
  const data: DiagnosticData = {
    fixes: finding.fixes.map((fix) => {
      const out: FixData = { title: fix.title, preferred: fix.preferred, edits: fix.edits.map((e) => toTextEdit(lines, e)) };
      if (fix.files && fix.files.length > 0) out.files = fix.files.map((f) => ({ uri: pathToFileURL(f.path).href, content: f.content }));
      return out;
    }),
  };
  diagnostic.data = data;
  return diagnostic;
}

export function toDiagnostics(result: LintResult, lines: LineIndex): Diagnostic[] {
  return result.findings.map((f) => toDiagnostic(f, lines));
}

function isPosition(v: unknown): boolean {
  const p = v as { line?: unknown; character?: unknown } | null;
  return typeof p === 'object' && p !== null && Number.isInteger(p.line) && Number.isInteger(p.character);
}

function isTextEdit(v: unknown): v is TextEdit {
  const e = v as { range?: { start?: unknown; end?: unknown }; newText?: unknown } | null;
  return typeof e === 'object' && e !== null && typeof e.newText === 'string' && typeof e.range === 'object' && e.range !== null && isPosition(e.range.start) && isPosition(e.range.end);
}

function isNewFile(v: unknown): v is { uri: string; content: string } {
  const f = v as { uri?: unknown; content?: unknown } | null;
  return typeof f === 'object' && f !== null && typeof f.uri === 'string' && f.uri.startsWith('file:') && typeof f.content === 'string';
}

/**
 * The fixes in a diagnostic's `data`, checked: `data` comes back from the client, which may have
 * dropped or mangled it. Anything malformed yields no fix rather than a broken edit.
 */
export function fixesOf(diagnostic: Diagnostic): FixData[] {
  if (diagnostic.source !== SOURCE || typeof diagnostic.code !== 'string') return [];
  const data = diagnostic.data as { fixes?: unknown } | undefined | null;
  if (typeof data !== 'object' || data === null || !Array.isArray(data.fixes)) return [];
  const out: FixData[] = [];
  for (const f of data.fixes as unknown[]) {
    const fix = f as { title?: unknown; preferred?: unknown; edits?: unknown; files?: unknown } | null;
    if (typeof fix !== 'object' || fix === null || typeof fix.title !== 'string' || !Array.isArray(fix.edits)) continue;
    if (fix.edits.length === 0 || !fix.edits.every(isTextEdit)) continue;
    const checked: FixData = { title: fix.title, preferred: fix.preferred === true, edits: fix.edits };
    if (fix.files !== undefined) {
      if (!Array.isArray(fix.files) || !fix.files.every(isNewFile)) continue;
      checked.files = fix.files;
    }
    out.push(checked);
  }
  return out;
}

/** Whether actions of `kind` are wanted by a request's `context.only` (absent: all kinds). */
export function kindRequested(kind: string, only: readonly string[] | undefined): boolean {
  if (!only || only.length === 0) return true;
  return only.some((o) => o === '' || kind === o || kind.startsWith(o + '.'));
}
