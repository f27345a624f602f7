import { multipleInstructions } from '../../server/src/rules/multiple-instructions';
import { ruleTester } from '../support/rule-tester';

ruleTester(multipleInstructions, {
  valid: [
    'FROM alpine\nENTRYPOINT ["echo", "Hello, Norway!\\nHello, Sweden!"]\n',
    'FROM python:alpine\nHEALTHCHECK --interval=1s CMD ["curl", "-f", "http://localhost:8080"]\nCMD ["python", "-m", "http.server", "8080"]\n',
    'FROM scratch AS a\nENTRYPOINT ["/myapp"]\nCMD ["/myapp"]\nFROM a AS b\nENTRYPOINT ["/other"]\nCMD ["/other"]\n',
    'FROM debian:12 AS one\nCMD bash\nFROM debian:12 AS two\nCMD another\n',
  ],
  invalid: [
    {
      code: 'FROM scratch\nENTRYPOINT ["/myapp"]\nENTRYPOINT ["/myotherapp"]\nCMD ["/myapp"]\nCMD ["/myotherapp"]\nHEALTHCHECK CMD ["/myapp"]\nHEALTHCHECK CMD ["/myotherapp"]\n',
      errors: [{ line: 2, message: /Multiple ENTRYPOINT instructions/ }, { line: 4 }, { line: 6 }],
      output: 'FROM scratch\nENTRYPOINT ["/myotherapp"]\nCMD ["/myotherapp"]\nHEALTHCHECK CMD ["/myotherapp"]\n',
    },
    { name: 'broken up by other instructions', code: 'FROM debian:12\nCMD bash\nRUN foo\nCMD another\n', errors: [{ line: 2 }], output: 'FROM debian:12\nRUN foo\nCMD another\n' },
  ],
});
