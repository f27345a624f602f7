import { devDepsMissingForBuild } from '../../server/src/rules/dev-deps-missing-for-build';
import { ruleTester } from '../support/rule-tester';
import { contextEnv } from '../support/virtual-context';

const lines = (...text: string[]) => text.map((line) => line + '\n').join('');

const pkg = (scripts: Record<string, string>, devDependencies: Record<string, string>, dependencies: Record<string, string> = { express: '^4' }) =>
  contextEnv({
    'package.json': JSON.stringify({ name: 'app', scripts, dependencies, devDependencies }),
    'package-lock.json': '{}',
    'tsconfig.json': '{}',
    'src/index.ts': '',
  });

const TS = pkg({ build: 'tsc -p .', start: 'node dist/index.js' }, { typescript: '^5.6.0' });
const NESTED = pkg({ build: 'npm run clean && npm run compile', clean: 'rm -rf dist', compile: 'cross-env NODE_OPTIONS=--max-old-space-size=4096 tsc' }, { typescript: '^5' });
const VITE = pkg({ build: 'vite build' }, { vite: '^5' });
const TS_IN_DEPS = pkg({ build: 'tsc' }, {}, { typescript: '^5' });

ruleTester(devDepsMissingForBuild, {
  valid: [
    // Everything installed for the build.
    { code: lines('FROM node:20 AS build', 'WORKDIR /app', 'COPY package*.json ./', 'RUN npm ci', 'COPY . .', 'RUN npm run build'), env: TS },
    // Pruned after the build, as it should be.
    { code: lines('FROM node:20 AS build', 'WORKDIR /app', 'COPY . .', 'RUN npm ci && npm run build && npm prune --omit=dev'), env: TS },
    // --include=dev wins over NODE_ENV=production.
    { code: lines('FROM node:20', 'ENV NODE_ENV=production', 'WORKDIR /app', 'COPY . .', 'RUN npm ci --include=dev', 'RUN npm run build'), env: TS },
    // NODE_ENV=production after the install.
    { code: lines('FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm ci', 'ENV NODE_ENV=production', 'RUN npm run build'), env: TS },
    // The tool is in dependencies.
    { code: lines('FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm ci --omit=dev', 'RUN npm run build'), env: TS_IN_DEPS },
    // Installed globally before the build.
    { code: lines('FROM node:20', 'RUN npm install -g typescript@5', 'WORKDIR /app', 'COPY . .', 'RUN npm ci --omit=dev', 'RUN npm run build'), env: TS },
    // Without the build context the tool is unknown: quiet.
    lines('FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm ci --omit=dev', 'RUN npm run build'),
    // A script that runs no dev tool.
    { code: lines('FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm ci --omit=dev', 'RUN npm run start'), env: TS },
    // A variable NODE_ENV: unknown.
    { code: lines('FROM node:20', 'ARG NODE_ENV', 'ENV NODE_ENV=$NODE_ENV', 'WORKDIR /app', 'COPY . .', 'RUN npm ci', 'RUN npm run build'), env: TS },
    // Another folder's install.
    { code: lines('FROM node:20', 'WORKDIR /deps', 'COPY package*.json ./', 'RUN npm ci --omit=dev', 'WORKDIR /app', 'COPY . .', 'RUN npm ci && npm run build'), env: TS },
    // A base image we do not know may carry the tool.
    { code: lines('FROM mycorp/node-builder:20', 'WORKDIR /app', 'COPY . .', 'RUN npm ci --omit=dev', 'RUN npm run build'), env: TS },
  ],
  invalid: [
    {
      name: '--omit=dev then npm run build (tsc from typescript)',
      code: lines('FROM node:20 AS build', 'WORKDIR /app', 'COPY package*.json ./', 'RUN npm ci --omit=dev', 'COPY . .', 'RUN npm run build', 'FROM node:20-slim', 'WORKDIR /app', 'COPY --from=build /app/node_modules ./node_modules', 'COPY --from=build /app/dist ./dist', 'CMD ["node", "dist/index.js"]'),
      env: TS,
      errors: [{ line: 6, message: /'npm run build' runs 'tsc', which 'typescript' provides from devDependencies in package\.json, but 'npm ci --omit=dev' \(line 4\)/ }],
      output: lines('FROM node:20 AS build', 'WORKDIR /app', 'COPY package*.json ./', 'RUN npm ci', 'COPY . .', 'RUN npm run build && npm prune --omit=dev', 'FROM node:20-slim', 'WORKDIR /app', 'COPY --from=build /app/node_modules ./node_modules', 'COPY --from=build /app/dist ./dist', 'CMD ["node", "dist/index.js"]'),
    },
    {
      name: 'NODE_ENV=production at the top of the builder; node_modules not shipped: no prune',
      code: lines('FROM node:20 AS build', 'ENV NODE_ENV=production', 'WORKDIR /app', 'COPY . .', 'RUN npm ci', 'RUN npm run build', 'FROM nginx:1.27', 'COPY --from=build /app/dist /usr/share/nginx/html'),
      env: VITE,
      errors: [{ line: 6, message: /runs 'vite'.*NODE_ENV|'npm ci' \(line 5\) left dev dependencies out/ }],
      output: lines('FROM node:20 AS build', 'ENV NODE_ENV=production', 'WORKDIR /app', 'COPY . .', 'RUN npm ci --include=dev', 'RUN npm run build', 'FROM nginx:1.27', 'COPY --from=build /app/dist /usr/share/nginx/html'),
    },
    {
      name: 'through a nested script, same RUN, single stage',
      code: lines('FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm ci --only=production && npm run build', 'CMD ["node", "dist/index.js"]'),
      env: NESTED,
      errors: [{ line: 4, message: /runs 'tsc' \(through script 'compile'\)/ }],
      output: lines('FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm ci && npm run build && npm prune --omit=dev', 'CMD ["node", "dist/index.js"]'),
    },
    {
      name: 'multi-line RUN keeps its layout',
      code: lines('FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm ci --production \\', '    && npm run build', 'CMD ["node", "dist/index.js"]'),
      env: TS,
      errors: [{ line: 5 }],
      output: lines('FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm ci \\', '    && npm run build \\', '    && npm prune --omit=dev', 'CMD ["node", "dist/index.js"]'),
    },
    {
      name: 'pruned before the build: flagged, no fix',
      code: lines('FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm ci && npm prune --omit=dev', 'RUN npm run build'),
      env: TS,
      errors: [{ line: 5, message: /the prune \(line 4\)/ }],
      output: null,
    },
    {
      name: 'yarn --production: flagged, no fix',
      code: lines('FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN yarn install --production --frozen-lockfile', 'RUN yarn build'),
      env: TS,
      errors: [{ line: 5, message: /'yarn build' runs 'tsc'/ }],
      output: null,
    },
    {
      name: 'npm 6 (node:14) has no --include: no fix',
      code: lines('FROM node:14', 'WORKDIR /app', 'COPY . .', 'RUN npm ci --production', 'RUN npm run build'),
      env: TS,
      errors: [{ line: 5 }],
      output: null,
    },
    {
      name: 'a test stage built FROM the builder runs scripts too: no prune, so no fix',
      code: lines('FROM node:20 AS build', 'WORKDIR /app', 'COPY . .', 'RUN npm ci --omit=dev', 'RUN npm run build', 'FROM build AS test', 'RUN npm run start', 'FROM build'),
      env: TS,
      errors: [{ line: 5 }],
      output: null,
    },
  ],
});
