import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { copyBeforeDeps } from '../../server/src/rules/copy-before-deps';
import { findingsOf, ruleTester } from '../support/rule-tester';
import { contextEnv } from '../support/virtual-context';

const NODE_APP = { 'package.json': '{"name":"app","dependencies":{"express":"^4"}}', 'package-lock.json': '{}', 'index.js': '' };

ruleTester(copyBeforeDeps, {
  valid: [
    // The manifests come first already.
    'FROM node:20\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n',
    'FROM golang:1.22\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /app .\n',
    'FROM maven:3-eclipse-temurin-21\nWORKDIR /src\nCOPY pom.xml .\nRUN mvn -B dependency:go-offline\nCOPY . .\nRUN mvn -B package\n',
    'FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /src\nCOPY App.csproj .\nRUN dotnet restore\nCOPY . .\nRUN dotnet publish --no-restore -o /out\n',
    // A folder that does not hold the manifests.
    'FROM node:20\nWORKDIR /app\nCOPY src ./src\nCOPY package.json package-lock.json ./\nRUN npm ci\n',
    // Copies from another stage are not the build context.
    'FROM node:20 AS deps\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nFROM node:20\nWORKDIR /app\nCOPY --from=deps /app .\nRUN npm ci --omit=dev\n',
    // Installing named packages or global tools reads no manifest.
    'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm install -g pnpm\n',
    'FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install gunicorn\n',
    'FROM golang:1.22\nCOPY . .\nRUN go install golang.org/x/tools/cmd/stringer@v0.20.0\n',
    // The install happens in an earlier stage than the copy.
    'FROM node:20\nWORKDIR /app\nRUN npm ci\nCOPY . .\n',
    // A build whose download cache is mounted loses nothing by rerunning.
    'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod go build -o /app .\n',
    'FROM rust:1.79\nWORKDIR /src\nCOPY . .\nRUN --mount=type=cache,target=/usr/local/cargo/registry cargo build --release\n',
    // Vendored Go modules are not downloaded.
    'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -mod=vendor -o /app .\n',
    // Dependencies installed from bind-mounted manifests, then the project itself.
    'FROM python:3.12\nWORKDIR /app\nRUN --mount=type=bind,source=uv.lock,target=uv.lock --mount=type=bind,source=pyproject.toml,target=pyproject.toml uv sync --locked --no-install-project\nCOPY . /app\nRUN uv sync --locked\n',
    // A custom warm-up task ran before the copy.
    'FROM eclipse-temurin:21\nWORKDIR /app\nCOPY ["build.gradle", "gradlew", "./"]\nCOPY gradle gradle\nRUN ./gradlew downloadRepos\nCOPY . .\nRUN ./gradlew installDist\n',
    // Extension-less files are not folders.
    'FROM golang:1.22\nWORKDIR /src\nCOPY MLX_VERSION VERSION .\nRUN go mod download\n',
    'FROM ruby:3.3\nWORKDIR /app\nCOPY Gemfile Gemfile.lock ./\nRUN bundle install\n',
    // Not an install.
    'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm run build\n',
    'FROM python:3.12\nCOPY . .\nRUN pip --version\n',
  ],
  invalid: [
    {
      name: 'npm ci without a context: package.json and the lockfile npm ci requires',
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node", "index.js"]\n',
      errors: [{ line: 3, message: /'COPY \. \.' comes before 'npm ci' \(line 4\)/ }],
      output: 'FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nCMD ["node", "index.js"]\n',
    },
    {
      name: 'split at the build, keeping --chown, across an ENV',
      code: 'FROM node:20\nWORKDIR /app\nCOPY --chown=node:node . .\nENV NODE_ENV=production\nRUN npm ci && npm run build\n',
      errors: [{ line: 3 }],
      output:
        'FROM node:20\nWORKDIR /app\nCOPY --chown=node:node package.json package-lock.json ./\nENV NODE_ENV=production\nRUN npm ci\nCOPY --chown=node:node . .\nRUN npm run build\n',
    },
    {
      name: 'split keeps the RUN flags on both parts and continuation lines',
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci \\\n && npm run build \\\n && npm prune --omit=dev\n',
      errors: [{ line: 3 }],
      output:
        'FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\nCOPY . .\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm run build \\\n && npm prune --omit=dev\n',
    },
    {
      name: 'a RUN that only installs tools may stay between',
      code: 'FROM node:22\nWORKDIR /src\nCOPY . .\nRUN npm install -g npm@11\nRUN npm ci\nRUN npm run lint\n',
      errors: [{ line: 3 }],
      output: 'FROM node:22\nWORKDIR /src\nCOPY package.json package-lock.json ./\nRUN npm install -g npm@11\nRUN npm ci\nCOPY . .\nRUN npm run lint\n',
    },
    {
      name: 'split after a word with a glued continuation',
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\\\n && npm run build\n',
      errors: [{ line: 3 }],
      output: 'FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n',
    },
    {
      name: 'absolute destination: the WORKDIR between does not matter',
      code: 'FROM node:20\nCOPY . /app\nWORKDIR /app\nRUN yarn install --frozen-lockfile\n',
      errors: [{ line: 2 }],
      output: 'FROM node:20\nCOPY package.json yarn.lock /app/\nWORKDIR /app\nRUN yarn install --frozen-lockfile\nCOPY . /app\n',
    },
    {
      name: 'yarn without a frozen lockfile: the lockfile is optional',
      code: 'FROM node:20\nWORKDIR /app\nADD . .\nRUN yarn\n',
      errors: [{ line: 3 }],
      output: 'FROM node:20\nWORKDIR /app\nCOPY package.json yarn.lock* ./\nRUN yarn\nADD . .\n',
    },
    {
      name: 'pnpm with a context: the files that exist, .npmrc included',
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN corepack enable && pnpm install --frozen-lockfile\n',
      env: contextEnv({ 'package.json': '{"name":"app"}', 'pnpm-lock.yaml': '', '.npmrc': 'registry=https://r.example/' }),
      errors: [{ line: 3 }],
      output: 'FROM node:20\nWORKDIR /app\nCOPY package.json pnpm-lock.yaml .npmrc ./\nRUN corepack enable && pnpm install --frozen-lockfile\nCOPY . .\n',
    },
    {
      name: 'npm install with a context that has no lockfile',
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm install\n',
      env: contextEnv({ 'package.json': '{}' }),
      errors: [{ line: 3 }],
      output: 'FROM node:20\nWORKDIR /app\nCOPY package.json ./\nRUN npm install\nCOPY . .\n',
    },
    {
      name: 'npm-shrinkwrap.json is the lockfile when it is the one present',
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\n',
      env: contextEnv({ 'package.json': '{}', 'npm-shrinkwrap.json': '{}' }),
      errors: [{ line: 3 }],
      output: 'FROM node:20\nWORKDIR /app\nCOPY package.json npm-shrinkwrap.json ./\nRUN npm ci\nCOPY . .\n',
    },
    {
      name: 'node_modules excluded by .dockerignore: the moved copy cannot overwrite it',
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\n',
      env: contextEnv({ ...NODE_APP, 'node_modules/x/index.js': '', '.dockerignore': '# deps\n/node_modules/\n.git\n' }),
      errors: [{ line: 3 }],
      output: 'FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\n',
    },
    {
      name: 'install in a subfolder through cd',
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN cd web && npm ci\n',
      errors: [{ line: 3 }],
      output: 'FROM node:20\nWORKDIR /app\nCOPY web/package.json web/package-lock.json web/\nRUN cd web && npm ci\nCOPY . .\n',
    },
    {
      name: 'a folder copied onto the install folder',
      code: 'FROM node:20\nWORKDIR /app\nCOPY app/ /app/\nRUN npm ci --omit=dev\n',
      errors: [{ line: 3 }],
      output: 'FROM node:20\nWORKDIR /app\nCOPY app/package.json app/package-lock.json /app/\nRUN npm ci --omit=dev\nCOPY app/ /app/\n',
    },
    {
      name: 'exec-form install moves as a whole',
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN ["npm", "ci"]\n',
      errors: [{ line: 3 }],
      output: 'FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN ["npm", "ci"]\nCOPY . .\n',
    },
    {
      name: 'pip requirements',
      code: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nCMD ["python", "app.py"]\n',
      errors: [{ line: 3 }],
      output: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt ./\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD ["python", "app.py"]\n',
    },
    {
      name: 'pip requirements in a folder, with a nested -r found in the context',
      code: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN python -m pip install -r requirements/prod.txt\n',
      env: contextEnv({ 'requirements/prod.txt': '-r base.txt\ngunicorn\n', 'requirements/base.txt': 'flask==3.0\n' }),
      errors: [{ line: 3 }],
      output: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements/prod.txt requirements/base.txt requirements/\nRUN python -m pip install -r requirements/prod.txt\nCOPY . .\n',
    },
    {
      name: 'pip requirements and then the project itself: split',
      code: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt && pip install --no-deps .\n',
      errors: [{ line: 3 }],
      output: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt ./\nRUN pip install -r requirements.txt\nCOPY . .\nRUN pip install --no-deps .\n',
    },
    {
      name: 'poetry --no-root, with the context',
      code: 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN poetry install --no-root --only main\n',
      env: contextEnv({ 'pyproject.toml': '[tool.poetry]\n', 'poetry.lock': '', 'poetry.toml': '[virtualenvs]\ncreate = false\n' }),
      errors: [{ line: 3 }],
      output: 'FROM python:3.12\nWORKDIR /app\nCOPY pyproject.toml poetry.lock poetry.toml ./\nRUN poetry install --no-root --only main\nCOPY . .\n',
    },
    {
      name: 'poetry without --no-root installs the project: no fix',
      code: 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN poetry install\n',
      errors: [{ line: 3, message: /--no-root/ }],
      output: null,
    },
    {
      name: 'pipenv',
      code: 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pipenv install --deploy --system\n',
      errors: [{ line: 3 }],
      output: 'FROM python:3.12\nWORKDIR /app\nCOPY Pipfile Pipfile.lock ./\nRUN pipenv install --deploy --system\nCOPY . .\n',
    },
    {
      name: 'uv sync --no-install-project',
      code: 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN uv sync --locked --no-install-project\n',
      errors: [{ line: 3 }],
      output: 'FROM python:3.12\nWORKDIR /app\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --locked --no-install-project\nCOPY . .\n',
    },
    {
      name: 'uv sync that installs the project: no fix',
      code: 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN uv sync --locked\n',
      errors: [{ line: 3, message: /--no-install-project/ }],
      output: null,
    },
    {
      name: 'go build: download the modules first, the build stays',
      code: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\n',
      errors: [{ line: 3, message: /'go build -o \/out\/app \.'/ }],
      output: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY go.mod go.sum* ./\nRUN go mod download\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\n',
    },
    {
      name: 'go build: proxy settings and RUN flags carry over to the download step',
      code: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN --mount=type=secret,id=netrc,target=/root/.netrc GOPRIVATE=git.example.com GOARCH=$TARGETARCH go build -o /out/app .\n',
      errors: [{ line: 3 }],
      output:
        'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY go.mod go.sum* ./\nRUN --mount=type=secret,id=netrc,target=/root/.netrc GOPRIVATE=git.example.com go mod download\nCOPY . .\nRUN --mount=type=secret,id=netrc,target=/root/.netrc GOPRIVATE=git.example.com GOARCH=$TARGETARCH go build -o /out/app .\n',
    },
    {
      name: 'a build in another folder than the copy\'s working directory: no fix (the download would run elsewhere)',
      code: 'FROM mcr.microsoft.com/dotnet/sdk:8.0\nCOPY . /src\nWORKDIR /src\nRUN dotnet build App.csproj -o /app\n',
      errors: [{ line: 2 }],
      output: null,
    },
    {
      name: 'go with a context: go.sum exists',
      code: 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go mod download\nRUN go build -o /app .\n',
      env: contextEnv({ 'go.mod': 'module x\n', 'go.sum': '', 'main.go': '' }),
      errors: [{ line: 3 }],
      output: 'FROM golang:1.22\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /app .\n',
    },
    {
      name: 'go module replaced by a local folder: no fix',
      code: 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n',
      env: contextEnv({ 'go.mod': 'module x\nreplace example.com/lib => ./lib\n', 'go.sum': '' }),
      errors: [{ line: 3 }],
      output: null,
    },
    {
      name: 'maven: resolve dependencies from pom.xml first',
      code: 'FROM maven:3-eclipse-temurin-21 AS build\nWORKDIR /src\nCOPY . .\nRUN mvn -B -DskipTests package\n',
      errors: [{ line: 3 }],
      output: 'FROM maven:3-eclipse-temurin-21 AS build\nWORKDIR /src\nCOPY pom.xml ./\nRUN mvn -B dependency:go-offline\nCOPY . .\nRUN mvn -B -DskipTests package\n',
    },
    {
      name: 'maven multi-module build: no fix',
      code: 'FROM maven:3-eclipse-temurin-21\nWORKDIR /src\nCOPY . .\nRUN mvn -B package\n',
      env: contextEnv({ 'pom.xml': '<project><modules><module>core</module></modules></project>' }),
      errors: [{ line: 3 }],
      output: null,
    },
    {
      name: 'maven wrapper: no fix (the .mvn folder is needed too)',
      code: 'FROM eclipse-temurin:21\nWORKDIR /src\nCOPY . .\nRUN ./mvnw -B package\n',
      errors: [{ line: 3 }],
      output: null,
    },
    {
      name: 'gradle: flagged, no download-only step to offer',
      code: 'FROM gradle:8-jdk21\nWORKDIR /src\nCOPY . .\nRUN gradle build --no-daemon\n',
      errors: [{ line: 3 }],
      output: null,
    },
    {
      name: 'bundler without a context',
      code: 'FROM ruby:3.3\nWORKDIR /app\nCOPY . .\nRUN bundle install\n',
      errors: [{ line: 3 }],
      output: 'FROM ruby:3.3\nWORKDIR /app\nCOPY Gemfile Gemfile.lock* ./\nRUN bundle install\nCOPY . .\n',
    },
    {
      name: 'bundler with a gemspec: no fix',
      code: 'FROM ruby:3.3\nWORKDIR /app\nCOPY . .\nRUN bundle install\n',
      env: contextEnv({ Gemfile: "source 'https://rubygems.org'\ngemspec\n", 'Gemfile.lock': '' }),
      errors: [{ line: 3 }],
      output: null,
    },
    {
      name: 'composer with --no-scripts --no-autoloader',
      code: 'FROM composer:2\nWORKDIR /app\nCOPY . .\nRUN composer install --no-dev --no-scripts --no-autoloader && composer dump-autoload --optimize\n',
      errors: [{ line: 3 }],
      output: 'FROM composer:2\nWORKDIR /app\nCOPY composer.json composer.lock* ./\nRUN composer install --no-dev --no-scripts --no-autoloader\nCOPY . .\nRUN composer dump-autoload --optimize\n',
    },
    {
      name: 'composer with scripts and autoloader: no fix',
      code: 'FROM composer:2\nWORKDIR /app\nCOPY . .\nRUN composer install --no-dev\n',
      errors: [{ line: 3, message: /--no-scripts --no-autoloader/ }],
      output: null,
    },
    {
      name: 'cargo: flagged, no fix (targets are read even to fetch)',
      code: 'FROM rust:1.79\nWORKDIR /src\nCOPY . .\nRUN cargo build --release\n',
      errors: [{ line: 3, message: /crate targets|compiles/ }],
      output: null,
    },
    {
      name: 'dotnet restore',
      code: 'FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /src\nCOPY . .\nRUN dotnet restore\nRUN dotnet publish --no-restore -c Release -o /out\n',
      errors: [{ line: 3 }],
      output: 'FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /src\nCOPY *.csproj ./\nRUN dotnet restore\nCOPY . .\nRUN dotnet publish --no-restore -c Release -o /out\n',
    },
    {
      name: 'dotnet publish of a project in a folder: restore it first, with NuGet.config',
      code: 'FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /src\nCOPY . .\nRUN dotnet publish src/Api/Api.csproj -c Release -r linux-x64 -o /out\n',
      env: contextEnv({ 'src/Api/Api.csproj': '<Project/>', 'NuGet.config': '<configuration/>' }),
      errors: [{ line: 3 }],
      output:
        'FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /src\nCOPY src/Api/Api.csproj src/Api/\nCOPY NuGet.config ./\nRUN dotnet restore src/Api/Api.csproj -r linux-x64\nCOPY . .\nRUN dotnet publish src/Api/Api.csproj -c Release -r linux-x64 -o /out\n',
    },
    {
      name: 'two installs after one copy: fixed one after the other',
      code: 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nRUN npm ci\n',
      errors: [{ line: 3 }],
      output: 'FROM python:3.12\nWORKDIR /app\nCOPY requirements.txt ./\nRUN pip install -r requirements.txt\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\n',
    },
    {
      name: 'CRLF line endings are kept',
      code: 'FROM node:20\r\nWORKDIR /app\r\nCOPY . .\r\nRUN npm ci\r\n',
      errors: [{ line: 3 }],
      output: 'FROM node:20\r\nWORKDIR /app\r\nCOPY package.json package-lock.json ./\r\nRUN npm ci\r\nCOPY . .\r\n',
    },
    // Declined fixes.
    {
      name: 'a RUN between the copy and the install may depend on the sources',
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN ./scripts/generate-lockfile.sh\nRUN npm ci\n',
      errors: [{ line: 3 }],
      output: null,
    },
    {
      name: 'another COPY between could be overwritten in a different order',
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nCOPY config/prod.json ./config.json\nRUN npm ci\n',
      errors: [{ line: 3 }],
      output: null,
    },
    {
      name: 'a WORKDIR between moves a relative destination',
      code: 'FROM node:20\nWORKDIR /app\nCOPY . ./web\nWORKDIR /app/web\nRUN npm ci\n',
      errors: [{ line: 3 }],
      output: null,
    },
    {
      name: 'the RUN cannot be cut at a ;',
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci; npm run build\n',
      errors: [{ line: 3 }],
      output: null,
    },
    {
      name: 'a copy with several sources',
      code: 'FROM node:20\nWORKDIR /app\nCOPY . ./extra/ ./\nRUN npm ci\n',
      errors: [{ line: 3 }],
      output: null,
    },
    {
      name: 'node_modules in the context and not ignored: the moved copy would overwrite the install',
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\n',
      env: contextEnv({ ...NODE_APP, 'node_modules/x/index.js': '' }),
      errors: [{ line: 3 }],
      output: null,
    },
    {
      name: 'a postinstall script may read the sources',
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\n',
      env: contextEnv({ 'package.json': '{"scripts":{"postinstall":"node scripts/patch.js"}}', 'package-lock.json': '{}' }),
      errors: [{ line: 3 }],
      output: null,
    },
    {
      name: 'with --ignore-scripts the postinstall does not run',
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci --ignore-scripts\n',
      env: contextEnv({ 'package.json': '{"scripts":{"postinstall":"node scripts/patch.js"}}', 'package-lock.json': '{}' }),
      errors: [{ line: 3 }],
      output: 'FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci --ignore-scripts\nCOPY . .\n',
    },
    {
      name: 'workspaces need every member',
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\n',
      env: contextEnv({ 'package.json': '{"workspaces":["packages/*"]}', 'package-lock.json': '{}' }),
      errors: [{ line: 3 }],
      output: null,
    },
    {
      name: 'Yarn 2+ needs its .yarn folder',
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN yarn install --immutable\n',
      env: contextEnv({ 'package.json': '{}', 'yarn.lock': '', '.yarnrc.yml': 'yarnPath: .yarn/releases/yarn-4.1.0.cjs\n' }),
      errors: [{ line: 3 }],
      output: null,
    },
    {
      name: 'the context lacks the lockfile npm ci needs',
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\n',
      env: contextEnv({ 'package.json': '{}' }),
      errors: [{ line: 3 }],
      output: null,
    },
    {
      name: 'requirements installing the project in editable mode',
      code: 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\n',
      env: contextEnv({ 'requirements.txt': 'flask\n-e .\n' }),
      errors: [{ line: 3 }],
      output: null,
    },
  ],
});

