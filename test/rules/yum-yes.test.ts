import { yumYes } from '../../server/src/rules/yum-yes';
import { ruleTester } from '../support/rule-tester';

ruleTester(yumYes, {
  valid: ['RUN yum install -y httpd-2.4.24 && yum clean all\n', 'RUN bash -c `# not even a yum command`\n', 'RUN yum --assumeyes module install tomcat:9\n'],
  invalid: [
    { code: 'RUN yum install httpd-2.4.24 && yum clean all\n', errors: [{ line: 1 }], output: 'RUN yum install -y httpd-2.4.24 && yum clean all\n' },
    { code: 'RUN yum module install tomcat:9\n', errors: [{ line: 1 }], output: 'RUN yum module install -y tomcat:9\n' },
  ],
});
