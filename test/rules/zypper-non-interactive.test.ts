import { zypperNonInteractive } from '../../server/src/rules/zypper-non-interactive';
import { ruleTester } from '../support/rule-tester';

ruleTester(zypperNonInteractive, {
  valid: ['RUN zypper install -n httpd=2.4.24 && zypper clean\n', 'RUN zypper --non-interactive install httpd\n', 'RUN zypper install --no-confirm httpd\n'],
  invalid: [{ code: 'RUN zypper install httpd=2.4.24 && zypper clean\n', errors: [{ line: 1 }], output: 'RUN zypper install -y httpd=2.4.24 && zypper clean\n' }],
});
