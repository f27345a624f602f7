import { copyWholeStage } from '../../server/src/rules/copy-whole-stage';
import { ruleTester } from '../support/rule-tester';

ruleTester(copyWholeStage, {
  valid: ['COPY / /\n', 'COPY --from=build /app /\n', 'COPY --from=build / /app\n'],
  invalid: [
    { code: 'COPY --from=build / /\n', errors: [{ line: 1, message: /entire file system/ }], output: null },
    { code: 'COPY --from=build "/" "/"\n', errors: [{ line: 1 }] },
  ],
});
