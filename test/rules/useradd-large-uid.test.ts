import { useraddLargeUid } from '../../server/src/rules/useradd-large-uid';
import { ruleTester } from '../support/rule-tester';

ruleTester(useraddLargeUid, {
  valid: ['RUN useradd luser\n', 'RUN useradd -u 12345 luser\n', 'RUN useradd -l -u 123456 luser\n', 'RUN useradd --no-log-init --uid=1000000 app\n'],
  invalid: [
    { code: 'RUN useradd -u 123456 luser\n', errors: [{ line: 1, message: /large UID 123456/ }], output: 'RUN useradd -l -u 123456 luser\n' },
    { code: 'FROM debian:12\nRUN groupadd -g 1000000 app && useradd --uid=1000000 -g app app\n', errors: [{ line: 2 }], output: 'FROM debian:12\nRUN groupadd -g 1000000 app && useradd -l --uid=1000000 -g app app\n' },
  ],
});
