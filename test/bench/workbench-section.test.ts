// The workbench section of BENCHMARKS.md that `npm run test:e2e -- --write-benchmarks` writes
// (test/e2e/harness/benchmarks.ts): only that section changes, its heading keeps the marker
// that `npm run bench` keeps it by, and scenarios a run did not measure keep their rows.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  findWorkbenchSection,
  formatValue,
  updateBenchmarks,
  WORKBENCH_HEADING,
  workbenchSection,
  type RunInfo,
  type ScenarioMeasurements,
} from '../e2e/harness/benchmarks';

const INFO: RunInfo = { date: '2026-11-27', cores: 2, codeServerVersion: '4.139.1' };
const RUN = '2026-11-27, load 1.0→2.5 on 2 cores';

const HEAD = [
  '# Benchmarks',
  '',
  'Produced by `npm run bench`.',
  '',
  '## Keystroke to diagnostics',
  '',
  '| file | p95 |',
  '| --- | ---: |',
  '| large-5k.Dockerfile | 32.8 |',
  '',
].join('\n');

const OLD_SECTION = [
  '## In a real workbench (`npm run test:e2e`, scenario 5) <!-- carried -->',
  '',
  'One run by hand.',
  '',
  '| measurement | value |',
  '| --- | ---: |',
  '| open to first diagnostic, cold (first open after start) | 7.2 s |',
  '| keystroke to Problems panel update, median | 369 ms |',
  '',
].join('\n');

const diagnostics: ScenarioMeasurements = {
  id: '01-diagnostics',
  status: 'pass',
  load: [1, 2.5],
  metrics: [{ name: 'open to first diagnostic (naive Dockerfile, 7 lines)', value: 2345, unit: 'ms', note: 'Enter in Quick Open to the first squiggle' }],
};
const noEngine: ScenarioMeasurements = {
  id: '08-untrusted-workspace',
  status: 'pass',
  load: [1, 2.5],
  metrics: [
    { name: 'Build Image to the message, engine not running', value: 412.4, unit: 'ms', note: 'Enter in the palette | the error notification' },
    { name: 'Build Image to the message, no engine', value: 95, unit: 'ms' },
  ],
};

function tableRows(text: string): string[] {
  return text.split('\n').filter((line) => /^\| \d{2}/.test(line));
}

describe('workbench section of BENCHMARKS.md', () => {
  it('formats times as the rest of the file does', () => {
    assert.equal(formatValue(369.4, 'ms'), '369 ms');
    assert.equal(formatValue(999.4, 'ms'), '999 ms');
    assert.equal(formatValue(999.6, 'ms'), '1.0 s');
    assert.equal(formatValue(7240, 'ms'), '7.2 s');
    assert.equal(formatValue(Number.NaN, 'ms'), 'n/a');
    assert.equal(formatValue(3, 'files'), '3 files');
  });

  it('rewrites the old hand-written section and nothing before it', () => {
    const updated = updateBenchmarks(HEAD + '\n' + OLD_SECTION, [diagnostics, noEngine], INFO);
    assert.ok(updated.startsWith(HEAD + '\n' + WORKBENCH_HEADING + '\n'), updated);
    assert.ok(!updated.includes('One run by hand'), 'the old text is replaced');
    assert.deepEqual(tableRows(updated), [
      `| 01-diagnostics | open to first diagnostic (naive Dockerfile, 7 lines) | 2.3 s | Enter in Quick Open to the first squiggle | ${RUN} |`,
      `| 08-untrusted-workspace | Build Image to the message, engine not running | 412 ms | Enter in the palette \\| the error notification | ${RUN} |`,
      `| 08-untrusted-workspace | Build Image to the message, no engine | 95 ms |  | ${RUN} |`,
    ]);
    assert.ok(updated.endsWith('|\n') && !updated.endsWith('\n\n'), 'one newline at the end');
  });

  it('keeps the heading marker that npm run bench keeps the section by', () => {
    const updated = updateBenchmarks(HEAD + '\n' + OLD_SECTION, [diagnostics], INFO);
    // bench/bench.ts keeps everything from the first `## ...<!-- carried -->` heading on.
    const carried = updated.search(/^## .*<!-- carried -->/m);
    assert.equal(updated.slice(0, carried), HEAD + '\n');
  });

  it('keeps the sections after it byte for byte', () => {
    const tail = '## Later section\n\ntext | with a bar\n';
    const updated = updateBenchmarks(HEAD + '\n' + OLD_SECTION + '\n' + tail, [diagnostics], INFO);
    assert.ok(updated.endsWith('\n\n' + tail), updated);
    const where = findWorkbenchSection(updated);
    assert.ok(where);
    assert.equal(updated.slice(where.end), tail);
  });

  it('keeps the rows of scenarios the run did not measure, and of those that failed', () => {
    const earlier = updateBenchmarks(HEAD, [diagnostics, noEngine], INFO);
    const typing: ScenarioMeasurements = {
      id: '05-typing-large-file',
      status: 'pass',
      load: [3, 4],
      metrics: [{ name: 'keystroke to update, default settings, median', value: 301, unit: 'ms' }],
    };
    const laterInfo: RunInfo = { ...INFO, date: '2026-11-28' };
    const later = updateBenchmarks(earlier, [typing, { ...noEngine, status: 'fail', metrics: [] }], laterInfo);
    assert.deepEqual(tableRows(later), [
      tableRows(earlier)[0],
      '| 05-typing-large-file | keystroke to update, default settings, median | 301 ms |  | 2026-11-28, load 3.0→4.0 on 2 cores |',
      ...tableRows(earlier).slice(1),
    ]);
    // A scenario measured again replaces all its earlier rows, including ones it no longer records.
    const again = updateBenchmarks(later, [{ ...noEngine, metrics: noEngine.metrics.slice(0, 1), load: [0.5, 0.7] }], laterInfo);
    assert.deepEqual(
      tableRows(again).filter((row) => row.startsWith('| 08')),
      ['| 08-untrusted-workspace | Build Image to the message, engine not running | 412 ms | Enter in the palette \\| the error notification | 2026-11-28, load 0.5→0.7 on 2 cores |'],
    );
  });

  it('is a fixed point: the same run written twice gives the same file', () => {
    const once = updateBenchmarks(HEAD + '\n' + OLD_SECTION, [diagnostics, noEngine], INFO);
    assert.equal(updateBenchmarks(once, [diagnostics, noEngine], INFO), once);
  });

  it('appends the section to a file that has none', () => {
    const updated = updateBenchmarks(HEAD, [diagnostics], INFO);
    assert.ok(updated.startsWith(HEAD.trimEnd() + '\n\n' + WORKBENCH_HEADING + '\n'));
    assert.equal(workbenchSection([diagnostics], INFO), updated.slice(HEAD.trimEnd().length + 2));
  });

  it("changes nothing but the section of the project's BENCHMARKS.md", () => {
    const text = readFileSync(join(__dirname, '..', '..', 'BENCHMARKS.md'), 'utf8');
    const where = findWorkbenchSection(text);
    assert.ok(where, 'BENCHMARKS.md has a workbench section');
    const updated = updateBenchmarks(text, [diagnostics], INFO);
    assert.equal(updated.slice(0, where.start), text.slice(0, where.start));
    assert.equal(updated.slice(findWorkbenchSection(updated)?.end), text.slice(where.end));
    assert.ok(tableRows(updated).some((row) => row.startsWith('| 01-diagnostics |')));
  });
});
