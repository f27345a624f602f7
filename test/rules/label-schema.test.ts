// The label-schema rules (hadolint's DL3049-DL3056 and DL3058), with cases from hadolint's specs.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { isSpdxExpression, labelValueFits } from '../../server/src/analysis/labels';
import { labelEmail } from '../../server/src/rules/label-email';
import { labelEmpty } from '../../server/src/rules/label-empty';
import { labelGitHash } from '../../server/src/rules/label-git-hash';
import { labelMissing } from '../../server/src/rules/label-missing';
import { labelRfc3339 } from '../../server/src/rules/label-rfc3339';
import { labelSemver } from '../../server/src/rules/label-semver';
import { labelSpdx } from '../../server/src/rules/label-spdx';
import { labelSuperfluous } from '../../server/src/rules/label-superfluous';
import { labelUrl } from '../../server/src/rules/label-url';
import { ruleTester } from '../support/rule-tester';

const foo = { labelSchema: { foo: 'text' as const } };
ruleTester(labelMissing, {
  valid: [
    { name: 'no schema', code: 'FROM baseimage\n' },
    { code: 'FROM baseimage\nLABEL foo="bar"\n', options: foo },
    { code: 'FROM baseimage AS base\nLABEL foo="bar"\nFROM base\n', options: foo },
    { name: 'a builder stage is no image of its own', code: 'FROM golang:1.22 AS build\nRUN go build\nFROM scratch\nCOPY --from=build /app /app\nLABEL foo=1\n', options: foo },
  ],
  invalid: [
    { code: 'FROM baseimage\n', options: foo, errors: [{ line: 1, message: /'foo' is missing/ }], output: null },
    { code: 'FROM baseimage\nLABEL bar="baz"\n', options: foo, errors: [{ line: 1 }] },
    { code: 'FROM stage1\nFROM stage2\n', options: foo, errors: [{ line: 1 }, { line: 2 }] },
    { code: 'FROM baseimage\nLABEL foo="bar"\nFROM newimage\n', options: foo, errors: [{ line: 3 }] },
  ],
});

const strict = { labelSchema: { required: 'text' as const }, strictLabels: true };
ruleTester(labelSuperfluous, {
  valid: [{ code: 'LABEL required="foo"\n', options: strict }, { name: 'not strict', code: 'LABEL other="bar"\n', options: { labelSchema: { required: 'text' as const } } }],
  invalid: [
    { code: 'LABEL other="bar"\n', options: strict, errors: [{ line: 1, message: /'other' is not in the label schema/ }], output: null },
    { code: 'LABEL required="foo" other="bar"\n', options: strict, errors: [{ line: 1 }] },
  ],
});

const empty = { labelSchema: { emptylabel: 'text' as const } };
ruleTester(labelEmpty, {
  valid: [{ code: 'LABEL emptylabel="foo"\n', options: empty }, { code: 'LABEL other=""\n', options: empty }],
  invalid: [{ code: 'LABEL emptylabel=""\n', options: empty, errors: [{ line: 1, message: /is empty/ }], output: null }],
});

const typed = (rule: typeof labelUrl, key: string, type: string, good: string[], bad: string[]) =>
  ruleTester(rule, {
    valid: [
      ...good.map((value) => ({ code: `LABEL ${key}="${value}"\n`, options: { labelSchema: { [key]: type } } as never })),
      { code: `LABEL other="nonsense"\n`, options: { labelSchema: { [key]: type } } as never },
      { name: 'a variable is only known at build time', code: `ARG V\nLABEL ${key}="$V"\n`, options: { labelSchema: { [key]: type } } as never },
      { name: 'no schema', code: `LABEL ${key}="${bad[0]}"\n` },
    ],
    invalid: bad.map((value) => ({ code: `LABEL ${key}="${value}"\n`, options: { labelSchema: { [key]: type } } as never, errors: [{ line: 1, message: new RegExp(`'${key}' is not`) }], output: null })),
  });

typed(labelUrl, 'urllabel', 'url', ['http://example.com', 'https://github.com/acme/app'], ['not-url', 'example.com']);
typed(labelRfc3339, 'datelabel', 'rfc3339', ['2021-03-10T10:26:33.564595127+01:00', '2024-05-01T12:00:00Z'], ['not-date', '2024-05-01']);
typed(labelSpdx, 'spdxlabel', 'spdx', ['BSD-3-Clause', 'MIT', 'Apache-2.0 OR MIT', 'GPL-2.0-only WITH Classpath-exception-2.0', 'LicenseRef-acme'], ['not-spdx', 'MIT OR']);
typed(labelGitHash, 'githash', 'hash', ['2dbfae9', '43c572f1272b6b3171dd1db9e41b7027128ce080'], ['not-git-hash', '12345']);
typed(labelSemver, 'semver', 'semver', ['1.0.0', '2.0.1-rc1', '1.2.3+build.5'], ['not-sem-ver', '1.2']);
typed(labelEmail, 'maintainer', 'email', ['abcd@google.com', 'Jane Doe <jane@example.com>'], ['not-email', 'a@b']);

it('labelValueFits accepts anything for text, and SPDX expressions need operands on both sides', () => {
  assert.ok(labelValueFits('text', ''));
  assert.ok(isSpdxExpression('(MIT OR Apache-2.0) AND BSD-2-Clause'));
  assert.ok(!isSpdxExpression('AND MIT'));
});
