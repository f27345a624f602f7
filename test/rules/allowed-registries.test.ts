import assert from 'node:assert/strict';
import { it } from 'node:test';
import { allowedRegistries, registryAllowed } from '../../server/src/rules/allowed-registries';
import { ruleTester } from '../support/rule-tester';

const options = { allowedRegistries: ['docker.io', 'registry.example.com', '*.gcr.io'] };

ruleTester(allowedRegistries, {
  valid: [
    { name: 'no option: nothing checked', code: 'FROM random.com/debian\n' },
    { code: 'FROM debian:12\nFROM registry.example.com/team/app:1\nFROM eu.gcr.io/x/y:1\nFROM scratch\n', options },
    { code: 'FROM quay.io/a/b:1 AS build\nFROM build\n', options: { allowedRegistries: ['quay.io'] } },
    { code: 'ARG IMAGE\nFROM ${IMAGE}\n', options },
  ],
  invalid: [
    { code: 'FROM random.com/debian:12\n', options, errors: [{ line: 1, message: /'random.com'/ }], output: null },
    { code: 'FROM debian:12\n', options: { allowedRegistries: ['registry.example.com'] }, errors: [{ line: 1, message: /'docker.io'/ }] },
  ],
});

it('registryAllowed: Docker Hub aliases and globs', () => {
  assert.ok(registryAllowed(null, ['hub.docker.com']));
  assert.ok(registryAllowed('index.docker.io', ['docker.io']));
  assert.ok(registryAllowed('eu.gcr.io', ['*.gcr.io']));
  assert.ok(!registryAllowed('gcr.io.evil.com', ['*.gcr.io']));
});
