import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FileOutcome } from '../../server/src/cli/file-job';
import { formatJunit } from '../../server/src/cli/format-junit';
import { displayPath } from '../../server/src/cli/paths';
import { CWD, FINDINGS, OUTCOMES } from './format-fixtures';
import { assertJunitCounts } from './report-shapes';
import { descendants, parseXml } from './xml-check';

const NASTY = 'svc,a:b &amp; ü/Dockerfile';
const pathOf = (file: string) => displayPath(file, CWD);

describe('junit format', () => {
  it('writes one testsuite per file and one failing testcase per finding, escaped', () => {
    const head = (name: string, line: number) => `    <testcase name="${name}" classname="${NASTY}" file="${NASTY}" line="${line}" time="0">`;
    assert.equal(
      formatJunit(OUTCOMES, pathOf),
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="dockerfile-optimizer" tests="6" failures="4" errors="1" time="0">',
        `  <testsuite name="${NASTY}" tests="4" failures="4" errors="0" skipped="0" time="0">`,
        head('latest-tag at 1:6', 1),
        `      <failure message="Pin &quot;node&quot; &lt;not&gt; &apos;latest&apos; &amp; 100% sure" type="latest-tag">${NASTY}:1:6: error: Pin "node" &lt;not&gt; 'latest' &amp; 100% sure [latest-tag]</failure>`,
        '    </testcase>',
        head('apt-no-recommends at 2:5', 2),
        `      <failure message="first line&#10;second: a, b&#13;&#10;third" type="apt-no-recommends">${NASTY}:2:5: warning: first line`,
        'second: a, b&#13;',
        'third [apt-no-recommends]</failure>',
        '    </testcase>',
        head('missing-healthcheck at 3:1', 3),
        `      <failure message="Größe ✓ 😀 bell\\u0007 esc\\u001B]" type="missing-healthcheck">${NASTY}:3:1: info: Größe ✓ 😀 bell\\u0007 esc\\u001B] [missing-healthcheck]</failure>`,
        '    </testcase>',
        head('cache-mount at 4:5', 4),
        `      <failure message="%0A stays literal, %25 too" type="cache-mount">${NASTY}:4:5: hint: %0A stays literal, %25 too [cache-mount]</failure>`,
        '    </testcase>',
        '  </testsuite>',
        '  <testsuite name="clean/Dockerfile" tests="1" failures="0" errors="0" skipped="0" time="0">',
        '    <testcase name="no findings" classname="clean/Dockerfile" file="clean/Dockerfile" time="0"/>',
        '  </testsuite>',
        '  <testsuite name="locked/Dockerfile" tests="1" failures="0" errors="1" skipped="0" time="0">',
        '    <testcase name="unreadable-file" classname="locked/Dockerfile" file="locked/Dockerfile" time="0">',
        '      <error message="Cannot read locked/Dockerfile: permission denied" type="unreadable-file">Cannot read locked/Dockerfile: permission denied</error>',
        '    </testcase>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
  });

  it('is well-formed, its counts match its elements, and messages read back exactly', () => {
    const root = parseXml(formatJunit(OUTCOMES, pathOf));
    assertJunitCounts(root);
    const failures = descendants(root, 'failure');
    const expected = FINDINGS.map((f) => f.message.replace('\u0007', '\\u0007').replace('\u001b', '\\u001B'));
    assert.deepEqual(failures.map((f) => f.attributes.message), expected);
    assert.match(failures[1].text, /warning: first line\nsecond: a, b\r\nthird \[apt-no-recommends\]$/);
    assert.deepEqual(root.children.map((suite) => suite.attributes.name), ['svc,a:b & ü/Dockerfile', 'clean/Dockerfile', 'locked/Dockerfile']);
  });

  it('names test cases uniquely within a file, even for two findings at one place', () => {
    const twice: FileOutcome = { ...OUTCOMES[0], findings: [FINDINGS[0], { ...FINDINGS[0], message: 'again' }, FINDINGS[1]] };
    const root = parseXml(formatJunit([twice], pathOf));
    assert.deepEqual(descendants(root, 'testcase').map((c) => c.attributes.name), ['latest-tag at 1:6', 'latest-tag at 1:6 (2)', 'apt-no-recommends at 2:5']);
    assertJunitCounts(root);
  });

  it('a run with no files is an empty <testsuites>', () => {
    const xml = formatJunit([], pathOf);
    assert.equal(xml, '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="dockerfile-optimizer" tests="0" failures="0" errors="0" time="0"/>\n');
    assertJunitCounts(parseXml(xml));
  });
});
