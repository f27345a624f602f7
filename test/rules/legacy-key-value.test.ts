import { legacyKeyValue } from '../../server/src/rules/legacy-key-value';
import { ruleTester } from '../support/rule-tester';

ruleTester(legacyKeyValue, {
  valid: ['FROM alpine\nARG foo=bar\nENV a=b c="d e"\nLABEL key=value\n', 'ENV DEPS="\\\n    curl \\\n    git"\n', 'FROM alpine\nARG VERSION\n'],
  invalid: [
    { code: 'FROM scratch\nENV testkey value\nLABEL key value\n', errors: [{ line: 2, message: /"ENV key=value" should be used/ }, { line: 3 }], output: 'FROM scratch\nENV testkey=value\nLABEL key=value\n' },
    { name: 'spaces kept inside quotes', code: 'FROM scratch\nENV PATH /app/bin $PATH\n', errors: [{ line: 2 }], output: 'FROM scratch\nENV PATH="/app/bin $PATH"\n' },
    { name: 'ARG: two arguments or a default? no fix', code: 'FROM alpine\nARG foo bar\n', errors: [{ line: 2 }], output: null },
    { name: 'multi-line value: no fix', code: 'ENV DEPS \\\n    curl \\\n    git\n', errors: [{ line: 1 }], output: null },
    { name: 'quotes in the value: no fix', code: 'FROM scratch\nLABEL description "a \\"b\\""\n', errors: [{ line: 2 }], output: null },
    { name: 'ONBUILD ENV', code: 'FROM scratch\nONBUILD ENV k v\n', errors: [{ line: 2 }], output: 'FROM scratch\nONBUILD ENV k=v\n' },
  ],
});
