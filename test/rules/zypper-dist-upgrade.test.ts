import { zypperDistUpgrade } from '../../server/src/rules/zypper-dist-upgrade';
import { ruleTester } from '../support/rule-tester';

ruleTester(zypperDistUpgrade, {
  valid: ['RUN zypper update -y\n', 'RUN zypper install -y dup\n'],
  invalid: [
    { code: 'RUN zypper dist-upgrade\n', errors: [{ line: 1 }], output: null },
    { code: 'RUN zypper -n dup\n', errors: [{ line: 1 }] },
  ],
});
