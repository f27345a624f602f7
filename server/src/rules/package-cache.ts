import { cacheMountCovers, cacheMountWhere } from '../analysis/cache-mounts';
import { flagValue, hasFlag, positionalArgs } from '../analysis/commands';
import { insertAfterWord } from '../analysis/edits';
import type { DockerfileModel, RunInfo } from '../analysis/model';
import type { Rule, RuleContext } from '../analysis/rule';
import { appendCommandToRun, lastIndexOfCommand } from '../analysis/run-script';
import type { ShellCommand, ShellWord } from '../analysis/shell';
import { layerShips } from '../analysis/shipped-stages';
import type { Instruction, Stage } from '../analysis/types';

/** A package manager that leaves a cache behind unless told otherwise. */
interface CacheManager {
  /** The name in messages. */
  name: string;
  /** hadolint's code for this manager, if it has one. */
  alias: string | null;
  /** True for a command that downloads packages into the cache. */
  installs(command: ShellCommand): boolean;
  /** A command that empties the cache (checked after the last install). */
  cleans(command: ShellCommand): boolean;
  /** Cache directories a cache/tmpfs mount may cover. */
  cacheDirs: string[];
  /** Command appended to the RUN by the fix. */
  cleanCommand: string;
}

const RPM_CACHE_DIRS = ['/var/cache/dnf', '/var/cache/yum', '/var/cache/libdnf5'];
const DNF_VALUE_OPTIONS = ['-c', '--config', '--installroot', '--releasever', '--enablerepo', '--disablerepo', '--repo', '--repoid', '-x', '--exclude', '--setopt', '-d', '--debuglevel', '-e', '--errorlevel', '--forcearch'];
const ZYPPER_VALUE_OPTIONS = ['-R', '--root', '-D', '--reposd-dir', '-C', '--cache-dir', '--raw-cache-dir', '--solv-cache-dir', '--pkg-cache-dir', '-c', '--config', '-r', '--repo'];

const subcommands = (command: ShellCommand, valueOptions: string[] = []) => positionalArgs(command, valueOptions).map((word) => word.value);

/** `rm -rf /var/cache/dnf/*` and the like. */
function removesAny(command: ShellCommand, dirs: string[]): boolean {
  if (command.name !== 'rm') return false;
  return positionalArgs(command).some((arg) => {
    const path = arg.value.replace(/\/\*?$/, '').replace(/\/+$/, '');
    return dirs.includes(path);
  });
}

/**
 * `dnf clean all` and `yum clean all` clean the same cache (on EL8+ and Fedora `yum` is dnf);
 * microdnf keeps its own, so only `microdnf clean all` cleans after it.
 */
function cleanAllBy(programs: string[]) {
  return (command: ShellCommand) => {
    if (!programs.includes(command.name)) return false;
    const words = subcommands(command, DNF_VALUE_OPTIONS);
    return words[0] === 'clean' && words.includes('all');
  };
}
const dnfOrYumCleanAll = cleanAllBy(['dnf', 'dnf5', 'yum']);
const microdnfCleanAll = cleanAllBy(['microdnf']);

function rpmInstall(programs: string[], verbs: string[]) {
  return (command: ShellCommand) => {
    if (!programs.includes(command.name)) return false;
    const words = subcommands(command, DNF_VALUE_OPTIONS);
    return verbs.includes(words[0]) || ((words[0] === 'group' || words[0] === 'module') && words[1] === 'install');
  };
}

const DNF_VERBS = ['install', 'in', 'upgrade', 'up', 'update', 'upgrade-minimal', 'up-min', 'reinstall', 'rei', 'groupinstall', 'groupupdate', 'distro-sync', 'dsync', 'downgrade', 'swap', 'builddep', 'localinstall'];

const yarnCacheTarget = (target: string) => /(^|\/)\.cache(\/yarn)?$/.test(target) || /\.yarn\/(berry\/)?cache$/.test(target) || target === '/usr/local/share/.cache/yarn';

