import assert from 'node:assert/strict';
import { it } from 'node:test';
import { packageCache } from '../../server/src/rules/package-cache';
import { findingsOf, ruleTester } from '../support/rule-tester';

const withYarnrc = { context: { exists: (path: string) => path === '.yarnrc.yml', readText: () => undefined } };

ruleTester(packageCache, {
  valid: [
    'FROM node:20-slim\nRUN yarn install --frozen-lockfile && yarn cache clean\n',
    'FROM node:20-slim\nRUN yarn build\n',
    'FROM node:20-slim\nRUN yarn --version\n',
    'FROM node:20-slim\nRUN yarn install && rm -rf /usr/local/share/.cache/yarn\n',
    { name: 'yarn cache mount', code: 'FROM node:20-slim\nRUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install\n' },
    { name: 'yarn cache mount on ~/.cache/yarn', code: 'FROM node:20-slim\nRUN --mount=type=cache,target=/root/.cache/yarn yarn install\n' },
    { name: 'yarn --cache-folder on a cache mount', code: 'FROM node:20-slim\nRUN --mount=type=cache,target=/yc yarn install --cache-folder /yc\n' },
    { name: 'yarn 2+ --immutable', code: 'FROM node:20-slim\nRUN yarn install --immutable\n' },
    { name: 'yarn 2+ through corepack', code: 'FROM node:20-slim\nRUN corepack enable\nRUN yarn install\n' },
    { name: 'yarn 2+ .yarnrc.yml in the context', code: 'FROM node:20-slim\nRUN yarn install\n', env: withYarnrc },
    { name: 'yarn in a builder stage only copied from', code: 'FROM node:20 AS build\nRUN yarn install\nFROM node:20-slim\nCOPY --from=build /app /app\n' },
    'FROM fedora:40\nRUN dnf install -y git && dnf clean all\n',
    'FROM fedora:40\nRUN dnf -y install git && yum clean all\n',
    'FROM fedora:40\nRUN dnf install -y git && rm -rf /var/cache/dnf/*\n',
    { name: 'dnf cache mount', code: 'FROM fedora:40\nRUN --mount=type=cache,target=/var/cache/libdnf5 dnf install -y git\n' },
    'FROM fedora:40\nRUN dnf remove -y git\n',
    'FROM registry.access.redhat.com/ubi9/ubi-minimal\nRUN microdnf install -y git && microdnf clean all\n',
    'FROM centos:7\nRUN yum install -y git && yum clean all\n',
    'FROM opensuse/leap:15\nRUN zypper install -y git && zypper cc -a\n',
    { name: 'zypper cache mount', code: 'FROM opensuse/leap:15\nRUN --mount=type=tmpfs,target=/var/cache/zypp zypper -n in git\n' },
    'FROM debian:12\nRUN gem install --no-document bundler\n',
    'FROM debian:12\nRUN gem install -N bundler\n',
    'FROM debian:12\nRUN gem install bundler --no-rdoc --no-ri\n',
    { name: 'gem on the official ruby image (gemrc has --no-document)', code: 'FROM ruby:3.3-slim\nRUN gem install bundler\n' },
    { name: 'gemrc written earlier', code: "FROM debian:12\nRUN echo 'gem: --no-document' > /etc/gemrc\nRUN gem install bundler\n" },
  ],
  invalid: [
    {
      code: 'FROM node:20-slim\nRUN yarn install --frozen-lockfile\n',
      errors: [{ line: 2, message: /yarn install.*yarn cache clean/ }],
      output: 'FROM node:20-slim\nRUN yarn install --frozen-lockfile && yarn cache clean\n',
    },
    {
      name: 'bare yarn, multi-line RUN',
      code: 'FROM node:20-slim\nWORKDIR /app\nRUN yarn \\\n && yarn build\n',
      errors: [{ line: 3, message: /'yarn' leaves/ }],
      output: 'FROM node:20-slim\nWORKDIR /app\nRUN yarn \\\n && yarn build \\\n && yarn cache clean\n',
    },
    {
      name: 'a clean before the install does not count',
      code: 'FROM node:20-slim\nRUN yarn cache clean && yarn add left-pad\n',
      errors: [{ line: 2 }],
      output: 'FROM node:20-slim\nRUN yarn cache clean && yarn add left-pad && yarn cache clean\n',
    },
    {
      name: 'dnf verbs',
      code: 'FROM fedora:40\nRUN dnf -y upgrade\nRUN dnf in -y git\nRUN dnf group install -y "Development Tools"\n',
      errors: [{ line: 2 }, { line: 3 }, { line: 4 }],
      output:
        'FROM fedora:40\nRUN dnf -y upgrade && dnf clean all\nRUN dnf in -y git && dnf clean all\nRUN dnf group install -y "Development Tools" && dnf clean all\n',
    },
    {
      name: 'microdnf is not cleaned by dnf clean all',
      code: 'FROM registry.access.redhat.com/ubi9/ubi-minimal\nRUN microdnf install -y git && dnf clean all\n',
      errors: [{ line: 2, message: /microdnf clean all/ }],
      output: 'FROM registry.access.redhat.com/ubi9/ubi-minimal\nRUN microdnf install -y git && dnf clean all && microdnf clean all\n',
    },
    {
      name: 'yum',
      code: 'FROM centos:7\nRUN yum install -y git\n',
      errors: [{ line: 2 }],
      output: 'FROM centos:7\nRUN yum install -y git && yum clean all\n',
    },
    {
      name: 'zypper with global options',
      code: 'FROM opensuse/leap:15\nRUN zypper -n --gpg-auto-import-keys in git\n',
      errors: [{ line: 2 }],
      output: 'FROM opensuse/leap:15\nRUN zypper -n --gpg-auto-import-keys in git && zypper clean --all\n',
    },
    { name: 'zypper --root: the cache is under the other root', code: 'FROM opensuse/leap:15\nRUN zypper --root /target -n install git\n', errors: [{ line: 2 }], output: null },
    {
      name: 'gem install and gem update',
      code: 'FROM debian:12\nRUN gem install bundler -v 2.5.0 && gem update --system\n',
      errors: [{ line: 2 }, { line: 2 }],
      output: 'FROM debian:12\nRUN gem install --no-document bundler -v 2.5.0 && gem update --no-document --system\n',
    },
    {
      name: 'two managers in one RUN',
      code: 'FROM fedora:40\nRUN dnf install -y nodejs-yarn && yarn install\n',
      errors: [{ line: 2 }, { line: 2 }],
      output: 'FROM fedora:40\nRUN dnf install -y nodejs-yarn && yarn install && dnf clean all && yarn cache clean\n',
    },
    { name: 'dnf --installroot: cleaning the host cache would not help', code: 'FROM fedora:40\nRUN dnf --installroot /sysroot install -y bash\n', errors: [{ line: 2 }], output: null },
    { name: 'trailing comment', code: 'FROM fedora:40\nRUN dnf install -y git # vcs\n', errors: [{ line: 2 }], output: null },
    { name: 'heredoc', code: 'FROM fedora:40\nRUN <<EOF\ndnf install -y git\nEOF\n', errors: [{ line: 3 }], output: null },
  ],
});

it('package-cache: each finding names only its own hadolint code', () => {
  const findings = findingsOf(
    packageCache,
    'FROM fedora:40\nRUN yarn install\nRUN dnf install -y git\nRUN microdnf install git\nRUN yum install -y git\nRUN zypper in -y git\nRUN gem install rake\n',
  );
  assert.deepEqual(
    findings.map((f) => f.aliases),
    [['DL3060'], ['DL3040'], ['DL3040'], ['DL3032'], ['DL3036'], []],
  );
});

it('package-cache: a hadolint pragma for one manager keeps the others', () => {
  const findings = findingsOf(packageCache, 'FROM fedora:40\n# hadolint ignore=DL3060\nRUN yarn install && dnf install -y git\n');
  assert.deepEqual(findings.map((f) => f.aliases), [['DL3040']]);
});
