import { cacheMountCovers } from '../analysis/cache-mounts';
import { flagValue, hasFlag, positionalArgs } from '../analysis/commands';
import type { DockerfileModel, RunInfo } from '../analysis/model';
import type { Rule } from '../analysis/rule';
import type { ShellCommand, ShellWord } from '../analysis/shell';
import { stageLayersShip } from '../analysis/shipped-stages';
import { copyPaths, globToRegExp, isWithin, resolvePath as resolveFrom } from '../analysis/stage-paths';
import { resolvePath, walkStage } from '../analysis/stage-state';
import type { Instruction, Stage } from '../analysis/types';
import { aptSubcommand, runLeavesAptLists } from './apt-lists';

type CreationKind = 'copy' | 'download' | 'apt-lists';

/** A path an instruction clearly put into its layer. */
interface Creation {
  path: string;
  instruction: Instruction;
  kind: CreationKind;
}

/** Something a RUN writes, and the index of the command that writes it. */
interface RunWrite extends Creation {
  commandIndex: number;
}

const APT_LISTS = '/var/lib/apt/lists';
const LOCAL_ARCHIVE = /\.(tar|tgz|tbz2?|txz|tar\.(gz|bz2|xz|zst|lz|lzma))$/i;
const URL = /^(https?|ftp):\/\//i;

/** Absolute, variable-free path of `raw` seen from `cwd` (null: unknown directory). */
function absolute(cwd: string | null, raw: string): string | null {
  if (raw === '' || raw === '-' || raw.includes('$') || raw.startsWith('~') || raw.startsWith('/dev/')) return null;
  if (!raw.startsWith('/') && cwd === null) return null;
  const path = resolvePath(cwd ?? '/', raw);
  return path.startsWith('?') ? null : path;
}

