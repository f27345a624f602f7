import { officialImageName, runsAsNonRootByDefault } from '../analysis/base-images';
import { cacheMountCovers } from '../analysis/cache-mounts';
import { findFlag, positionalArgs } from '../analysis/commands';
import {
  cacheMountFlag,
  cacheTargets,
  runInstalls,
  stageInstalls,
  type CacheTarget,
  type DependencyInstall,
  type Ecosystem,
  type RunInstalls,
} from '../analysis/dependency-installs';
import { insertAt, replace } from '../analysis/edits';
import type { DockerfileModel } from '../analysis/model';
import type { Rule } from '../analysis/rule';
import type { ShellCommand, ShellWord } from '../analysis/shell';
import { rootStageOf } from '../analysis/stage-lineage';
import { isRootUser, walkStage, type StageState } from '../analysis/stage-state';
import { visibleEnd } from '../analysis/shell-text';
import type { Instruction, TextEdit } from '../analysis/types';

/** Flags that keep a tool from writing its cache; with the cache mounted they only slow rebuilds. */
const NO_CACHE_FLAGS: Partial<Record<Ecosystem, string[]>> = {
  pip: ['--no-cache-dir'],
  uv: ['--no-cache', '-n'],
  poetry: ['--no-cache'],
  composer: ['--no-cache'],
};

/** Environment variables that switch a cache off for the whole stage (the fix cannot drop those). */
const NO_CACHE_ENV: Partial<Record<Ecosystem, string[]>> = {
  pip: ['PIP_NO_CACHE_DIR'],
  uv: ['UV_NO_CACHE'],
  composer: ['COMPOSER_NO_CACHE'],
};

/** Commands that empty a cache folder: `npm cache clean --force`, `apt-get clean`. */
const CACHE_CLEANERS: Partial<Record<Ecosystem, (command: ShellCommand) => boolean>> = {
  npm: (c) => c.name === 'npm' && positionalArgs(c)[0]?.value === 'cache' && positionalArgs(c)[1]?.value === 'clean',
  yarn: (c) => c.name === 'yarn' && positionalArgs(c)[0]?.value === 'cache' && positionalArgs(c)[1]?.value === 'clean',
  pip: (c) => /^pip3?$/.test(c.name) && positionalArgs(c)[0]?.value === 'cache' && /^(purge|remove)$/.test(positionalArgs(c)[1]?.value ?? ''),
  apt: (c) => /^apt(-get)?$/.test(c.name) && /^(auto)?clean$/.test(positionalArgs(c)[0]?.value ?? ''),
  composer: (c) => /^composer(\.phar)?$/.test(c.name) && /^(clear-cache|clearcache|cc)$/.test(positionalArgs(c)[0]?.value ?? ''),
  uv: (c) => c.name === 'uv' && positionalArgs(c)[0]?.value === 'cache' && /^(clean|prune)$/.test(positionalArgs(c)[1]?.value ?? ''),
};

interface Uncovered {
  install: DependencyInstall;
  targets: CacheTarget[];
}

