import { copyFromMissingPath } from '../../server/src/rules/copy-from-missing-path';
import { ruleTester } from '../support/rule-tester';
import { contextEnv } from '../support/virtual-context';

const lines = (...text: string[]) => text.map((line) => line + '\n').join('');

const TS_APP = contextEnv({
  'package.json': JSON.stringify({ name: 'app', scripts: { build: 'tsc' }, devDependencies: { typescript: '^5' } }),
  'package-lock.json': '{}',
  'tsconfig.json': '{ "compilerOptions": { "outDir": "dist" } }',
  'src/index.ts': '',
});

ruleTester(copyFromMissingPath, {
  valid: [
    // The path is under the builder's WORKDIR, where the build tool ran.
    lines('FROM node:20 AS build', 'WORKDIR /app', 'COPY . .', 'RUN npm ci && npm run build', 'FROM node:20-slim', 'COPY --from=build /app/dist ./dist'),
    // Known outputs.
    lines('FROM golang:1.22 AS build', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /out/server ./cmd/server', 'FROM scratch', 'COPY --from=build /out/server /server'),
    lines('FROM rust:1.80 AS build', 'WORKDIR /app', 'COPY . .', 'RUN cargo build --release', 'FROM debian:bookworm-slim', 'COPY --from=build /app/target/release/app /usr/local/bin/app'),
    lines('FROM maven:3.9-eclipse-temurin-21 AS build', 'WORKDIR /build', 'COPY . .', 'RUN mvn -B package', 'FROM eclipse-temurin:21-jre', 'COPY --from=build /build/target/*.jar /app.jar'),
    lines('FROM python:3.12 AS build', 'RUN python -m venv /venv', 'FROM python:3.12-slim', 'COPY --from=build /venv /venv'),
    lines('FROM python:3.12 AS build', 'RUN pip install --user -r requirements.txt', 'FROM python:3.12-slim', 'COPY --from=build /root/.local /root/.local'),
    lines('FROM node:20 AS deps', 'WORKDIR /app', 'COPY package*.json ./', 'RUN npm ci', 'FROM node:20-slim', 'COPY --from=deps /app/node_modules ./node_modules'),
    // Paths a base image may have.
    lines('FROM golang:1.22 AS build', 'FROM alpine:3.20', 'COPY --from=build /usr/local/go/bin/go /usr/bin/go'),
    lines('FROM golang:1.22 AS build', 'FROM scratch', 'COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/'),
    lines('FROM debian:bookworm AS build', 'FROM scratch', 'COPY --from=build /opt/tool /opt/tool'),
    // An image we do not know may have anything.
    lines('FROM mycompany/builder:1 AS build', 'FROM scratch', 'COPY --from=build /app/bin /bin/app'),
    // Commands we cannot follow may write anywhere.
    lines('FROM node:20 AS build', 'WORKDIR /src', 'COPY . .', 'RUN ./build.sh', 'FROM nginx:1.27', 'COPY --from=build /app/dist /usr/share/nginx/html'),
    lines('FROM node:20 AS build', 'WORKDIR /src', 'RUN curl -fsSL https://example.com/install.sh | sh', 'FROM scratch', 'COPY --from=build /app /app'),
    // The RUN mentions the path.
    lines('FROM node:20 AS build', 'WORKDIR /src', 'COPY . .', 'RUN npm ci && npm run build -- --out /app/dist', 'FROM scratch', 'COPY --from=build /app/dist /'),
    lines('FROM golang:1.22 AS build', 'WORKDIR /src', 'COPY . .', 'RUN make > /app/log', 'FROM scratch', 'COPY --from=build /app /app'),
    // A variable without a known value in a RUN, a WORKDIR or the COPY itself.
    lines('FROM node:20 AS build', 'ARG OUT', 'RUN mkdir -p $OUT', 'FROM scratch', 'COPY --from=build /app /app'),
    lines('FROM node:20 AS build', 'ARG DIR', 'WORKDIR $DIR', 'COPY . .', 'FROM scratch', 'COPY --from=build /app /app'),
    lines('FROM node:20 AS build', 'WORKDIR /src', 'FROM scratch', 'ARG P', 'COPY --from=build ${P}/dist /dist'),
    // A variable with a known value is followed.
    lines('FROM node:20 AS build', 'ENV APP=/app', 'WORKDIR ${APP}', 'COPY . .', 'FROM scratch', 'COPY --from=build /app /app'),
    // Copies from images, and stages chosen by a build argument.
    lines('FROM scratch', 'COPY --from=nginx:1.27 /etc/nginx/nginx.conf /etc/nginx/'),
    lines('ARG VARIANT=empty', 'FROM scratch AS bin-empty', 'FROM scratch AS bin-full', 'COPY x /x', 'FROM bin-${VARIANT} AS bin', 'FROM scratch', 'COPY --from=bin /x /x'),
    // The root of any stage exists.
    lines('FROM scratch AS empty', 'FROM alpine:3.20', 'COPY --from=empty / /'),
    // Inside a folder copied from the context, unknown without the context.
    lines('FROM node:20 AS build', 'WORKDIR /app', 'COPY . .', 'FROM nginx:1.27', 'COPY --from=build /app/public /usr/share/nginx/html'),
    // With the context, a folder the context has.
    { code: lines('FROM node:20 AS build', 'WORKDIR /app', 'COPY . .', 'FROM nginx:1.27', 'COPY --from=build /app/src /usr/share/nginx/html'), env: TS_APP },
    // Created by a stage it builds FROM, or copied in from another stage.
    lines('FROM node:20 AS base', 'WORKDIR /app', 'COPY . .', 'FROM base AS build', 'RUN npm run build', 'FROM nginx:1.27', 'COPY --from=build /app/dist /usr/share/nginx/html'),
    lines('FROM golang:1.22 AS build', 'RUN go build -o /out/app .', 'FROM alpine:3.20 AS pack', 'COPY --from=build /out /pkg', 'FROM scratch', 'COPY --from=pack /pkg/app /app'),
    // mkdir, cp, git clone, tar -C.
    lines('FROM alpine:3.20 AS build', 'RUN mkdir -p /out/bin', 'FROM scratch', 'COPY --from=build /out/bin /bin'),
    lines('FROM alpine:3.20 AS build', 'RUN tar -xzf x.tgz -C /opt/x', 'FROM scratch', 'COPY --from=build /opt/x /x'),
    // A removed path may or may not be recreated: no claim.
    lines('FROM golang:1.22 AS build', 'WORKDIR /src', 'RUN go build -o /out/app . && rm -rf /out', 'FROM scratch', 'COPY --from=build /out/app /app'),
    // JSON form, glob sources.
    lines('FROM golang:1.22 AS build', 'WORKDIR /src', 'RUN go build -o /out/app .', 'FROM scratch', 'COPY --from=build ["/out/app", "/app"]'),
  ],
  invalid: [
    {
      name: 'the final stage copies /app/dist from a builder whose WORKDIR is /src (tsc outDir from the context)',
      code: lines('FROM node:20 AS build', 'WORKDIR /src', 'COPY package*.json ./', 'RUN npm ci', 'COPY . .', 'RUN npx tsc', 'FROM node:20-slim', 'WORKDIR /app', 'COPY --from=build /app/dist ./dist', 'CMD ["node", "dist/index.js"]'),
      env: TS_APP,
      errors: [{ line: 9, message: /'\/app\/dist' does not exist in stage 'build'.*creates anything at \/app \(its WORKDIR is \/src\).*Did you mean '\/src\/dist'\?/ }],
      output: lines('FROM node:20 AS build', 'WORKDIR /src', 'COPY package*.json ./', 'RUN npm ci', 'COPY . .', 'RUN npx tsc', 'FROM node:20-slim', 'WORKDIR /app', 'COPY --from=build /src/dist ./dist', 'CMD ["node", "dist/index.js"]'),
    },
    {
      name: 'without the context the build output folder is not known: flagged, no fix',
      code: lines('FROM node:20 AS build', 'WORKDIR /src', 'COPY . .', 'RUN npm ci && npm run build', 'FROM nginx:1.27', 'COPY --from=build /app/dist /usr/share/nginx/html'),
      errors: [{ line: 6, message: /\(its WORKDIR is \/src\)\.$/ }],
      output: null,
    },
    {
      name: 'a relative source is read from the stage root, not its WORKDIR',
      code: lines('FROM golang:1.22 AS build', 'WORKDIR /src', 'COPY . .', 'RUN go build -o server .', 'FROM gcr.io/distroless/static-debian12', 'COPY --from=build server /server'),
      errors: [{ line: 6, message: /'\/server' does not exist.*read from the stage's root.*Did you mean '\/src\/server'\?/ }],
      output: lines('FROM golang:1.22 AS build', 'WORKDIR /src', 'COPY . .', 'RUN go build -o server .', 'FROM gcr.io/distroless/static-debian12', 'COPY --from=build /src/server /server'),
    },
    {
      name: 'the Rust output is under a cache mount, so it is not in the stage',
      code: lines('FROM rust:1.80 AS build', 'WORKDIR /app', 'COPY . .', 'RUN --mount=type=cache,target=/app/target cargo build --release', 'FROM debian:bookworm-slim', 'COPY --from=build /app/target/release/app /usr/local/bin/app'),
      env: contextEnv({ 'Cargo.toml': '[package]\nname = "app"\n', 'src/main.rs': 'fn main() {}\n' }),
      errors: [{ line: 6, message: /cache mount \/app\/target of its RUN \(line 4\)/ }],
      output: null,
    },
    {
      name: 'a maven jar glob under another folder than the WORKDIR',
      code: lines('FROM maven:3.9-eclipse-temurin-21 AS build', 'WORKDIR /build', 'COPY pom.xml .', 'COPY src src', 'RUN mvn -B package', 'FROM eclipse-temurin:21-jre', 'COPY --from=build /app/target/*.jar /app.jar'),
      errors: [{ line: 7, message: /Did you mean '\/build\/target\/\*\.jar'/ }],
      output: lines('FROM maven:3.9-eclipse-temurin-21 AS build', 'WORKDIR /build', 'COPY pom.xml .', 'COPY src src', 'RUN mvn -B package', 'FROM eclipse-temurin:21-jre', 'COPY --from=build /build/target/*.jar /app.jar'),
    },
    {
      name: 'a folder the context does not have',
      code: lines('FROM node:20 AS build', 'WORKDIR /app', 'COPY . .', 'FROM nginx:1.27', 'COPY --from=build /app/public /usr/share/nginx/html'),
      env: TS_APP,
      errors: [{ line: 5 }],
      output: null,
    },
    {
      name: 'scratch stages have nothing but what they copy',
      code: lines('FROM golang:1.22 AS build', 'RUN go build -o /out/app .', 'FROM scratch AS bin', 'COPY --from=build /out/app /app', 'FROM alpine:3.20', 'COPY --from=bin /usr/bin/app /usr/bin/app'),
      errors: [{ line: 6, message: /Did you mean '\/app'\?/ }],
      output: lines('FROM golang:1.22 AS build', 'RUN go build -o /out/app .', 'FROM scratch AS bin', 'COPY --from=build /out/app /app', 'FROM alpine:3.20', 'COPY --from=bin /app /usr/bin/app'),
    },
    {
      name: 'several sources: only the missing one',
      code: lines('FROM golang:1.22 AS build', 'WORKDIR /src', 'RUN go build -o /src/api ./cmd/api && go build -o /src/worker ./cmd/worker', 'FROM alpine:3.20', 'COPY --from=build /src/api /app/worker /usr/local/bin/'),
      errors: [{ line: 5, message: /'\/app\/worker'.*Did you mean '\/src\/worker'\?/ }],
      output: lines('FROM golang:1.22 AS build', 'WORKDIR /src', 'RUN go build -o /src/api ./cmd/api && go build -o /src/worker ./cmd/worker', 'FROM alpine:3.20', 'COPY --from=build /src/api /src/worker /usr/local/bin/'),
    },
    {
      name: 'stage referenced by index, trailing slash kept',
      code: lines('FROM python:3.12', 'RUN python -m venv /opt/venv', 'WORKDIR /srv', 'RUN pip wheel -w wheels -r requirements.txt', 'FROM python:3.12-slim', 'COPY --from=0 /wheels/ /tmp/wheels/'),
      errors: [{ line: 6 }],
      output: lines('FROM python:3.12', 'RUN python -m venv /opt/venv', 'WORKDIR /srv', 'RUN pip wheel -w wheels -r requirements.txt', 'FROM python:3.12-slim', 'COPY --from=0 /srv/wheels/ /tmp/wheels/'),
    },
  ],
});