describe('copy-before-deps details', () => {
  it('points at every install the copy invalidates', () => {
    const code = 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN pip install -r requirements.txt\n';
    const [finding] = findingsOf(copyBeforeDeps, code);
    assert.deepEqual(
      finding.related.map((r) => [r.range.start.line + 1, r.range.start.character, r.message]),
      [
        [4, 4, "'npm ci' reruns whenever a file copied by 'COPY . .' changes"],
        [5, 4, "'pip install -r requirements.txt' reruns whenever a file copied by 'COPY . .' changes"],
      ],
    );
  });

  it('reports a whole-context copy even when the install reads a folder elsewhere', () => {
    const code = 'FROM python:3.12\nCOPY requirements.txt /tmp/\nCOPY . /src\nRUN pip install -r /tmp/requirements.txt\n';
    const findings = findingsOf(copyBeforeDeps, code);
    assert.deepEqual(findings.map((f) => f.range.start.line + 1), [3]);
    assert.equal(findings[0].fix(), null);
  });

  it('never throws on half-typed instructions', () => {
    for (const code of ['FROM node:20\nCOPY\nRUN npm ci\n', 'FROM node:20\nCOPY .\nRUN npm\n', 'FROM node:20\nCOPY . .\nRUN cd && npm ci --prefix\n', 'COPY . .\nRUN npm ci\n', 'FROM golang\nCOPY . $X\nRUN go build\n']) {
      assert.doesNotThrow(() => findingsOf(copyBeforeDeps, code).map((f) => f.fix()));
    }
  });
});