export const cacheMount: Rule = {
  meta: {
    id: 'cache-mount',
    requires: { keywords: ['RUN'] },
    scope: 'stage',
    category: 'cache',
    severity: 'hint',
    description: 'Keep package downloads between builds with `RUN --mount=type=cache`.',
    fixable: true,
    aliases: [],
    docs: `When a dependency install reruns (a manifest changed, a base image moved), it downloads
every package again. A BuildKit cache mount keeps the tool's download cache between builds
without putting it in the image: \`RUN --mount=type=cache,target=/root/.npm npm ci\`.

**Flagged:** a RUN with a dependency or package install and no cache (or tmpfs) mount on
that tool's cache folder. Folders, for the root user: npm \`/root/.npm\`, yarn
\`/usr/local/share/.cache/yarn\`, pnpm \`/root/.local/share/pnpm/store\` (\`$PNPM_HOME/store\` when
set), pip \`/root/.cache/pip\`, uv \`/root/.cache/uv\`, poetry \`/root/.cache/pypoetry\`, Go
\`/go/pkg/mod\` on \`golang\` images (their GOPATH is \`/go\`; elsewhere \`/root/go/pkg/mod\`) plus
\`/root/.cache/go-build\` for commands that compile, Maven \`/root/.m2\`, Gradle \`/root/.gradle\`,
Cargo \`/usr/local/cargo/registry\` on \`rust\` images (else \`/root/.cargo/registry\`), Bundler
\`/usr/local/bundle/cache\` on \`ruby\` images, Composer \`/root/.composer/cache\` (\`/tmp/cache\` on
the \`composer\` image), apt \`/var/cache/apt\` and \`/var/lib/apt\` (with \`sharing=locked\`, as apt
takes locks), apk \`/var/cache/apk\`. \`ENV\` settings that move a cache (\`PIP_CACHE_DIR\`,
\`npm_config_cache\`, \`GOMODCACHE\`, \`GOPATH\`, \`GOCACHE\`, \`CARGO_HOME\`, \`GRADLE_USER_HOME\`,
\`COMPOSER_HOME\`, \`GEM_HOME\`, ...) and command options (\`--cache\`, \`--cache-dir\`,
\`--store-dir\`) are followed.

**Quiet** when any mount already covers one of the tool's folders; after a \`USER\` that is
not root (the cache lives elsewhere and a root-owned mount would not be writable); when the
location cannot be known (an ENV value with an unknown variable, Bundler with a project-local
\`BUNDLE_PATH\`, \`-Dmaven.repo.local\`); for \`.NET\`, whose package folder is read by later
builds, so it is not a cache; when an ENV switches the cache off for the stage
(\`PIP_NO_CACHE_DIR\`, \`UV_NO_CACHE\`); and for \`apk add --no-cache\`: apk keeps packages only
when \`/etc/apk/cache\` is set up, so mounting \`/var/cache/apk\` would buy little, while
\`--no-cache\` already keeps the image clean. (An \`apk add\` without \`--no-cache\` is flagged; when
fix-all also applies \`apk-no-cache\`, the RUN gets both the mount and \`--no-cache\`, which builds
and keeps the image small; the mount then simply stays empty.)

**No-cache flags and cleanups.** A cache mount and \`pip install --no-cache-dir\` contradict each
other: the flag keeps the cache out of the image, which the mount already does, and stops pip
from using the mounted cache. The fix therefore adds the mount and removes the flag (also
uv's and poetry's \`--no-cache\`, composer's \`--no-cache\`), and removes commands that only empty
the mounted folders in the same RUN (\`rm -rf /var/lib/apt/lists/*\`, \`apt-get clean\`,
\`npm cache clean --force\`, \`pip cache purge\`). The image stays as small: what they deleted now
lives in the cache mount. Size rules that ask for those flags and cleanups stay quiet when a
cache mount covers the folder. The fix is declined when such a cleanup sits in a chain it
cannot be cut out of cleanly (after \`;\`, \`||\` or in a pipeline), or the RUN is in exec form.

**Fix:** adds \`--mount=type=cache,target=...\` right after \`RUN\` for each folder. Cache mounts
need BuildKit (the default builder since Docker Engine 23); the legacy builder rejects them.
On Debian and Ubuntu images, \`/etc/apt/apt.conf.d/docker-clean\` deletes downloaded .deb
files after each install, so the apt mount mainly keeps the package lists; remove that file
(as Docker's documentation shows) to keep the .deb files too. A cache mount on a
download-only step (\`go mod download\`) helps the later build only if that build mounts the
same cache, which this rule asks for as well.

No hadolint or BuildKit check covers this; hadolint's cache-cleanup rules (DL3009, DL3042,
DL3019) ask for the opposite and ignore cache mounts.`,
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      // Following a stage's ENV and USER costs more than finding no install in it.
      if (!stageInstalls(model, stage)) continue;
      const image = officialImageName(rootStageOf(stage).base);
      const nonRootImage = runsAsNonRootByDefault(rootStageOf(stage).base);
      walkStage(model, stage, (instruction, state) => {
        if (instruction.keyword !== 'RUN') return;
        if (state.user !== null ? !isRootUser(state.user) : nonRootImage) return;
        const parsed = runInstalls(model, instruction);
        if (!parsed) return;
        const info = parsed.info;
        const uncovered = uncoveredInstalls(parsed, state, image);
        if (uncovered.length === 0) return;
        const first = uncovered[0];
        const targets = uniqueTargets(uncovered);
        const flags = targets.map(cacheMountFlag);
        const command = first.install.command;
        const name = [command.name, positionalArgs(command)[0]?.value].filter(Boolean).join(' ');
        report({
          range: info.editable && first.install.command.nameWord && first.install.command.start >= 0
            ? model.wordRange(instruction, first.install.command.nameWord)
            : instruction.range,
          message: `'${name}' downloads again whenever this RUN reruns; a cache mount keeps the downloads between builds without adding them to the image: RUN ${flags.join(' ')}`,
          fixTitle: `Add ${targets.length === 1 ? 'a cache mount' : 'cache mounts'} (${targets.map((t) => t.target).join(', ')})`,
          fix: () => buildFix(model, instruction, parsed, uncovered, flags),
        });
      });
    }
  },
};

