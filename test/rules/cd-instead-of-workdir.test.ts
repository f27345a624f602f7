import { cdInsteadOfWorkdir } from '../../server/src/rules/cd-instead-of-workdir';
import { ruleTester } from '../support/rule-tester';

ruleTester(cdInsteadOfWorkdir, {
  valid: ['WORKDIR /opt\n', 'FROM debian:12\nRUN echo cd\n'],
  invalid: [
    { code: 'RUN cd /opt\n', errors: [{ line: 1, message: /Use WORKDIR/ }], output: null },
    {
      name: 'last instruction of a builder stage: no restore needed',
      code: 'FROM golang:1.22 AS build\nWORKDIR /src\nRUN cd /src/cmd/app && go build -o /app\nFROM alpine:3.20\nCOPY --from=build /app /app\n',
      errors: [{ line: 3 }],
      output: 'FROM golang:1.22 AS build\nWORKDIR /src\nWORKDIR /src/cmd/app\nRUN go build -o /app\nFROM alpine:3.20\nCOPY --from=build /app /app\n',
    },
    {
      name: 'restores the known directory, continuation kept',
      code: 'FROM debian:12\nWORKDIR /app\nRUN cd /opt/tool && \\\n    make install\nCOPY . .\n',
      errors: [{ line: 3 }],
      output: 'FROM debian:12\nWORKDIR /app\nWORKDIR /opt/tool\nRUN make install\nWORKDIR /app\nCOPY . .\n',
    },
    { name: 'previous directory unknown and needed: no fix', code: 'FROM debian:12\nRUN cd /opt && make\nCOPY . .\n', errors: [{ line: 2 }], output: null },
    { name: '|| changes what a failing cd does: no fix', code: 'FROM debian:12\nWORKDIR /\nRUN cd /opt && make || true\n', errors: [{ line: 3 }], output: null },
    { name: 'cd in the middle: no fix', code: 'FROM debian:12\nWORKDIR /\nRUN make && cd /opt && make\n', errors: [{ line: 3 }], output: null },
  ],
});
