// Questions rules ask of a parsed shell command: which flags, which subcommand, which packages.
import type { ShellCommand, ShellWord } from './shell';

/**
 * True when the command has any of the flags. `-y` also matches combined short flags
 * (`-qy`), and `--flag` matches `--flag=value`.
 */
export function hasFlag(command: ShellCommand, ...flags: string[]): boolean {
  return findFlag(command, ...flags) !== null;
}

export function findFlag(command: ShellCommand, ...flags: string[]): ShellWord | null {
  for (const word of command.args) {
    const value = word.value;
    if (value === '--') break;
    if (!value.startsWith('-')) continue;
    for (const flag of flags) {
      if (value === flag || (flag.startsWith('--') && value.startsWith(flag + '='))) return word;
      if (isShortFlag(flag) && isShortFlagGroup(value) && value.includes(flag[1])) return word;
    }
  }
  return null;
}

/** The value of `--flag value`, `--flag=value` or `-f value`; null when absent. */
export function flagValue(command: ShellCommand, ...flags: string[]): string | null {
  const args = command.args;
  for (let i = 0; i < args.length; i++) {
    const value = args[i].value;
    for (const flag of flags) {
      if (value === flag) return i + 1 < args.length ? args[i + 1].value : '';
      if (value.startsWith(flag + '=')) return value.slice(flag.length + 1);
      if (isShortFlag(flag) && value.startsWith(flag) && value.length > 2 && !value.startsWith('--')) return value.slice(2);
    }
  }
  return null;
}

/** Arguments that are not flags (flags that take a value must be named to skip the value). */
export function positionalArgs(command: ShellCommand, flagsWithValue: string[] = []): ShellWord[] {
  const result: ShellWord[] = [];
  const args = command.args;
  for (let i = 0; i < args.length; i++) {
    const value = args[i].value;
    if (value === '--') {
      result.push(...args.slice(i + 1));
      break;
    }
    if (value.startsWith('-') && value !== '-') {
      if (flagsWithValue.includes(value)) i++;
      continue;
    }
    result.push(args[i]);
  }
  return result;
}

/** `apt-get install`, `npm ci`, `go mod download`: the program and its first positional words. */
export function isCall(command: ShellCommand, program: string | string[], ...subcommands: string[]): boolean {
  const programs = Array.isArray(program) ? program : [program];
  if (!programs.includes(command.name)) return false;
  if (subcommands.length === 0) return true;
  const positional = positionalArgs(command);
  return subcommands.every((sub, i) => sub.split('|').includes(positional[i]?.value ?? ''));
}

function isShortFlag(flag: string): boolean {
  return flag.length === 2 && flag[0] === '-' && flag[1] !== '-';
}

function isShortFlagGroup(value: string): boolean {
  return /^-[A-Za-z]+$/.test(value);
}
