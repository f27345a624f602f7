import { reservedStageName } from '../../server/src/rules/reserved-stage-name';
import { ruleTester } from '../support/rule-tester';

ruleTester(reservedStageName, {
  valid: ['FROM alpine AS builder\n', 'FROM scratch\n', 'FROM alpine AS contexts\n'],
  invalid: [
    { code: 'FROM alpine AS scratch\nFROM alpine AS context\n', errors: [{ line: 1, message: /reserved stage 'scratch'/ }, { line: 2 }], output: null },
    { code: 'FROM alpine AS Scratch\n', errors: [{ line: 1 }] },
  ],
});
