// GitHub Actions workflow commands: one `::error|warning|notice file=...,line=...::message`
// line per finding, which the runner turns into annotations on the run and on the pull
// request's changed lines, then the summary line for people reading the log.
//
// Levels: error and warning as they are; info and hint both as `notice`, so every format
// reports the same findings (a hint is a SARIF note too); turn a rule off to hide it.
// Positions: one-based, `endColumn` exclusive as in our SARIF and JSON reports (GitHub's docs
// do not say which; tools that tried it found it exclusive). The runner drops `col` and
// `endColumn` when `line` and `endLine` differ, so a finding over several lines names only
// its lines.
// Escaping, as the runner decodes it: in the message `%`, CR and LF; in property values also
// `:` and `,` (the separators of the command). Other control characters (a Dockerfile may hold
// an ESC) are written as a visible `\uXXXX`: in the log they would start terminal sequences.
import type { Severity } from '../analysis/types';
import type { FileOutcome } from './file-job';
import { plural, summaryLine } from './format-text';
import { UNREADABLE_FILE_CHECK } from './report';
import { TOOL_NAME } from './version';

export type GithubLevel = 'error' | 'warning' | 'notice';

export function githubLevel(severity: Severity): GithubLevel {
  if (severity === 'error' || severity === 'warning') return severity;
  return 'notice';
}

export function escapeData(text: string): string {
  return text
    .replace(/%/g, '%25')
    .replace(/\r/g, '%0D')
    .replace(/\n/g, '%0A')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, (char) => '\\u' + char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0'));
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(level: GithubLevel, properties: [string, string | number][], message: string): string {
  const props = properties.map(([name, value]) => `${name}=${escapeProperty(String(value))}`).join(',');
  return `::${level} ${props}::${escapeData(message)}`;
}

export function formatGithub(outcomes: readonly FileOutcome[], pathOf: (file: string) => string): string {
  const lines: string[] = [];
  for (const outcome of outcomes) {
    const file = pathOf(outcome.file);
    if (outcome.error !== null) {
      lines.push(command('error', [['file', file], ['title', `${TOOL_NAME} (${UNREADABLE_FILE_CHECK})`]], `Cannot read ${file}: ${outcome.error}`));
      continue;
    }
    for (const finding of outcome.findings) {
      const position: [string, number][] =
        finding.line === finding.endLine
          ? [['line', finding.line], ['col', finding.column], ['endLine', finding.endLine], ['endColumn', finding.endColumn]]
          : [['line', finding.line], ['endLine', finding.endLine]];
      lines.push(command(githubLevel(finding.severity), [['file', file], ...position, ['title', `${TOOL_NAME} (${finding.ruleId})`]], finding.message));
    }
  }
  lines.push(summaryLine(outcomes));
  const unreadable = outcomes.filter((outcome) => outcome.error !== null).length;
  if (unreadable > 0) lines.push(`${plural(unreadable, 'path')} could not be read.`);
  return lines.join('\n') + '\n';
}
