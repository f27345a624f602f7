// The CI report formats end to end: the real CLI (dist/cli.js) on the bundled examples and on
// temporary folders, each report read the way its consumer reads it and compared with the
// JSON report of the same run.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { allAsyncRules, allRules } from '../../server/src/rules';
import { REPO_ROOT, ensureCliBuilt, runCli } from './cli-harness';
import { assertGitlabShape, assertJunitCounts, parseWorkflowCommand } from './report-shapes';
import { descendants, parseXml } from './xml-check';

/** Paths relative to the working folder, as outside CI (the tests may run inside CI). */
const NO_CI_ROOT = { GITHUB_WORKSPACE: '', CI_PROJECT_DIR: '' };
const FORMATS = ['checkstyle', 'gitlab', 'junit', 'github'] as const;

interface JsonFinding {
  file: string;
  ruleId: string;
  severity: string;
  line: number;
  column: number;
}

/** file, rule, line and column of every finding, in report order. */
type Row = [string, string, number, number?];

/** Each format's findings as rows, read the way its consumer reads it. */
const READ: Record<(typeof FORMATS)[number], (stdout: string) => Row[]> = {
  checkstyle(stdout) {
    const root = parseXml(stdout);
    assert.equal(root.name, 'checkstyle');
    return root.children.flatMap((file) =>
      file.children.map((error): Row => [file.attributes.name, error.attributes.source.replace(/^dockerfile-optimizer\./, ''), Number(error.attributes.line), Number(error.attributes.column)]),
    );
  },
  gitlab(stdout) {
    const report = JSON.parse(stdout);
    assertGitlabShape(report);
    return report.map((issue): Row => [issue.location.path, issue.check_name, issue.location.lines.begin]);
  },
  junit(stdout) {
    const root = parseXml(stdout);
    assertJunitCounts(root);
    return descendants(root, 'testcase')
      .filter((testCase) => testCase.children.length > 0)
      .map((testCase): Row => {
        // `<rule> at <line>:<column>`; the entry of an unreadable file has no position.
        const column = /:(\d+)(?: \(\d+\))?$/.exec(testCase.attributes.name)?.[1];
        return [testCase.attributes.file, testCase.children[0].attributes.type, Number(testCase.attributes.line), Number(column)];
      });
  },
  github(stdout) {
    return stdout
      .trimEnd()
      .split('\n')
      .map(parseWorkflowCommand)
      .filter((command) => command !== null)
      .map(({ properties }): Row => [properties.file, /\((.*)\)$/.exec(properties.title)![1], Number(properties.line), Number(properties.col)]);
  },
};

function rowsOf(findings: JsonFinding[], withColumn: boolean): Row[] {
  return findings.map((f): Row => (withColumn ? [f.file, f.ruleId, f.line, f.column] : [f.file, f.ruleId, f.line]));
}

/** A config that turns off every rule except `levels`' (at the given level). */
function onlyRules(levels: Record<string, string>): string {
  const rules: Record<string, string> = {};
  for (const rule of [...allRules, ...allAsyncRules]) rules[rule.meta.id] = levels[rule.meta.id] ?? 'off';
  return JSON.stringify({ rules });
}

let root: string;
let counter = 0;

