import { copyIgnoredFile } from '../../server/src/rules/copy-ignored-file';
import { contextEnv } from '../support/virtual-context';
import { ruleTester } from '../support/rule-tester';

const ignoring = (dockerignore: string) => contextEnv({ '.dockerignore': dockerignore, Dockerfile: '' });

ruleTester(copyIgnoredFile, {
  valid: [
    { name: 'no .dockerignore', code: 'FROM scratch\nCOPY Dockerfile .\n', env: contextEnv({ Dockerfile: '' }) },
    { name: 'no context at all', code: 'FROM scratch\nCOPY Dockerfile .\n' },
    { code: 'FROM scratch AS base\nCOPY Dockerfile /foobar\nFROM base\nCOPY --from=base /foobar /Dockerfile\n', env: ignoring('foobar\n') },
    { name: 'exceptions: not checked, as in BuildKit', code: 'FROM scratch\nCOPY ./Dockerfile .\nCOPY secret .\n', env: ignoring('**\n!Dockerfile\n') },
    { name: 'dot files do not exclude the root', code: 'FROM scratch\nCOPY . .\n', env: ignoring('.*\n') },
    { name: '*/tmp/* needs a folder before tmp', code: 'FROM scratch\nCOPY ./tmp/helloworld.txt /helloworld.txt\n', env: ignoring('*/tmp/*\n') },
    { code: 'FROM scratch\nCOPY $SRC /x\nADD https://example.com/a.tgz /x\n', env: ignoring('*\n') },
  ],
  invalid: [
    { code: '\nFROM scratch\nCOPY Dockerfile .\nADD Dockerfile /windy\n', env: ignoring('\nDockerfile\n'), errors: [{ line: 3, message: /Copy file "Dockerfile"/ }, { line: 4, message: /Add file/ }], output: null },
    { name: 'the whole root', code: 'FROM scratch\nCOPY . .\n', env: ignoring('*\n'), errors: [{ line: 2 }] },
    { name: 'through a parent folder', code: 'FROM node:20\nCOPY ["node_modules/x/index.js", "./src/", "/app/"]\n', env: ignoring('node_modules\n'), errors: [{ line: 2 }] },
    { name: 'the Dockerfile-specific ignore file wins', code: 'FROM scratch\nCOPY a.txt /\n', env: { ...contextEnv({ '.dockerignore': 'b.txt\n' }) }, errors: [] as { line: number }[] },
  ].filter((c) => c.errors.length > 0),
});
