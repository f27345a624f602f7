import { chownAfterCopy } from '../../server/src/rules/chown-after-copy';
import { ruleTester } from '../support/rule-tester';
import { virtualContext } from '../support/virtual-context';

ruleTester(chownAfterCopy, {
  valid: [
    'FROM node:20-slim\nCOPY --chown=node:node . /app\n',
    { name: 'not recursive', code: 'FROM node:20-slim\nCOPY app.sh /app/app.sh\nRUN chmod 755 /app/app.sh\n' },
    { name: 'another path', code: 'FROM node:20-slim\nCOPY . /app\nRUN chown -R node:node /data\n' },
    { name: 'inside the copy, not known to be copied', code: 'FROM node:20-slim\nCOPY . /app\nRUN chown -R node:node /app/cache\n' },
    { name: 'chown before the COPY', code: 'FROM node:20-slim\nRUN chown -R node:node /app\nCOPY . /app\n' },
    { name: 'COPY in another stage', code: 'FROM node:20 AS build\nCOPY . /app\nFROM node:20-slim\nRUN chown -R node:node /app\n' },
    { name: 'unknown working directory', code: 'FROM node:20-slim\nCOPY . .\nRUN chown -R node:node .\n' },
    { name: 'variable path', code: 'FROM node:20-slim\nCOPY . /app\nRUN chown -R node:node $APP\n' },
  ],
  invalid: [
    {
      code: 'FROM node:20-slim\nCOPY . /app\nRUN chown -R node:node /app\nCMD ["node", "/app/index.js"]\n',
      errors: [{ line: 3, message: /COPY --chown=node:node/ }],
      output: 'FROM node:20-slim\nCOPY --chown=node:node . /app\nCMD ["node", "/app/index.js"]\n',
    },
    {
      name: 'chmod with an octal mode, trailing slash on the destination',
      code: 'FROM alpine:3.20\nCOPY scripts/ /scripts/\nRUN chmod -R 755 /scripts\n',
      errors: [{ line: 3, message: /--chmod=755/ }],
      output: 'FROM alpine:3.20\nCOPY --chmod=755 scripts/ /scripts/\nRUN chmod 755 /scripts\n',
    },
    {
      name: 'chmod of a single file (known from the build context): the RUN goes away',
      code: 'FROM alpine:3.20\nCOPY entry.sh /entry\nRUN chmod -R 755 /entry\n',
      env: { context: virtualContext({ 'entry.sh': '#!/bin/sh\n' }) },
      errors: [{ line: 3 }],
      output: 'FROM alpine:3.20\nCOPY --chmod=755 entry.sh /entry\n',
    },
    {
      name: 'chmod of a folder (known from the build context)',
      code: 'FROM alpine:3.20\nCOPY bin /tools\nRUN chmod -R 755 /tools\n',
      env: { context: virtualContext({ 'bin/a.sh': '#!/bin/sh\n' }) },
      errors: [{ line: 3 }],
      output: 'FROM alpine:3.20\nCOPY --chmod=755 bin /tools\nRUN chmod 755 /tools\n',
    },
    { name: 'chmod of a source of unknown kind', code: 'FROM alpine:3.20\nCOPY bin /tools\nRUN chmod -R 755 /tools\n', errors: [{ line: 3 }], output: null },
    {
      name: 'WORKDIR made the directory: a non-recursive chown stays for it',
      code: 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN chown -R node:node /app\n',
      errors: [{ line: 4 }],
      output: 'FROM node:20-slim\nWORKDIR /app\nCOPY --chown=node:node . .\nRUN chown node:node /app\n',
    },
    {
      name: 'relative path, combined flags, inert instructions between',
      code: 'FROM node:20-slim\nWORKDIR /srv-app\nCOPY --link package.json ./\nENV NODE_ENV=production\nLABEL a=b\nRUN chown -Rf 1000:1000 .\n',
      errors: [{ line: 6 }],
      output: 'FROM node:20-slim\nWORKDIR /srv-app\nCOPY --chown=1000:1000 --link package.json ./\nENV NODE_ENV=production\nLABEL a=b\nRUN chown -f 1000:1000 .\n',
    },
    {
      name: 'a nested destination whose parent a WORKDIR made',
      code: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY src /app/src\nRUN chown -R app:app /app/src\n',
      errors: [{ line: 4 }],
      output: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY --chown=app:app src /app/src\n',
    },
    {
      name: 'an unrelated COPY between',
      code: 'FROM node:20-slim\nCOPY . /app\nCOPY entry.sh /entry.sh\nRUN chown -R node:node /app\n',
      errors: [{ line: 4 }],
      output: 'FROM node:20-slim\nCOPY --chown=node:node . /app\nCOPY entry.sh /entry.sh\n',
    },
    { name: 'the RUN does more', code: 'FROM node:20-slim\nCOPY . /app\nRUN chown -R node:node /app && npm ci\n', errors: [{ line: 3 }], output: null },
    { name: 'a parent of the destination', code: 'FROM node:20-slim\nCOPY . /app/src\nRUN chown -R node:node /app\n', errors: [{ line: 3 }], output: null },
    { name: 'a system folder: its other files change owner too', code: 'FROM nginx:1.27\nCOPY nginx.conf /etc/nginx/\nRUN chown -R nginx:nginx /etc/nginx\n', errors: [{ line: 3 }], output: null },
    { name: 'user without group', code: 'FROM node:20-slim\nCOPY . /app\nRUN chown -R node /app\n', errors: [{ line: 3 }], output: null },
    { name: 'symbolic mode', code: 'FROM node:20-slim\nCOPY . /app\nRUN chmod -R a+rX /app\n', errors: [{ line: 3 }], output: null },
    { name: 'ADD', code: 'FROM node:20-slim\nADD app.tar.gz /app\nRUN chown -R node:node /app\n', errors: [{ line: 3 }], output: null },
    { name: 'a RUN between', code: 'FROM node:20-slim\nCOPY . /app\nRUN useradd app\nRUN chown -R app:app /app\n', errors: [{ line: 4 }], output: null },
    { name: 'USER between', code: 'FROM node:20-slim\nCOPY . /app\nUSER root\nRUN chown -R node:node /app\n', errors: [{ line: 4 }], output: null },
    { name: 'COPY already has --chown', code: 'FROM node:20-slim\nCOPY --chown=a:a . /app\nRUN chown -R node:node /app\n', errors: [{ line: 3 }], output: null },
    { name: 'a RUN wrote into the WORKDIR before the COPY', code: 'FROM node:20-slim\nWORKDIR /app\nRUN npm init -y\nCOPY . .\nRUN chown -R node:node /app\n', errors: [{ line: 5 }], output: null },
    { name: 'a RUN in the parent folder may have made the destination', code: 'FROM node:20-slim\nWORKDIR /app\nRUN mkdir src && touch src/x\nCOPY src /app/src\nRUN chown -R node:node /app/src\n', errors: [{ line: 5 }], output: null },
    { name: 'parent not known to exist', code: 'FROM node:20-slim\nCOPY . /app/src\nRUN chown -R node:node /app/src\n', errors: [{ line: 3 }], output: null },
    { name: 'symlink options', code: 'FROM node:20-slim\nCOPY . /app\nRUN chown -hR node:node /app\n', errors: [{ line: 3 }], output: null },
    { name: 'stage built FROM another stage', code: 'FROM node:20-slim AS base\nWORKDIR /app\nFROM base\nCOPY . /app\nRUN chown -R node:node /app\n', errors: [{ line: 5 }], output: null },
  ],
});
