import { aptNoRecommends } from '../../server/src/rules/apt-no-recommends';
import { ruleTester } from '../support/rule-tester';

ruleTester(aptNoRecommends, {
  valid: [
    'FROM debian:12\nRUN apt-get install --no-install-recommends -y curl\n',
    'FROM debian:12\nRUN apt-get -o APT::Install-Recommends=false install -y curl\n',
    'FROM debian:12\nRUN apt-get update\n',
    'FROM debian:12\nRUN echo apt-get install curl\n',
    'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN apt-get install curl\n',
  ],
  invalid: [
    {
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n',
      errors: [{ line: 2 }],
      output: 'FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends -y curl\n',
    },
    {
      code: 'FROM debian:12\nRUN apt-get update \\\n && sudo apt-get -y install \\\n    curl \\\n    git\n',
      errors: [{ line: 3 }],
      output: 'FROM debian:12\nRUN apt-get update \\\n && sudo apt-get -y install --no-install-recommends \\\n    curl \\\n    git\n',
    },
    {
      code: 'FROM debian:12\nRUN ["apt-get", "install", "-y", "curl"]\n',
      errors: [{ line: 2 }],
      output: null,
    },
    {
      name: 'ONBUILD RUN',
      code: 'FROM debian:12\nONBUILD RUN apt install curl\n',
      errors: [{ line: 2 }],
      output: 'FROM debian:12\nONBUILD RUN apt install --no-install-recommends curl\n',
    },
  ],
});
