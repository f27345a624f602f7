import { hasFlag, positionalArgs } from '../analysis/commands';
import { removeInstruction } from '../analysis/edits';
import type { AnalysisEnv } from '../analysis/env';
import type { DockerfileModel } from '../analysis/model';
import type { Rule } from '../analysis/rule';
import type { ShellCommand, ShellWord } from '../analysis/shell';
import { copyPaths, isWithin } from '../analysis/stage-paths';
import { resolvePath, walkStage, type StageState } from '../analysis/stage-state';
import type { Instruction, Stage, TextEdit } from '../analysis/types';

/** A COPY/ADD whose destination is known, as the stage walk meets it. */
interface CopyTarget {
  instruction: Instruction;
  destination: string;
  /** Index of the instruction in its stage, to look at what lies between it and the RUN. */
  position: number;
}

interface OwnershipChange {
  command: ShellCommand;
  /** `chown` -> `--chown`, `chmod` -> `--chmod`. */
  copyFlag: 'chown' | 'chmod';
  /** `app:app` or `755`. */
  value: ShellWord;
  paths: ShellWord[];
  recursiveFlag: ShellWord;
}

/** Top-level directories every Linux image has: `chown -R /etc` also changes the base image's files. */
const SYSTEM_TOP_DIRS = new Set(['bin', 'boot', 'dev', 'etc', 'home', 'lib', 'lib32', 'lib64', 'libx32', 'media', 'mnt', 'opt', 'proc', 'root', 'run', 'sbin', 'srv', 'sys', 'tmp', 'usr', 'var']);
/** Instructions that neither run code nor write files, so they may sit between the COPY and the chown. */
const INERT = new Set(['ENV', 'ARG', 'LABEL', 'EXPOSE', 'STOPSIGNAL', 'HEALTHCHECK', 'CMD', 'ENTRYPOINT', 'MAINTAINER', 'SHELL', 'ONBUILD']);
const CHOWN_VALUE_OPTIONS = ['--from', '--reference'];

/** `chown -R app:app /app`, `chmod -R 755 /app`: recursive ownership or mode changes. */
function readOwnershipChange(command: ShellCommand): OwnershipChange | null {
  if (command.name !== 'chown' && command.name !== 'chmod') return null;
  const recursiveFlag = command.args.find((arg) => arg.value === '--recursive' || /^-[A-Za-z]*R[A-Za-z]*$/.test(arg.value));
  if (!recursiveFlag) return null;
  if (hasFlag(command, '--reference')) return null;
  const [value, ...paths] = positionalArgs(command, CHOWN_VALUE_OPTIONS);
  if (!value || paths.length === 0) return null;
  return { command, copyFlag: command.name, value, paths, recursiveFlag };
}

/** A RUN whose text names chown or chmod (the only commands readOwnershipChange reads). */
function mayChangeOwnership(instruction: Instruction): boolean {
  return instruction.keyword === 'RUN' && (instruction.text.includes('chown') || instruction.text.includes('chmod'));
}

