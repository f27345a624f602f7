import type { Rule } from '../analysis/rule';
import type { Instruction, Property } from '../analysis/types';

// BuildKit's SecretsUsedInArgOrEnv words (a whole word of the name, between `_` or the ends),
// plus a few of ours: `passphrase`, `psw` (Jenkins' `*_PSW` credentials), `privatekey`.
const SECRET_WORDS = new Set([
  'apikey', 'auth', 'credential', 'credentials', 'key', 'password', 'pword', 'passwd', 'secret', 'token',
  'passphrase', 'psw', 'privatekey',
]);
// BuildKit's allow-list: a name with one of these words names no secret (`PUBLIC_KEY`, `TOKEN_FILE`,
// `AUTH_MODULE_VERSION`); ours adds `path` (`SA_PASSWORD_PATH` points at a secret, like `_FILE`).
const NOT_SECRET_WORDS = new Set(['public', 'file', 'version', 'path']);
// OpenPGP fingerprints or long key ids (`ENV GPG_KEY A035C8C1...`): public data that official images pin.
const KEY_FINGERPRINTS = /^(0x)?([0-9A-Fa-f]{40}|[0-9A-Fa-f]{16})(\s+(0x)?([0-9A-Fa-f]{40}|[0-9A-Fa-f]{16}))*$/;
const VARIABLE_ONLY = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/;

// Values that are credentials whatever the variable's name.
const URL_WITH_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:[^\s/@]+@/i;
const PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;
const TOKEN_FORMATS =
  /(^|[^A-Za-z0-9])(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,}|glpat-[A-Za-z0-9_-]{20,}|xox[abposr]-[A-Za-z0-9-]{10,}|(AKIA|ASIA)[0-9A-Z]{16}|npm_[A-Za-z0-9]{36}|sk_live_[A-Za-z0-9]{20,}|AIza[0-9A-Za-z_-]{35})([^A-Za-z0-9]|$)/;

