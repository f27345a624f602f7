// Outcomes for the report formats' tests: a Dockerfile with findings whose messages and path
// hold everything a report must escape (quotes, <, &, newline, CR, %, comma, colon, non-ASCII,
// a control character XML cannot carry), a clean file, and a file that could not be read.
import type { CliFinding, FileOutcome } from '../../server/src/cli/file-job';

export const CWD = '/repo';

export const NASTY_PATH = '/repo/svc,a:b & ü/Dockerfile';

function finding(values: Partial<CliFinding> & Pick<CliFinding, 'ruleId' | 'severity' | 'message' | 'line' | 'column'>): CliFinding {
  return { endLine: values.line, endColumn: values.column + 1, fixable: false, related: [], ...values };
}

export const FINDINGS: CliFinding[] = [
  finding({ ruleId: 'latest-tag', severity: 'error', message: `Pin "node" <not> 'latest' & 100% sure`, line: 1, column: 6, endColumn: 17 }),
  finding({ ruleId: 'apt-no-recommends', severity: 'warning', message: 'first line\nsecond: a, b\r\nthird', line: 2, column: 5, endColumn: 12, fixable: true }),
  finding({ ruleId: 'missing-healthcheck', severity: 'info', message: 'Größe ✓ 😀 bell\u0007 esc\u001b]', line: 3, column: 1, endLine: 5, endColumn: 4 }),
  finding({ ruleId: 'cache-mount', severity: 'hint', message: '%0A stays literal, %25 too', line: 4, column: 5, endColumn: 8 }),
];

export const OUTCOMES: FileOutcome[] = [
  { file: NASTY_PATH, error: null, findings: FINDINGS, ruleErrors: [], fix: null, thread: 0 },
  { file: '/repo/clean/Dockerfile', error: null, findings: [], ruleErrors: [], fix: null, thread: 0 },
  { file: '/repo/locked/Dockerfile', error: 'permission denied', findings: [], ruleErrors: [], fix: null, thread: 0 },
];

/** The text of the nasty Dockerfile, for the fingerprints of the GitLab report. */
export const NASTY_TEXT = ['FROM node:latest', 'RUN apt-get install -y curl', 'EXPOSE 3000 \\', '  3001', 'RUN npm install', ''].join('\n');
