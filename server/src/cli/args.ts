// Command-line arguments of `dockerfile-optimizer`: a small hand-written parser, because the
// surface is three commands and a handful of flags, and a usage error must say exactly what
// was wrong (exit code 2).

export type OutputFormat = 'text' | 'json' | 'sarif' | 'checkstyle' | 'gitlab' | 'junit' | 'github';

export interface CheckCommand {
  kind: 'check';
  format: OutputFormat;
  /** `--config FILE`; null: look for `.dockerfile-optimizer.json` upward from each Dockerfile. */
  config: string | null;
  /** Files or folders; empty means "the bundled examples". */
  paths: string[];
  /** `--jobs N`; null: decide from the number of files and cores. */
  jobs: number | null;
}

export interface FixCommand {
  kind: 'fix';
  dryRun: boolean;
  config: string | null;
  paths: string[];
  jobs: number | null;
}

export interface RulesCommand {
  kind: 'rules';
  format: 'text' | 'json';
}

export type Command = CheckCommand | FixCommand | RulesCommand | { kind: 'help' } | { kind: 'version' };

export class UsageError extends Error {}

export const USAGE = `Usage: dockerfile-optimizer <command> [options] [PATH...]

Commands:
  check [PATH...]   Lint Dockerfiles (files, or folders searched recursively).
                    Without PATH, checks the bundled examples/ folder.
  fix PATH...       Apply every safe fix in place.
  rules             List the rules.

Options:
  -f, --format FORMAT            Output format of check (default: text):
                                   text, json, sarif (GitHub code scanning),
                                   checkstyle, gitlab (GitLab Code Quality), junit,
                                   github (GitHub Actions annotations);
                                 rules: text or json
  -c, --config FILE              Use this config file instead of the nearest
                                 .dockerfile-optimizer.json above each Dockerfile
                                 (or, without one, .hadolint.yaml); a .yaml/.yml
                                 FILE is read as hadolint's
      --dry-run                  fix: print a diff and write nothing
  -j, --jobs N                   Threads (default: all cores when many files)
  -h, --help                     Show this help
  -v, --version                  Show the version

Exit codes: 0 no error-severity findings, 1 error-severity findings, 2 usage or file errors.
(A hadolint config's failure-threshold and no-fail change which findings give 1.)
`;

const FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif', 'checkstyle', 'gitlab', 'junit', 'github'];

interface OptionSpec {
  /** Long name without dashes. */
  name: string;
  short?: string;
  takesValue: boolean;
  commands: readonly string[];
}

const OPTIONS: readonly OptionSpec[] = [
  { name: 'format', short: 'f', takesValue: true, commands: ['check', 'rules'] },
  { name: 'config', short: 'c', takesValue: true, commands: ['check', 'fix'] },
  { name: 'dry-run', takesValue: false, commands: ['fix'] },
  { name: 'jobs', short: 'j', takesValue: true, commands: ['check', 'fix'] },
];

export function parseArgs(argv: readonly string[]): Command {
  if (argv.length === 0) throw new UsageError('missing command (check, fix or rules)');
  const [command, ...rest] = argv;
  if (command === '-h' || command === '--help' || command === 'help') return { kind: 'help' };
  if (command === '-v' || command === '--version') return { kind: 'version' };
  if (command !== 'check' && command !== 'fix' && command !== 'rules') {
    throw new UsageError(`unknown command '${command}' (expected check, fix or rules)`);
  }

  const values = new Map<string, string | true>();
  const paths: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--') {
      paths.push(...rest.slice(i + 1));
      break;
    }
    if (arg === '-h' || arg === '--help') return { kind: 'help' };
    if (!arg.startsWith('-') || arg === '-') {
      paths.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const written = eq === -1 ? arg : arg.slice(0, eq);
    const spec = OPTIONS.find((o) => written === '--' + o.name || (o.short !== undefined && written === '-' + o.short));
    if (!spec) throw new UsageError(`unknown option '${written}' for ${command}`);
    if (!spec.commands.includes(command)) throw new UsageError(`option '${written}' does not apply to ${command}`);
    if (values.has(spec.name)) throw new UsageError(`option '${written}' given twice`);
    if (!spec.takesValue) {
      if (eq !== -1) throw new UsageError(`option '${written}' takes no value`);
      values.set(spec.name, true);
      continue;
    }
    const value = eq !== -1 ? arg.slice(eq + 1) : rest[++i];
    if (value === undefined || value === '') throw new UsageError(`option '${written}' needs a value`);
    values.set(spec.name, value);
  }

  const format = values.get('format') as string | undefined;
  const config = (values.get('config') as string | undefined) ?? null;
  const jobs = parseJobs(values.get('jobs') as string | undefined);

  if (command === 'rules') {
    if (paths.length > 0) throw new UsageError(`rules takes no paths (got '${paths[0]}')`);
    if (format !== undefined && format !== 'text' && format !== 'json') {
      throw new UsageError(`unknown format '${format}' for rules (expected text or json)`);
    }
    return { kind: 'rules', format: (format as 'text' | 'json' | undefined) ?? 'text' };
  }
  if (command === 'fix') {
    if (paths.length === 0) throw new UsageError('fix needs at least one file or folder');
    return { kind: 'fix', dryRun: values.has('dry-run'), config, paths, jobs };
  }
  if (format !== undefined && !FORMATS.includes(format as OutputFormat)) {
    throw new UsageError(`unknown format '${format}' (expected ${FORMATS.slice(0, -1).join(', ')} or ${FORMATS[FORMATS.length - 1]})`);
  }
  return { kind: 'check', format: (format as OutputFormat | undefined) ?? 'text', config, paths, jobs };
}

function parseJobs(value: string | undefined): number | null {
  if (value === undefined) return null;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`--jobs needs a whole number of at least 1 (got '${value}')`);
  return Number(value);
}
