import { secretInEnv } from '../../server/src/rules/secret-in-env';
import { ruleTester } from '../support/rule-tester';

// BuildKit's SecretsUsedInArgOrEnv lint test (moby/buildkit dockerfile_check_test.go), up to its
// per-instruction `# check=skip` comments: it expects findings on lines 4, 5, 6 (twice), 7 (twice), 8 and 9.
const buildkitCase =
  '# check=skip=InvalidDefinitionDescription\n\nFROM scratch\nARG SECRET_PASSPHRASE\nENV SUPER_Secret=foo\nENV password=bar secret=baz\n' +
  'ARG super_duper_secret_token=foo auth=bar\nENV apikey=bar sunflower=foo\nENV git_key=\nENV PUBLIC_KEY=\nARG public_token\n' +
  'ARG SECRET_PASSPHRASE_FILE\nENV password_file=bar secret_File=baz\nARG AUTH_MODULE_VERSION\n';

ruleTester(secretInEnv, {
  valid: [
    'FROM debian:bullseye\nRUN foobar\n',
    'ARG foobar\nFROM debian:bullseye\nENV foobar=barfoo\n',
    { name: 'whole words only', code: 'FROM golang:1.22\nENV GOPRIVATE=github.com/acme TOKENIZER_MODEL=bert MONKEY=1 USERNAME=app\n' },
    { name: 'BuildKit allow-list and our path', code: 'FROM alpine\nENV PUBLIC_KEY= DB_PASSWORD_FILE=/run/secrets/db AUTH_MODULE_VERSION=2 SA_PASSWORD_PATH=/run/secrets/sa\n' },
    { name: 'OpenPGP fingerprints of official images', code: 'FROM alpine\nENV GPG_KEY A035C8C19219BA821ECEA86B64E628F8D684696D\nARG RELEASE_KEY=\'C5705533DA4F78D8664B5DC0575159689BEFB442\'\nENV RELEASE_KEY=$RELEASE_KEY\n' },
    { name: 'several fingerprints', code: 'FROM alpine\nENV NODE_KEYS_KEY="4ED778F539E3634C779C87C6D7062848A1AB005C 141F07595B7B3FFE74309A937405533BE57C7D57"\n' },
    { name: 'URL without a password', code: 'FROM alpine\nENV PIP_INDEX_URL=https://pypi.example.com/simple REPO=git@github.com:acme/app.git PROXY=http://proxy:3128\n' },
    { name: 'BuildKit docs: secret mounts', code: 'FROM alpine\nRUN --mount=type=secret,id=aws_key_id,env=AWS_ACCESS_KEY_ID \\\n    aws s3 cp s3://my-bucket/file .\n' },
    { name: 'suppressed by hadolint code', code: 'FROM alpine\n# hadolint ignore=DL3064\nENV ADMIN_PASSWORD=changeme\n' },
    { name: 'suppressed by BuildKit check directive', code: '# check=skip=SecretsUsedInArgOrEnv\nFROM alpine\nARG NPM_TOKEN\n' },
    { name: 'half-typed', code: 'FROM alpine\nENV \nARG\n' },
  ],
  invalid: [
    { name: 'BuildKit lint test', code: buildkitCase, errors: [4, 5, 6, 6, 7, 7, 8, 9].map((line) => ({ line })), output: null },
    {
      name: 'BuildKit docs example (ARG before any FROM)',
      code: 'ARG AWS_ACCESS_KEY_ID\nARG AWS_SECRET_ACCESS_KEY\nRUN aws s3 cp s3://my-bucket/file .\n',
      errors: [{ line: 1, message: /ARG AWS_ACCESS_KEY_ID looks like a secret; build arguments/ }, { line: 2 }],
    },
    { name: 'hadolint: different casing', code: 'ARG openai_api_key\nFROM debian:bullseye\nRUN foobar\n', errors: [{ line: 1 }] },
    {
      name: 'hadolint: ENV with sensitive data',
      code: 'FROM debian:bullseye\nENV my_password=abcdefghijklmnopqrstuvwxyz\n',
      errors: [{ line: 2, message: /ENV my_password looks like a secret; ENV values are stored in the image/ }],
    },
    { name: 'camelCase and dashes', code: 'FROM node:20\nARG githubToken\nENV db-password=x\n', errors: [{ line: 2 }, { line: 3 }] },
    { name: 'Jenkins credentials and passphrases', code: 'FROM alpine\nARG NEXUS_PSW\nARG SIGNING_PASSPHRASE\n', errors: [{ line: 2 }, { line: 3 }] },
    { name: 'ONBUILD ENV', code: 'FROM alpine\nONBUILD ENV API_TOKEN=abc\n', errors: [{ line: 2 }] },
    {
      name: 'a password inside a URL, whatever the name',
      code: 'FROM python:3.12-slim\nENV PIP_INDEX_URL=https://deploy:s3cr3t@pypi.example.com/simple\n',
      errors: [{ line: 2, message: /holds a password inside a URL/ }],
    },
    {
      name: 'a URL password from a variable still ends up in the image',
      code: 'FROM alpine\nARG REPO_USER\nENV GIT_REMOTE="https://${REPO_USER}:${REPO_PASS}@git.example.com/app.git"\n',
      errors: [{ line: 3 }],
    },
    { name: 'a GitHub token by its format', code: 'FROM alpine\nENV GH=ghp_0123456789abcdefghijABCDEFGHIJ012345\n', errors: [{ line: 2, message: /an access token/ }] },
    { name: 'an AWS access key id by its format', code: 'FROM alpine\nARG AWS_ID=AKIAIOSFODNN7EXAMPLE\n', errors: [{ line: 2 }] },
    { name: 'a private key block', code: 'FROM alpine\nENV DEPLOY="-----BEGIN OPENSSH PRIVATE KEY-----abc"\n', errors: [{ line: 2, message: /a private key/ }] },
    { name: 'a passphrase is no fingerprint even if it looks like one', code: 'FROM alpine\nENV GPG_PASSPHRASE=A035C8C19219BA821ECEA86B64E628F8D684696D\n', errors: [{ line: 2 }] },
  ],
});
