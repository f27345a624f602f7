import { alpineNativeDeps } from '../../server/src/rules/alpine-native-deps';
import { ruleTester } from '../support/rule-tester';
import { contextEnv } from '../support/virtual-context';

const lines = (...text: string[]) => text.map((line) => line + '\n').join('');

const NODE_APP = contextEnv({
  'package.json': JSON.stringify({ name: 'app', dependencies: { express: '^4', bcrypt: '^5.1.1', sharp: '^0.33' }, devDependencies: { 'node-sass': '^9' } }),
  'package-lock.json': '{}',
});
const PURE_NODE = contextEnv({ 'package.json': JSON.stringify({ name: 'app', dependencies: { express: '^4' } }), 'package-lock.json': '{}' });
const PY_APP = contextEnv({
  'requirements.txt': '# web\nflask==3.0.0\nnumpy>=1.26 ; python_version >= "3.10"\npsycopg2==2.9.9  # database\n-r extra.txt\n',
  'requirements/prod.txt': 'Pandas[performance]==2.2\n',
});
const PURE_PY = contextEnv({ 'requirements.txt': 'flask==3.0.0\nrequests\npsycopg2-binary==2.9.9\n' });

ruleTester(alpineNativeDeps, {
  valid: [
    // Debian-based images.
    { code: lines('FROM node:20-slim', 'WORKDIR /app', 'COPY . .', 'RUN npm ci --omit=dev', 'CMD ["node", "index.js"]'), env: NODE_APP },
    lines('FROM python:3.12-slim', 'RUN pip install numpy pandas', 'CMD ["python", "app.py"]'),
    // No native packages.
    { code: lines('FROM node:20-alpine', 'WORKDIR /app', 'COPY . .', 'RUN npm ci --omit=dev', 'CMD ["node", "index.js"]'), env: PURE_NODE },
    { code: lines('FROM python:3.12-alpine', 'COPY requirements.txt .', 'RUN pip install -r requirements.txt', 'CMD ["python", "app.py"]'), env: PURE_PY },
    // Without the context, the manifests are unknown.
    lines('FROM node:20-alpine', 'WORKDIR /app', 'COPY . .', 'RUN npm ci --omit=dev', 'CMD ["node", "index.js"]'),
    // An Alpine builder only: the final stage is Debian.
    lines('FROM node:20-alpine AS build', 'RUN npm install bcrypt', 'FROM node:20-slim', 'CMD ["node", "index.js"]'),
    // Dev dependencies left out are not installed.
    { code: lines('FROM node:20-alpine', 'WORKDIR /app', 'COPY . .', 'RUN npm ci --omit=dev', 'CMD ["node", "index.js"]'), env: contextEnv({ 'package.json': JSON.stringify({ dependencies: { express: '^4' }, devDependencies: { 'node-sass': '^9' } }) }) },
  ],
  invalid: [
    {
      name: 'bcrypt and sharp from package.json on node:20-alpine',
      code: lines('FROM node:20-alpine', 'WORKDIR /app', 'COPY package*.json ./', 'RUN npm ci --omit=dev', 'COPY . .', 'USER node', 'CMD ["node", "index.js"]'),
      env: NODE_APP,
      errors: [{ line: 1, message: /node:20-alpine is Alpine \(musl\).*\(bcrypt, sharp\).*node:20-slim installs prebuilt binaries/ }],
      output: lines('FROM node:20-slim', 'WORKDIR /app', 'COPY package*.json ./', 'RUN npm ci --omit=dev', 'COPY . .', 'USER node', 'CMD ["node", "index.js"]'),
    },
    {
      name: 'dev dependencies installed count too',
      code: lines('FROM node:18-alpine3.19', 'WORKDIR /app', 'COPY . .', 'RUN npm ci', 'CMD ["node", "index.js"]'),
      env: NODE_APP,
      errors: [{ line: 1, message: /\(bcrypt, node-sass, sharp\)/ }],
      output: lines('FROM node:18-slim', 'WORKDIR /app', 'COPY . .', 'RUN npm ci', 'CMD ["node", "index.js"]'),
    },
    {
      name: 'packages named on the command line, no context needed',
      code: lines('FROM python:3.11-alpine', 'RUN pip install --no-cache-dir flask "numpy==1.26.4" cryptography', 'CMD ["python", "app.py"]'),
      errors: [{ line: 1, message: /\(cryptography, numpy\)/ }],
      output: lines('FROM python:3.11-slim', 'RUN pip install --no-cache-dir flask "numpy==1.26.4" cryptography', 'CMD ["python", "app.py"]'),
    },
    {
      name: 'requirement files read from the context, relative to the WORKDIR',
      code: lines('FROM python:3.12-alpine3.20', 'WORKDIR /srv', 'COPY requirements.txt requirements/ ./', 'RUN pip install -r requirements.txt -r prod.txt', 'CMD ["python", "-m", "app"]'),
      env: PY_APP,
      errors: [{ line: 1, message: /\(numpy, pandas, psycopg2\)/ }],
      output: lines('FROM python:3.12-slim', 'WORKDIR /srv', 'COPY requirements.txt requirements/ ./', 'RUN pip install -r requirements.txt -r prod.txt', 'CMD ["python", "-m", "app"]'),
    },
    {
      name: 'apk in the stage: flagged, no fix (the commands differ on Debian)',
      code: lines('FROM node:20-alpine', 'RUN apk add --no-cache python3 make g++', 'RUN npm install bcrypt', 'CMD ["node", "index.js"]'),
      errors: [{ line: 1 }],
      output: null,
    },
    {
      name: 'a node_modules copied from an Alpine builder: flagged, no fix (musl binaries)',
      code: lines('FROM node:20-alpine AS build', 'WORKDIR /app', 'COPY . .', 'RUN npm ci', 'FROM node:20-alpine', 'WORKDIR /app', 'COPY --from=build /app/node_modules ./node_modules', 'CMD ["node", "index.js"]'),
      env: NODE_APP,
      errors: [{ line: 5 }],
      output: null,
    },
    {
      name: 'a digest-pinned tag: flagged, no fix',
      code: lines('FROM python:3.12-alpine@sha256:0000000000000000000000000000000000000000000000000000000000000000', 'RUN pip install lxml'),
      errors: [{ line: 1 }],
      output: null,
    },
  ],
});