/** The last path segment of a URL (`https://x/y/app.tgz?x=1` -> `app.tgz`), or null. */
function urlFileName(url: string): string | null {
  const path = url.replace(/[?#].*$/, '').replace(/^[a-z]+:\/\/[^/]*/i, '');
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name === '' || name.includes('$') ? null : name;
}

const knownDir = (workdir: string) => (workdir.startsWith('?') ? null : workdir);

/** What a COPY or ADD adds: its destination, or `dest/name` for sources copied into a directory. */
function copyCreations(instruction: Instruction, workdir: string): Creation[] {
  const paths = copyPaths(instruction);
  if (!paths) return [];
  const destination = absolute(knownDir(workdir), paths.destination);
  if (!destination) return [];
  const intoDirectory = paths.destination.endsWith('/') || paths.sources.length > 1;
  if (!intoDirectory) return [{ path: destination, instruction, kind: 'copy' }];
  const created: Creation[] = [];
  for (const source of paths.sources) {
    // ADD unpacks local archives: their name does not appear in the image.
    if (/[*?[]/.test(source) || source.startsWith('<<') || (instruction.keyword === 'ADD' && !URL.test(source) && LOCAL_ARCHIVE.test(source))) continue;
    const name = URL.test(source) ? urlFileName(source) : source.replace(/\/+$/, '').split('/').pop();
    if (name && name !== '.' && name !== '..') created.push({ path: resolvePath(destination, name), instruction, kind: 'copy' });
  }
  return created;
}

/** Files a command downloads: `curl -o f`, `curl -O url`, `wget -O f`, `wget [-P dir] url`, `git clone url [dir]`. */
function downloadTargets(command: ShellCommand, cwd: string | null): string[] {
  const urls = command.args.filter((arg) => URL.test(arg.value)).map((arg) => arg.value);
  if (command.name === 'curl') {
    const output = flagValue(command, '-o', '--output');
    if (output !== null) return [absolute(cwd, output)].filter(isPath);
    if (hasFlag(command, '-O', '--remote-name') && !hasFlag(command, '--output-dir') && urls.length === 1) {
      return [absolute(cwd, urlFileName(urls[0]) ?? '')].filter(isPath);
    }
    return [];
  }
  if (command.name === 'wget') {
    const output = flagValue(command, '-O', '--output-document');
    if (output !== null) return [absolute(cwd, output)].filter(isPath);
    const prefix = flagValue(command, '-P', '--directory-prefix');
    const dir = prefix === null ? cwd : absolute(cwd, prefix);
    return urls.map((url) => absolute(dir, urlFileName(url) ?? '')).filter(isPath);
  }
  if (command.name === 'git' && positionalArgs(command, ['-b', '--branch', '--depth', '-o', '--origin', '-c', '--config', '--reference', '-j', '--jobs', '--filter'])[0]?.value === 'clone') {
    const [, url, dir] = positionalArgs(command, ['-b', '--branch', '--depth', '-o', '--origin', '-c', '--config', '--reference', '-j', '--jobs', '--filter']).map((w) => w.value);
    if (!url) return [];
    return [absolute(cwd, dir ?? (urlFileName(url) ?? '').replace(/\.git$/, ''))].filter(isPath);
  }
  return [];
}

function isPath(path: string | null): path is string {
  return path !== null && path !== '/';
}

/** An `rm` operand as a test over paths: `/tmp/*` and `/tmp/` mean `/tmp`, `/tmp/*.tgz` a pattern. */
function removalMatcher(raw: string, cwd: string | null): ((path: string) => boolean) | null {
  const trimmed = raw.replace(/\/\*$/, '').replace(/(.)\/+$/, '$1');
  const slash = trimmed.lastIndexOf('/');
  const last = trimmed.slice(slash + 1);
  if (/[*?[]/.test(last) && !/[*?[]/.test(trimmed.slice(0, Math.max(slash, 0)))) {
    const dir = slash === -1 ? cwd : absolute(cwd, trimmed.slice(0, slash) || '/');
    if (!dir) return null;
    const pattern = globToRegExp(last);
    return (path) => isWithin(path, dir) && path !== dir && pattern.test(path.slice(dir.length + (dir === '/' ? 0 : 1)).split('/')[0]);
  }
  if (/[*?[]/.test(trimmed)) return null;
  const target = absolute(cwd, trimmed);
  return target ? (path) => isWithin(path, target) : null;
}

/**
 * The directory each command of a RUN runs in, following `cd` (one pass; the same reading as
 * stage-paths' directoryOfCommand: a `cd` in a pipeline, after `||` or in the background makes
 * every later directory unknown).
 */
function commandDirectories(workdir: string | null, commands: readonly ShellCommand[]): (string | null)[] {
  const dirs: (string | null)[] = [];
  let dir = workdir;
  let lost = false;
  for (const command of commands) {
    dirs.push(lost ? null : dir);
    if (lost || command.name !== 'cd') continue;
    if (command.connector === '||' || command.connector === '|' || command.connector === '&') {
      lost = true;
      continue;
    }
    const to = command.args.find((arg) => !arg.value.startsWith('-'))?.value;
    dir = to === undefined || to === '~' || to === '-' ? null : resolveFrom(dir, to);
  }
  return dirs;
}

const DOWNLOADERS = new Set(['curl', 'wget', 'git']);

/** Everything a RUN writes that this rule follows: downloads and the apt lists of `apt-get update`. */
function runWrites(run: RunInfo, instruction: Instruction, dirs: () => (string | null)[]): RunWrite[] {
  const writes: RunWrite[] = [];
  run.commands.forEach((command, commandIndex) => {
    if (!DOWNLOADERS.has(command.name)) return;
    for (const path of downloadTargets(command, dirs()[commandIndex])) {
      if (!cacheMountCovers(run, path)) writes.push({ path, instruction, kind: 'download', commandIndex });
    }
  });
  const update = run.commands.findIndex((command) => aptSubcommand(command) === 'update');
  if (update >= 0 && !cacheMountCovers(run, APT_LISTS)) writes.push({ path: APT_LISTS, instruction, kind: 'apt-lists', commandIndex: update });
  return writes;
}

/** Whether the write is still there when the RUN ends (not deleted by a later command of it). */
function persists(model: DockerfileModel, run: RunInfo, write: RunWrite, dirs: (string | null)[]): boolean {
  if (write.kind === 'apt-lists') return runLeavesAptLists(model, write.instruction) !== null;
  const commands = run.commands;
  for (let index = write.commandIndex + 1; index < commands.length; index++) if (removes(commands[index], write.path, dirs[index])) return false;
  return true;
}

function removes(command: ShellCommand, path: string, cwd: string | null): boolean {
  return command.name === 'rm' && positionalArgs(command).some((arg) => removalMatcher(arg.value, cwd)?.(path) ?? false);
}

function describe(creation: Creation, path: string): string {
  const line = creation.instruction.range.start.line + 1;
  switch (creation.kind) {
    case 'copy':
      return `${path} was added by the ${creation.instruction.keyword} on line ${line}, an earlier layer, so deleting it here does not make the image smaller. Keep it out of the copy (.dockerignore, a narrower COPY) or use it through RUN --mount=type=bind or another stage.`;
    case 'download':
      return `${path} was downloaded by the RUN on line ${line}, an earlier layer, so deleting it here does not make the image smaller. Delete it in that same RUN, or download it in a builder stage.`;
    case 'apt-lists':
      return `The apt lists from 'apt-get update' on line ${line} are in an earlier layer, so deleting them here does not make the image smaller. Remove them in that same RUN.`;
  }
}

export const rmInLaterLayer: Rule = {
  meta: {
    id: 'rm-in-later-layer',
    requires: { keywords: ['RUN'], text: ['rm'] },
    scope: 'stage',
    category: 'size',
    severity: 'warning',
    description: 'Deleting files in a later RUN does not shrink the image: delete them in the layer that created them.',
    fixable: false,
    aliases: [],
    docs: `An image is the stack of all its layers. A file added by one instruction stays in that
layer for good; \`RUN rm\` in a later instruction only adds a "whiteout" that hides it, and the
bytes are still downloaded and stored.

**Flagged** (conservatively, only paths an earlier instruction of the same stage, or of a stage
it builds \`FROM\`, clearly created): \`rm\` of a COPY or ADD destination (or of
\`dest/name\` for a file copied into a directory, or a parent folder of those), of a file a RUN
downloaded (\`curl -o\`, \`curl -O\`, \`wget -O\`, \`wget [-P dir]\`, \`git clone\`), and of
\`/var/lib/apt/lists\` when an earlier RUN ran \`apt-get update\` without removing them. Globs in
the last path segment (\`/tmp/*.tgz\`) are understood; paths with variables are skipped. A RUN
that recreates the path before deleting it (its own \`apt-get update\`, its own download) is
not flagged, nor are builder stages whose layers never ship.

**No automatic fix:** the right change depends on why the file was there. Delete a download in
the RUN that fetched it; remove apt lists in the RUN that ran \`apt-get update\`; keep files
out of COPY with \`.dockerignore\` or a narrower source; use an archive through
\`RUN --mount=type=bind\` (or \`ADD\`, which unpacks local archives) instead of copying it first;
or build in a separate stage and \`COPY --from\` only the result.`,
  },
  check({ model, report }) {
    // Following what every stage creates is only worth it when something is removed.
    const removes = (instruction: Instruction) => instruction.text.includes('rm') && model.run(instruction).commands.some((command) => command.name === 'rm');
    // Only a stage whose layers ship and that removes something can report, on what it or the
    // stages it builds on created: no other stage needs following.
    const followed = new Set<Stage>();
    for (const stage of model.stages) {
      if (!stage.instructions.some((instruction) => instruction.keyword === 'RUN' && removes(instruction)) || !stageLayersShip(model, stage)) continue;
      for (let member: Stage | null = stage; member && !followed.has(member); member = member.baseStage) followed.add(member);
    }
    const endOfStage = new Map<number, Map<string, Creation>>();
    for (const stage of model.stages) {
      if (!followed.has(stage)) continue;
      const created = new Map<string, Creation>(stage.baseStage ? endOfStage.get(stage.baseStage.index) : undefined);
      const ships = stageLayersShip(model, stage);
      walkStage(model, stage, (instruction, state) => {
        if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') {
          for (const creation of copyCreations(instruction, state.workdir)) created.set(creation.path, creation);
          return;
        }
        if (instruction.keyword !== 'RUN') return;
        const run = model.run(instruction);
        if (run.execForm || !run.editable || run.commands.length === 0) return;
        const workdir = knownDir(state.workdir);
        let dirs: (string | null)[] | null = null;
        const directories = () => (dirs ??= commandDirectories(workdir, run.commands));
        const writes = runWrites(run, instruction, directories);
        if (ships && created.size > 0) {
          run.commands.forEach((command, index) => {
            if (command.name !== 'rm') return;
            for (const word of positionalArgs(command)) {
              const found = findRemoved(created, word, directories()[index], writes, index);
              if (!found) continue;
              report({
                range: model.wordRange(instruction, word),
                message: describe(found, found.path),
                related: [{ range: found.instruction.range, message: 'Added to the image here' }],
              });
            }
          });
        }
        for (const write of writes) if (persists(model, run, write, directories())) created.set(write.path, write);
      });
      endOfStage.set(stage.index, created);
    }
  },
};

/** The latest earlier creation the operand deletes, unless this RUN recreated it first. */
function findRemoved(created: Map<string, Creation>, word: ShellWord, cwd: string | null, writes: RunWrite[], rmIndex: number): Creation | null {
  const matches = removalMatcher(word.value, cwd);
  if (!matches) return null;
  let found: Creation | null = null;
  for (const creation of created.values()) {
    if (!matches(creation.path)) continue;
    if (writes.some((write) => write.commandIndex < rmIndex && write.path === creation.path)) continue;
    found = creation;
  }
  return found;
}
