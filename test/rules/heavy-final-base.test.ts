import { heavyFinalBase } from '../../server/src/rules/heavy-final-base';
import { ruleTester } from '../support/rule-tester';

const nodeBuild = 'FROM node:20 AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n\n';
const pythonBuild = 'FROM python:3.12 AS build\nCOPY requirements.txt .\nRUN pip install --prefix=/install -r requirements.txt\n\n';

ruleTester(heavyFinalBase, {
  valid: [
    'FROM node:20-slim\nCMD ["node", "app.js"]\n',
    'FROM python:3.12-alpine3.20\nCMD ["python", "app.py"]\n',
    'FROM ruby:3.3-slim-bookworm\nCMD ["ruby", "app.rb"]\n',
    'FROM eclipse-temurin:21-jre\nCMD ["java", "-jar", "/app.jar"]\n',
    { name: 'a full image in a builder stage is fine', code: nodeBuild + 'FROM node:20-slim\nCOPY --from=build /app/dist /app\nCMD ["node", "/app/server.js"]\n' },
    { name: 'a final stage that builds is the single-stage rule\'s case', code: 'FROM golang:1.22\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n' },
    { name: 'npm run build in the final stage: single-stage too', code: 'FROM node:20\nCOPY . .\nRUN npm ci && npm run build\nCMD ["node", "dist/index.js"]\n' },
    { name: 'ubuntu has no slim variant', code: 'FROM ubuntu:24.04\nCMD ["bash"]\n' },
    { name: 'unknown base from a build argument', code: 'ARG BASE\nFROM ${BASE}\n' },
    { name: 'scratch', code: 'FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n' },
    { name: 'not an official image', code: 'FROM registry.example.com/node:20\nCMD ["node", "app.js"]\n' },
    { name: 'a dev container image', code: 'FROM node:20\nRUN npm i -g pnpm\n', env: { dockerfilePath: '/work/app/.devcontainer/Dockerfile' } },
  ],
  invalid: [
    {
      name: 'node: runtime stage copies the build output',
      code: nodeBuild + 'FROM node:20\nWORKDIR /app\nCOPY --from=build /app/dist ./dist\nCOPY --from=build /app/node_modules ./node_modules\nCMD ["node", "dist/server.js"]\n',
      errors: [{ line: 6, message: /runs on node:20, a full image .*~1\.1 GB.*node:20-slim \(~200 MB\)/ }],
      output: nodeBuild + 'FROM node:20-slim\nWORKDIR /app\nCOPY --from=build /app/dist ./dist\nCOPY --from=build /app/node_modules ./node_modules\nCMD ["node", "dist/server.js"]\n',
    },
    {
      name: 'node: npm ci in the final stage may compile addons with the full image\'s tools',
      code: 'FROM node:20\nCOPY . .\nRUN npm ci --omit=dev\nCMD ["node", "server.js"]\n',
      errors: [{ line: 1 }],
      output: null,
    },
    {
      name: 'node: build tools installed first keep the fix safe',
      code: 'FROM node:20-bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends build-essential python3\nCOPY . .\nRUN npm ci\nCMD ["node", "server.js"]\n',
      errors: [{ line: 1 }],
      output: 'FROM node:20-bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends build-essential python3\nCOPY . .\nRUN npm ci\nCMD ["node", "server.js"]\n',
    },
    {
      name: 'node: git is only in the full image',
      code: 'FROM node:22\nRUN git clone https://github.com/acme/app /app\nCMD ["node", "/app"]\n',
      errors: [{ line: 1 }],
      output: null,
    },
    {
      name: 'a version from a build argument gains only the suffix',
      code: 'ARG NODE_VERSION=20\nFROM node:${NODE_VERSION}\nCOPY app.js .\nCMD ["node", "app.js"]\n',
      errors: [{ line: 2 }],
      output: 'ARG NODE_VERSION=20\nFROM node:${NODE_VERSION}-slim\nCOPY app.js .\nCMD ["node", "app.js"]\n',
    },
    {
      name: 'python with curl installed through apt first',
      code: 'FROM python:3.12-bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends curl && curl -fsSL https://example.com/x -o /x\nCOPY app.py .\nCMD ["python", "app.py"]\n',
      errors: [{ line: 1 }],
      output: 'FROM python:3.12-slim-bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends curl && curl -fsSL https://example.com/x -o /x\nCOPY app.py .\nCMD ["python", "app.py"]\n',
    },
    {
      name: 'python: compiled packages copied from a full builder may need its libraries',
      code: pythonBuild + 'FROM python:3.12\nCOPY --from=build /install /usr/local\nCMD ["python", "-m", "app"]\n',
      errors: [{ line: 5 }],
      output: null,
    },
    {
      name: 'registry-qualified reference keeps its prefix',
      code: 'FROM docker.io/library/python:3.12\nCOPY app.py /app.py\nCMD ["python", "/app.py"]\n',
      errors: [{ line: 1 }],
      output: 'FROM docker.io/library/python:3.12-slim\nCOPY app.py /app.py\nCMD ["python", "/app.py"]\n',
    },
    {
      name: 'ruby',
      code: 'FROM ruby:3.3\nCOPY . /app\nCMD ["ruby", "/app/main.rb"]\n',
      errors: [{ line: 1, message: /ruby:3\.3-slim/ }],
      output: 'FROM ruby:3.3-slim\nCOPY . /app\nCMD ["ruby", "/app/main.rb"]\n',
    },
    {
      name: 'ruby: bundle install compiles gems',
      code: 'FROM ruby:3.3\nCOPY . /app\nRUN bundle install\nCMD ["ruby", "/app/main.rb"]\n',
      errors: [{ line: 1 }],
      output: null,
    },
    {
      name: 'perl puts slim before the distro',
      code: 'FROM perl:5.38-bookworm\nCOPY app.pl /\nCMD ["perl", "/app.pl"]\n',
      errors: [{ line: 1 }],
      output: 'FROM perl:5.38-slim-bookworm\nCOPY app.pl /\nCMD ["perl", "/app.pl"]\n',
    },
    {
      name: 'debian: apt works the same on slim',
      code: 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*\nCOPY app /app\nCMD ["/app"]\n',
      errors: [{ line: 1, message: /debian:bookworm-slim \(~75 MB\)/ }],
      output: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*\nCOPY app /app\nCMD ["/app"]\n',
    },
    {
      name: 'openjdk that just runs a jar: eclipse-temurin JRE',
      code: 'FROM maven:3.9-eclipse-temurin-17 AS build\nRUN mvn -q package\nFROM openjdk:17\nCOPY --from=build /target/app.jar /app.jar\nENTRYPOINT ["java", "-jar", "/app.jar"]\n',
      errors: [{ line: 3, message: /full JDK.*eclipse-temurin:17-jre/ }],
      output: 'FROM maven:3.9-eclipse-temurin-17 AS build\nRUN mvn -q package\nFROM eclipse-temurin:17-jre\nCOPY --from=build /target/app.jar /app.jar\nENTRYPOINT ["java", "-jar", "/app.jar"]\n',
    },
    {
      name: 'openjdk with RUN steps: another distribution, no fix',
      code: 'FROM openjdk:17\nRUN microdnf install -y fontconfig\nCOPY app.jar /app.jar\nCMD ["java", "-jar", "/app.jar"]\n',
      errors: [{ line: 1 }],
      output: null,
    },
    {
      name: 'openjdk paths in ENV: no fix',
      code: 'FROM openjdk:17\nENV PATH=/usr/local/openjdk-17/bin:$PATH\nCOPY app.jar /app.jar\nCMD ["java", "-jar", "/app.jar"]\n',
      errors: [{ line: 1 }],
      output: null,
    },
    {
      name: 'openjdk without a java command: its default runs jshell, which a JRE lacks',
      code: 'FROM openjdk:17\nCOPY app.jar /app.jar\n',
      errors: [{ line: 1 }],
      output: null,
    },
    {
      name: 'temurin JDK to JRE on the same Ubuntu, RUN apt allowed',
      code: 'FROM eclipse-temurin:21-jdk-jammy\nRUN apt-get update && apt-get install -y --no-install-recommends fontconfig\nCOPY app.jar /opt/app.jar\nCMD ["java", "-jar", "/opt/app.jar"]\n',
      errors: [{ line: 1 }],
      output: 'FROM eclipse-temurin:21-jre-jammy\nRUN apt-get update && apt-get install -y --no-install-recommends fontconfig\nCOPY app.jar /opt/app.jar\nCMD ["java", "-jar", "/opt/app.jar"]\n',
    },
    {
      name: 'temurin: jar is a JDK tool',
      code: 'FROM eclipse-temurin:21\nCOPY classes /c\nRUN jar cf /app.jar -C /c .\nCMD ["java", "-jar", "/app.jar"]\n',
      errors: [{ line: 1 }],
      output: null,
    },
    {
      name: 'a toolchain image used only to run a copied binary',
      code: 'FROM golang:1.22-alpine\nCOPY app /usr/local/bin/app\nCMD ["app"]\n',
      errors: [{ line: 1, message: /golang:1\.22-alpine, a build toolchain; build in an earlier stage/ }],
      output: null,
    },
    {
      name: 'golang as the final stage of a multi-stage file',
      code: 'FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM golang:1.22\nCOPY --from=build /app /app\nCMD ["/app"]\n',
      errors: [{ line: 3, message: /build toolchain \(~800 MB\).*distroless/ }],
      output: null,
    },
    {
      name: 'final stage builds on a heavy stage: reported and fixed at its FROM',
      code: 'FROM node:20 AS base\nWORKDIR /app\nFROM base\nCOPY dist ./dist\nCMD ["node", "dist/index.js"]\n',
      errors: [{ line: 1, message: /builds on stage 'base', which runs on node:20/ }],
      output: 'FROM node:20-slim AS base\nWORKDIR /app\nFROM base\nCOPY dist ./dist\nCMD ["node", "dist/index.js"]\n',
    },
    {
      name: 'another stage builds on the same base: no fix',
      code: 'FROM node:20 AS base\nWORKDIR /app\nFROM base AS build\nRUN npm ci\nFROM base\nCOPY --from=build /app /app\nCMD ["node", "index.js"]\n',
      errors: [{ line: 1 }],
      output: null,
    },
    { name: 'latest: pin first', code: 'FROM python:latest\nCMD ["python"]\n', errors: [{ line: 1, message: /use a -slim variant of it and pin its version/ }], output: null },
    { name: 'digest-pinned: no fix', code: 'FROM node:20@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\nCMD ["node"]\n', errors: [{ line: 1 }], output: null },
  ],
});
