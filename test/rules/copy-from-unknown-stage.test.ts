import { copyFromUnknownStage } from '../../server/src/rules/copy-from-unknown-stage';
import { ruleTester } from '../support/rule-tester';

ruleTester(copyFromUnknownStage, {
  valid: [
    'FROM scratch AS build\nRUN foo\nFROM node:20\nCOPY --from=build foo .\n',
    'COPY --from=haskell:latest bar .\n',
    'FROM scratch\nRUN foo\nFROM node:20\nCOPY --from=0 foo .\n',
    'FROM node:20 AS Build\nFROM alpine\nCOPY --from=build /a /a\n',
    'FROM alpine\nCOPY --from=$STAGE /a /a\n',
  ],
  invalid: [
    { code: 'COPY --from=foo bar .\n', errors: [{ line: 1, message: /names no earlier stage/ }], output: null },
    { code: 'FROM scratch\nCOPY --from=build foo .\nFROM node:20 AS build\nRUN baz\n', errors: [{ line: 2 }] },
    { code: 'COPY --from=0 bar .\n', errors: [{ line: 1, message: /only 0 stage/ }] },
  ],
});
