import { wgetProgress } from '../../server/src/rules/wget-progress';
import { ruleTester } from '../support/rule-tester';

ruleTester(wgetProgress, {
  valid: ['FROM node as foo\nRUN wget --progress=dot:giga my.xyz\n', 'FROM node\nRUN wget -q my.xyz\n', 'FROM node\nRUN wget -nv my.xyz\n', 'FROM node\nRUN wget -o /tmp/wget.log my.xyz\n', 'FROM node\nRUN wget --append-output=/tmp/wget.log my.xyz\n'],
  invalid: [
    { code: 'FROM debian:12\nRUN wget https://example.com/a.tgz\n', errors: [{ line: 2, message: /progress dots/ }], output: 'FROM debian:12\nRUN wget --progress=dot:giga https://example.com/a.tgz\n' },
    { name: 'BusyBox wget has no --progress: no fix on alpine', code: 'FROM alpine:3.20\nRUN wget https://example.com/a.tgz\n', errors: [{ line: 2 }], output: null },
    { name: 'unknown image: no fix', code: 'FROM acme/base:1\nRUN wget my.xyz\n', errors: [{ line: 2 }], output: null },
  ],
});
