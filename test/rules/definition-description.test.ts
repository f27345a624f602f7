import { definitionDescription } from '../../server/src/rules/definition-description';
import { ruleTester } from '../support/rule-tester';

ruleTester(definitionDescription, {
  valid: [
    '# a non-descriptive comment\n\nFROM scratch AS base\n\n# another non-descriptive comment\n\nARG VERSION=1\n',
    '# base is a stage for compiling source\nFROM scratch AS base\n# VERSION This is the version number.\nARG VERSION=1\n',
    '# comment for something else\nCOPY Dockerfile .\n',
    '# baz this is the baz\nARG foo=baz bar=qux baz=quux\n#\nARG bit=bat\n',
    '# check=skip=all\nARG foo=1\n',
  ],
  invalid: [
    { code: '# a non-descriptive comment\nFROM scratch AS base\n\n# another non-descriptive comment\nARG VERSION=1\n', errors: [{ line: 2, message: /# base <description>/ }, { line: 5 }], output: null },
    { code: 'FROM scratch\n# definitely a bad comment\nARG foo=baz bar=qux\n', errors: [{ line: 3, message: /# <arg_key> <description>/ }] },
  ],
});
