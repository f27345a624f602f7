import { aptLists } from '../../server/src/rules/apt-lists';
import { ruleTester } from '../support/rule-tester';

ruleTester(aptLists, {
  valid: [
    'FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n',
    'FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists\n',
    'FROM debian:12\nRUN apt-get update && apt-get install -y curl && apt-get distclean\n',
    'FROM debian:12\nRUN apt-get update && apt-get install -y curl; find /var/lib/apt/lists -type f -delete\n',
    'FROM debian:12\nRUN apt-get install -y ./local.deb\n',
    'FROM debian:12\nRUN echo apt-get update\n',
    { name: 'cache mount on the lists', code: 'FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y curl\n' },
    { name: 'cache mount on /var/lib/apt', code: 'FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && apt-get install -y curl\n' },
    { name: 'tmpfs mount on /var/lib/apt/', code: 'FROM debian:12\nRUN --mount=type=tmpfs,target=/var/lib/apt/ apt-get update\n' },
    { name: 'builder stage only copied from', code: 'FROM debian:12 AS build\nRUN apt-get update && apt-get install -y gcc\nFROM scratch\nCOPY --from=build /out /out\n' },
    { name: 'apt options with values', code: 'FROM debian:12\nRUN apt-get -o Acquire::Retries=3 update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n' },
  ],
  invalid: [
    {
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n',
      errors: [{ line: 2, message: /apt-get update/ }],
      output: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'multi-line RUN gets a continuation line',
      code: 'FROM debian:12\nRUN apt-get update \\\n  && apt-get install -y \\\n     curl \\\n     git\nCMD ["bash"]\n',
      errors: [{ line: 2 }],
      output: 'FROM debian:12\nRUN apt-get update \\\n  && apt-get install -y \\\n     curl \\\n     git && \\\n     rm -rf /var/lib/apt/lists/*\nCMD ["bash"]\n',
    },
    {
      name: 'leading-operator layout is kept',
      code: 'FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y curl\n',
      errors: [{ line: 2 }],
      output: 'FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y curl \\\n    && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'trailing && line layout',
      code: 'FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y curl\n',
      errors: [{ line: 2 }],
      output: 'FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y curl && \\\n    rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'cleanup before the update does not count',
      code: 'FROM debian:12\nRUN rm -rf /var/lib/apt/lists/* && apt-get update && apt-get install -y curl\n',
      errors: [{ line: 2 }],
      output: 'FROM debian:12\nRUN rm -rf /var/lib/apt/lists/* && apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'an || list keeps its meaning: the cleanup runs when the list succeeds',
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl || apt-get install -y wget\n',
      errors: [{ line: 2 }],
      output: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl || apt-get install -y wget && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'compound command: the cleanup goes after fi',
      code: 'FROM debian:12\nRUN if [ -n "$X" ]; then apt-get update && apt-get install -y curl; fi\n',
      errors: [{ line: 2 }],
      output: 'FROM debian:12\nRUN if [ -n "$X" ]; then apt-get update && apt-get install -y curl; fi && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'apt and aptitude',
      code: 'FROM ubuntu:24.04\nRUN apt update && apt install -y curl\nRUN aptitude update && aptitude install -y git\n',
      errors: [{ line: 2 }, { line: 3 }],
      output: 'FROM ubuntu:24.04\nRUN apt update && apt install -y curl && rm -rf /var/lib/apt/lists/*\nRUN aptitude update && aptitude install -y git && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'cache mount on /var/cache/apt only leaves the lists',
      code: 'FROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y curl\n',
      errors: [{ line: 2 }],
      output: 'FROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'a stage used as a base ships its layers',
      code: 'FROM debian:12 AS base\nRUN apt-get update && apt-get install -y curl\nFROM base\nCMD ["curl"]\n',
      errors: [{ line: 2 }],
      output: 'FROM debian:12 AS base\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nFROM base\nCMD ["curl"]\n',
    },
    {
      name: 'ONBUILD RUN is flagged in any stage',
      code: 'FROM debian:12 AS tmpl\nONBUILD RUN apt-get update && apt-get install -y curl\nFROM scratch\n',
      errors: [{ line: 2 }],
      output: 'FROM debian:12 AS tmpl\nONBUILD RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nFROM scratch\n',
    },
    {
      name: 'CRLF line endings',
      code: 'FROM debian:12\r\nRUN apt-get update && \\\r\n    apt-get install -y curl\r\n',
      errors: [{ line: 2 }],
      output: 'FROM debian:12\r\nRUN apt-get update && \\\r\n    apt-get install -y curl && \\\r\n    rm -rf /var/lib/apt/lists/*\r\n',
    },
    { name: 'update-only RUN: the lists are for a later RUN', code: 'FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n', errors: [{ line: 2 }], output: null },
    {
      name: 'a later RUN installs without its own update',
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\nRUN apt-get install -y git\n',
      errors: [{ line: 2 }],
      output: null,
    },
    {
      name: 'a later stage built FROM this one installs without its own update',
      code: 'FROM debian:12 AS base\nRUN apt-get update && apt-get install -y curl\nFROM base\nRUN apt-get install -y git\n',
      errors: [{ line: 2 }],
      output: null,
    },
    { name: 'trailing shell comment', code: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl # tools\n', errors: [{ line: 2 }], output: null },
    { name: 'trailing semicolon', code: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl;\n', errors: [{ line: 2 }], output: null },
    { name: 'background job', code: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl & wait\n', errors: [{ line: 2 }], output: null },
    { name: 'heredoc RUN', code: 'FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n', errors: [{ line: 3 }], output: null },
    { name: 'exec form', code: 'FROM debian:12\nRUN ["apt-get", "update"]\n', errors: [{ line: 2 }], output: null },
  ],
});
