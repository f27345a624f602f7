// What the package-manager rules ask of a command: its subcommand (after global options),
// the words it installs, whether it will ask for confirmation, and where to add a flag.
import { positionalArgs } from './commands';
import type { ShellCommand, ShellWord } from './shell';

/** Options that take a separate value word, per manager (so the value is not read as a package). */
export const VALUE_FLAGS: Record<string, string[]> = {
  'apt-get': ['-o', '-t', '-c', '--option', '--target-release', '--config-file'],
  apt: ['-o', '-t', '-c', '--option', '--target-release', '--config-file'],
  yum: ['-c', '-d', '-e', '-R', '--setopt', '--enablerepo', '--disablerepo', '--installroot', '--releasever', '-x', '--exclude', '--config'],
  dnf: ['-c', '-d', '-e', '-R', '--setopt', '--enablerepo', '--disablerepo', '--installroot', '--releasever', '-x', '--exclude', '--config', '--repo', '--repoid'],
  microdnf: ['--setopt', '--enablerepo', '--disablerepo', '--installroot', '--releasever', '--config'],
  zypper: ['-r', '--repo', '-t', '--type', '-R', '--root', '--installroot', '-c', '--config', '--from'],
  apk: ['-X', '--repository', '-p', '--root', '-t', '--virtual', '--arch', '--cache-dir', '--keys-dir'],
};

/** Positional words after the program: the subcommand(s), then packages. */
export function positionals(command: ShellCommand): ShellWord[] {
  return positionalArgs(command, VALUE_FLAGS[command.name] ?? []);
}

/**
 * The install call of a yum/dnf/microdnf/zypper/apt-get command: the word naming the
 * subcommand (`install`, or `install` of `module install`/`group install`), its kind, and the
 * package words. Null when the command installs nothing.
 */
export function installCall(command: ShellCommand): { verb: ShellWord; kind: 'packages' | 'module' | 'group'; packages: ShellWord[] } | null {
  const words = positionals(command);
  const first = words[0]?.value;
  switch (command.name) {
    case 'apt-get':
    case 'apt':
      return first === 'install' ? { verb: words[0], kind: 'packages', packages: words.slice(1) } : null;
    case 'yum':
    case 'dnf':
    case 'microdnf': {
      if (first === 'install' || first === 'localinstall' || first === 'reinstall') return { verb: words[0], kind: 'packages', packages: words.slice(1) };
      if (first === 'groupinstall') return { verb: words[0], kind: 'group', packages: words.slice(1) };
      if ((first === 'module' || first === 'group') && words[1]?.value === 'install') {
        return { verb: words[1], kind: first === 'module' ? 'module' : 'group', packages: words.slice(2) };
      }
      return null;
    }
    case 'zypper':
      return first === 'install' || first === 'in' ? { verb: words[0], kind: 'packages', packages: words.slice(1) } : null;
    default:
      return null;
  }
}
