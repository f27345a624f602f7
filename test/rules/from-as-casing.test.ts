import { fromAsCasing } from '../../server/src/rules/from-as-casing';
import { ruleTester } from '../support/rule-tester';

ruleTester(fromAsCasing, {
  valid: ['FROM debian:12 AS deb-builder\n', 'from debian:12 as deb-builder\n', 'From debian:12 as x\n', 'FROM debian:12\n'],
  invalid: [
    { code: 'FROM debian:latest as builder\n', errors: [{ line: 1, message: /'as' and 'FROM'/ }], output: 'FROM debian:latest AS builder\n' },
    { code: 'from scratch AS base\n', errors: [{ line: 1 }], output: 'from scratch as base\n' },
    { code: 'FROM scratch As base\n', errors: [{ line: 1 }], output: 'FROM scratch AS base\n' },
  ],
});
