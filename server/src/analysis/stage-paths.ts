// Paths inside a build stage: the working directory each instruction runs in, how a RUN's
// `cd` moves it, and how paths and COPY globs resolve against it. Used by rules that follow a
// build artifact from the command that writes it to the COPY that takes it.
import type { ShellCommand } from './shell';
import type { Instruction, Stage } from './types';

/** Normalizes `path` against `base` (`/app` + `../x/./y` -> `/x/y`); null when either is unknown or uses a variable. */
export function resolvePath(base: string | null, path: string): string | null {
  if (path.includes('$')) return null;
  let full: string;
  if (path.startsWith('/')) full = path;
  else if (base === null) return null;
  else full = base + '/' + path;
  const parts: string[] = [];
  for (const part of full.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return '/' + parts.join('/');
}

/** Whether `path` is `dir` or inside it. */
export function isWithin(path: string, dir: string): boolean {
  return dir === '/' || path === dir || path.startsWith(dir + '/');
}

/** `path` relative to `dir` (which contains it), as `./x` (or `./` for the directory itself). */
export function relativeTo(path: string, dir: string): string {
  if (path === dir) return './';
  return './' + (dir === '/' ? path.slice(1) : path.slice(dir.length + 1));
}

/**
 * The working directory in effect at each instruction of `stage` (index-aligned with
 * `stage.instructions`): absolute, or null while it depends on the base image (`initial`
 * null) or a variable. A WORKDIR applies from the instruction after it.
 */
export function workdirsOf(stage: Stage, initial: string | null = null): (string | null)[] {
  const result: (string | null)[] = [];
  let current = initial;
  for (const instruction of stage.instructions) {
    result.push(current);
    if (instruction.keyword === 'WORKDIR') {
      const path = instruction.args.map((arg) => arg.value).join(' ');
      current = path === '' ? null : resolvePath(current, unquote(path));
    }
  }
  return result;
}

/** The working directory after the stage's last instruction. */
export function finalWorkdirOf(stage: Stage, initial: string | null = null): string | null {
  const all = workdirsOf(stage, initial);
  const last = stage.instructions[stage.instructions.length - 1];
  if (!last) return initial;
  if (last.keyword !== 'WORKDIR') return all[all.length - 1];
  const path = last.args.map((arg) => arg.value).join(' ');
  return path === '' ? null : resolvePath(all[all.length - 1], unquote(path));
}

function unquote(text: string): string {
  return /^(["']).*\1$/.test(text) ? text.slice(1, -1) : text;
}

/**
 * The directory a command of a RUN runs in, following `cd` commands before it in the same
 * script (`cd cmd/server && go build`). `commands` are the RUN's parsed commands.
 * A `cd` inside a subshell or after `||` makes the directory unknown (null).
 */
export function directoryOfCommand(workdir: string | null, commands: readonly ShellCommand[], target: ShellCommand): string | null {
  let dir = workdir;
  for (const command of commands) {
    if (command === target) return dir;
    if (command.name !== 'cd') continue;
    if (command.connector === '||' || command.connector === '|' || command.connector === '&') return null;
    const to = command.args.filter((arg) => !arg.value.startsWith('-'))[0]?.value;
    dir = to === undefined || to === '~' || to === '-' ? null : resolvePath(dir, to);
  }
  return dir;
}

/** A COPY source with `*`, `?` or `[...]` as a regular expression over whole paths (Go's filepath.Match). */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close === -1) {
        source += '\\[';
        continue;
      }
      source += '[' + glob.slice(i + 1, close).replace(/^\^/, '^').replace(/\\/g, '\\\\') + ']';
      i = close;
    } else source += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp('^' + source + '$');
}

export function hasGlob(path: string): boolean {
  return /[*?[]/.test(path);
}

/** `COPY`/`ADD` sources and destination as written (flags excluded); null for the JSON form with fewer than two paths. */
export function copyPaths(instruction: Instruction): { sources: string[]; destination: string } | null {
  const words = instruction.jsonStrings ?? instruction.args.map((arg) => arg.value);
  if (words.length < 2) return null;
  return { sources: words.slice(0, -1), destination: words[words.length - 1] };
}
