/**
 * Code actions. Quick fixes come from the diagnostics' `code` and `data` only (never from their
 * messages); fix-all actions come from the lint result of the document's current version.
 */
import * as l10n from '@vscode/l10n';
import { CodeAction, CodeActionKind, CodeActionParams, CreateFile, Diagnostic, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { fixAllEdits, LineIndex, ruleById, suppressionEdit } from '../engine';
import type { ChainLink, Guard, LintResult, TrustFileResult } from '../engine';
import { FIX_ALL_KIND, FixData, fixesOf, kindRequested, SOURCE, toTextEdit } from './convert';

/** What is at a URI a fix wants to create. */
export type Existing = 'absent' | 'same' | 'different';

export interface FileCreation {
  /** The client applies CreateFile resource operations (workspace.workspaceEdit.resourceOperations). */
  supported: boolean;
  /** Whether a file exists at the URI, and whether it holds exactly `content`. */
  probe(uri: string, content: string): Promise<Existing>;
}

const NO_CREATION: FileCreation = { supported: false, probe: async () => 'different' };

function baseName(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}

/** `x-roots.pem` → `x-roots-2.pem`. */
function numbered(name: string, n: number): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)}-${n}${name.slice(dot)}` : `${name}-${n}`;
}

/**
 * A fix that creates files, as a workspace edit that never overwrites: an identical file already
 * there is reused; a different one makes the fix use the next free name (`-2` … `-9`). Undefined
 * when the client cannot create files or no free name is left.
 */
async function creatingEdit(uri: string, version: number | null, fix: FixData, creation: FileCreation): Promise<{ title: string; edit: WorkspaceEdit } | undefined> {
  if (!creation.supported) return undefined;
  let title = fix.title;
  let edits = fix.edits;
  const changes: (CreateFile | TextDocumentEdit)[] = [];
  for (const file of fix.files ?? []) {
    const name = baseName(file.uri);
    let target = file.uri;
    let state = await creation.probe(target, file.content);
    for (let n = 2; state === 'different' && n <= 9; n++) {
      target = file.uri.slice(0, file.uri.lastIndexOf('/') + 1) + encodeURIComponent(numbered(name, n));
      state = await creation.probe(target, file.content);
    }
    if (state === 'different') return undefined;
    if (target !== file.uri) {
      const renamed = baseName(target);
      title = title.split(name).join(renamed);
      edits = edits.map((e) => ({ range: e.range, newText: e.newText.split(name).join(renamed) }));
    }
    if (state === 'absent') {
      changes.push(CreateFile.create(target, { overwrite: false, ignoreIfExists: false }));
      changes.push(TextDocumentEdit.create({ uri: target, version: null }, [TextEdit.insert({ line: 0, character: 0 }, file.content)]));
    }
  }
  changes.push(TextDocumentEdit.create({ uri, version }, edits));
  return { title, edit: { documentChanges: changes } };
}

/** The current version of the document, linted (undefined when it is ignored or its lint failed). */
export interface CurrentAnalysis {
  result: LintResult | undefined;
  lines: LineIndex;
  /** A newer version (or configuration) made this analysis stop early: it has no result. */
  aborted?: boolean;
  /** The engine failed on the document: the error's name (its message could quote the text). */
  failed?: string;
  /** The analysis did not end within this many milliseconds and was stopped (or is not tried again). */
  stalled?: number;
  /** For a certificate file: what it holds (for the hover). */
  certificate?: { file: TrustFileResult; chains: ChainLink[] };
}

function workspaceEdit(uri: string, edits: TextEdit[]): CodeAction['edit'] {
  return { changes: { [uri]: edits } };
}

/** The document the actions are for (the suppression comment needs its text and syntax). */
export interface ActionDocument {
  text: string;
  /** The URI's path (decides the comment syntax). */
  path: string;
  languageId?: string;
}

/** The VS Code client's command that opens a rule's documentation page (arguments: rule id, URL). */
export const OPEN_RULE_DOCS_COMMAND = 'dbtrust.openRuleDocs';

/**
 * The quick fixes, suppressions, documentation links and fix-alls for a code action request. `run`
 * runs the synchronous part (everything but looking at the files a fix would create): the server
 * passes its time limit there for a document that is suspected of a stall.
 */
export async function codeActions(
  params: CodeActionParams,
  current: CurrentAnalysis,
  creation: FileCreation = NO_CREATION,
  version: number | null = null,
  doc?: ActionDocument,
  run: Guard = (step) => step(),
): Promise<CodeAction[]> {
  const uri = params.textDocument.uri;
  const planned = run(() => planActions(params, current, doc));
  const actions: CodeAction[] = [];
  for (const a of planned) {
    if (!('creates' in a)) {
      actions.push(a);
      continue;
    }
    const created = await creatingEdit(uri, version, a.creates, creation);
    if (created) actions.push({ title: created.title, kind: CodeActionKind.QuickFix, diagnostics: [a.diagnostic], isPreferred: false, edit: created.edit });
  }
  return actions;
}

/** A fix that creates files: an action once the files already there are looked at (creatingEdit). */
interface Creating {
  creates: FixData;
  diagnostic: Diagnostic;
}

/** The actions in their order, those that create files still to be completed. Synchronous. */
function planActions(params: CodeActionParams, current: CurrentAnalysis, doc: ActionDocument | undefined): (CodeAction | Creating)[] {
  const uri = params.textDocument.uri;
  const only = params.context.only;
  const actions: (CodeAction | Creating)[] = [];

  if (kindRequested(CodeActionKind.QuickFix, only)) {
    const byRule = new Map<string, Diagnostic[]>();
    /** Suppression and documentation actions come after the fixes, once per rule and line. */
    const extra: CodeAction[] = [];
    const seen = new Set<string>();
    for (const d of params.context.diagnostics) {
      if (d.source === SOURCE && typeof d.code === 'string') extra.push(...ruleActions(d, d.code, doc, seen, uri));
      const fixes = fixesOf(d);
      if (fixes.length === 0) continue;
      const ruleId = d.code as string; // fixesOf checked source and code
      const list = byRule.get(ruleId) ?? [];
      list.push(d);
      byRule.set(ruleId, list);
      for (const fix of fixes) {
        if (fix.files) {
          actions.push({ creates: fix, diagnostic: d });
          continue;
        }
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          isPreferred: fix.preferred && fixes.length === 1,
          edit: workspaceEdit(uri, fix.edits),
        });
      }
    }
    // "Fix all <rule> problems": from the current lint, not from the (possibly stale) diagnostics.
    const { result, lines } = current;
    if (result) {
      for (const [ruleId, diagnostics] of byRule) {
        const fixable = result.findings.filter((f) => f.ruleId === ruleId && f.fixes.some((x) => x.preferred && (!x.files || x.files.length === 0)));
        if (fixable.length < 2) continue;
        const edits = fixAllEdits(result.findings, ruleId);
        if (edits.length === 0) continue;
        actions.push({
          title: l10n.t('Fix all {0} problems in this file', ruleId),
          kind: CodeActionKind.QuickFix,
          diagnostics,
          edit: workspaceEdit(uri, edits.map((e) => toTextEdit(lines, e))),
        });
      }
    }
    actions.push(...extra);
  }

  if (kindRequested(FIX_ALL_KIND, only) && current.result) {
    const edits = fixAllEdits(current.result.findings);
    if (edits.length > 0) {
      actions.push({
        title: l10n.t('Fix all {0} problems', SOURCE),
        kind: FIX_ALL_KIND,
        edit: workspaceEdit(uri, edits.map((e) => toTextEdit(current.lines, e))),
      });
    }
  }
  return actions;
}

/** "Suppress <rule> on this line" and "Open documentation for <rule>", once per rule (and line). */
function ruleActions(d: Diagnostic, ruleId: string, doc: ActionDocument | undefined, seen: Set<string>, uri: string): CodeAction[] {
  const out: CodeAction[] = [];
  const rule = ruleById(ruleId);
  if (!rule) return out; // internal errors are not suppressed or documented per rule
  const line = d.range.start.line;
  if (doc && !seen.has(`suppress:${ruleId}:${line}`)) {
    seen.add(`suppress:${ruleId}:${line}`);
    const edit = suppressionEdit(doc.text, doc.path, doc.languageId, line, ruleId);
    if (edit) {
      const lines = new LineIndex(doc.text);
      out.push({
        title: l10n.t('Suppress {0} on this line', ruleId),
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        edit: workspaceEdit(uri, [toTextEdit(lines, edit)]),
      });
    }
  }
  if (!seen.has(`docs:${ruleId}`)) {
    seen.add(`docs:${ruleId}`);
    out.push({
      title: l10n.t('Open documentation for {0}', ruleId),
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      command: { title: l10n.t('Open documentation for {0}', ruleId), command: OPEN_RULE_DOCS_COMMAND, arguments: [ruleId, rule.meta.docsUrl] },
    });
  }
  return out;
}
