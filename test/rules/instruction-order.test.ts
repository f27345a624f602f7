import { instructionOrder } from '../../server/src/rules/instruction-order';
import { ruleTester } from '../support/rule-tester';

ruleTester(instructionOrder, {
  valid: ['FROM foo\nLABEL foo=bar\n', 'ARG A=B\nFROM foo\nLABEL foo=bar\n', '# syntax = docker/dockerfile:1\nFROM node:16-alpine3.13\n', ''],
  invalid: [
    { code: 'LABEL foo=bar\nFROM foo\n', errors: [{ line: 1, message: /LABEL before the first FROM/ }], output: null },
    { code: 'ARG X=1\nRUN echo\nCOPY a b\nFROM foo\n', errors: [{ line: 2 }] },
  ],
});
