import { consecutiveRun } from '../../server/src/rules/consecutive-run';
import { ruleTester } from '../support/rule-tester';

ruleTester(consecutiveRun, {
  valid: [
    'FROM debian:12\nRUN /foo.sh\n',
    'FROM debian:12\nRUN /foo.sh\nWORKDIR /\nRUN /bar.sh\n',
    { name: 'chained RUNs are a deliberate split', code: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\nRUN curl --version\n' },
    'FROM debian:12\nRUN curl --version\nRUN a; b\n',
    { name: 'different mounts', code: 'FROM debian:12\nRUN --mount=type=secret,id=a /a.sh\nRUN --mount=type=secret,id=b /b.sh\n' },
    { name: 'different network', code: 'FROM debian:12\nRUN --network=none /a.sh\nRUN /b.sh\n' },
    { name: 'exec form', code: 'FROM debian:12\nRUN ["/a.sh"]\nRUN /b.sh\n' },
    { name: 'heredoc', code: 'FROM debian:12\nRUN <<EOF\n/a.sh\nEOF\nRUN /b.sh\n' },
    { name: 'across stages', code: 'FROM debian:12 AS a\nRUN /a.sh\nFROM debian:12\nRUN /b.sh\n' },
    { name: 'ONBUILD RUN', code: 'FROM debian:12\nONBUILD RUN /a.sh\nRUN /b.sh\n' },
  ],
  invalid: [
    {
      code: 'FROM debian:12\nRUN mkdir -p /app\nRUN chmod 755 /app\n',
      errors: [{ line: 3, message: /line 2/ }],
      output: 'FROM debian:12\nRUN mkdir -p /app && \\\n    chmod 755 /app\n',
    },
    {
      name: 'three in a row merge in one pass',
      code: 'FROM debian:12\nRUN a\nRUN b\nRUN c\nCMD ["x"]\n',
      errors: [{ line: 3 }, { line: 4 }],
      output: 'FROM debian:12\nRUN a && \\\n    b && \\\n    c\nCMD ["x"]\n',
    },
    {
      name: 'comments between are kept inside the continuation, blank lines dropped',
      code: 'FROM debian:12\nRUN /foo.sh\n\n# then bar\n# really\nRUN /bar.sh\n',
      errors: [{ line: 6 }],
      output: 'FROM debian:12\nRUN /foo.sh && \\\n    # then bar\n    # really\n    /bar.sh\n',
    },
    {
      name: 'pipelines and same mounts',
      code: 'FROM debian:12\nRUN --mount=type=secret,id=t cat /run/secrets/t | sha256sum\nRUN --mount=type=secret,id=t /bar.sh --token-file /run/secrets/t\n',
      errors: [{ line: 3 }],
      output: 'FROM debian:12\nRUN --mount=type=secret,id=t cat /run/secrets/t | sha256sum && \\\n    /bar.sh --token-file /run/secrets/t\n',
    },
    {
      name: 'a multi-line first RUN keeps its indentation',
      code: 'FROM debian:12\n  RUN apt-get install -y \\\n        curl \\\n        git\n  RUN git --version\n',
      errors: [{ line: 5 }],
      output: 'FROM debian:12\n  RUN apt-get install -y \\\n        curl \\\n        git && \\\n        git --version\n',
    },
    {
      name: 'a multi-line second RUN keeps its layout',
      code: 'FROM debian:12\nRUN a\nRUN b \\\n  --flag\n',
      errors: [{ line: 3 }],
      output: 'FROM debian:12\nRUN a && \\\n    b \\\n  --flag\n',
    },
    {
      name: 'CRLF',
      code: 'FROM debian:12\r\nRUN a\r\nRUN b\r\n',
      errors: [{ line: 3 }],
      output: 'FROM debian:12\r\nRUN a && \\\r\n    b\r\n',
    },
    {
      name: 'a redirection at the end of the first RUN',
      code: 'FROM debian:12\nRUN echo "deb http://deb.example.com stable main" > /etc/apt/sources.list.d/x.list\nRUN wget -qO - https://deb.example.com/key.asc | apt-key add - 2>&1\n',
      errors: [{ line: 3 }],
      output: 'FROM debian:12\nRUN echo "deb http://deb.example.com stable main" > /etc/apt/sources.list.d/x.list && \\\n    wget -qO - https://deb.example.com/key.asc | apt-key add - 2>&1\n',
    },
    { name: 'cd would leak into the next command', code: 'FROM debian:12\nRUN cd /tmp\nRUN ls\n', errors: [{ line: 3 }], output: null },
    { name: 'export would leak', code: 'FROM debian:12\nRUN export A=1\nRUN env\n', errors: [{ line: 3 }], output: null },
    { name: 'assignment would leak', code: 'FROM debian:12\nRUN A=1\nRUN env\n', errors: [{ line: 3 }], output: null },
    { name: 'trailing comment', code: 'FROM debian:12\nRUN a # note\nRUN b\n', errors: [{ line: 3 }], output: null },
    { name: 'an ignore pragma between', code: 'FROM debian:12\nRUN a\n# hadolint ignore=DL3008\nRUN apt-get install -y curl\n', errors: [{ line: 4 }], output: null },
  ],
});
