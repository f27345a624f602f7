import { pipefail } from '../../server/src/rules/pipefail';
import { ruleTester } from '../support/rule-tester';

ruleTester(pipefail, {
  valid: [
    'FROM scratch as build\nRUN wget -O - https://some.site && wc -l file > /number\n',
    'FROM scratch\nSHELL ["/bin/bash", "-eo", "pipefail", "-c"]\nRUN wget -O - https://some.site | wc -l file > /number\n',
    'FROM scratch\nSHELL ["/bin/bash", "-o", "errexit", "-o", "pipefail", "-c"]\nRUN a | b\n',
    'FROM scratch\nSHELL ["/usr/local/bin/zsh", "-o", "pipefail", "-c"]\nRUN a | b\n',
    'FROM scratch\nSHELL ["pwsh", "-c"]\nRUN Get-Variable PSVersionTable | Select-Object -ExpandProperty Value\n',
    'FROM debian:12\nRUN set -o pipefail && curl -fsSL https://x | sh\n',
    'FROM debian:12 AS base\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nFROM base\nRUN a | b\n',
    'FROM debian:12\nRUN ["sh", "-c", "a | b"]\n',
  ],
  invalid: [
    {
      name: 'Debian final stage: bash for this RUN, /bin/sh again after it',
      code: 'FROM debian:12\nRUN curl -fsSL https://example.com/install.sh | sh\nCMD ["app"]\n',
      errors: [{ line: 2, message: /pipefail/ }],
      output: 'FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -fsSL https://example.com/install.sh | sh\nSHELL ["/bin/sh", "-c"]\nCMD ["app"]\n',
    },
    {
      name: 'two piped RUNs in a row share one SHELL',
      code: 'FROM debian:12\nRUN a | b\nRUN c | d\n',
      errors: [{ line: 2 }, { line: 3 }],
      output: 'FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN a | b\nRUN c | d\nSHELL ["/bin/sh", "-c"]\n',
    },
    {
      name: 'Alpine: ash, the shell /bin/sh already is',
      code: 'FROM alpine:3.20 AS build\nRUN wget -qO- https://x | tar -xz\n',
      errors: [{ line: 2 }],
      output: 'FROM alpine:3.20 AS build\nSHELL ["/bin/ash", "-o", "pipefail", "-c"]\nRUN wget -qO- https://x | tar -xz\nSHELL ["/bin/sh", "-c"]\n',
    },
    { name: 'plain sh does not count', code: 'FROM scratch\nSHELL ["/bin/sh", "-o", "pipefail", "-c"]\nRUN a | b\n', errors: [{ line: 3 }], output: null },
    { name: 'unknown image: no fix', code: 'FROM scratch\nRUN wget -O - https://some.site | wc -l > /number\n', errors: [{ line: 2 }], output: null },
    { name: 'echo with backslashes reads differently in bash: no fix', code: 'FROM debian:12\nRUN echo "a\\nb" | tee /x\n', errors: [{ line: 2 }], output: null },
    { name: 'next SHELL without pipefail', code: 'FROM scratch\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN a | b\nSHELL ["/bin/sh", "-c"]\nRUN c | d\n', errors: [{ line: 5 }], output: null },
  ],
});
