import { envSelfReference } from '../../server/src/rules/env-self-reference';
import { ruleTester } from '../support/rule-tester';

ruleTester(envSelfReference, {
  valid: [
    'ENV BLA="blubb"\nENV BLUBB="${BLA}/blubb"\n',
    'ENV BLA="blubb" BLUBB="${FOOBLA}/blubb"\n',
    'ENV BLA="blubb" BLUBB="$BLAFOO/blubb"\n',
    'ARG BLA\nENV BLA=${BLA}\n',
    'ENV PATH=/bla:${PATH}\n',
    "ENV A=1 B='$A'\n",
  ],
  invalid: [
    { code: 'ENV BLA="blubb" BLUBB="$BLA/$BLAFOO/blubb"\n', errors: [{ line: 1, message: /uses \$BLA/ }], output: null },
    { code: 'ENV PATH=/bla:${PATH} PATH=/blubb:${PATH}\n', errors: [{ line: 1 }] },
    { code: 'FROM alpine\nENV DIR=/app \\\n    BIN=$DIR/bin\n', errors: [{ line: 3 }] },
  ],
});
