import { exposePortRange } from '../../server/src/rules/expose-port-range';
import { ruleTester } from '../support/rule-tester';

ruleTester(exposePortRange, {
  valid: ['EXPOSE 60000\n', 'EXPOSE ${FOOBAR}\n', 'EXPOSE 40000-60000/tcp\n', 'EXPOSE 40000-${FOOBAR}\n', 'FROM a:1\nEXPOSE 0 65535\n'],
  invalid: [
    { code: 'EXPOSE 80000\n', errors: [{ line: 1, message: /80000 is out of range/ }], output: null },
    { code: 'FROM a:1\nEXPOSE 40000-80000/tcp\n', errors: [{ line: 2 }] },
    { name: 'stage ignore pragma covers only its stage', code: '# hadolint stage ignore=DL3011\nFROM ubuntu:24.04\nEXPOSE 80000\nFROM ubuntu:24.04\nEXPOSE 80000\n', errors: [{ line: 5 }] },
  ],
});