const MANAGERS: CacheManager[] = [
  {
    name: 'yarn',
    alias: 'DL3060',
    // `yarn`, `yarn install`, `yarn add x`, `yarn global add x`
    installs: (command) => {
      if (command.name !== 'yarn') return false;
      const words = subcommands(command, ['--cache-folder', '--modules-folder', '--cwd', '--network-timeout', '--mutex']);
      if (words.length === 0) return !hasFlag(command, '--version', '-v', '--help', '-h');
      return words[0] === 'install' || words[0] === 'add' || (words[0] === 'global' && words[1] === 'add');
    },
    cleans: (command) => {
      if (command.name === 'yarn') {
        const words = subcommands(command);
        return words[0] === 'cache' && words[1] === 'clean';
      }
      return command.name === 'rm' && positionalArgs(command).some((arg) => /(^|\/)\.cache\/yarn(\/\*?)?$|yarn cache dir/.test(arg.value));
    },
    cacheDirs: ['/usr/local/share/.cache/yarn', '/root/.cache/yarn'],
    cleanCommand: 'yarn cache clean',
  },
  {
    name: 'dnf',
    alias: 'DL3040',
    installs: rpmInstall(['dnf', 'dnf5'], DNF_VERBS),
    cleans: (command) => dnfOrYumCleanAll(command) || removesAny(command, RPM_CACHE_DIRS),
    cacheDirs: RPM_CACHE_DIRS,
    cleanCommand: 'dnf clean all',
  },
  {
    name: 'microdnf',
    alias: 'DL3040',
    installs: rpmInstall(['microdnf'], ['install', 'upgrade', 'update', 'reinstall', 'distro-sync', 'swap', 'downgrade']),
    cleans: (command) => microdnfCleanAll(command) || removesAny(command, RPM_CACHE_DIRS),
    cacheDirs: RPM_CACHE_DIRS,
    cleanCommand: 'microdnf clean all',
  },
  {
    name: 'yum',
    alias: 'DL3032',
    installs: rpmInstall(['yum'], ['install', 'groupinstall', 'localinstall', 'reinstall', 'update', 'upgrade', 'downgrade']),
    cleans: (command) => dnfOrYumCleanAll(command) || removesAny(command, RPM_CACHE_DIRS),
    cacheDirs: RPM_CACHE_DIRS,
    cleanCommand: 'yum clean all',
  },
  {
    name: 'zypper',
    alias: 'DL3036',
    installs: (command) =>
      command.name === 'zypper' &&
      ['install', 'in', 'update', 'up', 'dist-upgrade', 'dup', 'patch', 'source-install', 'si'].includes(subcommands(command, ZYPPER_VALUE_OPTIONS)[0]),
    cleans: (command) =>
      (command.name === 'zypper' && ['clean', 'cc'].includes(subcommands(command, ZYPPER_VALUE_OPTIONS)[0])) || removesAny(command, ['/var/cache/zypp']),
    cacheDirs: ['/var/cache/zypp'],
    cleanCommand: 'zypper clean --all',
  },
];

const GEM = /^gem[0-9.]*$/;
// A RUN that names none of the managers (microdnf and dnf5 contain dnf) installs nothing they cache.
const MANAGER_NAMES = /yarn|dnf|yum|zypper|gem/;

/** The `install`/`update` word of a `gem install` that builds documentation; else null. */
function gemInstallWithDocs(command: ShellCommand): ShellWord | null {
  if (!GEM.test(command.name)) return null;
  const verb = positionalArgs(command, ['-v', '--version', '-i', '--install-dir', '-n', '--bindir', '-s', '--source', '-P', '--trust-policy', '-g', '--file'])[0];
  if (verb?.value !== 'install' && verb?.value !== 'update') return null;
  if (hasFlag(command, '--no-document', '-N', '--no-doc')) return null;
  if (hasFlag(command, '--no-rdoc') && hasFlag(command, '--no-ri')) return null;
  return verb;
}

