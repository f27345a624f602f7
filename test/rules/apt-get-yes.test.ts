import { aptGetYes } from '../../server/src/rules/apt-get-yes';
import { ruleTester } from '../support/rule-tester';

ruleTester(aptGetYes, {
  valid: ['RUN apt-get install -yq python\n', 'RUN apt-get --assume-yes install python\n', 'RUN apt-get install -qq python\n', 'RUN apt-get install -q -q python\n', 'RUN apt-get install -q=2 python\n', 'RUN apt-get install --quiet --quiet python\n', 'RUN apt-get update\n'],
  invalid: [
    { code: 'RUN apt-get install python\n', errors: [{ line: 1, message: /without -y/ }], output: 'RUN apt-get install -y python\n' },
    { code: 'FROM debian:12\nRUN apt-get update && apt-get install --quiet \\\n    curl\n', errors: [{ line: 2 }], output: 'FROM debian:12\nRUN apt-get update && apt-get install -y --quiet \\\n    curl\n' },
    { name: 'exec form: no fix', code: 'FROM debian:12\nRUN ["apt-get", "install", "curl"]\n', errors: [{ line: 2 }], output: null },
  ],
});