function uncoveredInstalls({ info, installs }: RunInstalls, state: StageState, image: string | null): Uncovered[] {
  const result: Uncovered[] = [];
  const seen = new Set<Ecosystem>();
  for (const install of installs) {
    if (!install || seen.has(install.ecosystem)) continue;
    const command = install.command;
    seen.add(install.ecosystem);
    if (install.ecosystem === 'apk' && findFlag(command, '--no-cache')) continue;
    if (NO_CACHE_ENV[install.ecosystem]?.some((name) => state.env.get(name) !== undefined || command.assignments.some((a) => a.startsWith(name + '=')))) continue;
    const targets = cacheTargets(install, (name) => state.env.get(name), image);
    if (!targets || cacheMountCovers(info, ...targets.map((t) => t.target))) continue;
    result.push({ install, targets });
  }
  return result;
}

function uniqueTargets(uncovered: Uncovered[]): CacheTarget[] {
  const targets: CacheTarget[] = [];
  for (const { targets: list } of uncovered) {
    for (const target of list) if (!targets.some((t) => t.target === target.target)) targets.push(target);
  }
  return targets;
}

function buildFix(model: DockerfileModel, instruction: Instruction, parsed: RunInstalls, uncovered: Uncovered[], flags: string[]): TextEdit[] | null {
  const info = parsed.info;
  const keywordEnd = model.index.offsetAt(instruction.keywordRange.end);
  const edits: TextEdit[] = [insertAt(model, keywordEnd, ' ' + flags.join(' '))];
  const removals = redundantWords(parsed, uncovered, instruction.text, model.escapeChar);
  if (removals === null) return null;
  if (removals.length > 0 && (!info.editable || info.execForm)) return null;
  for (const [start, end] of removals) edits.push(replace(model.rangeIn(instruction, start, end), ''));
  return edits;
}

/**
 * Text spans (offsets in the RUN's text) that only kept the now-mounted caches out of the
 * image: no-cache flags and cleanup commands. Null when a cleanup cannot be cut out cleanly.
 */