export const packageCache: Rule = {
  meta: {
    id: 'package-cache',
    category: 'size',
    severity: 'warning',
    description: 'Clean the package manager cache (yarn, dnf, microdnf, yum, zypper) in the same RUN, and install gems without documentation.',
    fixable: true,
    aliases: ['DL3060', 'DL3032', 'DL3036', 'DL3040'],
    requires: { keywords: ['RUN'], text: ['yarn', 'dnf', 'yum', 'zypper', 'gem'] },
    // Each RUN on its own, and whether its stage ships (the final one, or built on by a later
    // stage): the editor re-checks only the stages an edit touches (incremental.ts).
    scope: 'stage',
    docs: `Package managers keep what they download: yarn its package tarballs, dnf, microdnf and
yum their repository metadata and RPMs, zypper its package cache. \`gem install\` also builds
rdoc/ri documentation. In an image all of it is dead weight, and because each RUN is a layer
it must be removed by the RUN that created it.

**Flagged** (each finding names its own hadolint code):
- \`yarn install\`, \`yarn add\`, \`yarn global add\` or a bare \`yarn\` (not \`yarn --version\`) without a later
  \`yarn cache clean\` in the same RUN (DL3060);
- \`dnf install\` (also \`in\`, \`upgrade\`, \`reinstall\`, \`group install\`, ...) without
  \`dnf clean all\` afterwards (DL3040), \`microdnf install\` without \`microdnf clean all\`
  (DL3040), \`yum install\` without \`yum clean all\` (DL3032); removing
  \`/var/cache/dnf\`, \`/var/cache/yum\` or \`/var/cache/libdnf5\` counts as cleaning, and
  \`dnf clean all\` and \`yum clean all\` count for each other (on EL8+ and Fedora \`yum\` is
  dnf), while microdnf keeps its own cache and needs \`microdnf clean all\`;
- \`zypper install\` (also \`in\`, \`update\`, \`dist-upgrade\`, ...) without \`zypper clean\` /
  \`zypper cc\` afterwards (DL3036);
- \`gem install\` / \`gem update\` without \`--no-document\` (no hadolint equivalent).

A cleanup *before* the install does not count. **Not flagged:** when a
\`--mount=type=cache\` or \`--mount=type=tmpfs\` covers the manager's cache directory
(\`~/.cache/yarn\`, \`/usr/local/share/.cache/yarn\`, \`/var/cache/dnf\`, \`/var/cache/yum\`,
\`/var/cache/libdnf5\`, \`/var/cache/zypp\`), in builder stages whose layers never ship, for
Yarn 2+ projects (\`--immutable\`, a \`.yarnrc.yml\` in the build context, or \`corepack\` / \`yarn
set version\` earlier in the stage: there the cache is the installed packages), and for gems on
the official \`ruby\` images, whose gemrc already says \`gem: --no-document\`.

**Fix:** appends \`&& yarn cache clean\`, \`&& dnf clean all\`, \`&& microdnf clean all\`,
\`&& yum clean all\` or \`&& zypper clean --all\` at the end of the RUN (declined where text
cannot be appended safely: a trailing comment, a trailing \`;\` or \`&\`, heredoc or exec-form
RUNs, \`dnf --installroot\`, \`zypper --root\`); for gems it inserts \`--no-document\` after \`install\`.

**Differences from hadolint:** cache and tmpfs mounts, the stage rule (hadolint applies it to
yarn only) and the Yarn 2+ exception above; gem documentation has no hadolint code.`,
  },
  check(context) {
    const { model } = context;
    for (const instruction of model.runInstructions()) {
      if (!MANAGER_NAMES.test(instruction.text)) continue;
      const run = model.run(instruction);
      if (run.commands.length === 0 || !layerShips(model, instruction)) continue;
      for (const manager of MANAGERS) checkManager(context, instruction, run, manager);
      checkGems(context, instruction, run);
    }
  },
};

