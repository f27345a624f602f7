import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runFileJob, type FileOutcome } from '../../server/src/cli/file-job';
import { buildGitlab, formatGitlab, gitlabSeverity } from '../../server/src/cli/format-gitlab';
import { displayPath } from '../../server/src/cli/paths';
import { reportPath } from '../../server/src/cli/report';
import { allRules } from '../../server/src/rules';
import { CWD, NASTY_PATH, NASTY_TEXT, OUTCOMES } from './format-fixtures';
import { assertGitlabShape } from './report-shapes';

const pathOf = (file: string) => displayPath(file, CWD);
const readNasty = (file: string) => (file === NASTY_PATH ? NASTY_TEXT : null);

describe('gitlab format', () => {
  it('writes a Code Quality array: description, check_name, fingerprint, severity, location', () => {
    const report = JSON.parse(formatGitlab(OUTCOMES, pathOf, readNasty));
    assertGitlabShape(report);
    const path = 'svc,a:b & ü/Dockerfile';
    assert.deepEqual(
      report.map(({ fingerprint, ...rest }) => rest),
      [
        { description: `Pin "node" <not> 'latest' & 100% sure [latest-tag]`, check_name: 'latest-tag', severity: 'critical', location: { path, lines: { begin: 1 } } },
        { description: 'first line\nsecond: a, b\r\nthird [apt-no-recommends]', check_name: 'apt-no-recommends', severity: 'major', location: { path, lines: { begin: 2 } } },
        { description: 'Größe ✓ 😀 bell\u0007 esc\u001b] [missing-healthcheck]', check_name: 'missing-healthcheck', severity: 'minor', location: { path, lines: { begin: 3 } } },
        { description: '%0A stays literal, %25 too [cache-mount]', check_name: 'cache-mount', severity: 'info', location: { path, lines: { begin: 4 } } },
        { description: 'Cannot read locked/Dockerfile: permission denied', check_name: 'unreadable-file', severity: 'blocker', location: { path: 'locked/Dockerfile', lines: { begin: 1 } } },
      ],
    );
    // Pinned: a new recipe would make GitLab report every existing issue as fixed and found again.
    assert.equal(report[0].fingerprint, 'da0b4cb53ab329d2f1200d906f7ea54624afe53c835ab4d413f90a308981378b');
  });

  it('JSON escapes control characters and keeps non-ASCII text', () => {
    const json = formatGitlab(OUTCOMES, pathOf, readNasty);
    assert.match(json, /"description": "Größe ✓ 😀 bell\\u0007 esc\\u001b\] \[missing-healthcheck\]"/);
    assert.match(json, /"description": "first line\\nsecond: a, b\\r\\nthird \[apt-no-recommends\]"/);
    assert.equal(formatGitlab([], pathOf), '[]\n');
  });

  it('maps our levels to GitLab severities; blocker only for a file that was not checked', () => {
    assert.deepEqual((['error', 'warning', 'info', 'hint'] as const).map(gitlabSeverity), ['critical', 'major', 'minor', 'info']);
  });

  it('without the source text (file gone), fingerprints fall back to the message and stay unique', () => {
    const report = buildGitlab(OUTCOMES, pathOf, () => null);
    assertGitlabShape(report);
    assert.notEqual(report[0].fingerprint, buildGitlab(OUTCOMES, pathOf, readNasty)[0].fingerprint);
  });

  it('paths are relative to CI_PROJECT_DIR when set, whatever folder the job ran in', () => {
    const fromSubfolder = reportPath('CI_PROJECT_DIR', '/repo/clean', { CI_PROJECT_DIR: '/repo' });
    const report = buildGitlab([OUTCOMES[2]], fromSubfolder);
    assert.equal(report[0].location.path, 'locked/Dockerfile');
  });
});

describe('gitlab fingerprints on real findings', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'dockerfile-optimizer-gitlab-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const rules = allRules.filter((rule) => ['latest-tag', 'apt-no-recommends'].includes(rule.meta.id));
  let counter = 0;

  /** Checks `text` as `name` (in a fresh folder) and returns its issues by rule and line. */
  function issues(text: string, name = 'Dockerfile') {
    const file = join(dir, `${++counter}-${name}`);
    writeFileSync(file, text);
    const outcome: FileOutcome = runFileJob({ file, mode: 'check', settings: null }, rules);
    // The path as a repository would name it, the same for every run of one test.
    const report = buildGitlab([outcome], () => name);
    assertGitlabShape(report);
    return report.map((issue) => ({ rule: issue.check_name, line: issue.location.lines.begin, fingerprint: issue.fingerprint }));
  }

  const BASE = 'FROM node:latest AS build\nRUN apt-get install -y curl\nFROM node:latest\nRUN apt-get install -y curl\n';

  it('two identical findings in one file get different fingerprints', () => {
    const base = issues(BASE);
    assert.deepEqual(base.map((i) => [i.rule, i.line]), [
      ['latest-tag', 1],
      ['apt-no-recommends', 2],
      ['latest-tag', 3],
      ['apt-no-recommends', 4],
    ]);
    assert.equal(new Set(base.map((i) => i.fingerprint)).size, 4);
  });

  it('survive lines added above and between, and re-indenting', () => {
    const base = issues(BASE);
    const shifted = issues('# syntax=docker/dockerfile:1\n# Build the app\n\n' + BASE.replace('FROM node:latest\n', '\n# runtime\nFROM node:latest\n'));
    assert.deepEqual(shifted.map((i) => i.line), [4, 5, 8, 9]);
    assert.deepEqual(shifted.map((i) => i.fingerprint), base.map((i) => i.fingerprint));
    const reindented = issues(BASE.replace(/RUN apt-get install -y curl/g, 'RUN   apt-get  install -y \tcurl'));
    assert.deepEqual(reindented.map((i) => i.fingerprint), base.map((i) => i.fingerprint));
  });

  it('change when the flagged line changes or the file moves, and only for that finding', () => {
    const distinct = BASE.replace(/curl\n$/, 'git\n');
    const base = issues(distinct);
    const edited = issues(distinct.replace('curl', 'wget'));
    assert.deepEqual(
      edited.map((issue, i) => issue.fingerprint === base[i].fingerprint),
      [true, false, true, true],
    );
    // Identical findings are told apart by their order (as GitHub code scanning's line hashes
    // are), so editing the first of two identical lines renumbers the second.
    const twins = issues(BASE);
    const firstEdited = issues(BASE.replace('curl', 'wget'));
    assert.deepEqual(
      firstEdited.map((issue, i) => issue.fingerprint === twins[i].fingerprint),
      [true, false, true, false],
    );
    const moved = issues(distinct, 'api.Dockerfile');
    assert.ok(moved.every((issue, i) => issue.fingerprint !== base[i].fingerprint));
  });
});
