// `path:line:col  severity  message  [rule-id]`, one finding a line, then a summary line.
import type { FileOutcome } from './file-job';
import { displayPath } from './paths';

export function formatText(outcomes: readonly FileOutcome[], cwd: string): string {
  const lines: string[] = [];
  for (const outcome of outcomes) {
    const path = displayPath(outcome.file, cwd);
    for (const f of outcome.findings) {
      // One finding per line, whatever the message holds.
      const message = f.message.replace(/\s*\n\s*/g, ' ');
      lines.push(`${path}:${f.line}:${f.column}  ${f.severity}  ${message}  [${f.ruleId}]`);
    }
  }
  if (lines.length > 0) lines.push('');
  lines.push(summaryLine(outcomes));
  return lines.join('\n') + '\n';
}

export function summaryLine(outcomes: readonly FileOutcome[]): string {
  const checked = outcomes.filter((o) => o.error === null);
  const counts = { error: 0, warning: 0, info: 0, hint: 0 };
  let fixable = 0;
  let filesWithFindings = 0;
  for (const outcome of checked) {
    if (outcome.findings.length > 0) filesWithFindings++;
    for (const finding of outcome.findings) {
      counts[finding.severity]++;
      if (finding.fixable) fixable++;
    }
  }
  const files = plural(checked.length, 'file');
  const total = counts.error + counts.warning + counts.info + counts.hint;
  if (total === 0) return `No problems found in ${files}.`;
  const parts = [plural(counts.error, 'error'), plural(counts.warning, 'warning'), `${counts.info} info`];
  if (counts.hint > 0) parts.push(plural(counts.hint, 'hint'));
  const fixNote = fixable > 0 ? `; ${fixable} fixable with \`dockerfile-optimizer fix\`` : '';
  return `${plural(total, 'problem')} (${parts.join(', ')}) in ${filesWithFindings} of ${files}${fixNote}.`;
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