function checkManager(context: RuleContext, instruction: Instruction, run: RunInfo, manager: CacheManager): void {
  const { model } = context;
  const commands = run.commands;
  const lastInstall = lastIndexOfCommand(commands, manager.installs);
  if (lastInstall === -1 || lastIndexOfCommand(commands, manager.cleans) > lastInstall) return;
  if (cacheMountCovers(run, ...manager.cacheDirs)) return;
  const install = commands[lastInstall];
  if (manager.name === 'yarn' && (cacheMountWhere(run, yarnCacheTarget) || yarnCacheFolderMounted(run, install) || usesModernYarn(context, instruction, install))) return;
  // Installing into another root keeps the cache there; a plain clean would miss it.
  const installRoot = flagValue(install, '--installroot', '--root', '-R') !== null;
  context.report({
    range: run.editable && install.nameWord ? model.wordRange(instruction, install.nameWord) : instruction.range,
    message: `'${describeCall(install)}' leaves its cache in the layer; run '${manager.cleanCommand}' at the end of the same RUN.`,
    fixTitle: `Append && ${manager.cleanCommand}`,
    fix: installRoot ? undefined : () => wrap(appendCommandToRun(model, instruction, manager.cleanCommand)),
    aliases: manager.alias ? [manager.alias] : [],
  });
}

function checkGems(context: RuleContext, instruction: Instruction, run: RunInfo): void {
  const { model } = context;
  let stageChecked = false;
  for (const command of run.commands) {
    const verb = gemInstallWithDocs(command);
    if (!verb) continue;
    if (!stageChecked) {
      if (gemDocsDisabledByImage(model, instruction)) return;
      stageChecked = true;
    }
    context.report({
      range: run.editable && command.nameWord ? model.wordRange(instruction, command.nameWord) : instruction.range,
      message: `'gem ${verb.value}' without --no-document also builds rdoc/ri documentation into the layer.`,
      fixTitle: 'Add --no-document',
      fix: run.editable ? () => [insertAfterWord(model, instruction, verb, ' --no-document')] : undefined,
      aliases: [],
    });
  }
}

/** `dnf install`, `yarn add`, or just `yarn` for a bare call. */
function describeCall(command: ShellCommand): string {
  const verb = positionalArgs(command, [...DNF_VALUE_OPTIONS, ...ZYPPER_VALUE_OPTIONS, '--cache-folder', '--cwd'])[0]?.value;
  return verb ? `${command.name} ${verb}` : command.name;
}

function wrap<T>(edit: T | null): T[] | null {
  return edit ? [edit] : null;
}

/** `yarn install --cache-folder /x` with a cache mount on /x. */
function yarnCacheFolderMounted(run: RunInfo, install: ShellCommand): boolean {
  const folder = flagValue(install, '--cache-folder');
  return folder !== null && folder !== '' && cacheMountCovers(run, folder);
}

/** Yarn 2+ (berry): with Plug'n'Play its cache holds the installed packages, so cleaning it breaks the app. */
function usesModernYarn(context: RuleContext, instruction: Instruction, install: ShellCommand): boolean {
  if (hasFlag(install, '--immutable', '--immutable-cache')) return true;
  if (context.env.context?.exists('.yarnrc.yml')) return true;
  return earlierInLineage(context.model, instruction).some(
    (candidate) => candidate.keyword === 'RUN' && (candidate.text.includes('corepack') || /yarn\s+set\s+version/.test(candidate.text)),
  );
}

/** The official ruby images ship `gem: --no-document` in their gemrc; a RUN may write the same. */
function gemDocsDisabledByImage(model: DockerfileModel, instruction: Instruction): boolean {
  let root: Stage | null = model.stageOf(instruction);
  while (root?.baseStage) root = root.baseStage;
  const base = root?.base;
  if (base && (base.registry === null || base.registry === 'docker.io') && (base.name === 'ruby' || base.name === 'library/ruby')) return true;
  return earlierInLineage(model, instruction).some((candidate) => candidate.text.includes('gemrc') && candidate.text.includes('--no-document'));
}

/** Instructions before this one in its stage and in the stages it builds FROM. */
function earlierInLineage(model: DockerfileModel, instruction: Instruction): Instruction[] {
  const found: Instruction[] = [];
  let before = instruction.index;
  for (let stage: Stage | null = model.stageOf(instruction); stage; stage = stage.baseStage) {
    for (const candidate of stage.instructions) if (candidate.index < before) found.push(candidate);
    before = Infinity;
  }
  return found;
}
