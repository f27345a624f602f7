#!/usr/bin/env node
// The peer process for the whole-process comparison: what running dockerfile-utils' validator
// over many files costs as one Node process (its own CLI takes one file per process, which
// would be far slower). Reads each file named on the command line, validates it, prints the
// problems as JSON, as `dockerfile-optimizer check --format json` does for its findings.
const { readFileSync } = require('node:fs');
const { validate } = require('dockerfile-utils');

const problems = [];
for (const file of process.argv.slice(2)) {
  for (const d of validate(readFileSync(file, 'utf8'))) {
    problems.push({ file, code: d.code, severity: d.severity, message: d.message, line: d.range.start.line + 1, column: d.range.start.character + 1 });
  }
}
process.stdout.write(JSON.stringify(problems, null, 2) + '\n');
