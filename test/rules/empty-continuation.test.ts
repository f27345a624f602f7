import { emptyContinuation } from '../../server/src/rules/empty-continuation';
import { ruleTester } from '../support/rule-tester';

ruleTester(emptyContinuation, {
  valid: ['FROM alpine\nEXPOSE \\\n# Port\n80\n', 'FROM scratch\nCOPY Dockerfile \\\n.\n', 'FROM alpine\nRUN <<EOF\necho a \\\n\necho b\nEOF\n'],
  invalid: [
    { code: 'FROM scratch\nCOPY Dockerfile \\\n\n.\n', errors: [{ line: 4, message: /line 3/ }], output: 'FROM scratch\nCOPY Dockerfile \\\n.\n' },
    { code: 'FROM alpine\nRUN apk add \\\n  curl \\\n\n  \n  git\nRUN true\n', errors: [{ line: 6 }], output: 'FROM alpine\nRUN apk add \\\n  curl \\\n  git\nRUN true\n' },
  ],
});
