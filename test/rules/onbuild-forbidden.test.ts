import { onbuildForbidden } from '../../server/src/rules/onbuild-forbidden';
import { ruleTester } from '../support/rule-tester';

ruleTester(onbuildForbidden, {
  valid: ['ONBUILD ADD anything anywhere\n', 'ONBUILD RUN anything\n', 'FROM debian:12\n', 'MAINTAINER "Some Guy"\n', 'ONBUILD HEALTHCHECK NONE\n'],
  invalid: [
    { code: 'ONBUILD ONBUILD RUN anything\n', errors: [{ line: 1, message: /ONBUILD ONBUILD is not allowed/ }], output: null },
    { code: 'ONBUILD FROM debian:buster\n', errors: [{ line: 1 }] },
    { code: 'ONBUILD MAINTAINER "BoJack Horseman"\n', errors: [{ line: 1 }] },
  ],
});
