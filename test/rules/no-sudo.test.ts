import { noSudo } from '../../server/src/rules/no-sudo';
import { ruleTester } from '../support/rule-tester';

ruleTester(noSudo, {
  valid: ['RUN apt-get install sudo\n', 'FROM debian:12\nRUN echo sudo\n'],
  invalid: [
    { name: 'no stage: no fix', code: 'RUN sudo apt-get update\n', errors: [{ line: 1, message: /Do not use 'sudo'/ }], output: null },
    { name: 'runs as root: sudo removed', code: 'FROM debian:12\nRUN apt-get update && sudo apt-get install -y curl\n', errors: [{ line: 2 }], output: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n' },
    { name: 'non-root USER: no fix', code: 'FROM debian:12\nUSER app\nRUN sudo make install\n', errors: [{ line: 3 }], output: null },
    { name: 'sudo options: no fix', code: 'FROM debian:12\nRUN sudo -u app make\n', errors: [{ line: 2 }], output: null },
    { name: 'USER root again', code: 'FROM debian:12\nUSER app\nUSER root\nRUN sudo make install\n', errors: [{ line: 4 }], output: 'FROM debian:12\nUSER app\nUSER root\nRUN make install\n' },
  ],
});
