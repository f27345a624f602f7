// A flat JSON array of findings with one-based positions, for scripts and other tools.
import type { FileOutcome } from './file-job';
import { displayPath } from './paths';

export interface JsonFinding {
  file: string;
  ruleId: string;
  severity: string;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fixable: boolean;
}

export function formatJson(outcomes: readonly FileOutcome[], cwd: string): string {
  const findings: JsonFinding[] = [];
  for (const outcome of outcomes) {
    const file = displayPath(outcome.file, cwd);
    for (const f of outcome.findings) {
      findings.push({
        file,
        ruleId: f.ruleId,
        severity: f.severity,
        message: f.message,
        line: f.line,
        column: f.column,
        endLine: f.endLine,
        endColumn: f.endColumn,
        fixable: f.fixable,
      });
    }
  }
  return JSON.stringify(findings, null, 2) + '\n';
}
