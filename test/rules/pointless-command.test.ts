import { pointlessCommand } from '../../server/src/rules/pointless-command';
import { ruleTester } from '../support/rule-tester';

ruleTester(pointlessCommand, {
  valid: ['RUN apt-get install ssh\n', 'FROM debian:12\nRUN echo top\n', 'FROM debian:12\nCMD ["top"]\n'],
  invalid: [
    { code: 'RUN top\n', errors: [{ line: 1, message: /'top' makes no sense/ }], output: null },
    { code: 'FROM debian:12\nRUN service nginx start && vim /etc/x\n', errors: [{ line: 2 }, { line: 2 }] },
    { code: 'FROM debian:12\nONBUILD RUN ps aux\n', errors: [{ line: 2 }] },
  ],
});
