// What each command does, from parsed arguments to output and exit code. Input and output go
// through `CliIo` so tests and the bundled entry point share the same code.
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { ConfigError, type LoadedConfig } from '../analysis/config';
import { describeHadolintConfig, findApplicableConfigFile, findUserHadolintConfigFile, isHadolintConfig, loadAnyConfig } from '../analysis/hadolint-config';
import type { AsyncRule } from '../analysis/async-rules';
import type { Rule } from '../analysis/rule';
import type { Severity } from '../analysis/types';
import { addAsyncFindings } from './async-findings';
import { parseArgs, USAGE, UsageError, type CheckCommand, type FixCommand, type OutputFormat } from './args';
import { unifiedDiff } from './diff';
import { describeFsError, discoverFiles } from './discover';
import type { FileJob, FileOutcome } from './file-job';
import { formatCheckstyle } from './format-checkstyle';
import { formatGithub } from './format-github';
import { formatGitlab } from './format-gitlab';
import { formatJson } from './format-json';
import { formatJunit } from './format-junit';
import { formatRulesJson, formatRulesText } from './format-rules';
import { formatSarif } from './format-sarif';
import { formatText, plural, summaryLine } from './format-text';
import { displayPath } from './paths';
import { defaultThreads, runJobs } from './pool';
import { CI_ROOT_VARIABLE, reportPath } from './report';
import { packageRoot, TOOL_NAME, toolVersion } from './version';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  /** The script worker threads run (the bundled CLI itself). */
  workerScript: string;
  rules: readonly Rule[];
  /** Rules run after the others on the main thread (ShellCheck), for `check`. */
  asyncRules?: readonly AsyncRule[];
  /** The environment (default: process.env), where the gitlab and github formats find the CI root folder. */
  env?: NodeJS.ProcessEnv;
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const command = parseArgs(argv);
    switch (command.kind) {
      case 'help':
        io.stdout(USAGE);
        return EXIT_OK;
      case 'version':
        io.stdout(`${TOOL_NAME} ${toolVersion()}\n`);
        return EXIT_OK;
      case 'rules':
        io.stdout(command.format === 'json' ? formatRulesJson(everyRule(io)) : formatRulesText(everyRule(io)));
        return EXIT_OK;
      case 'check':
        return await check(command, io);
      case 'fix':
        return await fix(command, io);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${TOOL_NAME}: ${error.message}\nRun '${TOOL_NAME} --help' for usage.\n`);
      return EXIT_USAGE;
    }
    if (error instanceof ConfigError) {
      io.stderr(`${TOOL_NAME}: invalid configuration: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

/** Fast and async rules, for listings (the rules command, SARIF's rule descriptors). */
function everyRule(io: CliIo): { meta: Rule['meta'] }[] {
  return [...io.rules, ...(io.asyncRules ?? [])];
}

interface Prepared {
  jobs: FileJob[];
  /** Problems that make the exit code 2 although the other files were processed. */
  failed: boolean;
  /** Paths named or searched that could not be read, for the reports that list them. */
  unreadable: FileOutcome[];
  /** The configuration of each file (for the exit code: a hadolint file's failure-threshold, no-fail). */
  configOf: (file: string) => LoadedConfig | null;
}

/** The formats that list unreadable paths as entries of their own (CI reports, read by machines). */
const LISTS_UNREADABLE: ReadonlySet<OutputFormat> = new Set(['checkstyle', 'gitlab', 'junit', 'github']);

/** Finds the files and their configuration; null when there is nothing to do (exit 2). */
function prepare(command: CheckCommand | FixCommand, io: CliIo): Prepared | null {
  let paths = command.paths;
  if (paths.length === 0) {
    const examples = packageRoot() && resolve(packageRoot()!, 'examples');
    if (!examples || !existsSync(examples)) throw new UsageError('no path given (name Dockerfiles or folders to check)');
    io.stderr(`No path given: checking the bundled examples in ${displayPath(examples, io.cwd)}/\n`);
    paths = [examples];
  }
  const discovery = discoverFiles(paths, io.cwd);
  for (const error of discovery.errors) io.stderr(`${TOOL_NAME}: cannot read ${error}\n`);
  for (const folder of discovery.emptyFolders) io.stderr(`${TOOL_NAME}: no Dockerfiles found in ${folder}\n`);
  const unreadable = discovery.unreadable.map(({ path, reason }): FileOutcome => ({ file: path, error: reason, findings: [], ruleErrors: [], fix: null, thread: 0 }));
  if (discovery.files.length === 0) {
    if (discovery.errors.length === 0) {
      io.stderr(`${TOOL_NAME}: nothing to ${command.kind}\n`);
      return null;
    }
    return { jobs: [], failed: true, unreadable, configOf: () => null };
  }
  const configFor = configResolver(command.config, io);
  const jobs = discovery.files.map((file): FileJob => {
    const config = configFor(file);
    return { file, mode: command.kind, settings: config?.rules ?? null, options: config?.options };
  });
  return { jobs, failed: discovery.errors.length > 0, unreadable, configOf: configFor };
}

/**
 * `--config FILE` for every file (a `.yaml`/`.yml` file is read as hadolint's), else the nearest
 * `.dockerfile-optimizer.json` upward, else the nearest `.hadolint.yaml`/`.hadolint.yml` upward,
 * else hadolint's user file (`$XDG_CONFIG_HOME/hadolint.yaml`, `~/.config/hadolint.yaml`). Each
 * hadolint file in use is named once on stderr, with what it sets and what was skipped.
 */
function configResolver(explicit: string | null, io: CliIo): (file: string) => LoadedConfig | null {
  const load = (path: string, how?: string) => {
    const config = loadAnyConfig(path, everyRule(io));
    if (isHadolintConfig(config)) {
      const shown = displayPath(path, io.cwd);
      io.stderr(`${TOOL_NAME}: ${describeHadolintConfig(shown, config, how)}\n`);
      for (const warning of config.warnings) io.stderr(`${TOOL_NAME}: ${shown}: ${warning}\n`);
    }
    return config;
  };
  if (explicit !== null) {
    const config = load(resolve(io.cwd, explicit), 'given with --config');
    return () => config;
  }
  let userFile: string | null | undefined; // looked up once, when some Dockerfile has no config upward
  const userConfig = () => (userFile === undefined ? (userFile = findUserHadolintConfigFile(io.env ?? process.env)) : userFile);
  const byFolder = new Map<string, string | null>();
  const byFile = new Map<string, LoadedConfig>();
  return (file) => {
    const folder = dirname(file);
    let configPath = byFolder.get(folder);
    if (configPath === undefined) {
      configPath = findApplicableConfigFile(folder) ?? userConfig();
      byFolder.set(folder, configPath);
    }
    if (configPath === null) return null;
    let config = byFile.get(configPath);
    if (!config) {
      config = load(configPath);
      byFile.set(configPath, config);
    }
    return config;
  };
}

async function processFiles(command: CheckCommand | FixCommand, io: CliIo): Promise<(Prepared & { outcomes: FileOutcome[] }) | null> {
  const prepared = prepare(command, io);
  if (!prepared) return null;
  if (prepared.jobs.length === 0) return { ...prepared, outcomes: [] };
  const threads = command.jobs ?? defaultThreads(prepared.jobs.length, totalSize(prepared.jobs));
  const outcomes = await runJobs(prepared.jobs, threads, io.workerScript);
  let failed = prepared.failed;
  for (const outcome of outcomes) {
    const path = displayPath(outcome.file, io.cwd);
    if (outcome.error !== null) {
      io.stderr(`${TOOL_NAME}: cannot read ${path}: ${outcome.error}\n`);
      failed = true;
    }
    for (const ruleError of outcome.ruleErrors) io.stderr(`${TOOL_NAME}: internal error in rule ${ruleError} (file ${path}); its findings are missing\n`);
  }
  return { ...prepared, outcomes, failed };
}

function totalSize(jobs: FileJob[]): number {
  let bytes = 0;
  for (const job of jobs) {
    try {
      bytes += statSync(job.file).size;
    } catch {
      // unreadable: its job reports the error
    }
  }
  return bytes;
}

const RANK: Record<Severity, number> = { hint: 0, info: 1, warning: 2, error: 3 };

/** Whether findings make the exit code 1: one at error level, or at the failure-threshold of the
 *  hadolint file that applies to its Dockerfile (none for a file under `no-fail: true`). */
function failsOn(outcomes: FileOutcome[], configOf: (file: string) => LoadedConfig | null): boolean {
  return outcomes.some((outcome) => {
    const config = configOf(outcome.file);
    if (isHadolintConfig(config) && config.noFail) return false;
    const threshold = RANK[(isHadolintConfig(config) && config.failureThreshold) || 'error'];
    return outcome.findings.some((finding) => RANK[finding.severity] >= threshold);
  });
}

async function check(command: CheckCommand, io: CliIo): Promise<number> {
  const result = await processFiles(command, io);
  // Nothing checked: human and JSON output stay empty; CI reports still list what was unreadable.
  if (!result || (result.jobs.length === 0 && !LISTS_UNREADABLE.has(command.format))) return EXIT_USAGE;
  const { outcomes, failed } = result;
  if (io.asyncRules?.length && outcomes.length > 0) await addAsyncFindings(result.jobs, outcomes, io.asyncRules);
  const reported = LISTS_UNREADABLE.has(command.format) ? [...result.unreadable, ...outcomes] : outcomes;
  io.stdout(formatCheck(command.format, reported, io));
  if (failed) return EXIT_USAGE;
  return failsOn(outcomes, result.configOf) ? EXIT_FINDINGS : EXIT_OK;
}

function formatCheck(format: OutputFormat, outcomes: FileOutcome[], io: CliIo): string {
  switch (format) {
    case 'text':
      return formatText(outcomes, io.cwd);
    case 'json':
      return formatJson(outcomes, io.cwd);
    case 'sarif':
      return formatSarif(outcomes, everyRule(io), io.cwd);
    case 'checkstyle':
      return formatCheckstyle(outcomes, io.cwd);
    case 'junit':
      return formatJunit(outcomes, reportPath(CI_ROOT_VARIABLE.gitlab, io.cwd, io.env));
    case 'gitlab':
      return formatGitlab(outcomes, reportPath(CI_ROOT_VARIABLE.gitlab, io.cwd, io.env));
    case 'github':
      return formatGithub(outcomes, reportPath(CI_ROOT_VARIABLE.github, io.cwd, io.env));
  }
}

async function fix(command: FixCommand, io: CliIo): Promise<number> {
  const result = await processFiles(command, io);
  if (!result || result.jobs.length === 0) return EXIT_USAGE;
  const { outcomes } = result;
  let failed = result.failed;
  let applied = 0;
  let changedFiles = 0;
  for (const outcome of outcomes) {
    if (!outcome.fix) continue;
    const path = displayPath(outcome.file, io.cwd);
    if (command.dryRun) {
      // `a/` and `b/` prefixes as git writes them, so `git apply` takes the diff; absolute paths stay as they are.
      const [oldName, newName] = isAbsolute(path) ? [path, path] : [`a/${path}`, `b/${path}`];
      io.stdout(unifiedDiff(outcome.fix.original, outcome.fix.fixed, oldName, newName));
    } else {
      try {
        writeFileSync(outcome.file, outcome.fix.fixed);
      } catch (error) {
        io.stderr(`${TOOL_NAME}: cannot write ${path}: ${describeFsError(error)}\n`);
        failed = true;
        continue;
      }
      io.stdout(`Fixed ${plural(outcome.fix.applied, 'problem')} in ${path}\n`);
    }
    applied += outcome.fix.applied;
    changedFiles++;
  }
  const checked = outcomes.filter((outcome) => outcome.error === null).length;
  if (command.dryRun) {
    // The diff owns stdout (it can be piped to `git apply`); the summary goes to stderr.
    io.stderr(`Would fix ${plural(applied, 'problem')} in ${changedFiles} of ${plural(checked, 'file')} (dry run: nothing written).\n`);
    io.stderr(`After fixing: ${summaryLine(outcomes)}\n`);
  } else {
    io.stdout(`Fixed ${plural(applied, 'problem')} in ${changedFiles} of ${plural(checked, 'file')}.\n`);
    const remaining = formatText(outcomes, io.cwd);
    io.stdout(outcomes.some((o) => o.findings.length > 0) ? `\nLeft to fix by hand:\n${remaining}` : remaining);
  }
  if (failed) return EXIT_USAGE;
  return failsOn(outcomes, result.configOf) ? EXIT_FINDINGS : EXIT_OK;
}
