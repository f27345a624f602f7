import { addInsteadOfCopy } from '../../server/src/rules/add-instead-of-copy';
import { ruleTester } from '../support/rule-tester';

ruleTester(addInsteadOfCopy, {
  valid: [
    'FROM alpine\nCOPY app /usr/local/bin/app\n',
    'FROM alpine\nADD rootfs.tar.gz /\n',
    'FROM alpine\nADD "file.tgz" /usr/src/app/\n',
    'FROM alpine\nADD vendor.tar /opt/\n',
    'FROM alpine\nADD https://example.com/tool /usr/local/bin/tool\n',
    'FROM alpine\nADD "http://file.com" /usr/src/app/\n',
    'FROM alpine\nADD git@github.com:moby/buildkit.git#v0.13 /src\n',
    'FROM alpine\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/a.txt /a.txt\n',
    { name: 'a variable could name an archive', code: 'FROM alpine\nARG DIST=app.tar.gz\nADD ${DIST} /opt/\n' },
    { name: 'heredoc', code: 'FROM alpine\nADD <<EOF /etc/motd\nhello\nEOF\n' },
    { name: 'half-typed', code: 'FROM alpine\nADD \n' },
    { name: 'half-typed with one argument', code: 'FROM alpine\nADD src\n' },
  ],
  invalid: [
    {
      name: 'hadolint: using add',
      code: 'FROM alpine\nADD file /usr/src/app/\n',
      errors: [{ line: 2, message: /'file'/ }],
      output: 'FROM alpine\nCOPY file /usr/src/app/\n',
    },
    {
      name: 'zip is not extracted by ADD',
      code: 'FROM alpine\nADD "file.zip" /usr/src/app/\n',
      errors: [{ line: 2 }],
      output: 'FROM alpine\nCOPY "file.zip" /usr/src/app/\n',
    },
    {
      name: 'whole context, shared flags kept',
      code: 'FROM node:20-slim\nADD --chown=node:node --chmod=644 . /app\n',
      errors: [{ line: 2 }],
      output: 'FROM node:20-slim\nCOPY --chown=node:node --chmod=644 . /app\n',
    },
    {
      name: 'JSON form with several sources; lower-case keyword',
      code: 'FROM alpine\nadd ["a.txt", "b dir", "/dst/"]\n',
      errors: [{ line: 2, message: /local files/ }],
      output: 'FROM alpine\ncopy ["a.txt", "b dir", "/dst/"]\n',
    },
    {
      name: 'ONBUILD ADD',
      code: 'FROM alpine\nONBUILD ADD . /app/src\n',
      errors: [{ line: 2 }],
      output: 'FROM alpine\nONBUILD COPY . /app/src\n',
    },
    {
      name: 'an archive among plain files still extracts: not flagged, but all-plain is',
      code: 'FROM alpine\nADD a.tar.gz b.txt /x/\nADD c.txt \\\n    d.txt /y/\n',
      errors: [{ line: 3 }],
      output: 'FROM alpine\nADD a.tar.gz b.txt /x/\nCOPY c.txt \\\n    d.txt /y/\n',
    },
    {
      name: 'ADD-only flag: no fix',
      code: 'FROM alpine\nADD --keep-git-dir=true src /src\n',
      errors: [{ line: 2 }],
      output: null,
    },
  ],
});
