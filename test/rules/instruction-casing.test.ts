import { instructionCasing } from '../../server/src/rules/instruction-casing';
import { ruleTester } from '../support/rule-tester';

ruleTester(instructionCasing, {
  valid: ['FROM alpine\nRUN echo hello > /greeting.txt\nENTRYPOINT ["cat", "/greeting.txt"]\n', 'from alpine\nrun echo hello\n', 'arg X=1\nFROM alpine\n'],
  invalid: [
    {
      name: 'BuildKit docs',
      code: 'From alpine\nRun echo hello > /greeting.txt\nEntRYpOiNT ["cat", "/greeting.txt"]\n',
      errors: [{ line: 1, message: /'From' should match the case of the command majority \(uppercase\)/ }, { line: 2 }, { line: 3 }],
      output: 'FROM alpine\nRUN echo hello > /greeting.txt\nENTRYPOINT ["cat", "/greeting.txt"]\n',
    },
    { code: 'from scratch\nCOPY Dockerfile /foo\ncopy Dockerfile /bar\n', errors: [{ line: 2, message: /lowercase/ }], output: 'FROM scratch\nCOPY Dockerfile /foo\nCOPY Dockerfile /bar\n' },
    { name: 'a tie goes to upper case', code: 'FROM scratch\ncopy a /a\n', errors: [{ line: 2 }], output: 'FROM scratch\nCOPY a /a\n' },
  ],
});
