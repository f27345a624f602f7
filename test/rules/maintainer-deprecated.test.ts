import { maintainerDeprecated } from '../../server/src/rules/maintainer-deprecated';
import { ruleTester } from '../support/rule-tester';

ruleTester(maintainerDeprecated, {
  valid: ['FROM scratch\nLABEL org.opencontainers.image.authors="me@example.org"\n', 'FROM debian\n'],
  invalid: [
    { code: 'FROM scratch\nMAINTAINER me@example.org\n', errors: [{ line: 2, message: /deprecated/ }], output: 'FROM scratch\nLABEL org.opencontainers.image.authors="me@example.org"\n' },
    { code: 'FROM debian:12\nMAINTAINER Jane Doe <jane@example.com>\nRUN true\n', errors: [{ line: 2 }], output: 'FROM debian:12\nLABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"\nRUN true\n' },
    { name: 'quoted, with a dollar', code: 'FROM debian:12\nMAINTAINER "Bo $Jack"\n', errors: [{ line: 2 }], output: 'FROM debian:12\nLABEL org.opencontainers.image.authors="Bo \\$Jack"\n' },
    { name: 'before FROM', code: 'MAINTAINER Lukas\nFROM debian:12\n', errors: [{ line: 1 }], output: 'LABEL org.opencontainers.image.authors="Lukas"\nFROM debian:12\n' },
    { name: 'several lines: no fix', code: 'FROM debian:12\nMAINTAINER Jane \\\n  Doe\n', errors: [{ line: 2 }], output: null },
  ],
});
