import { shellFormCmd } from '../../server/src/rules/shell-form-cmd';
import { ruleTester } from '../support/rule-tester';

ruleTester(shellFormCmd, {
  valid: [
    'FROM node:20-slim\nCMD ["node", "server.js"]\n',
    'FROM node:20-slim\nCMD [ "node", "server.js" ]\nENTRYPOINT ["docker-entrypoint.sh"]\n',
    { name: 'JSON continued over lines', code: 'FROM alpine\nCMD [ "/bin/sh", "-c", \\\n      "echo foo && \\\n       echo bar" \\\n    ]\n' },
    { name: 'BuildKit: SHELL set explicitly', code: 'FROM alpine\nRUN apk add bash\nSHELL ["/bin/bash", "-c"]\nENTRYPOINT echo "hello world"\n' },
    { name: 'SHELL inherited from the base stage', code: 'FROM alpine AS base\nSHELL ["/bin/ash", "-eo", "pipefail", "-c"]\nFROM base\nCMD run-it\n' },
    { name: 'HEALTHCHECK CMD is not our concern', code: 'FROM alpine\nHEALTHCHECK CMD wget -q -O- http://localhost/ || exit 1\n' },
    { name: 'BuildKit check=skip directive', code: '# check=skip=JSONArgsRecommended\nFROM scratch\nCMD mycommand\n' },
    { name: 'empty CMD while typing', code: 'FROM alpine\nCMD\n' },
  ],
  invalid: [
    {
      name: 'BuildKit docs example',
      code: 'FROM alpine\nENTRYPOINT my-program start\n# entrypoint becomes: /bin/sh -c my-program start\n',
      errors: [{ line: 2, message: /ENTRYPOINT in shell form/ }],
      output: 'FROM alpine\nENTRYPOINT ["my-program", "start"]\n# entrypoint becomes: /bin/sh -c my-program start\n',
    },
    {
      code: 'FROM node:20-slim\nCMD node server.js\n',
      errors: [{ line: 2 }],
      output: 'FROM node:20-slim\nCMD ["node", "server.js"]\n',
    },
    {
      name: 'quotes resolve to words; exec is dropped',
      code: 'FROM python:3.12-slim\nCMD exec gunicorn --bind "0.0.0.0:8000" \'app:create_app()\'\n',
      errors: [{ line: 2 }],
      output: 'FROM python:3.12-slim\nCMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:create_app()"]\n',
    },
    {
      name: 'continuation lines are joined',
      code: 'FROM python:3.12-slim\nCMD gunicorn \\\n    --workers 4 \\\n    app:app\nEXPOSE 8000\n',
      errors: [{ line: 2 }],
      output: 'FROM python:3.12-slim\nCMD ["gunicorn", "--workers", "4", "app:app"]\nEXPOSE 8000\n',
    },
    {
      name: 'a semicolon inside quotes is literal',
      code: 'FROM nginx:1.27\nCMD nginx -g \'daemon off;\' -c "/etc/nginx/my nginx.conf"\n',
      errors: [{ line: 2 }],
      output: 'FROM nginx:1.27\nCMD ["nginx", "-g", "daemon off;", "-c", "/etc/nginx/my nginx.conf"]\n',
    },
    {
      name: 'a double quote inside single quotes is escaped in JSON',
      code: 'FROM alpine\nCMD echo \'say "hi"\'\n',
      errors: [{ line: 2 }],
      output: 'FROM alpine\nCMD ["echo", "say \\"hi\\""]\n',
    },
    {
      name: 'single-quoted array is not JSON',
      code: "FROM node:20-slim\nCMD ['node', 'app.js']\n",
      errors: [{ line: 2, message: /not a valid JSON array/ }],
      output: 'FROM node:20-slim\nCMD ["node", "app.js"]\n',
    },
    {
      name: 'hadolint: ENTRYPOINT and CMD are both flagged',
      code: 'FROM node as foo\nENTRYPOINT something\nFROM node AS bar\nCMD something\n',
      errors: [{ line: 2 }, { line: 4 }],
      output: 'FROM node as foo\nENTRYPOINT ["something"]\nFROM node AS bar\nCMD ["something"]\n',
    },
    {
      name: 'SHELL after the CMD does not count (BuildKit reads the config at the CMD)',
      code: 'FROM alpine\nCMD run-app\nSHELL ["/bin/ash", "-c"]\n',
      errors: [{ line: 2 }],
      output: 'FROM alpine\nCMD ["run-app"]\nSHELL ["/bin/ash", "-c"]\n',
    },
    { name: 'variables need the shell', code: 'FROM node:20-slim\nCMD node server.js --port $PORT\n', errors: [{ line: 2 }], output: null },
    { name: 'operators need the shell', code: 'FROM alpine\nCMD ./migrate && ./serve\n', errors: [{ line: 2 }], output: null },
    { name: 'redirections need the shell', code: 'FROM alpine\nCMD ./serve > /var/log/app.log 2>&1\n', errors: [{ line: 2 }], output: null },
    { name: 'globs need the shell', code: 'FROM alpine\nCMD cat /etc/*.conf\n', errors: [{ line: 2 }], output: null },
    { name: 'escapes need the shell', code: 'FROM alpine\nCMD echo a\\ b\n', errors: [{ line: 2 }], output: null },
    { name: 'variables inside double quotes', code: 'FROM alpine\nCMD echo "$HOME"\n', errors: [{ line: 2 }], output: null },
    { name: 'builtins are not programs', code: 'FROM alpine\nCMD cd /app && ./run\n', errors: [{ line: 2 }], output: null },
    { name: 'assignment prefix', code: 'FROM alpine\nCMD NODE_ENV=production node app.js\n', errors: [{ line: 2 }], output: null },
    {
      name: 'ENTRYPOINT with a CMD in the stage: CMD would start being appended',
      code: 'FROM alpine\nENTRYPOINT ./run\nCMD ["--verbose"]\n',
      errors: [{ line: 2 }],
      output: null,
    },
    {
      name: 'CMD under an ENTRYPOINT: its arguments would change',
      code: 'FROM alpine AS base\nENTRYPOINT ["/entrypoint.sh"]\nFROM base\nCMD serve\n',
      errors: [{ line: 4 }],
      output: null,
    },
    {
      name: 'comment inside a continuation',
      code: 'FROM alpine\nCMD run \\\n# the flag\n  --fast\n',
      errors: [{ line: 2 }],
      output: null,
    },
    {
      name: 'Windows image: no fix',
      code: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCMD ping localhost\n',
      errors: [{ line: 2 }],
      output: null,
    },
  ],
});
