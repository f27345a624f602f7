import { duplicateStageName } from '../../server/src/rules/duplicate-stage-name';
import { ruleTester } from '../support/rule-tester';

ruleTester(duplicateStageName, {
  valid: ['FROM debian:12 AS deb-builder\nFROM golang:1.22 AS go-builder\n', 'FROM a:1\nFROM b:1\n'],
  invalid: [
    { code: 'FROM debian:12 AS builder\nRUN true\n\nFROM golang:1.22 AS builder\n', errors: [{ line: 4, message: /Duplicate stage name 'builder'/ }], output: null },
    { name: 'case-insensitive, as BuildKit resolves names', code: 'FROM a:1 AS build\nFROM b:1 AS Build\nFROM c:1 AS BUILD\n', errors: [{ line: 2 }, { line: 3 }] },
  ],
});
