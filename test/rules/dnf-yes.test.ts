import { dnfYes } from '../../server/src/rules/dnf-yes';
import { ruleTester } from '../support/rule-tester';

ruleTester(dnfYes, {
  valid: ['RUN dnf install -y httpd-2.4.24 && dnf clean all\n', 'RUN microdnf install -y httpd\n', 'RUN notdnf install httpd\n'],
  invalid: [
    { code: 'RUN dnf install httpd-2.4.24 && dnf clean all\n', errors: [{ line: 1 }], output: 'RUN dnf install -y httpd-2.4.24 && dnf clean all\n' },
    { code: 'RUN microdnf install httpd-2.4.24 && microdnf clean all\n', errors: [{ line: 1 }], output: 'RUN microdnf install -y httpd-2.4.24 && microdnf clean all\n' },
  ],
});
