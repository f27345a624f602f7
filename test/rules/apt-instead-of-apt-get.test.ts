import { aptInsteadOfAptGet } from '../../server/src/rules/apt-instead-of-apt-get';
import { ruleTester } from '../support/rule-tester';

ruleTester(aptInsteadOfAptGet, {
  valid: ['FROM ubuntu:24.04\nRUN apt-get install -y python3\n', 'FROM ubuntu:24.04\nRUN apt-cache policy curl\n'],
  invalid: [
    { code: 'FROM ubuntu:24.04\nRUN apt install python\n', errors: [{ line: 2, message: /use 'apt-get'/ }], output: 'FROM ubuntu:24.04\nRUN apt-get install python\n' },
    { code: 'FROM ubuntu:24.04\nRUN apt update && /usr/bin/apt -y install curl\n', errors: [{ line: 2 }, { line: 2 }], output: 'FROM ubuntu:24.04\nRUN apt-get update && /usr/bin/apt-get -y install curl\n' },
    { name: "apt upgrade installs new packages, apt-get's does not: no fix", code: 'FROM ubuntu:24.04\nRUN apt upgrade -y\n', errors: [{ line: 2 }], output: null },
  ],
});
