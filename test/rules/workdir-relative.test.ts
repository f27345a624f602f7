import { workdirRelative } from '../../server/src/rules/workdir-relative';
import { ruleTester } from '../support/rule-tester';

ruleTester(workdirRelative, {
  valid: [
    'FROM nginx:1.27 AS web\nWORKDIR /usr/share/nginx/html\nCOPY public .\n',
    'FROM scratch AS a\nWORKDIR /app\n\nFROM a AS b\nWORKDIR subdir/\n',
    'FROM alpine:3.20\nWORKDIR /app\nWORKDIR src\n',
    'WORKDIR ${work}\n',
    'WORKDIR "C:\\"\n',
    'WORKDIR C:/\n',
    'FROM scratch\n# check=skip=WorkdirRelativePath\nWORKDIR app/\n',
  ],
  invalid: [
    { code: 'FROM scratch\nWORKDIR app/\n', errors: [{ line: 2, message: /Relative workdir 'app\/'/ }], output: 'FROM scratch\nWORKDIR /app/\n' },
    { name: 'unknown base: no fix', code: 'FROM nginx:1.27 AS web\nWORKDIR usr/share/nginx/html\nCOPY public .\n', errors: [{ line: 2 }], output: null },
    { code: "WORKDIR 'relative/dir'\n", errors: [{ line: 1 }], output: null },
    { name: 'FROM scratch with quotes', code: 'FROM scratch\nWORKDIR "app"\n', errors: [{ line: 2 }], output: 'FROM scratch\nWORKDIR /app\n' },
  ],
});
