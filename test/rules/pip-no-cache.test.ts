import { pipNoCache } from '../../server/src/rules/pip-no-cache';
import { ruleTester } from '../support/rule-tester';

ruleTester(pipNoCache, {
  valid: [
    'FROM python:3.12-slim\nRUN pip install --no-cache-dir flask\n',
    'FROM python:3.12-slim\nRUN pip install flask --no-cache-dir\n',
    'FROM python:3.12-slim\nRUN pip --no-cache-dir install flask\n',
    'FROM python:3.12-slim\nRUN python3 -m pip install --no-cache-dir -r requirements.txt\n',
    'FROM python:3.12-slim\nRUN pipx install black\n',
    'FROM python:3.12-slim\nRUN pipenv install\n',
    'FROM python:3.12-slim\nRUN pip download flask\n',
    'FROM python:3.12-slim\nRUN pip install flask && pip cache purge\n',
    'FROM python:3.12-slim\nRUN pip install flask && rm -rf /root/.cache/pip\n',
    'FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask\n',
    { name: 'any valid value disables the cache, false-like ones too', code: 'FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=off\nRUN pip install flask\n' },
    'FROM python:3.12-slim\nARG PIP_NO_CACHE_DIR=true\nRUN pip install flask\n',
    'FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR="yes" PIP_DISABLE_PIP_VERSION_CHECK=1\nRUN pip install flask\n',
    { name: 'inherited through FROM <stage>', code: 'FROM python:3.12-slim AS base\nENV PIP_NO_CACHE_DIR=1\nFROM base\nRUN pip install flask\n' },
    'FROM python:3.12-slim\nRUN PIP_NO_CACHE_DIR=1 pip install flask\n',
    'FROM python:3.12-slim\nRUN export PIP_NO_CACHE_DIR=1 && pip install flask\n',
    { name: 'cache mount', code: 'FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask\n' },
    { name: 'cache mount on ~/.cache of another user', code: 'FROM python:3.12-slim\nRUN --mount=type=cache,target=/home/app/.cache,uid=1000 pip install flask\n' },
    { name: 'tmpfs mount', code: 'FROM python:3.12-slim\nRUN --mount=type=tmpfs,target=/root/.cache/pip pip install flask\n' },
    { name: 'builder stage only copied from', code: 'FROM python:3.12 AS build\nRUN pip install --prefix=/install flask\nFROM python:3.12-slim\nCOPY --from=build /install /usr/local\n' },
  ],
  invalid: [
    {
      code: 'FROM python:3.12-slim\nRUN pip install flask\n',
      errors: [{ line: 2, message: /--no-cache-dir/ }],
      output: 'FROM python:3.12-slim\nRUN pip install --no-cache-dir flask\n',
    },
    {
      name: 'pip3, pip3.12, python -m pip, editable and requirements installs',
      code: 'FROM python:3.12-slim\nRUN pip3 install -r requirements.txt \\\n && pip3.12 install -e . \\\n && python3 -m pip install --upgrade pip\n',
      errors: [{ line: 2 }, { line: 3 }, { line: 4 }],
      output:
        'FROM python:3.12-slim\nRUN pip3 install --no-cache-dir -r requirements.txt \\\n && pip3.12 install --no-cache-dir -e . \\\n && python3 -m pip install --no-cache-dir --upgrade pip\n',
    },
    {
      name: 'a general option with a value before install',
      code: 'FROM python:3.12-slim\nRUN /opt/venv/bin/pip --timeout 60 install flask\n',
      errors: [{ line: 2 }],
      output: 'FROM python:3.12-slim\nRUN /opt/venv/bin/pip --timeout 60 install --no-cache-dir flask\n',
    },
    {
      name: 'PIP_NO_CACHE_DIR set in an unrelated stage',
      code: 'FROM python:3.12-slim AS base\nENV PIP_NO_CACHE_DIR=1\nFROM python:3.12-slim\nRUN pip install flask\n',
      errors: [{ line: 4 }],
      output: 'FROM python:3.12-slim AS base\nENV PIP_NO_CACHE_DIR=1\nFROM python:3.12-slim\nRUN pip install --no-cache-dir flask\n',
    },
    {
      name: 'PIP_NO_CACHE_DIR set after the install',
      code: 'FROM python:3.12-slim\nRUN pip install flask\nENV PIP_NO_CACHE_DIR=1\n',
      errors: [{ line: 2 }],
      output: 'FROM python:3.12-slim\nRUN pip install --no-cache-dir flask\nENV PIP_NO_CACHE_DIR=1\n',
    },
    {
      name: 'a purge before the install does not count',
      code: 'FROM python:3.12-slim\nRUN pip cache purge && pip install flask\n',
      errors: [{ line: 2 }],
      output: 'FROM python:3.12-slim\nRUN pip cache purge && pip install --no-cache-dir flask\n',
    },
    {
      name: 'cache mount somewhere else',
      code: 'FROM python:3.12-slim\nRUN --mount=type=cache,target=/var/cache/foo pip install flask\n',
      errors: [{ line: 2 }],
      output: 'FROM python:3.12-slim\nRUN --mount=type=cache,target=/var/cache/foo pip install --no-cache-dir flask\n',
    },
    {
      name: 'ONBUILD RUN',
      code: 'FROM python:3.12-slim\nONBUILD RUN pip install -r requirements.txt\n',
      errors: [{ line: 2 }],
      output: 'FROM python:3.12-slim\nONBUILD RUN pip install --no-cache-dir -r requirements.txt\n',
    },
    { name: 'exec form', code: 'FROM python:3.12-slim\nRUN ["pip", "install", "flask"]\n', errors: [{ line: 2 }], output: null },
  ],
});
