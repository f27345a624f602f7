import assert from 'node:assert/strict';
import { it } from 'node:test';
import { labelKey, labelKeyProblem } from '../../server/src/rules/label-key';
import { ruleTester } from '../support/rule-tester';

ruleTester(labelKey, {
  valid: ['LABEL org.valid-key.label3="foo"\n', 'LABEL validlabel="foo"\n', 'LABEL Version=1\n', 'LABEL $KEY=1\n'],
  invalid: [
    { code: 'LABEL com.docker.label="foo"\n', errors: [{ line: 1, message: /reserved by Docker/ }], output: null },
    { code: 'LABEL invalid$character="foo"\n', errors: [{ line: 1, message: /letters, digits/ }] },
    { code: 'LABEL invalid..character="foo" ok=1 -invalid=2\n', errors: [{ line: 1 }, { line: 1 }] },
  ],
});

it('labelKeyProblem follows Docker key guidelines', () => {
  assert.equal(labelKeyProblem('org.opencontainers.image.source'), null);
  for (const bad of ['.invalid', '-invalid', '1invalid', 'invalid--x', 'trailing.', 'io.docker.x', 'with_underscore']) assert.notEqual(labelKeyProblem(bad), null, bad);
});
