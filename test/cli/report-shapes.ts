// What the readers of the CI reports require of them, checked on parsed output: JUnit's counts
// and unique test names, GitLab Code Quality's issue shape, and GitHub's workflow commands as
// the Actions runner parses them.
import assert from 'node:assert/strict';
import { descendants, type XmlElement } from './xml-check';

/** The tests/failures/errors attributes agree with the elements; names are unique per suite. */
export function assertJunitCounts(root: XmlElement): void {
  assert.equal(root.name, 'testsuites');
  const count = (element: XmlElement, name: string) => descendants(element, name).length;
  for (const scope of [root, ...root.children]) {
    assert.equal(Number(scope.attributes.tests), count(scope, 'testcase'), `tests of ${scope.attributes.name}`);
    assert.equal(Number(scope.attributes.failures), count(scope, 'failure'), `failures of ${scope.attributes.name}`);
    assert.equal(Number(scope.attributes.errors), count(scope, 'error'), `errors of ${scope.attributes.name}`);
  }
  for (const suite of root.children) {
    assert.equal(suite.name, 'testsuite');
    assert.ok(suite.children.length > 0, `suite ${suite.attributes.name} has no test case`);
    const names = suite.children.map((c) => `${c.attributes.classname}/${c.attributes.name}`);
    assert.equal(new Set(names).size, names.length, `test case names repeat in ${suite.attributes.name}`);
  }
}

export interface GitlabIssueShape {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: string;
  location: { path: string; lines: { begin: number } };
}

/**
 * GitLab's Code Quality reader: an array of issues with a description, a check name, a
 * fingerprint unique in the report, one of five severities, and a relative path with a
 * one-based first line.
 */
export function assertGitlabShape(report: unknown): asserts report is GitlabIssueShape[] {
  assert.ok(Array.isArray(report), 'the report must be an array');
  const fingerprints = new Set<string>();
  report.forEach((issue: Record<string, any>, i) => {
    const where = `issue ${i}`;
    assert.deepEqual(Object.keys(issue).sort(), ['check_name', 'description', 'fingerprint', 'location', 'severity'], where);
    assert.ok(typeof issue.description === 'string' && issue.description.length > 0, `${where}: description`);
    assert.ok(typeof issue.check_name === 'string' && issue.check_name.length > 0, `${where}: check_name`);
    assert.match(issue.fingerprint, /^[0-9a-f]{64}$/, `${where}: fingerprint`);
    assert.ok(!fingerprints.has(issue.fingerprint), `${where}: fingerprint repeats (GitLab would show only one)`);
    fingerprints.add(issue.fingerprint);
    assert.ok(['info', 'minor', 'major', 'critical', 'blocker'].includes(issue.severity), `${where}: severity ${issue.severity}`);
    const path = issue.location?.path;
    assert.ok(typeof path === 'string' && path.length > 0 && !path.startsWith('/') && !path.startsWith('./') && !path.includes('\\'), `${where}: path ${path}`);
    assert.ok(!path.split('/').includes('..'), `${where}: path ${path} leaves the root`);
    assert.ok(Number.isInteger(issue.location.lines?.begin) && issue.location.lines.begin >= 1, `${where}: lines.begin`);
  });
}

export interface WorkflowCommand {
  command: string;
  properties: Record<string, string>;
  data: string;
}

const PROPERTY_ESCAPES: [string, string][] = [
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%3A', ':'],
  ['%2C', ','],
  ['%25', '%'],
];

/**
 * A line as the Actions runner reads it (ActionCommand.TryParseV2): `::` after leading space,
 * the command up to the next `::`, properties split on `,` then the first `=`, then unescaped
 * in the runner's order; null when the line is not a command.
 */
export function parseWorkflowCommand(line: string): WorkflowCommand | null {
  const text = line.trimStart();
  if (!text.startsWith('::')) return null;
  const end = text.indexOf('::', 2);
  if (end < 0) return null;
  const info = text.slice(2, end);
  const space = info.indexOf(' ');
  const command = space < 0 ? info : info.slice(0, space);
  const properties: Record<string, string> = {};
  if (space > 0) {
    for (const pair of info.slice(space + 1).trim().split(',').filter(Boolean)) {
      const eq = pair.indexOf('=');
      if (eq <= 0 || eq === pair.length - 1) continue;
      properties[pair.slice(0, eq)] = unescape(pair.slice(eq + 1), PROPERTY_ESCAPES);
    }
  }
  return { command, properties, data: unescape(text.slice(end + 2), PROPERTY_ESCAPES.filter(([code]) => code !== '%3A' && code !== '%2C')) };
}

function unescape(text: string, escapes: [string, string][]): string {
  let result = text;
  for (const [code, char] of escapes) result = result.split(code).join(char);
  return result;
}
