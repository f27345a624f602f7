import { copyFromOwnStage } from '../../server/src/rules/copy-from-own-stage';
import { ruleTester } from '../support/rule-tester';

ruleTester(copyFromOwnStage, {
  valid: ['FROM scratch AS build\nRUN foo\nFROM node:20 AS run\nCOPY --from=build foo .\n', 'FROM node:20 AS foo\n# hadolint ignore=DL3023\nCOPY --from=foo bar .\n'],
  invalid: [
    { code: 'FROM node:20 AS foo\nCOPY --from=foo bar .\n', errors: [{ line: 2, message: /itself/ }], output: null },
    { code: 'FROM node:20\nCOPY --from=0 bar .\n', errors: [{ line: 2 }] },
  ],
});
