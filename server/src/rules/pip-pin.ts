import { hasFlag, positionalArgs } from '../analysis/commands';
import { checkPinning, isLocalOrUrl } from '../analysis/pinning';
import type { Rule } from '../analysis/rule';
import type { ShellCommand } from '../analysis/shell';

const PIP_VALUE_FLAGS = [
  '-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-i', '--index-url', '--extra-index-url', '-f', '--find-links',
  '-t', '--target', '--prefix', '--root', '-b', '--build', '--src', '--trusted-host', '--platform', '--python-version',
  '--implementation', '--abi', '--upgrade-strategy', '--progress-bar', '--log', '--cache-dir', '--proxy', '--retries', '--timeout',
  '--exists-action', '--cert', '--client-cert', '--global-option', '--install-option', '-C', '--config-settings', '--only-binary',
  '--no-binary', '--report', '--root-user-action', '--python', '--pip-args', '--suffix', '--index-url',
];
const VERSION_SPECIFIER = /(===|==|~=|>=|<=|!=|>|<|@)/;

/** The pip command's own arguments: `pip3 install x`, `python -m pip install x`, `pipx install x`. */
function pipArgs(command: ShellCommand): ShellCommand | null {
  if (/^pip\d*(\.\d+)?$/.test(command.name) || command.name === 'pipx') return command;
  if (!/^python\d*(\.\d+)?$/.test(command.name)) return null;
  const at = command.args.findIndex((arg) => arg.value === '-m');
  if (at === -1 || !/^pip\d*$/.test(command.args[at + 1]?.value ?? '')) return null;
  return { ...command, args: command.args.slice(at + 2) };
}

/** A VCS requirement pins with `@ref` after the repository path (`git+https://host/x.git@v1#egg=x`). */
function vcsPinned(value: string): boolean {
  const path = value.split('#')[0];
  return path.slice(path.lastIndexOf('/') + 1).includes('@');
}

export const pipPin: Rule = {
  meta: {
    id: 'pip-pin',
    scope: 'stage',
    category: 'correctness',
    severity: 'warning',
    description: 'Pin versions in pip install (package==version). Off unless pinVersions is on.',
    fixable: false,
    aliases: ['DL3013'],
    enabledByDefault: false,
    enabledBySetting: 'pinVersions',
    requires: { keywords: ['RUN'], text: ['pip'] },
    docs: `Without a version, \`pip install flask\` installs the newest release at build time, so two
builds of the same Dockerfile can get different code.

**Flagged:** each package named on a \`pip\`, \`pip3\`, \`python -m pip\` or \`pipx\` \`install\` line
without a version specifier (\`==\`, \`~=\`, \`===\`, \`>=\`, \`<=\`, \`<\`, \`>\`, \`!=\`, \`name @ url\`).
Not flagged: requirement files (\`-r\`), installs under a constraints file (\`-c\`), local
paths, archives and wheels, URLs, and VCS URLs with an \`@ref\` (\`git+https://...@v1.2\`).

**Off by default;** turn on with \`"pinVersions": true\`. A requirements or lock file is the
better place for versions (and for hashes).

**No automatic fix.**`,
  },
  check({ model, report }) {
    checkPinning(
      model,
      {
        programs: ['pip', 'pip2', 'pip3', 'pipx', 'python', 'python2', 'python3'],
        packages: ({ command }) => {
          const pip = pipArgs(command);
          if (!pip) return null;
          const words = positionalArgs(pip, PIP_VALUE_FLAGS);
          if (words[0]?.value !== 'install' || hasFlag(pip, '-c', '--constraint')) return null;
          return words.slice(1);
        },
        pinned: (value) => {
          if (/^(git|hg|svn|bzr)\+/.test(value)) return vcsPinned(value);
          return VERSION_SPECIFIER.test(value) || isLocalOrUrl(value) || value.includes('/') || /\.(whl|tar\.gz|tgz|zip|tar\.bz2)$/.test(value);
        },
        example: 'flask==3.0.3',
      },
      report,
    );
  },
};
