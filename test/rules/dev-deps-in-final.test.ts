import { devDepsInFinal } from '../../server/src/rules/dev-deps-in-final';
import { ruleTester } from '../support/rule-tester';
import { contextEnv } from '../support/virtual-context';

const lines = (...text: string[]) => text.map((line) => line + '\n').join('');

const withDev = (scripts: Record<string, string> = { build: 'tsc', start: 'node dist/index.js' }) =>
  contextEnv({
    'package.json': JSON.stringify({ name: 'app', scripts, dependencies: { express: '^4' }, devDependencies: { typescript: '^5', 'ts-node': '^10' } }),
    'package-lock.json': '{}',
  });
const NO_DEV = contextEnv({ 'package.json': JSON.stringify({ name: 'app', dependencies: { express: '^4' } }), 'package-lock.json': '{}' });

ruleTester(devDepsInFinal, {
  valid: [
    // Production installs.
    lines('FROM node:20-slim', 'WORKDIR /app', 'COPY package*.json ./', 'RUN npm ci --omit=dev', 'COPY . .', 'CMD ["node", "index.js"]'),
    lines('FROM node:20-slim', 'ENV NODE_ENV=production', 'WORKDIR /app', 'COPY package*.json ./', 'RUN npm ci', 'COPY . .', 'CMD ["node", "index.js"]'),
    lines('FROM node:20-slim', 'WORKDIR /app', 'COPY . .', 'RUN yarn install --production --frozen-lockfile', 'CMD ["node", "index.js"]'),
    lines('FROM node:20-slim', 'WORKDIR /app', 'COPY . .', 'RUN pnpm install --prod', 'CMD ["node", "index.js"]'),
    // Pruned after the install.
    lines('FROM node:20-slim', 'WORKDIR /app', 'COPY . .', 'RUN npm ci && npm prune --omit=dev', 'CMD ["node", "index.js"]'),
    // Builds in the final stage: single-stage's business.
    lines('FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm ci && npm run build', 'CMD ["node", "dist/index.js"]'),
    // The builder's node_modules is pruned before it is copied.
    lines('FROM node:20 AS build', 'WORKDIR /app', 'COPY . .', 'RUN npm ci && npm run build && npm prune --omit=dev', 'FROM node:20-slim', 'WORKDIR /app', 'COPY --from=build /app/node_modules ./node_modules', 'CMD ["node", "dist/index.js"]'),
    // A production deps stage.
    lines('FROM node:20 AS deps', 'WORKDIR /app', 'COPY package*.json ./', 'RUN npm ci --omit=dev', 'FROM node:20 AS build', 'WORKDIR /app', 'COPY . .', 'RUN npm ci && npm run build', 'FROM node:20-slim', 'WORKDIR /app', 'COPY --from=deps /app/node_modules ./node_modules', 'COPY --from=build /app/dist ./dist', 'CMD ["node", "dist/index.js"]'),
    // Only the build output is copied.
    lines('FROM node:20 AS build', 'WORKDIR /app', 'COPY . .', 'RUN npm ci && npm run build', 'FROM nginx:1.27', 'COPY --from=build /app/dist /usr/share/nginx/html'),
    // Development images and dev commands.
    { code: lines('FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm install', 'CMD ["npm", "run", "dev"]'), name: 'npm run dev' },
    lines('FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm install', 'CMD ["nodemon", "index.js"]'),
    lines('FROM node:20', 'ENV NODE_ENV=development', 'WORKDIR /app', 'COPY . .', 'RUN npm install', 'CMD ["node", "index.js"]'),
    { code: lines('FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm install', 'CMD ["node", "index.js"]'), env: { dockerfilePath: '/src/app/Dockerfile.dev' } },
    // With the context: no devDependencies at all, or a start script that needs one.
    { code: lines('FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm ci', 'CMD ["node", "index.js"]'), env: NO_DEV },
    { code: lines('FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm ci', 'CMD ["npm", "start"]'), env: withDev({ start: 'ts-node src/index.ts' }) },
    // Variable NODE_ENV.
    lines('FROM node:20', 'ARG NODE_ENV', 'ENV NODE_ENV=$NODE_ENV', 'WORKDIR /app', 'COPY . .', 'RUN npm ci', 'CMD ["node", "index.js"]'),
    // Named packages and global tools are not the project's dependencies.
    lines('FROM node:20-slim', 'RUN npm install -g pm2', 'CMD ["pm2-runtime", "app.js"]'),
    // `npm start` without the context: the start script may need a dev tool, quiet.
    lines('FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm ci', 'CMD ["npm", "start"]'),
    // Not installs: yarn --version; an install into a bind mount of the RUN; node_modules moved away.
    lines('FROM node:20', 'RUN yarn --version', 'CMD ["node", "index.js"]'),
    lines('FROM node:20', 'RUN --mount=type=bind,from=src,target=/src,readwrite cd /src && npm ci', 'CMD ["node", "index.js"]'),
    lines('FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm ci && mv /app/node_modules /node_modules', 'CMD ["node", "index.js"]'),
    // Images for development by their path.
    { code: lines('FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm install', 'CMD ["node", "index.js"]'), env: { dockerfilePath: '/src/image/discourse_dev/Dockerfile' } },
    { code: lines('FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm install', 'CMD ["node", "index.js"]'), env: { dockerfilePath: '/src/Dockerfile.ui.tilt' } },
    // Removed before the end.
    lines('FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm ci && node build.js && rm -rf node_modules', 'CMD ["node", "out/index.js"]'),
  ],
  invalid: [
    {
      name: 'npm ci in the final stage, exec-form node command',
      code: lines('FROM node:20-slim', 'WORKDIR /app', 'COPY package*.json ./', 'RUN npm ci', 'COPY . .', 'USER node', 'CMD ["node", "index.js"]'),
      errors: [{ line: 4, message: /'npm ci' installs dev dependencies into \/app\/node_modules of the final image/ }],
      output: lines('FROM node:20-slim', 'WORKDIR /app', 'COPY package*.json ./', 'RUN npm ci --omit=dev', 'COPY . .', 'USER node', 'CMD ["node", "index.js"]'),
    },
    {
      name: 'npm install with flags, shell-form node command',
      code: lines('FROM node:20-alpine', 'WORKDIR /usr/src/app', 'COPY . .', 'RUN npm install --no-audit --no-fund', 'CMD node server.js'),
      errors: [{ line: 4 }],
      output: lines('FROM node:20-alpine', 'WORKDIR /usr/src/app', 'COPY . .', 'RUN npm install --omit=dev --no-audit --no-fund', 'CMD node server.js'),
    },
    {
      name: 'npm start with a plain node start script in the context',
      code: lines('FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm ci', 'CMD ["npm", "start"]'),
      env: withDev({ start: 'node server.js' }),
      errors: [{ line: 4 }],
      output: lines('FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm ci --omit=dev', 'CMD ["npm", "start"]'),
    },
    {
      name: 'yarn: flagged, no fix',
      code: lines('FROM node:20-slim', 'WORKDIR /app', 'COPY . .', 'RUN yarn install --frozen-lockfile', 'CMD ["node", "index.js"]'),
      errors: [{ line: 4, message: /\(--production\)/ }],
      output: null,
    },
    {
      name: 'the builder\'s node_modules copied into the runtime: prune at the end of the builder',
      code: lines('FROM node:20 AS build', 'WORKDIR /app', 'COPY package*.json ./', 'RUN npm ci', 'COPY . .', 'RUN npm run build', 'FROM node:20-slim', 'WORKDIR /app', 'COPY --from=build /app/node_modules ./node_modules', 'COPY --from=build /app/dist ./dist', 'CMD ["node", "dist/index.js"]'),
      errors: [{ line: 9, message: /copies \/app\/node_modules from stage 'build', installed with dev dependencies by 'npm ci' \(line 4\)/ }],
      output: lines('FROM node:20 AS build', 'WORKDIR /app', 'COPY package*.json ./', 'RUN npm ci', 'COPY . .', 'RUN npm run build', 'RUN npm prune --omit=dev', 'FROM node:20-slim', 'WORKDIR /app', 'COPY --from=build /app/node_modules ./node_modules', 'COPY --from=build /app/dist ./dist', 'CMD ["node", "dist/index.js"]'),
    },
    {
      name: 'the whole app folder copied, the folder above node_modules',
      code: lines('FROM node:20 AS build', 'WORKDIR /app', 'COPY . .', 'RUN npm ci && npm run build', 'FROM node:20-slim', 'COPY --from=build /app /app', 'CMD ["node", "/app/dist/index.js"]'),
      errors: [{ line: 6 }],
      output: lines('FROM node:20 AS build', 'WORKDIR /app', 'COPY . .', 'RUN npm ci && npm run build', 'RUN npm prune --omit=dev', 'FROM node:20-slim', 'COPY --from=build /app /app', 'CMD ["node", "/app/dist/index.js"]'),
    },
    {
      name: 'through a stage that copies it on',
      code: lines('FROM node:20 AS deps', 'WORKDIR /app', 'COPY package*.json ./', 'RUN npm ci', 'FROM node:20 AS build', 'WORKDIR /app', 'COPY --from=deps /app/node_modules ./node_modules', 'COPY . .', 'RUN npm run build', 'FROM node:20-slim', 'WORKDIR /app', 'COPY --from=build /app/node_modules ./node_modules', 'CMD ["node", "dist/index.js"]'),
      errors: [{ line: 12, message: /'npm ci' \(line 4, stage deps\)/ }],
      output: null,
    },
    {
      name: 'a test stage builds FROM the builder: no prune there',
      code: lines('FROM node:20 AS build', 'WORKDIR /app', 'COPY . .', 'RUN npm ci', 'FROM build AS test', 'RUN npm test', 'FROM node:20-slim', 'WORKDIR /app', 'COPY --from=build /app/node_modules ./node_modules', 'CMD ["node", "index.js"]'),
      errors: [{ line: 9 }],
      output: null,
    },
  ],
});
