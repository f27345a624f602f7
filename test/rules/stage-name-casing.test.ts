import { stageNameCasing } from '../../server/src/rules/stage-name-casing';
import { ruleTester } from '../support/rule-tester';

ruleTester(stageNameCasing, {
  valid: ['FROM alpine AS builder-base\n', 'FROM alpine\n', 'FROM alpine AS\n', 'from alpine as build\n'],
  invalid: [
    { name: 'BuildKit docs', code: 'FROM alpine AS BuilderBase\n', errors: [{ line: 1, message: /'BuilderBase' should be lowercase/ }], output: 'FROM alpine AS builderbase\n' },
    {
      name: 'renames every reference',
      code: 'FROM golang:1.22 AS Build\nRUN go build -o /app .\nFROM Build AS Test\nRUN go test ./...\nFROM alpine:3.20\nCOPY --from=BUILD /app /app\nRUN --mount=type=cache,from=build,target=/x true\n',
      errors: [{ line: 1 }, { line: 3 }],
      output: 'FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM build AS test\nRUN go test ./...\nFROM alpine:3.20\nCOPY --from=build /app /app\nRUN --mount=type=cache,from=build,target=/x true\n',
    },
    { name: 'no fix when the lower-case name is taken', code: 'FROM a:1 AS build\nFROM b:1 AS Build\n', errors: [{ line: 2 }], output: null },
  ],
});