function containerPath(state: StageState, raw: string): string | null {
  if (raw.includes('$') || raw.startsWith('~') || /[*?[]/.test(raw)) return null;
  const path = resolvePath(state.workdir, raw);
  return path.startsWith('?') ? null : path;
}

export const chownAfterCopy: Rule = {
  meta: {
    id: 'chown-after-copy',
    scope: 'stage',
    category: 'size',
    severity: 'warning',
    description: 'Set ownership or mode with `COPY --chown`/`--chmod` instead of a later `RUN chown -R`/`chmod -R`.',
    fixable: true,
    aliases: [],
    requires: { keywords: ['RUN'], text: ['chown', 'chmod'] },
    docs: `Changing the owner or mode of a file rewrites it into the layer of the RUN that changed
it. \`COPY . /app\` followed by \`RUN chown -R app:app /app\` therefore stores every copied file
twice: once as root in the COPY's layer and once as \`app\` in the RUN's layer.
\`COPY --chown=app:app\` (or \`--chmod=755\`) sets the owner or mode as the files are copied.

**Flagged:** \`chown -R\` or \`chmod -R\` (anywhere in a RUN) of a path that is an earlier COPY or
ADD destination of the same stage, or a parent of one. Relative paths are resolved against the
WORKDIR in effect.

**Fix:** adds \`--chown=user:group\` (or \`--chmod=mode\`) to that COPY and deletes the RUN. It
is offered only when it keeps the result identical:
- the RUN does nothing else, its path is exactly the COPY's destination, the owner is
  \`user:group\` (a bare user would make Docker use the user's id as group, chown keeps it)
  or the mode is octal, and the COPY is a COPY (not ADD) without that flag yet;
- between the COPY and the RUN there are only instructions that run nothing (ENV, LABEL,
  EXPOSE, ...) and no other COPY into the same place;
- the destination is an application folder (\`/app\`, \`/srv-data/x\`: its top-level folder is
  not a system one such as \`/etc\`, \`/usr\`, \`/opt\`, \`/home\`, whose existing files the
  recursive chown would also change), whose parent exists (\`/\`, or made earlier in the stage):
  BuildKit gives the owner to the directories a COPY creates;
- when an earlier \`WORKDIR\` created the destination, that directory is not created by the
  COPY and keeps root as owner under \`--chown\`, so the fix keeps a non-recursive
  \`chown user:group /app\` for the directory itself (a layer of one directory entry);
- \`--chmod\` does not change the destination directory itself (BuildKit gives it 755), so
  for a directory the fix keeps a non-recursive \`chmod 750 /app\`; whether a single source
  is a directory or a file is read from the build context, and without it the chmod fix is
  not offered (a trailing \`/\`, \`.\` or several sources mean a directory).

It assumes the base image has nothing at the destination, which holds for application
folders like \`/app\`. Where the fix is not offered, write \`COPY --chown\` by hand.
BuildKit (the default builder since Docker 23) is needed for \`--chmod\`.`,
  },
  check({ model, env, report }) {
    for (const stage of model.stages) {
      // Walking the stage resolves paths per instruction: only worth it where a RUN may chown/chmod.
      if (!stage.instructions.some(mayChangeOwnership)) continue;
      const copies: CopyTarget[] = [];
      /** The working directory before each instruction of the stage, for the fix. */
      const workdirs: string[] = [];
      walkStage(model, stage, (instruction, state) => {
        const position = workdirs.length;
        workdirs.push(state.workdir);
        if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') {
          const paths = copyPaths(instruction);
          const destination = paths && containerPath(state, paths.destination);
          if (destination) copies.push({ instruction, destination, position });
          return;
        }
        if (copies.length === 0 || !mayChangeOwnership(instruction)) return;
        const run = model.run(instruction);
        if (run.execForm || !run.editable) return;
        for (const command of run.commands) {
          const change = readOwnershipChange(command);
          const found = change && findCopiedPath(state, change, copies);
          if (!change || !found) continue;
          const { path, copy } = found;
          const flag = `--${change.copyFlag}=${change.value.value}`;
          report({
            range: model.wordRange(instruction, command.nameWord!),
            message: `'${change.copyFlag} -R' of ${path} rewrites the files COPY put there (line ${copy.instruction.range.start.line + 1}) into a new layer, storing them twice; use COPY ${flag}.`,
            related: [{ range: copy.instruction.range, message: 'The files are copied here' }],
            fixTitle: `Move '${change.copyFlag} -R' into COPY ${flag}`,
            fix: () => moveToCopyFlag(model, env, { stage, run: instruction, position, change, path, copy, copies, workdirs }),
          });
        }
      });
    }
  },
};

/** The first path of the change that is a COPY destination or a parent of one, with that COPY. */
function findCopiedPath(state: StageState, change: OwnershipChange, copies: CopyTarget[]): { path: string; copy: CopyTarget } | null {
  for (const word of change.paths) {
    const path = containerPath(state, word.value);
    const copy = path ? latestCopyUnder(copies, path) : null;
    if (path && copy) return { path, copy };
  }
  return null;
}

/** The latest COPY whose destination is `path` or inside it. */
function latestCopyUnder(copies: CopyTarget[], path: string): CopyTarget | null {
  for (let i = copies.length - 1; i >= 0; i--) if (isWithin(copies[i].destination, path)) return copies[i];
  return null;
}

interface FixInput {
  stage: Stage;
  run: Instruction;
  /** Index of the RUN in the stage. */
  position: number;
  change: OwnershipChange;
  path: string;
  copy: CopyTarget;
  copies: CopyTarget[];
  workdirs: string[];
}

function moveToCopyFlag(model: DockerfileModel, env: AnalysisEnv, input: FixInput): TextEdit[] | null {
  const { stage, run, change, path, copy } = input;
  const copyInstruction = copy.instruction;
  if (copyInstruction.keyword !== 'COPY' || copy.destination !== path || change.paths.length !== 1 || stage.baseStage) return null;
  if (model.run(run).commands.length !== 1 || !onlyHarmlessOptions(change.command)) return null;
  if (copyInstruction.flags.some((flag) => flag.name === change.copyFlag)) return null;
  const valid = change.copyFlag === 'chown' ? /^[A-Za-z0-9_][A-Za-z0-9_.-]*:[A-Za-z0-9_][A-Za-z0-9_.-]*$/ : /^[0-7]{3,4}$/;
  if (!valid.test(change.value.value) || path === '/' || SYSTEM_TOP_DIRS.has(path.split('/')[1])) return null;
  const between = stage.instructions.slice(copy.position + 1, input.position);
  if (between.some((instruction) => !INERT.has(instruction.keyword) && !isUnrelatedCopy(instruction, input.copies, path))) return null;
  const origin = originOf(input);
  if (origin === 'unsafe') return null;
  const keyword = copyInstruction.keywordRange.end;
  const addFlag: TextEdit = { range: { start: keyword, end: keyword }, newText: ` --${change.copyFlag}=${change.value.value}` };
  const keepForDirectory = [addFlag, removeRecursion(model, run, change.recursiveFlag)];
  // --chown also owns the directories the COPY creates, the destination included; a
  // WORKDIR-made destination already exists and keeps its owner, so chown it alone.
  if (change.copyFlag === 'chown') return origin === 'new' ? [addFlag, removeInstruction(model, run)] : keepForDirectory;
  // --chmod leaves the destination directory itself alone (checked with BuildKit): keep a
  // non-recursive chmod for a directory; a single file is covered by --chmod.
  const kind = destinationKind(copyInstruction, env);
  if (kind === 'directory') return keepForDirectory;
  return kind === 'file' ? [addFlag, removeInstruction(model, run)] : null;
}

