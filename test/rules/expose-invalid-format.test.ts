import assert from 'node:assert/strict';
import { it } from 'node:test';
import { parseExposeArg } from '../../server/src/analysis/expose';
import { exposeInvalidFormat } from '../../server/src/rules/expose-invalid-format';
import { ruleTester } from '../support/rule-tester';

ruleTester(exposeInvalidFormat, {
  valid: ['FROM alpine\nEXPOSE 80\n', 'FROM alpine\nEXPOSE 80/udp 8000-8010\n', 'FROM alpine\nEXPOSE ${HOST}:80\n'],
  invalid: [
    {
      code: 'FROM scratch\nEXPOSE 127.0.0.1:80:80 [::1]:8080:8080 5000:5000 8000\n',
      errors: [{ line: 2, message: /'127\.0\.0\.1:80:80'/ }, { line: 2, message: /'\[::1\]:8080:8080'/ }, { line: 2, message: /'5000:5000'/ }],
      output: 'FROM scratch\nEXPOSE 80 8080 5000 8000\n',
    },
    { code: 'FROM alpine\nEXPOSE 8080:80/udp\n', errors: [{ line: 2, message: /container port 80\/udp/ }], output: 'FROM alpine\nEXPOSE 80/udp\n' },
  ],
});

it('parseExposeArg splits ip, host port, container port and protocol', () => {
  assert.deepEqual(parseExposeArg('127.0.0.1:80:80/tcp'), { ip: '127.0.0.1', hostPort: '80', containerPort: '80', proto: 'tcp' });
  assert.deepEqual(parseExposeArg('[::1]:8080:8080'), { ip: '[::1]', hostPort: '8080', containerPort: '8080', proto: '' });
  assert.deepEqual(parseExposeArg('40000-60000/udp'), { ip: '', hostPort: '', containerPort: '40000-60000', proto: 'udp' });
});
