import { redundantTargetPlatform } from '../../server/src/rules/redundant-target-platform';
import { ruleTester } from '../support/rule-tester';

ruleTester(redundantTargetPlatform, {
  valid: ['FROM alpine:3.20\n', 'FROM --platform=$BUILDPLATFORM alpine:3.20\n', 'FROM --platform=$FOOBAR alpine:3.20\n', 'FROM --platform=linux/arm64 alpine:3.20\n', 'FROM --platform=${TARGETPLATFORM:-linux/amd64} alpine:3.20\n'],
  invalid: [
    { code: 'FROM --platform=$TARGETPLATFORM alpine AS builder\nRUN apk add --no-cache git\n', errors: [{ line: 1, message: /\$TARGETPLATFORM in FROM is redundant/ }], output: 'FROM alpine AS builder\nRUN apk add --no-cache git\n' },
    { code: 'FROM --platform=${TARGETPLATFORM} scratch\n', errors: [{ line: 1 }], output: 'FROM scratch\n' },
    { code: 'FROM  --platform="$TARGETPLATFORM"   golang:1.22 AS build\n', errors: [{ line: 1 }], output: 'FROM  golang:1.22 AS build\n' },
  ],
});
