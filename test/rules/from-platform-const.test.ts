import { fromPlatformConst, parsePlatform } from '../../server/src/rules/from-platform-const';
import { ruleTester } from '../support/rule-tester';
import assert from 'node:assert/strict';
import { it } from 'node:test';

ruleTester(fromPlatformConst, {
  valid: [
    'FROM alpine AS base\n',
    'FROM --platform=${BUILDPLATFORM} alpine AS base\n',
    'FROM --platform=$TARGETPLATFORM alpine\n',
    'FROM --platform=linux/amd64 scratch AS my_amd64_stage\n',
    'FROM --platform=linux/amd64 scratch AS linux\n',
    'FROM --platform=linux/amd64 alpine AS build_amd64\nFROM --platform=linux/arm64 alpine AS build_arm64\nFROM build_${TARGETARCH} AS build\n',
    { name: 'not a platform', code: 'FROM --platform=foobar alpine\n' },
  ],
  invalid: [
    { code: 'FROM --platform=linux/amd64 alpine AS base\nRUN apk add --no-cache git\n', errors: [{ line: 1, message: /constant value 'linux\/amd64'/ }], output: null },
    { code: 'FROM --platform=linux debian:jessie\n', errors: [{ line: 1 }] },
    { code: 'FROM --platform="linux/arm64/v8" debian:12 AS build\n', errors: [{ line: 1 }] },
  ],
});

it('parsePlatform reads os[/arch[/variant]] and bare architectures', () => {
  assert.deepEqual(parsePlatform('linux/arm64/v8'), { os: 'linux', arch: 'arm64' });
  assert.deepEqual(parsePlatform('x86_64'), { os: 'linux', arch: 'amd64' });
  assert.equal(parsePlatform('linux/banana'), null);
});
