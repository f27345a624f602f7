// JUnit XML, for the test report views of GitLab (`artifacts: reports: junit:`), Jenkins
// (`junit` step) and GitHub test-report actions: one <testsuite> per Dockerfile, one
// <testcase> per finding, failing with the message.
//
// Why a test case per finding rather than per rule: each failure then has one location, which
// the readers show (`file` and `line` attributes; GitHub report actions turn them into
// annotations), and GitLab keys test cases by suite, class name and name, so two findings folded
// into one case, or two cases with the same name, would show as one. Names are
// `<rule-id> at <line>:<column>`, unique within a file. Passing cases for every rule that found
// nothing would bury the failures under a hundred green rows per file, so a clean file gets
// one passing case instead, and the report is never empty. A file that could not be read gets
// an <error> (the test could not run) rather than a <failure>. Paths are relative to the
// working folder, or to the repository root in GitLab CI (GitLab links `file` into the
// repository).
import type { FileOutcome } from './file-job';
import { UNREADABLE_FILE_CHECK } from './report';
import { TOOL_NAME } from './version';
import { xmlAttribute, xmlText, XML_DECLARATION } from './xml';

/** The name of the passing test case of a file without findings. */
export const CLEAN_CASE = 'no findings';

interface TestCase {
  name: string;
  line?: number;
  outcome?: { element: 'failure' | 'error'; message: string; type: string; body: string };
}

export function formatJunit(outcomes: readonly FileOutcome[], pathOf: (file: string) => string): string {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  for (const outcome of outcomes) {
    const path = pathOf(outcome.file);
    const cases = testCases(outcome, path);
    const suiteFailures = cases.filter((c) => c.outcome?.element === 'failure').length;
    const suiteErrors = cases.filter((c) => c.outcome?.element === 'error').length;
    tests += cases.length;
    failures += suiteFailures;
    errors += suiteErrors;
    const suite = attributes({ name: path, tests: cases.length, failures: suiteFailures, errors: suiteErrors, skipped: 0, time: 0 });
    suites.push(`  <testsuite ${suite}>\n${cases.map((c) => testCaseElement(c, path)).join('\n')}\n  </testsuite>`);
  }
  const root = attributes({ name: TOOL_NAME, tests, failures, errors, time: 0 });
  const body = suites.length > 0 ? `<testsuites ${root}>\n${suites.join('\n')}\n</testsuites>` : `<testsuites ${root}/>`;
  return `${XML_DECLARATION}\n${body}\n`;
}

function testCases(outcome: FileOutcome, path: string): TestCase[] {
  if (outcome.error !== null) {
    const message = `Cannot read ${path}: ${outcome.error}`;
    return [{ name: UNREADABLE_FILE_CHECK, outcome: { element: 'error', message, type: UNREADABLE_FILE_CHECK, body: message } }];
  }
  if (outcome.findings.length === 0) return [{ name: CLEAN_CASE }];
  const used = new Map<string, number>();
  return outcome.findings.map((finding): TestCase => {
    const base = `${finding.ruleId} at ${finding.line}:${finding.column}`;
    const count = (used.get(base) ?? 0) + 1;
    used.set(base, count);
    return {
      name: count === 1 ? base : `${base} (${count})`,
      line: finding.line,
      outcome: {
        element: 'failure',
        message: finding.message,
        type: finding.ruleId,
        body: `${path}:${finding.line}:${finding.column}: ${finding.severity}: ${finding.message} [${finding.ruleId}]`,
      },
    };
  });
}

function testCaseElement(testCase: TestCase, path: string): string {
  const head = attributes({ name: testCase.name, classname: path, file: path, ...(testCase.line !== undefined ? { line: testCase.line } : {}), time: 0 });
  if (!testCase.outcome) return `    <testcase ${head}/>`;
  const { element, message, type, body } = testCase.outcome;
  return `    <testcase ${head}>\n      <${element} ${attributes({ message, type })}>${xmlText(body)}</${element}>\n    </testcase>`;
}

function attributes(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([name, value]) => `${name}="${xmlAttribute(value)}"`)
    .join(' ');
}
