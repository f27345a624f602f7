import { wgetAndCurl } from '../../server/src/rules/wget-and-curl';
import { ruleTester } from '../support/rule-tester';

ruleTester(wgetAndCurl, {
  valid: ['FROM node as foo\nRUN wget my.xyz\n', 'FROM node as foo\nRUN wget my.xyz\nFROM scratch\nRUN curl localhost\n'],
  invalid: [
    { code: 'FROM node as foo\nRUN wget my.xyz\nRUN curl localhost\n', errors: [{ line: 3, message: /both wget and curl/ }], output: null },
    { code: 'FROM node as foo\nRUN wget my.xyz && curl localhost\n', errors: [{ line: 2 }] },
    { code: 'FROM node as foo\nRUN wget my.xyz\nRUN curl my.xyz\nRUN echo hello\nRUN wget foo.com\n', errors: [{ line: 3 }, { line: 5 }] },
  ],
});
