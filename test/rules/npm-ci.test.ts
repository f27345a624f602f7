import { npmCi } from '../../server/src/rules/npm-ci';
import { ruleTester } from '../support/rule-tester';
import { contextEnv } from '../support/virtual-context';

ruleTester(npmCi, {
  valid: [
    'FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\n',
    'FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev\n',
    // No lockfile was copied: npm ci would fail.
    'FROM node:20\nWORKDIR /app\nCOPY package.json ./\nRUN npm install\n',
    // A broad copy without a known context: the lockfile may not exist.
    'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm install\n',
    // Adding packages or global tools is not what npm ci does.
    'FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm install express\n',
    'FROM node:20\nCOPY package-lock.json ./\nRUN npm install -g npm@10\n',
    // The lockfile went to another folder.
    'FROM node:20\nCOPY package.json package-lock.json /srv/\nWORKDIR /app\nRUN npm install\n',
    // Copied from another stage: not a file of the project's context.
    'FROM node:20 AS deps\nFROM node:20\nCOPY --from=deps /app/package-lock.json ./\nRUN npm install\n',
    // npm 6 (node 14) has no --omit; --only=production is the way there.
    'FROM node:14\nCOPY package.json package-lock.json ./\nRUN npm ci --only=production\n',
    'FROM node:20\nRUN echo npm install --production\n',
  ],
  invalid: [
    {
      code: 'FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm install\n',
      errors: [{ line: 4, message: /use 'npm ci'/ }],
      output: 'FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\n',
    },
    {
      name: 'npm i, shrinkwrap, flags kept',
      code: 'FROM node:20\nCOPY package.json npm-shrinkwrap.json /app/\nWORKDIR /app\nRUN npm i --no-audit --legacy-peer-deps\n',
      errors: [{ line: 4 }],
      output: 'FROM node:20\nCOPY package.json npm-shrinkwrap.json /app/\nWORKDIR /app\nRUN npm ci --no-audit --legacy-peer-deps\n',
    },
    {
      name: 'install and deprecated flag fixed together',
      code: 'FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm install --only=production && npm cache clean --force\n',
      errors: [{ line: 4, message: /npm ci/ }, { line: 4, message: /--only=production' is deprecated.*--omit=dev/ }],
      output: 'FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev && npm cache clean --force\n',
    },
    {
      name: 'lockfile copied in the stage this one builds FROM',
      code: 'FROM node:20 AS base\nWORKDIR /app\nCOPY package.json package-lock.json ./\nFROM base AS deps\nRUN npm install\n',
      errors: [{ line: 5 }],
      output: 'FROM node:20 AS base\nWORKDIR /app\nCOPY package.json package-lock.json ./\nFROM base AS deps\nRUN npm ci\n',
    },
    {
      name: 'lockfile copied under its own name as the destination',
      code: 'FROM node:20\nWORKDIR /app\nCOPY package.json ./\nCOPY package-lock.json ./package-lock.json\nRUN cd /app && npm install\n',
      errors: [{ line: 5 }],
      output: 'FROM node:20\nWORKDIR /app\nCOPY package.json ./\nCOPY package-lock.json ./package-lock.json\nRUN cd /app && npm ci\n',
    },
    {
      name: 'wildcard copy with a context that has the lockfile',
      code: 'FROM node:20\nWORKDIR /app\nCOPY package*.json ./\nRUN npm install\n',
      env: contextEnv({ 'package.json': '{}', 'package-lock.json': '{}' }),
      errors: [{ line: 4 }],
      output: 'FROM node:20\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\n',
    },
    {
      name: 'broad copy with a context that has the lockfile',
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm install\n',
      env: contextEnv({ 'package.json': '{}', 'package-lock.json': '{}' }),
      errors: [{ line: 4 }],
      output: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\n',
    },
    {
      name: 'wildcard copy without a context: flagged, no fix (the lockfile may be missing)',
      code: 'FROM node:20\nWORKDIR /app\nCOPY package*.json ./\nRUN npm install\n',
      errors: [{ line: 4, message: /may include package-lock\.json/ }],
      output: null,
    },
    {
      name: 'flags npm ci refuses: no fix',
      code: 'FROM node:20\nCOPY package.json package-lock.json ./\nRUN npm install --no-package-lock\n',
      errors: [{ line: 3 }],
      output: null,
    },
    {
      name: '--production on npm ci',
      code: 'FROM node:20\nCOPY package.json package-lock.json ./\nRUN npm ci --production\n',
      errors: [{ line: 3, message: /'--production' is deprecated/ }],
      output: 'FROM node:20\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev\n',
    },
    {
      name: '--only prod as two words',
      code: 'FROM node:20\nCOPY package.json package-lock.json ./\nRUN npm ci --only prod\n',
      errors: [{ line: 3 }],
      output: 'FROM node:20\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev\n',
    },
    {
      name: '--production=false',
      code: 'FROM node:20\nCOPY package.json package-lock.json ./\nRUN NODE_ENV=production npm ci --production=false\n',
      errors: [{ line: 3 }],
      output: 'FROM node:20\nCOPY package.json package-lock.json ./\nRUN NODE_ENV=production npm ci --include=dev\n',
    },
    {
      name: 'deprecated flag on a global install',
      code: 'FROM node:20\nRUN npm install -g --production serve\n',
      errors: [{ line: 2 }],
      output: 'FROM node:20\nRUN npm install -g --omit=dev serve\n',
    },
    {
      name: '--only=dev: flagged without a one-flag replacement',
      code: 'FROM node:20\nCOPY package.json package-lock.json ./\nRUN npm ci --only=dev\n',
      errors: [{ line: 3, message: /--include=dev/ }],
      output: null,
    },
    {
      name: 'JSON COPY form; an exec-form RUN is flagged but not edited',
      code: 'FROM node:20\nCOPY ["package.json", "package-lock.json", "./"]\nRUN ["npm", "install"]\n',
      errors: [{ line: 3 }],
      output: null,
    },
  ],
});