/** Whether the COPY's destination is a directory or one file; unknown without the build context. */
function destinationKind(copy: Instruction, env: AnalysisEnv): 'directory' | 'file' | 'unknown' {
  const paths = copyPaths(copy);
  if (!paths) return 'unknown';
  const { sources, destination } = paths;
  if (destination.endsWith('/') || sources.length > 1 || sources.some((source) => source === '.' || source.endsWith('/'))) return 'directory';
  const source = sources[0];
  if (copy.flags.some((flag) => flag.name === 'from') || /[*?[]/.test(source) || source.startsWith('<<') || !env.context?.exists(source)) return 'unknown';
  return env.context.readText(source) === undefined ? 'directory' : 'file';
}

/** -R with only -f/-v/-c (quiet, verbose, changes): other options (-h, -L, --from) change what is touched. */
function onlyHarmlessOptions(command: ShellCommand): boolean {
  return command.args.every((arg) => !arg.value.startsWith('-') || /^-[Rfvc]+$/.test(arg.value) || ['--recursive', '--silent', '--quiet', '--verbose', '--changes'].includes(arg.value));
}

/** A COPY between the two whose destination is elsewhere. */
function isUnrelatedCopy(instruction: Instruction, copies: CopyTarget[], path: string): boolean {
  const copy = copies.find((candidate) => candidate.instruction === instruction);
  return copy !== undefined && !isWithin(copy.destination, path) && !isWithin(path, copy.destination);
}

/**
 * How the destination came to exist before the COPY: `new` (the COPY creates it, under a
 * parent that exists), `workdir` (an earlier WORKDIR created it, empty), or `unsafe`.
 */
function originOf({ stage, path, copy, copies, workdirs }: FixInput): 'new' | 'workdir' | 'unsafe' {
  const parent = path.slice(0, path.lastIndexOf('/')) || '/';
  let parentExists = parent === '/';
  let madeByWorkdir = false;
  for (let i = 0; i < copy.position; i++) {
    const instruction = stage.instructions[i];
    if (instruction.keyword === 'WORKDIR') {
      // The directory a WORKDIR sets is the one in effect at the next instruction.
      const dir = workdirs[i + 1];
      if (dir === undefined || dir.startsWith('?')) return 'unsafe';
      if (dir === path) madeByWorkdir = true;
      else if (isWithin(dir, path)) return 'unsafe';
      if (isWithin(dir, parent)) parentExists = true;
    } else if (instruction.keyword === 'RUN') {
      // A RUN may create the destination (`mkdir -p /app/src`, `mkdir src` from /app) or,
      // running inside it, write into it.
      const cwd = workdirs[i];
      if (instruction.text.includes(path) || isWithin(cwd, path) || (parent !== '/' && cwd === parent)) return 'unsafe';
    } else if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') {
      const earlier = copies.find((candidate) => candidate.instruction === instruction);
      if (!earlier || isWithin(earlier.destination, path) || isWithin(path, earlier.destination)) return 'unsafe';
      if (isWithin(earlier.destination, parent)) parentExists = true;
    }
  }
  if (madeByWorkdir) return 'workdir';
  return parentExists ? 'new' : 'unsafe';
}

/** Drops the recursion: `chown -R app /app` -> `chown app /app`, `-Rf` -> `-f`. */
function removeRecursion(model: DockerfileModel, instruction: Instruction, word: ShellWord): TextEdit {
  if (word.value !== '--recursive' && word.value !== '-R') {
    const at = instruction.text.indexOf('R', word.start);
    return { range: model.rangeIn(instruction, at, at + 1), newText: '' };
  }
  let start = word.start;
  while (start > 0 && (instruction.text[start - 1] === ' ' || instruction.text[start - 1] === '\t')) start--;
  return { range: model.rangeIn(instruction, start, word.end), newText: '' };
}
