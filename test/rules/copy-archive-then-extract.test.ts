import { copyArchiveThenExtract } from '../../server/src/rules/copy-archive-then-extract';
import { ruleTester } from '../support/rule-tester';

ruleTester(copyArchiveThenExtract, {
  valid: [
    'COPY packaged-app.tar /usr/src/app\nFROM debian:11 as newstage\n',
    'COPY package.json /usr/src/app\n',
    'COPY --from=builder /usr/local/share/some.tar /opt/some.tar\nRUN tar -xf /opt/some.tar\n',
    'FROM debian:12\nCOPY app.tar.gz /tmp/\nRUN tar -tzf /tmp/app.tar.gz\n',
  ],
  invalid: [
    { code: 'COPY packaged-app.tar /usr/src/app\nRUN tar -xf /usr/src/app/packaged-app.tar\n', errors: [{ line: 1, message: /extracted by 'tar' on line 2/ }], output: null },
    { code: 'COPY packaged-app.tar /usr/src/app\nWORKDIR /usr/src/app\nRUN foo bar && echo something && tar -xf packaged-app.tar\n', errors: [{ line: 1 }] },
    { code: 'COPY foo/bar/packaged-app.tar /foo.tar\nRUN tar -xf /foo.tar\n', errors: [{ line: 1 }] },
    { code: 'COPY build\\foo\\bar.tar.gz "C:\\Program Files\\Foo"\nRUN tar -xf "C:\\Program Files\\Foo\\bar.tar.gz"\n', errors: [{ line: 1 }] },
    { code: 'FROM debian:12\nCOPY app.tgz /opt/\nRUN tar xzf /opt/app.tgz -C /opt\n', errors: [{ line: 2 }] },
  ],
});