function redundantWords({ info, installs }: RunInstalls, uncovered: Uncovered[], text: string, escapeChar: string): [number, number][] | null {
  const cut = (at: number) => visibleEnd(text, at, escapeChar);
  const spans: [number, number][] = [];
  const ecosystems = new Set(uncovered.map((u) => u.install.ecosystem));
  const cleaners = [...ecosystems].flatMap((ecosystem) => CACHE_CLEANERS[ecosystem] ?? []);
  const mounted = uncovered.flatMap((u) => u.targets.map((t) => t.target));
  const commands = info.commands;
  for (let i = 0; i < commands.length; i++) {
    const command = commands[i];
    const install = installs[i];
    if (install && ecosystems.has(install.ecosystem)) {
      for (const flag of NO_CACHE_FLAGS[install.ecosystem] ?? []) {
        for (const word of command.args) if (word.value === flag) spans.push(wordSpan(command, word, cut));
      }
      continue;
    }
    const cleaner = cleaners.some((cleans) => cleans(command));
    const removable = cleaner ? 'all' : rmSpans(command, mounted, cut);
    if (removable === null) continue;
    if (removable === 'conflict') return null;
    if (removable !== 'all') {
      spans.push(...removable);
      continue;
    }
    const span = commandSpan(commands, i, cut);
    if (span === null) return null;
    spans.push(span);
  }
  return spans;
}

/**
 * `rm -rf /var/lib/apt/lists/*`: 'all' when every path is in a mounted folder, else the spans
 * of those that are; null when none is. 'conflict' when a path is a parent of a mount target:
 * rm would then try to remove the mount point itself and fail the build.
 */
function rmSpans(command: ShellCommand, mounted: string[], cut: (at: number) => number): 'all' | 'conflict' | [number, number][] | null {
  if (command.name !== 'rm') return null;
  const paths = command.args.filter((arg) => !arg.value.startsWith('-'));
  // Each path made comparable once, not once per mount target.
  const trimmed = new Map(paths.map((arg) => [arg, trimGlob(homeToRoot(arg.value))]));
  if (paths.some((arg) => mounted.some((target) => isParentOf(trimmed.get(arg)!, target)))) return 'conflict';
  const inMount = paths.filter((arg) => mounted.some((target) => isInside(trimmed.get(arg)!, target)));
  if (inMount.length === 0) return null;
  if (inMount.length === paths.length) return 'all';
  return inMount.map((word) => wordSpan(command, word, cut));
}

function homeToRoot(path: string): string {
  return path.replace(/^(~|\$HOME|\$\{HOME\})(?=\/|$)/, '/root');
}

function trimGlob(path: string): string {
  return path.replace(/\/\*$/, '').replace(/\/+$/, '');
}

/** `/var/lib/apt/lists/*` (trimmed: `/var/lib/apt/lists`) is inside `/var/lib/apt`; so is the folder itself. */
function isInside(trimmed: string, target: string): boolean {
  return trimmed === target || trimmed.startsWith(target + '/');
}

/** `/root/.cache` and `/tmp/*` (trimmed: `/tmp`) hold the mount point `/root/.cache/pip`, `/tmp/cache`. */
function isParentOf(trimmed: string, target: string): boolean {
  return trimmed === '' ? target !== '/' : target.startsWith(trimmed + '/');
}

/** A word and the blank before it. */
function wordSpan(command: ShellCommand, word: ShellWord, cut: (at: number) => number): [number, number] {
  const index = command.words.indexOf(word);
  const previous = command.words[index - 1];
  return [previous ? cut(previous.end) : word.start, cut(word.end)];
}

/** The span that removes command `i` from an `&&` chain, with one connector; null when not possible. */
function commandSpan(commands: ShellCommand[], i: number, cut: (at: number) => number): [number, number] | null {
  const command = commands[i];
  const previous = commands[i - 1];
  const next = commands[i + 1];
  if (command.start < 0) return null;
  if (!next) {
    // `a && rm ...` at the end: remove from the end of `a`.
    return previous && previous.connector === '&&' ? [cut(previous.end), cut(command.end)] : null;
  }
  if (command.connector !== '&&') return null;
  if (previous && previous.connector !== '&&') return null;
  return [command.start, next.start];
}
