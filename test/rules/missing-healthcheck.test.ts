import { missingHealthcheck } from '../../server/src/rules/missing-healthcheck';
import { ruleTester } from '../support/rule-tester';

ruleTester(missingHealthcheck, {
  valid: [
    { name: 'no port exposed (hadolint would flag)', code: 'FROM scratch\n' },
    'FROM node:20-slim\nEXPOSE 3000\nHEALTHCHECK CMD wget -q -O /dev/null http://localhost:3000/health || exit 1\nCMD ["node", "server.js"]\n',
    { name: 'HEALTHCHECK NONE is a decision', code: 'FROM nginx:1.27\nEXPOSE 80\nHEALTHCHECK NONE\n' },
    { name: 'inherited from the base stage', code: 'FROM alpine AS base\nHEALTHCHECK CMD /bin/check\nFROM base\nEXPOSE 8080\n' },
    { name: 'a builder stage exposing a port does not count', code: 'FROM node:20 AS dev\nEXPOSE 9229\nFROM node:20-slim\nCMD ["node", "app.js"]\n' },
    { name: 'half-typed EXPOSE', code: 'FROM alpine\nEXPOSE\n' },
  ],
  invalid: [
    {
      code: 'FROM node:20-slim\nEXPOSE 3000\nCMD ["node", "server.js"]\n',
      errors: [{ line: 2, message: /exposes 3000 but has no HEALTHCHECK/ }],
      output: null,
    },
    {
      name: 'the last EXPOSE is reported, with all its ports',
      code: 'FROM nginx:1.27\nEXPOSE 80\nEXPOSE 443/tcp 8443\n',
      errors: [{ line: 3, message: /443\/tcp, 8443/ }],
    },
    {
      name: 'EXPOSE inherited from the base stage: reported at the final FROM',
      code: 'FROM python:3.12-slim AS base\nEXPOSE 8000\nFROM base\nCOPY . /app\n',
      errors: [{ line: 3 }],
    },
    {
      name: 'a HEALTHCHECK in a stage the final one does not build from does not count',
      code: 'FROM alpine AS other\nHEALTHCHECK CMD true\nFROM alpine\nEXPOSE 8080\n',
      errors: [{ line: 4 }],
    },
  ],
});
