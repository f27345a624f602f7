import { exposeProtoCasing } from '../../server/src/rules/expose-proto-casing';
import { ruleTester } from '../support/rule-tester';

ruleTester(exposeProtoCasing, {
  valid: ['FROM alpine\nEXPOSE 80/tcp 53/udp 8080\n', 'FROM alpine\nEXPOSE $PORT/$PROTO\n'],
  invalid: [
    { code: 'FROM scratch\nEXPOSE 80/TcP 8080/TCP 8080/udp\n', errors: [{ line: 2, message: /'80\/TcP'/ }, { line: 2, message: /'8080\/TCP'/ }], output: 'FROM scratch\nEXPOSE 80/tcp 8080/tcp 8080/udp\n' },
  ],
});
