import assert from 'node:assert/strict';
import { it } from 'node:test';
import { invalidDefaultArgInFrom, isValidReference } from '../../server/src/rules/invalid-default-arg-in-from';
import { ruleTester } from '../support/rule-tester';

ruleTester(invalidDefaultArgInFrom, {
  valid: [
    'ARG TAG=latest\nFROM busybox:${TAG}\n',
    'ARG VARIANT\nFROM busybox:stable${VARIANT}\n',
    'ARG TAG\nFROM alpine:${TAG:-3.14}\n',
    'ARG VERSION="latest"\nFROM busybox:${VERSION}\n',
    'FROM alpine:3.20 AS build_amd64\nFROM build_${TARGETARCH} AS build\n',
    'FROM node:20\n',
    { name: 'a default made of another global ARG', code: 'ARG VERSION=29.6\nARG CLI_VERSION=${VERSION}\nFROM docker:$CLI_VERSION\n' },
  ],
  invalid: [
    { code: 'ARG TAG\nFROM busybox:${TAG}\n', errors: [{ line: 2, message: /empty or invalid base image name \('busybox:'\)/ }], output: null },
    { code: 'ARG IMAGE\nFROM $IMAGE\n', errors: [{ line: 2 }] },
    { code: 'ARG SFX="box:"\nFROM busy${SFX}\n', errors: [{ line: 2 }] },
    { code: 'ARG REPO=My/App\nFROM ${REPO}:1\n', errors: [{ line: 2 }] },
  ],
});

it('isValidReference follows Docker reference grammar', () => {
  for (const ok of ['alpine', 'alpine:3.20', 'registry.example.com:5000/team/app:1.2', 'node@sha256:' + 'a'.repeat(64), 'localhost/x']) assert.ok(isValidReference(ok), ok);
  for (const bad of ['', 'busybox:', 'My/App', 'a::b', 'x:' + 'y'.repeat(200)]) assert.ok(!isValidReference(bad), bad);
});
