import { inlineIgnorePragma } from '../../server/src/rules/inline-ignore-pragma';
import { ruleTester } from '../support/rule-tester';

ruleTester(inlineIgnorePragma, {
  valid: ['# hadolint shell=powershell # foobar\nFROM ubuntu\n', '# foobar\nRUN foo bar\n', 'FROM debian\nRUN foo bar\n'],
  invalid: [
    { code: '# hadolint ignore=DL3003\nRUN foo bar\n', errors: [{ line: 1, message: /Inline ignore pragma/ }], output: null },
    { code: 'FROM a:1\n# dockerfile-optimizer global ignore=latest-tag\n# hadolint stage ignore=DL3011\n', errors: [{ line: 2 }, { line: 3 }] },
  ],
});
