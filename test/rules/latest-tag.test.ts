import { latestTag } from '../../server/src/rules/latest-tag';
import { ruleTester } from '../support/rule-tester';

ruleTester(latestTag, {
  valid: [
    'FROM node:20-slim\n',
    'FROM scratch\n',
    'FROM node@sha256:abcdef0123456789\n',
    'FROM golang:1.22 AS build\nFROM build\n',
    'FROM golang:1.22 AS Build\nFROM build\n',
    'ARG TAG=20\nFROM node:${TAG}\n',
    'ARG IMAGE\nFROM ${IMAGE}\n',
    'FROM registry.example.com:5000/team/app:1.2\n',
  ],
  invalid: [
    { code: 'FROM node\n', errors: [{ line: 1, message: /no tag/ }], output: null },
    { code: 'FROM node:latest\n', errors: [{ line: 1, message: /latest/ }] },
    { code: 'FROM registry.example.com:5000/team/app\n', errors: [{ line: 1 }] },
    { code: 'ARG IMAGE=ubuntu\nFROM ${IMAGE}\nRUN true\n', errors: [{ line: 2 }] },
    { code: 'FROM golang:1.22 AS build\nFROM alpine AS final\n', errors: [{ line: 2 }] },
  ],
});
