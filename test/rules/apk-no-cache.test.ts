import { apkNoCache } from '../../server/src/rules/apk-no-cache';
import { ruleTester } from '../support/rule-tester';

ruleTester(apkNoCache, {
  valid: [
    'FROM alpine:3.20\nRUN apk add --no-cache curl\n',
    'FROM alpine:3.20\nRUN apk --no-cache add curl\n',
    'FROM alpine:3.20\nRUN apk add curl && rm -rf /var/cache/apk/*\n',
    'FROM alpine:3.20\nRUN apk add curl && apk cache clean\n',
    'FROM alpine:3.20\nRUN apk del curl\n',
    { name: '--no-network fetches nothing', code: 'FROM alpine:3.20\nRUN apk add --no-network --virtual .rundeps so:libc.musl-x86_64.so.1\n' },
    'FROM alpine:3.20\nRUN echo apk add curl\n',
    { name: 'cache mount', code: 'FROM alpine:3.20\nRUN --mount=type=cache,target=/var/cache/apk apk add -U curl\n' },
    { name: 'cache mount on /etc/apk/cache', code: 'FROM alpine:3.20\nRUN --mount=type=cache,target=/etc/apk/cache apk add curl\n' },
    { name: 'tmpfs mount', code: 'FROM alpine:3.20\nRUN --mount=type=tmpfs,target=/var/cache/apk apk add curl\n' },
    { name: 'builder stage only copied from', code: 'FROM alpine:3.20 AS build\nRUN apk add gcc\nFROM scratch\nCOPY --from=build /out /out\n' },
  ],
  invalid: [
    {
      code: 'FROM alpine:3.20\nRUN apk add curl\n',
      errors: [{ line: 2, message: /--no-cache/ }],
      output: 'FROM alpine:3.20\nRUN apk add --no-cache curl\n',
    },
    {
      name: 'options before the subcommand, a value option included',
      code: 'FROM alpine:3.20\nRUN apk -U --repository http://dl-cdn.alpinelinux.org/alpine/edge/testing add --virtual .deps gcc\n',
      errors: [{ line: 2 }],
      output: 'FROM alpine:3.20\nRUN apk -U --repository http://dl-cdn.alpinelinux.org/alpine/edge/testing add --no-cache --virtual .deps gcc\n',
    },
    {
      name: 'two adds in one RUN, continuation lines',
      code: 'FROM alpine:3.20\nRUN apk add --virtual .build gcc \\\n && make \\\n && apk add \\\n      curl\n',
      errors: [{ line: 2 }, { line: 4 }],
      output: 'FROM alpine:3.20\nRUN apk add --no-cache --virtual .build gcc \\\n && make \\\n && apk add --no-cache \\\n      curl\n',
    },
    {
      name: 'a cleanup before the add does not count',
      code: 'FROM alpine:3.20\nRUN rm -rf /var/cache/apk/* && apk add curl\n',
      errors: [{ line: 2 }],
      output: 'FROM alpine:3.20\nRUN rm -rf /var/cache/apk/* && apk add --no-cache curl\n',
    },
    {
      name: 'cache mount somewhere else',
      code: 'FROM alpine:3.20\nRUN --mount=type=cache,target=/var/cache/foo apk add curl\n',
      errors: [{ line: 2 }],
      output: 'FROM alpine:3.20\nRUN --mount=type=cache,target=/var/cache/foo apk add --no-cache curl\n',
    },
    {
      name: 'heredoc script',
      code: 'FROM alpine:3.20\nRUN <<EOF\nset -e\napk add curl\nEOF\n',
      errors: [{ line: 4 }],
      output: 'FROM alpine:3.20\nRUN <<EOF\nset -e\napk add --no-cache curl\nEOF\n',
    },
    {
      name: 'ONBUILD RUN',
      code: 'FROM alpine:3.20\nONBUILD RUN apk add curl\n',
      errors: [{ line: 2 }],
      output: 'FROM alpine:3.20\nONBUILD RUN apk add --no-cache curl\n',
    },
    { name: 'exec form', code: 'FROM alpine:3.20\nRUN ["apk", "add", "curl"]\n', errors: [{ line: 2 }], output: null },
  ],
});
