// The findings the scenarios expect: the committed expectations under fixtures/expected/, and
// (to check that every finding reaches the Problems panel) what the engine finds in a file now.
import { readFileSync } from 'node:fs';
import { analyze } from '../../../server/src/analysis/engine';
import { analyzeModelAsync, mergeFindings } from '../../../server/src/analysis/async-rules';
import { envForFile } from '../../../server/src/analysis/env';
import type { Finding } from '../../../server/src/analysis/types';
import { allAsyncRules, allRules } from '../../../server/src/rules/index';
import type { ExpectedDiagnostic, ExpectedQuickFix } from '../tools/derive-expected';
import { fixture } from './scenario';
import { formatProblems, type Problem, type Severity } from './workbench';

export type { ExpectedDiagnostic, ExpectedQuickFix };

export function expectedDiagnostics(relPath: string): ExpectedDiagnostic[] {
  return JSON.parse(fixture(relPath)) as ExpectedDiagnostic[];
}

export function expectedQuickFixes(relPath: string): ExpectedQuickFix[] {
  return JSON.parse(fixture(relPath)) as ExpectedQuickFix[];
}

/** Severity as the Problems panel names it in a row's aria-label. */
export function panelSeverity(severity: string): string {
  return ({ error: 'Error', warning: 'Warning', info: 'Info', hint: 'Hint' } as Record<string, string>)[severity] ?? severity;
}

export function squiggleSeverity(severity: string): Severity {
  return severity as Severity;
}

/** A row for this diagnostic: same code, source, message, line and column. */
export function matches(problem: Problem, expected: ExpectedDiagnostic): boolean {
  return (
    problem.code === expected.code &&
    problem.source === 'dockerfile-optimizer' &&
    problem.message === expected.message &&
    problem.line === expected.line &&
    problem.column === expected.column &&
    problem.severity === panelSeverity(expected.severity)
  );
}

/**
 * What the language server ends up publishing for a Dockerfile on disk now: the engine's
 * findings plus those of the async rules that can run here (ShellCheck, when installed), as the
 * server merges them. Hints are left out of the panel view: VS Code lists them in the editor only.
 */
export async function serverFindings(dockerfile: string, text = readFileSync(dockerfile, 'utf8')): Promise<Finding[]> {
  const env = envForFile(dockerfile);
  const { model, findings } = analyze(text, { rules: allRules, env });
  const asyncRules = allAsyncRules.filter((rule) => rule.unavailable() === null);
  if (asyncRules.length === 0) return findings;
  return mergeFindings(findings, await analyzeModelAsync(model, { asyncRules, env }));
}

/** serverFindings as Problems panel rows would show them (hints aside). */
export async function engineFindings(dockerfile: string, text?: string): Promise<ExpectedDiagnostic[]> {
  return (await serverFindings(dockerfile, text))
    .filter((finding) => finding.severity !== 'hint')
    .map((finding) => ({
      code: finding.ruleId,
      severity: finding.severity,
      message: finding.message,
      line: finding.range.start.line + 1,
      column: finding.range.start.character + 1,
      fixTitle: finding.fixTitle,
    }));
}

/** The rows the panel should show and does not, and the rows it shows that it should not. */
export function compareRows(problems: Problem[], expected: ExpectedDiagnostic[]): string | null {
  const missing = expected.filter((e) => !problems.some((p) => matches(p, e)));
  const extra = problems.filter((p) => !expected.some((e) => matches(p, e)));
  if (missing.length === 0 && extra.length === 0) return null;
  const show = (list: ExpectedDiagnostic[]) => list.map((e) => `  ${e.line}:${e.column} ${panelSeverity(e.severity)} ${e.code}: ${e.message}`).join('\n') || '  (none)';
  return `missing from the Problems panel:\n${show(missing)}\nnot expected in it:\n${formatProblems(extra)}`;
}

