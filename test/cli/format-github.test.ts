import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeData, escapeProperty, formatGithub, githubLevel } from '../../server/src/cli/format-github';
import { displayPath } from '../../server/src/cli/paths';
import { reportPath } from '../../server/src/cli/report';
import { CWD, FINDINGS, NASTY_PATH, OUTCOMES } from './format-fixtures';
import { parseWorkflowCommand } from './report-shapes';

const pathOf = (file: string) => displayPath(file, CWD);

describe('github format', () => {
  it('writes one workflow command per finding with the documented escaping, then the summary', () => {
    const file = 'file=svc%2Ca%3Ab & ü/Dockerfile';
    assert.equal(
      formatGithub(OUTCOMES, pathOf),
      [
        `::error ${file},line=1,col=6,endLine=1,endColumn=17,title=dockerfile-optimizer (latest-tag)::Pin "node" <not> 'latest' & 100%25 sure`,
        `::warning ${file},line=2,col=5,endLine=2,endColumn=12,title=dockerfile-optimizer (apt-no-recommends)::first line%0Asecond: a, b%0D%0Athird`,
        `::notice ${file},line=3,endLine=5,title=dockerfile-optimizer (missing-healthcheck)::Größe ✓ 😀 bell\\u0007 esc\\u001B]`,
        `::notice ${file},line=4,col=5,endLine=4,endColumn=8,title=dockerfile-optimizer (cache-mount)::%250A stays literal, %2525 too`,
        '::error file=locked/Dockerfile,title=dockerfile-optimizer (unreadable-file)::Cannot read locked/Dockerfile: permission denied',
        '4 problems (1 error, 1 warning, 1 info, 1 hint) in 1 of 2 files; 1 fixable with `dockerfile-optimizer fix`.',
        '1 path could not be read.',
        '',
      ].join('\n'),
    );
  });

  it('the runner reads back every message and property exactly, one command per line', () => {
    const lines = formatGithub(OUTCOMES, pathOf).trimEnd().split('\n');
    const commands = lines.map(parseWorkflowCommand);
    const annotations = commands.filter((c) => c !== null);
    assert.equal(annotations.length, FINDINGS.length + 1, 'one command per finding and per unreadable file, nothing else');
    FINDINGS.forEach((finding, i) => {
      const { command, properties, data } = annotations[i]!;
      assert.equal(command, githubLevel(finding.severity));
      assert.equal(data, finding.message.replace('\u0007', '\\u0007').replace('\u001b', '\\u001B'));
      assert.equal(properties.file, 'svc,a:b & ü/Dockerfile');
      assert.equal(properties.title, `dockerfile-optimizer (${finding.ruleId})`);
      assert.equal(properties.line, String(finding.line));
      assert.equal(properties.endLine, String(finding.endLine));
      // The runner drops columns when the lines differ; we do not send them then.
      if (finding.line === finding.endLine) {
        assert.deepEqual([properties.col, properties.endColumn], [String(finding.column), String(finding.endColumn)]);
      } else {
        assert.ok(!('col' in properties) && !('endColumn' in properties));
      }
    });
    assert.deepEqual(annotations[FINDINGS.length], {
      command: 'error',
      properties: { file: 'locked/Dockerfile', title: 'dockerfile-optimizer (unreadable-file)' },
      data: 'Cannot read locked/Dockerfile: permission denied',
    });
  });

  it('escapes as the runner unescapes: % first, then CR, LF, and in properties : and ,', () => {
    assert.equal(escapeData('100%\r\n: ,'), '100%25%0D%0A: ,');
    assert.equal(escapeProperty('a:b,c%d\n'), 'a%3Ab%2Cc%25d%0A');
    for (const text of ['%3A', '%%0A', 'a::b', 'x,y=z:w', '%25', '\r\n%\n']) {
      const parsed = parseWorkflowCommand(`::warning file=${escapeProperty(text)},title=${escapeProperty(text)}::${escapeData(text)}`)!;
      assert.deepEqual(parsed, { command: 'warning', properties: { file: text, title: text }, data: text }, JSON.stringify(text));
    }
  });

  it('maps error and warning to themselves, info and hint to notice', () => {
    assert.deepEqual((['error', 'warning', 'info', 'hint'] as const).map(githubLevel), ['error', 'warning', 'notice', 'notice']);
  });

  it('names files relative to GITHUB_WORKSPACE when set and holding the file, else to the working folder', () => {
    const inWorkspace = reportPath('GITHUB_WORKSPACE', '/repo/sub', { GITHUB_WORKSPACE: '/repo' });
    assert.equal(inWorkspace('/repo/sub/Dockerfile'), 'sub/Dockerfile');
    assert.equal(inWorkspace('/elsewhere/Dockerfile'), '/elsewhere/Dockerfile');
    assert.equal(reportPath('GITHUB_WORKSPACE', '/repo/sub', {})('/repo/sub/a/Dockerfile'), 'a/Dockerfile');
    assert.equal(reportPath('GITHUB_WORKSPACE', '/repo/sub', { GITHUB_WORKSPACE: '' })('/repo/sub/Dockerfile'), 'Dockerfile');
    // A sibling whose name starts like the workspace is not inside it.
    assert.equal(reportPath('GITHUB_WORKSPACE', '/repo2', { GITHUB_WORKSPACE: '/repo' })('/repo2/Dockerfile'), 'Dockerfile');
    // Run from the Dockerfile's own folder: the workspace still names it from the repository root.
    const fromSubfolder = reportPath('GITHUB_WORKSPACE', '/repo/svc,a:b & ü', { GITHUB_WORKSPACE: '/repo' });
    assert.equal(formatGithub([{ ...OUTCOMES[0], findings: [FINDINGS[0]] }], fromSubfolder).split(',line=')[0], '::error file=svc%2Ca%3Ab & ü/Dockerfile');
    assert.equal(reportPath('GITHUB_WORKSPACE', '/repo/svc,a:b & ü', {})(NASTY_PATH), 'Dockerfile');
  });
});
