/**
 * Code actions. Quick fixes come from the diagnostics' `code` and `data` only (never from their
 * messages); fix-all actions come from the lint result of the document's current version.
 */
import { CodeAction, CodeActionKind, CodeActionParams, Diagnostic, TextEdit } from 'vscode-languageserver';
import { fixAllEdits, LineIndex } from '../engine';
import type { LintResult } from '../engine';
import { FIX_ALL_KIND, fixesOf, kindRequested, SOURCE, toTextEdit } from './convert';

/** The current version of the document, linted (undefined when it is ignored or its lint failed). */
export interface CurrentAnalysis {
  result: LintResult | undefined;
  lines: LineIndex;
}

function workspaceEdit(uri: string, edits: TextEdit[]): CodeAction['edit'] {
  return { changes: { [uri]: edits } };
}

export function codeActions(params: CodeActionParams, current: CurrentAnalysis): CodeAction[] {
  const uri = params.textDocument.uri;
  const only = params.context.only;
  const actions: CodeAction[] = [];

  if (kindRequested(CodeActionKind.QuickFix, only)) {
    const byRule = new Map<string, Diagnostic[]>();
    for (const d of params.context.diagnostics) {
      const fixes = fixesOf(d);
      if (fixes.length === 0) continue;
      const ruleId = d.code as string; // fixesOf checked source and code
      const list = byRule.get(ruleId) ?? [];
      list.push(d);
      byRule.set(ruleId, list);
      for (const fix of fixes) {
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
        const fixable = result.findings.filter((f) => f.ruleId === ruleId && f.fixes.length > 0);
        if (fixable.length < 2) continue;
        const edits = fixAllEdits(result.findings, ruleId);
        if (edits.length === 0) continue;
        actions.push({
          title: `Fix all ${ruleId} problems in this file`,
          kind: CodeActionKind.QuickFix,
          diagnostics,
          edit: workspaceEdit(uri, edits.map((e) => toTextEdit(lines, e))),
        });
      }
    }
  }

  if (kindRequested(FIX_ALL_KIND, only) && current.result) {
    const edits = fixAllEdits(current.result.findings);
    if (edits.length > 0) {
      actions.push({
        title: `Fix all ${SOURCE} problems`,
        kind: FIX_ALL_KIND,
        edit: workspaceEdit(uri, edits.map((e) => toTextEdit(current.lines, e))),
      });
    }
  }
  return actions;
}