/** The words of a variable name: `GITHUB_TOKEN`, `github-token` and `githubToken` all give github, token. */
export function nameWords(name: string): string[] {
  return name
    .split(/[_.-]+|(?<=[a-z0-9])(?=[A-Z])/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

// Every secret word is a piece of the name (in some case): a name with none is not split at all.
const SECRET_WORD_HINT = /key|auth|credential|password|pword|passwd|secret|token|passphrase|psw/i;

export function looksLikeSecretName(name: string): boolean {
  if (!SECRET_WORD_HINT.test(name)) return false;
  const words = nameWords(name);
  return words.some((word) => SECRET_WORDS.has(word)) && !words.some((word) => NOT_SECRET_WORDS.has(word));
}

/** `*_KEY` holding key fingerprints names a public key, not a secret one. */
function isOnlyAKeyName(name: string): boolean {
  return nameWords(name).every((word) => !SECRET_WORDS.has(word) || word === 'key');
}

function unquote(value: string): string {
  const trimmed = value.trim();
  return trimmed[0] === '"' || trimmed[0] === "'" ? trimmed.replace(/^(["'])(.*)\1$/s, '$2') : trimmed;
}

/** What kind of credential a value holds, or null. */
export function credentialInValue(value: string): string | null {
  // Cheap tests first: each pattern needs an `@`, a `-----BEGIN`, or 15 characters (`xoxb-` and 10).
  if (value.includes('@') && URL_WITH_PASSWORD.test(value)) return 'a password inside a URL';
  if (value.includes('-----BEGIN ') && PRIVATE_KEY.test(value)) return 'a private key';
  if (value.length >= 15 && TOKEN_FORMATS.test(value)) return 'an access token';
  return null;
}

function describe(instruction: Instruction): string {
  return instruction.keyword === 'ARG'
    ? 'build arguments show up in the image history of every RUN that uses them'
    : 'ENV values are stored in the image and visible to anyone who can pull it';
}

export const secretInEnv: Rule = {
  meta: {
    id: 'secret-in-env',
    scope: 'stage',
    category: 'security',
    severity: 'warning',
    description: 'Do not pass secrets through ARG or ENV; use a BuildKit secret mount.',
    fixable: false,
    aliases: ['DL3064', 'SecretsUsedInArgOrEnv'],
    requires: { keywords: ['ARG', 'ENV'] },
    docs: `\`ENV\` values are part of the image's configuration: \`docker inspect\` shows them to
anyone who can pull the image, and every container inherits them. \`ARG\` values are not in
the configuration, but every \`RUN\` that uses one records it in the image history
(\`docker history --no-trunc\`), and build caches keep them.

**Flagged:** \`ARG\` and \`ENV\` (anywhere, also before the first \`FROM\` and in \`ONBUILD\`)
- whose *name* has a secret-like word: \`password\`, \`passwd\`, \`pword\`, \`secret\`, \`token\`,
  \`key\`, \`apikey\`, \`auth\`, \`credential(s)\` (BuildKit's list), plus \`passphrase\`, \`psw\` and
  \`privatekey\`. Words are split at \`_\`, \`-\`, \`.\` and camelCase, so \`GITHUB_TOKEN\` and
  \`githubToken\` match while \`TOKENIZER\` and \`MONKEY\` do not. A name that also has
  \`public\`, \`file\` or \`version\` is not flagged (\`PUBLIC_KEY\`, \`DB_PASSWORD_FILE\`,
  \`AUTH_MODULE_VERSION\`), as in BuildKit, nor one with \`path\` (\`SA_PASSWORD_PATH\`). A
  \`*_KEY\` whose value is an OpenPGP fingerprint or long key id (\`ENV GPG_KEY A035C8C1...\`,
  as the official images pin their release keys), or a variable holding one, is a public
  key and not flagged;
- or whose *value* holds a credential: a URL with a password (\`https://user:pass@host\`),
  a private key block, or a well-known token format (GitHub, GitLab, Slack, AWS access key
  ids, npm, Stripe live keys, Google API keys).

**No automatic fix:** the secret has to come from elsewhere. For build time, mount it:

\`\`\`dockerfile
RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci
# docker build --secret id=npm_token,env=NPM_TOKEN .
\`\`\`

(\`env=\` needs Dockerfile syntax 1.10; with older BuildKit read \`/run/secrets/npm_token\`.)
For run time, pass it when starting the container (\`docker run -e\`, Compose or Kubernetes
secrets), not in the image.

**Differences:** BuildKit's SecretsUsedInArgOrEnv splits names only at \`_\` and does not
read values (it flags \`GPG_KEY\` fingerprints); we also split camelCase, \`-\` and \`.\`, add
three secret words and \`path\` to the allow-list, skip key fingerprints, and check values.
BuildKit's per-instruction \`# check=skip=SecretsUsedInArgOrEnv\` comment is honoured through
the engine's pragmas, as is \`# hadolint ignore=DL3064\`.
hadolint's DL3064 matches substrings, so it also flags \`GOPRIVATE\`, \`USERNAME\` or
\`AWS_WEB_IDENTITY_TOKEN_FILE\`; we match whole words and keep BuildKit's allow-list.`,
  },
  check({ model, report }) {
    // Names whose value is a key fingerprint, so `ENV SIGNING_KEY=$SIGNING_KEY` is one too.
    const fingerprints = new Set<string>();
    for (const instruction of model.instructions) {
      const target = instruction.keyword === 'ARG' || instruction.keyword === 'ENV' ? instruction : instruction.trigger;
      if (target?.keyword !== 'ARG' && target?.keyword !== 'ENV') continue;
      for (const property of target.properties) checkProperty(target, property, fingerprints, report);
    }
  },
};

function holdsFingerprint(property: Property, fingerprints: Set<string>): boolean {
  const value = unquote(property.value ?? '');
  // A fingerprint has at least 16 hex digits; a reference to another name starts with `$`.
  if (value.length >= 16 && KEY_FINGERPRINTS.test(value)) return true;
  const variable = value[0] === '$' ? VARIABLE_ONLY.exec(value)?.[1] : undefined;
  return variable !== undefined && fingerprints.has(variable);
}

function checkProperty(instruction: Instruction, property: Property, fingerprints: Set<string>, report: Parameters<Rule['check']>[0]['report']): void {
  if (!property.name || property.name.includes('$')) return;
  if (holdsFingerprint(property, fingerprints)) {
    fingerprints.add(property.name);
    if (isOnlyAKeyName(property.name)) return;
  }
  if (looksLikeSecretName(property.name)) {
    report({
      range: property.nameRange,
      message: `${instruction.keyword} ${property.name} looks like a secret; ${describe(instruction)}. Use a secret mount (RUN --mount=type=secret).`,
      aliases: ['DL3064', 'SecretsUsedInArgOrEnv'],
    });
    return;
  }
  const credential = property.value ? credentialInValue(property.value) : null;
  if (credential) {
    report({
      range: property.range,
      message: `${instruction.keyword} ${property.name} holds ${credential}; ${describe(instruction)}. Use a secret mount (RUN --mount=type=secret).`,
      aliases: [], // neither peer reads values
    });
  }
}
