import { nonNumericUser } from '../../server/src/rules/non-numeric-user';
import { ruleTester } from '../support/rule-tester';

ruleTester(nonNumericUser, {
  valid: ['USER 12345\n', 'USER 1234:5678\n', 'ARG APP_UID\nFROM foobar:barfoo\nUSER ${APP_UID}\n'],
  invalid: [
    { code: 'USER foobar\n', errors: [{ line: 1, message: /not numeric/ }], output: null },
    { code: 'USER foobar:barfoo\n', errors: [{ line: 1 }] },
    { code: 'FROM node:20\nUSER 1000:node\n', errors: [{ line: 2 }] },
  ],
});
