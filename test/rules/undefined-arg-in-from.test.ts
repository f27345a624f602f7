import { undefinedArgInFrom } from '../../server/src/rules/undefined-arg-in-from';
import { ruleTester } from '../support/rule-tester';

ruleTester(undefinedArgInFrom, {
  valid: [
    'ARG VARIANT="-alpine3.20"\nFROM node:22${VARIANT} AS jsbuilder\n',
    'ARG base=scratch\nFROM $base\n',
    'FROM --platform=$BUILDPLATFORM scratch\n',
    'ARG DEBUG\nFROM scra${DEBUG:-tch}\n',
    'FROM alpine\nARG LATE\nFROM alpine:3.20\n',
  ],
  invalid: [
    { code: 'FROM node:22${VARIANT} AS jsbuilder\n', errors: [{ line: 1, message: /'VARIANT' is not declared/ }], output: null },
    { code: 'FROM --platform=$BULIDPLATFORM scratch\n', errors: [{ line: 1, message: /did you mean BUILDPLATFORM/ }] },
    { code: 'ARG MY_ARCH=amd64\nFROM --platform=linux/${MYARCH} busybox\n', errors: [{ line: 2, message: /did you mean MY_ARCH/ }] },
    { name: 'a stage ARG is not visible to FROM', code: 'FROM alpine:3.20\nARG TAG=1\nFROM busybox:$TAG\n', errors: [{ line: 3 }] },
  ],
});
