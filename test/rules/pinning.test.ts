// The version-pinning rules (off by default, on with pinVersions), with hadolint's spec cases.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { analyze } from '../../server/src/analysis/engine';
import { apkPin } from '../../server/src/rules/apk-pin';
import { aptPin } from '../../server/src/rules/apt-pin';
import { dnfPin } from '../../server/src/rules/dnf-pin';
import { gemPin } from '../../server/src/rules/gem-pin';
import { goInstallPin } from '../../server/src/rules/go-install-pin';
import { npmPin } from '../../server/src/rules/npm-pin';
import { pipPin } from '../../server/src/rules/pip-pin';
import { yumPin } from '../../server/src/rules/yum-pin';
import { zypperPin } from '../../server/src/rules/zypper-pin';
import { ruleTester } from '../support/rule-tester';

ruleTester(aptPin, {
  valid: ['RUN apt-get install -y python=1.2.2\n', 'RUN apt-get install ./wkhtmltox_0.12.5-1.bionic_amd64.deb\n', 'RUN apt-get -y install -t jessie-backports openjdk-8-jdk=8u131\n', 'RUN apt-get update\n'],
  invalid: [{ code: 'RUN apt-get update && apt-get install python\n', errors: [{ line: 1, message: /'python'/ }], output: null }],
});
ruleTester(apkPin, {
  valid: ['RUN apk add flex=2.6.4-r1\n', 'RUN apk add --no-cache git~2.52.0\n', 'RUN apk add --virtual build-deps python-dev=1.1.1\n', 'RUN apk add -X https://x/edge/testing flow=0.78.0-r0\n', 'RUN apk add mypackage-1.1.1.apk\n'],
  invalid: [{ code: 'RUN apk add --no-cache \\\nflex=2.6.4-r1 \\\nlibffi \\\npython2=2.7.13-r1\n', errors: [{ line: 3, message: /'libffi'/ }] }],
});
ruleTester(zypperPin, {
  valid: ['RUN zypper install -y tomcat=9.0.39 && zypper clean\n', 'RUN zypper install -y tomcat\\>=9.0\n', 'RUN zypper install -y tomcat-9.0.39-1.rpm\n'],
  invalid: [{ code: 'RUN zypper install -y tomcat && zypper clean\n', errors: [{ line: 1 }] }],
});
ruleTester(yumPin, {
  valid: ['RUN yum install -y tomcat-9.2 && yum clean all\n', 'RUN yum install -y openssl-1:1.1.1k\n', 'RUN yum install -y gcc-c++-1.1.1\n', 'RUN yum module install -y tomcat:9\n', 'ENV version=2.51.0-2.fc42\nRUN yum -y install git-core-${version}\n', 'FROM fedora:42 AS build\nENV version=2.51\nFROM build\nRUN yum -y install git-core-${version}\n'],
  invalid: [
    { code: 'RUN yum install -y tomcat && yum clean all\n', errors: [{ line: 1 }] },
    { code: 'RUN yum module install -y tomcat\n', errors: [{ line: 1 }] },
    { name: "another stage's ARG is not visible", code: 'FROM fedora:42 AS build\nARG version=2.51\nFROM fedora:42\nRUN yum -y install git-core-${version}\n', errors: [{ line: 4 }] },
  ],
});
ruleTester(dnfPin, {
  valid: ['RUN dnf install -y rpm-sign-4.16.1.3\n', 'RUN microdnf install -y tomcat-9.0.1\n', 'RUN dnf -y group install "Development Tools"\n', 'RUN notdnf install tomcat\n'],
  invalid: [{ code: 'RUN microdnf install -y rpm-sign && microdnf clean all\n', errors: [{ line: 1 }] }],
});
ruleTester(pipPin, {
  valid: [
    'RUN pip install MySQL_python==1.2.2\n', 'RUN pip install -r requirements.txt\n', 'RUN pip install .\n', 'RUN pip install pykafka -c http://foo.bar.baz\n',
    'RUN pip install git+https://github.com/rtfd/r-ext.git@0.6-alpha#egg=r-ext\n', "RUN pip install 'alabaster>=0.7'\n", 'RUN pipenv install black\n',
    'RUN pipx install --python "$(which python)" "poetry==1.8.5"\n', 'RUN pip install --no-cache-dir --root-user-action ignore poetry==1.8.5\n',
  ],
  invalid: [
    { code: 'RUN python -m pip install example\n', errors: [{ line: 1 }] },
    { code: 'RUN pip install git+ssh://github.com/rtfd/read-ext.git#egg=read-ext\n', errors: [{ line: 1 }] },
    { code: 'RUN pip install --root-user-action=ignore mypkg\n', errors: [{ line: 1 }] },
  ],
});
ruleTester(npmPin, {
  valid: ['RUN npm install\n', 'RUN npm install express@4.1.1\n', 'RUN npm install @myorg/privatepackage@">=0.1.0"\n', 'RUN npm install git+https://isaacs@github.com/npm/npm.git#v1.0.27\n', 'RUN npm install ./folder\n', 'RUN npm run --crazy install\n', 'RUN npm install --loglevel verbose sax@0.1.1\n'],
  invalid: [
    { code: 'RUN npm install express sax@0.1.1\n', errors: [{ line: 1, message: /'express'/ }] },
    { code: 'RUN npm install @myorg/privatepackage\n', errors: [{ line: 1 }] },
    { code: 'RUN npm install git+https://isaacs@github.com/npm/npm.git\n', errors: [{ line: 1 }] },
    { code: 'RUN npm install --registry=https://example.com express\n', errors: [{ line: 1 }] },
  ],
});
ruleTester(gemPin, {
  valid: ['RUN gem i bundler:1\n', "RUN gem install bundler -v '2.0.1'\n", 'RUN gem install bundler:2.0.1 -- --use-system-libraries true\n', 'RUN gem install bundler:2.0.1 --use-system-libraries true\n'],
  invalid: [{ code: 'RUN gem i bunlder:1 nokogiri\n', errors: [{ line: 1, message: /'nokogiri'/ }] }, { code: 'RUN gem install --no-document rails\n', errors: [{ line: 1 }] }],
});
ruleTester(goInstallPin, {
  valid: ['RUN go install example.com/pkg@v1.2.3\n', 'RUN go install ./app/foobar\n', 'RUN go run example.com/pkg@v1.2.3 --foo bar\n', 'RUN go install .\n', 'RUN go get -tool foobar@v1.2.3\n'],
  invalid: [
    { code: 'RUN go install example.com/pkg\n', errors: [{ line: 1 }] },
    { code: 'RUN go get -tool foobar@latest\n', errors: [{ line: 1 }] },
    { code: 'RUN go run -ldflags "-s" example.com/pkg@upgrade\n', errors: [{ line: 1 }] },
  ],
});

it('the pinning rules are off by default and on with pinVersions', () => {
  const code = 'FROM debian:12\nRUN apt-get install -y curl && pip install flask\n';
  const rules = [aptPin, pipPin];
  assert.deepEqual(analyze(code, { rules }).findings, []);
  assert.deepEqual(analyze(code, { rules, ruleOptions: { pinVersions: true } }).findings.map((f) => f.ruleId), ['apt-pin', 'pip-pin']);
  assert.deepEqual(analyze(code, { rules, ruleOptions: { pinVersions: true }, settings: [{ DL3008: 'off' }] }).findings.map((f) => f.ruleId), ['pip-pin']);
});
