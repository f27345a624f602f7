// Code actions: the rule's fix for each fixable diagnostic, "ignore here" and "ignore in this
// file" pragmas, and fix-all (as `source.fixAll.dockerfileOptimizer` for
// `editor.codeActionsOnSave`, and as a quick fix in the light bulb).
import { CodeActionKind, type CodeAction, type Diagnostic, type WorkspaceEdit } from 'vscode-languageserver/node';
import { fixAll } from '../analysis/engine';
import type { Rule } from '../analysis/rule';
import { applyEdits, LineIndex } from '../analysis/text';
import type { Finding, TextEdit } from '../analysis/types';
import type { DocumentAnalysis } from './analyze-document';
import { findingFor } from './diagnostics';
import { ignoreForFileEdit, ignoreForLineEdit } from './pragmas';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.dockerfileOptimizer`;

/** Sent with a fix-all action whose edit is computed on `codeAction/resolve`. */
export interface FixAllData {
  fixAll: true;
  uri: string;
}

export interface CodeActionRequest {
  analysis: DocumentAnalysis;
  /** The diagnostics the client sent with the request (those at the cursor). */
  diagnostics: Diagnostic[];
  /** The kinds the client asked for, if it narrowed them. */
  only?: string[];
  rulesById: ReadonlyMap<string, Rule>;
  /** The client resolves an action's edit lazily, so fix-all is computed only when chosen. */
  canResolveEdit: boolean;
}

export function codeActions(request: CodeActionRequest): CodeAction[] {
  const { analysis, only } = request;
  const actions: CodeAction[] = [];
  if (wants(only, CodeActionKind.QuickFix)) {
    for (const diagnostic of request.diagnostics) {
      const finding = findingFor(analysis, diagnostic);
      if (finding) actions.push(...quickFixes(analysis, finding, diagnostic, request.rulesById.get(finding.ruleId)));
    }
    const fixableCount = analysis.findings.filter((finding) => finding.fixable).length;
    if (actions.length > 0 && fixableCount > 1) {
      actions.push(fixAllAction(analysis, request.canResolveEdit, 'Fix all auto-fixable Dockerfile problems', CodeActionKind.QuickFix));
    }
  }
  if (wants(only, FIX_ALL_KIND) && analysis.findings.some((finding) => finding.fixable)) {
    actions.push(fixAllAction(analysis, request.canResolveEdit, 'Fix all auto-fixable Dockerfile problems', FIX_ALL_KIND));
  }
  return actions;
}

function quickFixes(analysis: DocumentAnalysis, finding: Finding, diagnostic: Diagnostic, rule: Rule | undefined): CodeAction[] {
  const actions: CodeAction[] = [];
  const uri = analysis.uri;
  const edits = finding.fix();
  // Edits that overlap cannot be applied (the editor would reject them): offer no fix then.
  if (edits && applyEdits(analysis.text, edits) !== null) {
    actions.push({
      title: finding.fixTitle ?? `Fix: ${rule?.meta.description ?? finding.ruleId}`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: true,
      edit: editOf(uri, edits),
    });
  }
  const model = analysis.model;
  if (!model) return actions;
  const lineEdit = ignoreForLineEdit(model, finding.range.start.line, finding.ruleId);
  if (lineEdit) {
    actions.push({ title: `Ignore ${finding.ruleId} for this line`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: editOf(uri, [lineEdit]) });
  }
  actions.push({
    title: `Ignore ${finding.ruleId} in this file`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: editOf(uri, [ignoreForFileEdit(model, finding.ruleId)]),
  });
  return actions;
}

function fixAllAction(analysis: DocumentAnalysis, lazy: boolean, title: string, kind: string): CodeAction {
  const action: CodeAction = { title, kind };
  if (lazy) action.data = { fixAll: true, uri: analysis.uri } satisfies FixAllData;
  else action.edit = fixAllEdit(analysis) ?? undefined;
  return action;
}

/** Every safe fix of the document as one edit (the engine's fix-all, in passes); null if none. */
export function fixAllEdit(analysis: DocumentAnalysis): WorkspaceEdit | null {
  // Each pass checks a text the document does not have: run them as whole-file checks, apart
  // from the document's parse cache and incremental stage state (as the CLI's `fix` does), so
  // that they neither read nor change what the editor's next keystroke relies on.
  const fixed = fixAll(analysis.text, { ...analysis.options, cache: undefined, incremental: undefined });
  if (fixed.applied === 0 || fixed.text === analysis.text) return null;
  return editOf(analysis.uri, [minimalEdit(analysis.text, fixed.text)]);
}

export function isFixAllData(data: unknown): data is FixAllData {
  return typeof data === 'object' && data !== null && (data as FixAllData).fixAll === true && typeof (data as FixAllData).uri === 'string';
}

/**
 * One edit that turns `before` into `after`, covering whole lines from the first changed line
 * to the last (line break included), so the editor keeps the cursor and folds outside it.
 */
export function minimalEdit(before: string, after: string): TextEdit {
  let prefix = 0;
  const shorter = Math.min(before.length, after.length);
  while (prefix < shorter && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < shorter - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  const start = prefix === 0 ? 0 : before.lastIndexOf('\n', prefix - 1) + 1;
  // End after the line break, at the start of the next line: a position between `\r` and `\n`
  // is no valid LSP position.
  const lineEnd = before.indexOf('\n', before.length - suffix);
  const end = lineEnd === -1 ? before.length : lineEnd + 1;
  const keptSuffix = before.length - end;
  const index = new LineIndex(before);
  return { range: index.rangeAt(start, end), newText: after.slice(start, after.length - keptSuffix) };
}

function editOf(uri: string, edits: TextEdit[]): WorkspaceEdit {
  return { changes: { [uri]: edits } };
}

function wants(only: string[] | undefined, kind: string): boolean {
  return !only || only.length === 0 || only.some((wanted) => kind === wanted || kind.startsWith(wanted + '.'));
}
