import { shellSymlink } from '../../server/src/rules/shell-symlink';
import { ruleTester } from '../support/rule-tester';

ruleTester(shellSymlink, {
  valid: ['RUN ln -sf /bin/true /sbin/initctl\n', 'RUN ln -s foo bar && unrelated && something_with /bin/sh\n'],
  invalid: [
    { code: 'RUN ln -sfv /bin/bash /bin/sh\n', errors: [{ line: 1, message: /SHELL instruction/ }], output: null },
    { code: 'FROM debian:12\nRUN ln -s -f bash /bin/sh\n', errors: [{ line: 2 }] },
  ],
});
