// primeParsers only warms V8 up: it must not throw, nor change what any later check finds.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/analysis/engine';
import { primeParsers } from '../../server/src/analysis/prime';
import { allRules } from '../../server/src/rules';

const SAMPLES = [
  'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm install && npm run build\nCMD npm start\n',
  '# escape=`\nFROM mcr.microsoft.com/windows/servercore\nRUN echo a `\n  b\n',
  'FROM debian:12\nRUN apt-get update \\\n  # comment\n  && apt-get install -y curl <<EOF\nx\nEOF\n',
];

const findings = (text: string) => analyze(text, { rules: allRules }).findings.map((f) => [f.ruleId, f.range, f.message, f.fixable]);

describe('primeParsers', () => {
  it('runs, more than once, and leaves every later check as it was', () => {
    const before = SAMPLES.map(findings);
    primeParsers();
    primeParsers();
    assert.deepEqual(SAMPLES.map(findings), before);
  });
});