function folder(files: Record<string, string>, levels: Record<string, string> = { 'latest-tag': 'warning' }): string {
  const dir = join(root, `case-${++counter}`);
  for (const [path, text] of Object.entries({ '.dockerfile-optimizer.json': onlyRules(levels), ...files })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

before(() => {
  root = mkdtempSync(join(tmpdir(), 'dockerfile-optimizer-formats-'));
  ensureCliBuilt();
});
after(() => rmSync(root, { recursive: true, force: true }));

describe('CI report formats on the bundled examples', () => {
  let json: JsonFinding[];
  before(() => {
    const run = runCli(['check', '--format', 'json'], REPO_ROOT, NO_CI_ROOT);
    assert.equal(run.status, 0, run.stderr);
    json = JSON.parse(run.stdout);
    assert.ok(json.length > 10, 'the examples have findings');
  });

  for (const format of FORMATS) {
    it(`${format}: exit 0, and the same findings as the JSON report`, () => {
      const run = runCli(['check', '--format', format], REPO_ROOT, NO_CI_ROOT);
      assert.equal(run.status, 0, run.stderr);
      const rows = READ[format](run.stdout);
      assert.deepEqual(rows, rowsOf(json, format !== 'gitlab'));
    });
  }

  it('checkstyle and junit list the clean example too; github ends with the summary', () => {
    const checkstyle = parseXml(runCli(['check', '--format', 'checkstyle'], REPO_ROOT, NO_CI_ROOT).stdout);
    assert.deepEqual(
      checkstyle.children.map((file) => file.attributes.name),
      ['go-app', 'good-multistage', 'java-maven-app', 'node-app', 'python-app'].map((name) => `examples/${name}/Dockerfile`),
    );
    const junit = parseXml(runCli(['check', '--format', 'junit'], REPO_ROOT, NO_CI_ROOT).stdout);
    const good = junit.children.find((suite) => suite.attributes.name === 'examples/good-multistage/Dockerfile')!;
    assert.deepEqual(good.children.map((c) => [c.attributes.name, c.children.length]), [['no findings', 0]]);
    const github = runCli(['check', '--format', 'github'], REPO_ROOT, NO_CI_ROOT).stdout.trimEnd().split('\n');
    const text = runCli(['check'], REPO_ROOT).stdout.trimEnd().split('\n');
    assert.equal(github[github.length - 1], text[text.length - 1]);
  });
});

describe('CI report formats: exit codes and unreadable paths', () => {
  it('exit 1 with an error-severity finding, in every format', () => {
    const dir = folder({ Dockerfile: 'FROM node:latest\n' }, { 'latest-tag': 'error' });
    for (const format of FORMATS) {
      const run = runCli(['check', '--format', format, '.'], dir, NO_CI_ROOT);
      assert.equal(run.status, 1, `${format}: ${run.stderr}`);
      assert.deepEqual(READ[format](run.stdout).map((row) => row.slice(0, 3)), [['Dockerfile', 'latest-tag', 1]], format);
    }
  });

  it('exit 2 on a missing path: the report still lists the checked files and an entry for the missing one', () => {
    const dir = folder({ Dockerfile: 'FROM node:latest\n' });
    for (const format of FORMATS) {
      const run = runCli(['check', '--format', format, 'Dockerfile', 'nope/Dockerfile'], dir, NO_CI_ROOT);
      assert.equal(run.status, 2, format);
      assert.match(run.stderr, /cannot read nope\/Dockerfile: no such file or folder/);
      const rows = READ[format](run.stdout).map((row) => row.slice(0, 2));
      // The unreadable entry comes first: paths that could not be read, then the checked files.
      assert.deepEqual(rows, [['nope/Dockerfile', 'unreadable-file'], ['Dockerfile', 'latest-tag']], format);
      assert.ok(run.stdout.includes('Cannot read nope/Dockerfile: no such file or folder'), `${format} says why:\n${run.stdout}`);
    }
    const gitlab = JSON.parse(runCli(['check', '--format', 'gitlab', 'nope/Dockerfile', 'Dockerfile'], dir, NO_CI_ROOT).stdout);
    assert.deepEqual(gitlab.map((issue: { check_name: string; severity: string; location: { path: string } }) => [issue.location.path, issue.check_name, issue.severity]), [
      ['nope/Dockerfile', 'unreadable-file', 'blocker'],
      ['Dockerfile', 'latest-tag', 'major'],
    ]);
  });

  it('with nothing readable, CI reports are still well-formed; text and JSON stay silent as before', () => {
    const dir = folder({ Dockerfile: 'FROM node:latest\n' });
    const junit = runCli(['check', '--format', 'junit', 'nope'], dir, NO_CI_ROOT);
    assert.equal(junit.status, 2);
    const suites = parseXml(junit.stdout);
    assertJunitCounts(suites);
    assert.deepEqual([suites.attributes.tests, suites.attributes.errors], ['1', '1']);
    const gitlab = runCli(['check', '--format', 'gitlab', 'nope'], dir, NO_CI_ROOT);
    assert.equal(gitlab.status, 2);
    assert.equal(JSON.parse(gitlab.stdout).length, 1);
    for (const format of ['text', 'json']) {
      const run = runCli(['check', '--format', format, 'nope'], dir, NO_CI_ROOT);
      assert.deepEqual([run.status, run.stdout], [2, ''], format);
    }
  });
});

describe('CI report formats: paths from the CI root', () => {
  it('gitlab and junit name files from CI_PROJECT_DIR and github from GITHUB_WORKSPACE, run from a subfolder', () => {
    const dir = folder({ 'svc/api/Dockerfile': 'FROM node:latest\n' });
    const cwd = join(dir, 'svc');
    const gitlab = runCli(['check', '--format', 'gitlab', 'api'], cwd, { ...NO_CI_ROOT, CI_PROJECT_DIR: dir });
    assert.deepEqual(READ.gitlab(gitlab.stdout).map((row) => row[0]), ['svc/api/Dockerfile']);
    const github = runCli(['check', '--format', 'github', 'api'], cwd, { ...NO_CI_ROOT, GITHUB_WORKSPACE: dir });
    assert.deepEqual(READ.github(github.stdout).map((row) => row[0]), ['svc/api/Dockerfile']);
    // GitLab links a JUnit test case's file into the repository too.
    const junit = runCli(['check', '--format', 'junit', 'api'], cwd, { ...NO_CI_ROOT, CI_PROJECT_DIR: dir });
    assert.deepEqual(READ.junit(junit.stdout).map((row) => row[0]), ['svc/api/Dockerfile']);
    // Checkstyle readers resolve against the working folder, like the SARIF and JSON reports.
    const checkstyle = runCli(['check', '--format', 'checkstyle', 'api'], cwd, { ...NO_CI_ROOT, CI_PROJECT_DIR: dir, GITHUB_WORKSPACE: dir });
    assert.deepEqual(READ.checkstyle(checkstyle.stdout).map((row) => row[0]), ['api/Dockerfile']);
  });
});

describe('CI report formats: usage', () => {
  it('--help lists every format; an unknown one is a usage error naming them', () => {
    const help = runCli(['--help'], root);
    for (const format of ['text', 'json', 'sarif', ...FORMATS]) assert.match(help.stdout, new RegExp(`\\b${format}\\b`));
    const run = runCli(['check', '--format', 'xml', '.'], root);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /unknown format 'xml' \(expected text, json, sarif, checkstyle, gitlab, junit or github\)/);
  });
});
