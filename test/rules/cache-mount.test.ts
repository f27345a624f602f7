import { cacheMount } from '../../server/src/rules/cache-mount';
import { ruleTester } from '../support/rule-tester';

const APT_MOUNTS = '--mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked';

ruleTester(cacheMount, {
  valid: [
    'FROM node:20\nRUN --mount=type=cache,target=/root/.npm npm ci\n',
    // A mount on a parent folder covers the cache too.
    'FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache pip install -r requirements.txt\n',
    'FROM python:3.12\nRUN --mount=type=tmpfs,target=/root/.cache/pip pip install flask\n',
    `FROM debian:12\nRUN ${APT_MOUNTS} apt-get update && apt-get install -y curl\n`,
    // Any mount of the tool's folders means the user chose: no second-guessing.
    'FROM golang:1.22\nRUN --mount=type=cache,target=/go/pkg/mod go build -o /app .\n',
    // Options and ENV that move the cache are followed.
    'FROM node:20\nRUN --mount=type=cache,target=/cache/npm npm ci --cache /cache/npm\n',
    'FROM python:3.12\nENV PIP_CACHE_DIR=/var/pip\nRUN --mount=type=cache,target=/var/pip pip install flask\n',
    'FROM golang:1.22\nENV GOMODCACHE=/mods GOCACHE=/gocache\nRUN --mount=type=cache,target=/mods go mod download\n',
    // A non-root user keeps its caches elsewhere, and a root-owned mount is not writable for it.
    'FROM node:20\nUSER node\nRUN npm ci\n',
    'FROM gcr.io/distroless/nodejs20-debian12:nonroot AS x\nRUN npm ci\n',
    // apk --no-cache keeps the image clean already; apk keeps packages only with /etc/apk/cache.
    'FROM alpine:3.20\nRUN apk add --no-cache curl\n',
    // The stage switched the cache off with an ENV the fix cannot remove.
    'FROM python:3.12\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask\n',
    // The location is unknown: an ENV with a variable, a project-local bundle path, .NET packages.
    'FROM node:20\nARG CACHE\nENV npm_config_cache=$CACHE\nRUN npm ci\n',
    'FROM ruby:3.3\nENV BUNDLE_PATH=vendor/bundle\nRUN bundle install\n',
    'FROM mcr.microsoft.com/dotnet/sdk:8.0\nRUN dotnet restore\n',
    'FROM maven:3\nRUN mvn -Dmaven.repo.local=/repo package\n',
    // Not installs.
    'FROM node:20\nRUN npm run build\n',
    'FROM debian:12\nRUN apt-get remove -y curl\n',
  ],
  invalid: [
    {
      code: 'FROM node:20\nWORKDIR /app\nRUN npm ci\n',
      errors: [{ line: 3, message: /'npm ci'.*RUN --mount=type=cache,target=\/root\/\.npm/ }],
      output: 'FROM node:20\nWORKDIR /app\nRUN --mount=type=cache,target=/root/.npm npm ci\n',
    },
    {
      name: 'existing flags are kept after the new mount',
      code: 'FROM node:20\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\n',
      errors: [{ line: 2 }],
      output: 'FROM node:20\nRUN --mount=type=cache,target=/root/.npm --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\n',
    },
    {
      name: 'npm cache clean only emptied the cache the mount now holds',
      code: 'FROM node:20\nRUN npm ci --omit=dev && npm cache clean --force\n',
      errors: [{ line: 2 }],
      output: 'FROM node:20\nRUN --mount=type=cache,target=/root/.npm npm ci --omit=dev\n',
    },
    {
      code: 'FROM node:20\nRUN yarn install --frozen-lockfile && yarn cache clean\n',
      errors: [{ line: 2 }],
      output: 'FROM node:20\nRUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install --frozen-lockfile\n',
    },
    {
      code: 'FROM node:20\nENV PNPM_HOME=/pnpm\nRUN pnpm install --frozen-lockfile\n',
      errors: [{ line: 3 }],
      output: 'FROM node:20\nENV PNPM_HOME=/pnpm\nRUN --mount=type=cache,target=/pnpm/store pnpm install --frozen-lockfile\n',
    },
    {
      name: 'pip --no-cache-dir contradicts the mount: removed',
      code: 'FROM python:3.12-slim\nRUN pip install --no-cache-dir -r requirements.txt\n',
      errors: [{ line: 2, message: /\/root\/\.cache\/pip/ }],
      output: 'FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\n',
    },
    {
      name: 'rm of the pip cache folder removed with its connector',
      code: 'FROM python:3.12-slim\nRUN pip install flask \\\n && rm -rf /root/.cache/pip\n',
      errors: [{ line: 2 }],
      output: 'FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask\n',
    },
    {
      name: 'rm of a parent of the mount would fail on the mount point: no fix',
      code: 'FROM python:3.12-slim\nRUN pip install flask && rm -rf /root/.cache\n',
      errors: [{ line: 2 }],
      output: null,
    },
    {
      code: 'FROM python:3.12\nRUN uv sync --locked --no-cache\n',
      errors: [{ line: 2 }],
      output: 'FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --locked\n',
    },
    {
      code: 'FROM python:3.12\nRUN poetry install --no-root\n',
      errors: [{ line: 2 }],
      output: 'FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pypoetry poetry install --no-root\n',
    },
    {
      name: 'apt: both folders, locked; the list cleanup is dropped',
      code: 'FROM debian:12\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*\n',
      errors: [{ line: 2 }],
      output: `FROM debian:12\nRUN ${APT_MOUNTS} apt-get update \\\n && apt-get install -y --no-install-recommends curl\n`,
    },
    {
      name: 'apt-get clean in the middle of the chain; other rm paths kept',
      code: 'FROM ubuntu:24.04\nRUN apt-get update && apt-get clean && apt-get install -y curl && rm -rf /var/lib/apt/lists/* /tmp/build\n',
      errors: [{ line: 2 }],
      output: `FROM ubuntu:24.04\nRUN ${APT_MOUNTS} apt-get update && apt-get install -y curl && rm -rf /tmp/build\n`,
    },
    {
      name: 'a continuation glued to the word before the cleanup stays valid',
      code: 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y \\\n    curl g++\\\n    && rm -rf /var/lib/apt/lists/*\n',
      errors: [{ line: 2 }],
      output: `FROM ubuntu:24.04\nRUN ${APT_MOUNTS} apt-get update && apt-get install -y \\\n    curl g++\n`,
    },
    {
      name: 'apk without --no-cache',
      code: 'FROM alpine:3.20\nRUN apk update && apk add curl\n',
      errors: [{ line: 2 }],
      output: 'FROM alpine:3.20\nRUN --mount=type=cache,target=/var/cache/apk apk update && apk add curl\n',
    },
    {
      name: 'go on a golang image: GOPATH is /go; builds also use the build cache',
      code: 'FROM golang:1.22 AS build\nRUN go mod download\nRUN CGO_ENABLED=0 go build -o /app .\n',
      errors: [{ line: 2 }, { line: 3 }],
      output:
        'FROM golang:1.22 AS build\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nRUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build CGO_ENABLED=0 go build -o /app .\n',
    },
    {
      name: 'go elsewhere, following GOPATH',
      code: 'FROM debian:12\nENV GOPATH=/opt/go\nRUN go build ./...\n',
      errors: [{ line: 3 }],
      output: 'FROM debian:12\nENV GOPATH=/opt/go\nRUN --mount=type=cache,target=/opt/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build ./...\n',
    },
    {
      code: 'FROM maven:3-eclipse-temurin-21\nRUN mvn -B package\n',
      errors: [{ line: 2 }],
      output: 'FROM maven:3-eclipse-temurin-21\nRUN --mount=type=cache,target=/root/.m2 mvn -B package\n',
    },
    {
      code: 'FROM gradle:8-jdk21\nRUN ./gradlew build --no-daemon\n',
      errors: [{ line: 2 }],
      output: 'FROM gradle:8-jdk21\nRUN --mount=type=cache,target=/root/.gradle ./gradlew build --no-daemon\n',
    },
    {
      code: 'FROM rust:1.79\nRUN cargo build --release\n',
      errors: [{ line: 2 }],
      output: 'FROM rust:1.79\nRUN --mount=type=cache,target=/usr/local/cargo/registry cargo build --release\n',
    },
    {
      code: 'FROM ruby:3.3\nRUN bundle install\n',
      errors: [{ line: 2 }],
      output: 'FROM ruby:3.3\nRUN --mount=type=cache,target=/usr/local/bundle/cache bundle install\n',
    },
    {
      name: 'composer on php images, and --no-cache removed',
      code: 'FROM php:8.3-fpm\nRUN composer install --no-dev --no-cache\n',
      errors: [{ line: 2 }],
      output: 'FROM php:8.3-fpm\nRUN --mount=type=cache,target=/root/.composer/cache composer install --no-dev\n',
    },
    {
      code: 'FROM composer:2\nRUN composer install\n',
      errors: [{ line: 2 }],
      output: 'FROM composer:2\nRUN --mount=type=cache,target=/tmp/cache composer install\n',
    },
    {
      name: 'two tools in one RUN: one finding, both mounts',
      code: 'FROM python:3.12\nRUN apt-get update && apt-get install -y gcc && pip install -r requirements.txt\n',
      errors: [{ line: 2 }],
      output: `FROM python:3.12\nRUN ${APT_MOUNTS} --mount=type=cache,target=/root/.cache/pip apt-get update && apt-get install -y gcc && pip install -r requirements.txt\n`,
    },
    {
      name: 'USER root again after a non-root USER',
      code: 'FROM node:20\nUSER node\nRUN echo hi\nUSER root\nRUN npm install -g pnpm\n',
      errors: [{ line: 5 }],
      output: 'FROM node:20\nUSER node\nRUN echo hi\nUSER root\nRUN --mount=type=cache,target=/root/.npm npm install -g pnpm\n',
    },
    {
      name: 'exec form: the mount goes before the JSON array',
      code: 'FROM node:20\nRUN ["npm", "ci"]\n',
      errors: [{ line: 2 }],
      output: 'FROM node:20\nRUN --mount=type=cache,target=/root/.npm ["npm", "ci"]\n',
    },
    {
      name: 'exec form with a flag to remove: no fix',
      code: 'FROM python:3.12\nRUN ["pip", "install", "--no-cache-dir", "flask"]\n',
      errors: [{ line: 2 }],
      output: null,
    },
    {
      name: 'a cleanup after ; cannot be cut out cleanly: no fix',
      code: 'FROM node:20\nRUN npm ci; npm cache clean --force\n',
      errors: [{ line: 2 }],
      output: null,
    },
  ],
});
