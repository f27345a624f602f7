import { copyRelativeNoWorkdir } from '../../server/src/rules/copy-relative-no-workdir';
import { ruleTester } from '../support/rule-tester';

ruleTester(copyRelativeNoWorkdir, {
  valid: [
    'COPY bla.sh /usr/local/bin/blubb.sh\n',
    'COPY bla.sh c:\\system32\\blubb.sh\n',
    'FROM scratch\nWORKDIR /usr\nCOPY bla.sh blubb.sh\n',
    'COPY src.sh ${SRC_BASE_ENV}\n',
    'FROM debian:12 AS base\nWORKDIR /usr\nFROM debian:12 AS between\nRUN foo\nFROM base\nCOPY foo bar\n',
    'FROM debian:12\nONBUILD WORKDIR /usr/local/lib\nONBUILD COPY foo bar\n',
    'FROM debian:12\nWORKDIR /app\nADD --chown=1:1 a.tar.gz .\n',
  ],
  invalid: [
    { code: 'COPY bla.sh blubb.sh\n', errors: [{ line: 1, message: /relative destination 'blubb.sh'/ }], output: null },
    { code: 'COPY a b\n', errors: [{ line: 1 }] },
    { name: 'WORKDIR of an unrelated earlier stage', code: 'FROM debian:12 AS stage1\nWORKDIR /usr\nFROM debian:12\nCOPY foo bar\n', errors: [{ line: 4 }] },
    { name: 'ADD too', code: 'FROM debian:12\nADD app.tar.gz .\n', errors: [{ line: 2 }] },
  ],
});
