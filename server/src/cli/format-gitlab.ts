// GitLab Code Quality: a JSON array of issues, the subset of the Code Climate spec GitLab reads
// (`artifacts: reports: codequality:`), shown in merge requests and pipelines:
//   { description, check_name, fingerprint, severity, location: { path, lines: { begin } } }
//
// GitLab compares the issues of a merge request with those of its target branch by
// fingerprint: same fingerprint, same issue. So the fingerprint must not move when unrelated
// lines are added above a finding, and two findings must not share one (GitLab shows only one
// of them). It hashes the rule, the path, the flagged text and the text of the lines the finding
// spans (whitespace collapsed, so re-indenting does not count as a change), plus how many
// earlier findings in the file had that same key (two `FROM node:latest` stages). Line numbers
// and the message stay out: messages may name lines ("first defined at line 3"). Editing the
// flagged line itself gives a new fingerprint, as in Code Climate's own engines: the finding
// is then reported as fixed and found again.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Severity } from '../analysis/types';
import type { CliFinding, FileOutcome } from './file-job';
import { UNREADABLE_FILE_CHECK } from './report';
import { TOOL_NAME } from './version';

export type GitlabSeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

export interface GitlabIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: GitlabSeverity;
  location: { path: string; lines: { begin: number } };
}

/**
 * Ours to GitLab's five: an error fails the pipeline (critical), a warning is a real cost
 * (major), info is minor and a hint is info. `blocker` is kept for a file that could not be
 * checked at all.
 */
export function gitlabSeverity(severity: Severity): GitlabSeverity {
  switch (severity) {
    case 'error':
      return 'critical';
    case 'warning':
      return 'major';
    case 'info':
      return 'minor';
    case 'hint':
      return 'info';
  }
}

/** The text of a file for fingerprints, or null when it cannot be read any more. */
export type SourceReader = (file: string) => string | null;

function readSource(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

export function buildGitlab(outcomes: readonly FileOutcome[], pathOf: (file: string) => string, read: SourceReader = readSource): GitlabIssue[] {
  const issues: GitlabIssue[] = [];
  for (const outcome of outcomes) {
    const path = pathOf(outcome.file);
    if (outcome.error !== null) {
      issues.push({
        description: `Cannot read ${path}: ${outcome.error}`,
        check_name: UNREADABLE_FILE_CHECK,
        fingerprint: fingerprint([UNREADABLE_FILE_CHECK, path]),
        severity: 'blocker',
        location: { path, lines: { begin: 1 } },
      });
      continue;
    }
    if (outcome.findings.length === 0) continue;
    const lines = read(outcome.file)?.split(/\r\n|\r|\n/) ?? null;
    const seen = new Map<string, number>();
    for (const finding of outcome.findings) {
      const key = [finding.ruleId, path, ...(lines ? findingContext(finding, lines) : [finding.message])];
      const keyText = key.join('\0');
      const occurrence = seen.get(keyText) ?? 0;
      seen.set(keyText, occurrence + 1);
      issues.push({
        description: `${finding.message} [${finding.ruleId}]`,
        check_name: finding.ruleId,
        fingerprint: fingerprint([...key, String(occurrence)]),
        severity: gitlabSeverity(finding.severity),
        location: { path, lines: { begin: finding.line } },
      });
    }
  }
  return issues;
}

export function formatGitlab(outcomes: readonly FileOutcome[], pathOf: (file: string) => string, read: SourceReader = readSource): string {
  return JSON.stringify(buildGitlab(outcomes, pathOf, read), null, 2) + '\n';
}

/** The flagged text, and the lines it spans with their whitespace collapsed. */
export function findingContext(finding: CliFinding, lines: readonly string[]): [string, string] {
  // A range that ends at the start of a line does not touch that line.
  const lastLine = finding.endLine > finding.line && finding.endColumn === 1 ? finding.endLine - 1 : finding.endLine;
  const spanned = lines.slice(finding.line - 1, lastLine);
  const flagged =
    finding.line === finding.endLine
      ? (lines[finding.line - 1] ?? '').slice(finding.column - 1, finding.endColumn - 1)
      : [(lines[finding.line - 1] ?? '').slice(finding.column - 1), ...lines.slice(finding.line, finding.endLine - 1), (lines[finding.endLine - 1] ?? '').slice(0, finding.endColumn - 1)].join('\n');
  return [collapse(flagged), spanned.map(collapse).join('\n')];
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function fingerprint(parts: readonly string[]): string {
  return createHash('sha256').update([TOOL_NAME, ...parts].join('\0')).digest('hex');
}
