import { checkPinning, isLocalOrUrl } from '../analysis/pinning';
import type { Rule } from '../analysis/rule';
import type { ShellCommand, ShellWord } from '../analysis/shell';

const GO_VALUE_FLAGS = new Set(['-o', '-ldflags', '-gcflags', '-asmflags', '-tags', '-mod', '-modfile', '-p', '-pkgdir', '-toolexec', '-exec', '-overlay', '-pgo', '-C', '-race-flags']);
const MOVING = new Set(['latest', 'upgrade', 'patch']);

function goPackages(command: ShellCommand): ShellWord[] | null {
  const verb = command.args[0]?.value;
  if (verb !== 'install' && verb !== 'get' && verb !== 'run') return null;
  const packages: ShellWord[] = [];
  for (let i = 1; i < command.args.length; i++) {
    const value = command.args[i].value;
    if (value.startsWith('-')) {
      if (!value.includes('=') && GO_VALUE_FLAGS.has(value.replace(/^--/, '-'))) i++;
      continue;
    }
    packages.push(command.args[i]);
    // `go run pkg args...`: the rest are the program's arguments.
    if (verb === 'run') break;
  }
  return packages;
}

export const goInstallPin: Rule = {
  meta: {
    id: 'go-install-pin',
    scope: 'stage',
    category: 'correctness',
    severity: 'warning',
    description: 'Pin versions in go install/get/run (module@version). Off unless pinVersions is on.',
    fixable: false,
    aliases: ['DL3062'],
    requires: { keywords: ['RUN'], text: ['go'] },
    enabledByDefault: false,
    enabledBySetting: 'pinVersions',
    docs: `\`go install example.com/tool@latest\` (or without a version) builds whatever is newest at
build time, so two builds of the same Dockerfile can differ.

**Flagged:** each package of \`go install\`, \`go get\` and \`go run\` without \`@version\`, or with a
moving query (\`@latest\`, \`@upgrade\`, \`@patch\`). Local paths (\`.\`, \`./cmd/x\`, \`/go/src/app\`)
are not flagged; for \`go run\` only the package is checked, not the program's arguments.

**Off by default;** turn on with \`"pinVersions": true\`.

**No automatic fix.**`,
  },
  check({ model, report }) {
    checkPinning(
      model,
      {
        programs: ['go'],
        packages: ({ command }) => goPackages(command),
        pinned: (value) => {
          if (isLocalOrUrl(value) || value.startsWith('.')) return true;
          const at = value.lastIndexOf('@');
          return at > 0 && !MOVING.has(value.slice(at + 1));
        },
        example: 'example.com/tool@v1.2.3',
      },
      report,
    );
  },
};
