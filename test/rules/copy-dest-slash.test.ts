import { copyDestSlash } from '../../server/src/rules/copy-dest-slash';
import { ruleTester } from '../support/rule-tester';

ruleTester(copyDestSlash, {
  valid: ['COPY foo bar\n', 'FROM a:1\nWORKDIR /app\nCOPY go.mod go.sum .\n', 'COPY foo bar baz/\n', 'COPY foo bar "baz/"\n', 'FROM a:1\nCOPY a b $DEST\n', 'FROM a:1\nCOPY ["a", "b", "/c/"]\n'],
  invalid: [
    { code: 'COPY foo bar baz\n', errors: [{ line: 1, message: /2 sources needs a destination that ends with '\/'/ }], output: 'COPY foo bar baz/\n' },
    { code: 'COPY foo bar "baz"\n', errors: [{ line: 1 }], output: 'COPY foo bar "baz/"\n' },
    { code: 'FROM node:20\nADD --chown=node a.js b.js /app\n', errors: [{ line: 2 }], output: 'FROM node:20\nADD --chown=node a.js b.js /app/\n' },
    { name: 'JSON form: no fix', code: 'FROM node:20\nCOPY ["a", "b", "/app"]\n', errors: [{ line: 2 }], output: null },
    { name: 'pragma with spaces', code: 'FROM node as foo\n# hadolint ignore=DL3023, DL3022\nCOPY --from=foo bar baz qux\n', errors: [{ line: 3 }], output: 'FROM node as foo\n# hadolint ignore=DL3023, DL3022\nCOPY --from=foo bar baz qux/\n' },
  ],
});
