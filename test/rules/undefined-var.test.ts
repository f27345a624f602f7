import { undefinedVar } from '../../server/src/rules/undefined-var';
import { ruleTester } from '../support/rule-tester';

ruleTester(undefinedVar, {
  valid: [
    'FROM alpine AS base\nARG foo\nCOPY $foo .\n',
    'FROM python AS base\nARG VERSION=$PYTHON_VERSION\n',
    'FROM alpine AS base\nARG foo=Dockerfile\n\nFROM base\nCOPY $foo .\n',
    'FROM alpine\nRUN echo $PATH $whatever\n',
    'FROM alpine\nENV PATH=/x:$PATH\n',
    "FROM alpine\nLABEL a='$literal'\nCOPY \\$x /y\n",
    { name: 'an image may define upper-case names', code: 'FROM golang:1.22\nWORKDIR $GOPATH/src\n' },
    'FROM scratch\nARG foo\nCOPY Dockerfile${foo} .\n',
  ],
  invalid: [
    { code: 'FROM alpine AS base\nCOPY $foo .\n', errors: [{ line: 2, message: /undefined variable '\$foo'/ }], output: null },
    { code: 'FROM alpine AS base\nARG VERSION=$foo\n', errors: [{ line: 2 }] },
    { code: 'FROM alpine\nCOPY $foo .\nARG foo=bar\nRUN echo $foo\n', errors: [{ line: 2 }] },
    { code: 'FROM alpine\nARG DIR_BINARIES=binaries/\nARG DIR_ASSETS=assets/\nCOPY $DIR_ASSET .\n', errors: [{ line: 4, message: /did you mean \$DIR_ASSETS/ }] },
    { code: 'FROM alpine\nENV PATH=$PAHT:/tmp/bin\n', errors: [{ line: 2, message: /did you mean \$PATH/ }] },
    { name: 'a typo of a defined name, on any image', code: 'FROM node:20\nARG APP_HOME=/app\nWORKDIR $APP_HOM\n', errors: [{ line: 3 }] },
    { name: 'a global ARG must be declared again in the stage', code: 'ARG VERSION=1\nFROM scratch\nLABEL version=$VERSION\n', errors: [{ line: 3 }] },
    { code: 'FROM scratch AS first\nCOPY $foo .\n\nFROM scratch AS second\nCOPY $bar .\n', errors: [{ line: 2 }, { line: 5 }] },
    { name: 'RUN --mount options', code: 'FROM alpine\nRUN --mount=type=cache,target=$cache_dir true\n', errors: [{ line: 2 }] },
  ],
});
