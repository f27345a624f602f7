// The unit of work of the CLI: check or fix one Dockerfile. Jobs and their outcomes are plain
// data so that worker threads can run them (structured clone), and the main thread formats.
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { threadId } from 'node:worker_threads';
import type { RuleOptions, RuleSettings } from '../analysis/config';
import { analyze, fixAll, type AnalyzeOptions } from '../analysis/engine';
import { envForFile, rememberedDisk } from '../analysis/env';
import { primeParsers } from '../analysis/prime';
import type { Rule } from '../analysis/rule';
import type { Finding, Range, Severity } from '../analysis/types';
import { allRules } from '../rules';
import { describeFsError } from './discover';

export interface FileJob {
  /** Absolute path. */
  file: string;
  mode: 'check' | 'fix';
  /** The config file's rule levels that apply to this file, if any. */
  settings: RuleSettings | null;
  /** The config file's rule options (label schema, allowed registries, pinVersions). */
  options?: RuleOptions;
}

/** One-based lines and columns; the end column is exclusive, as in SARIF regions. */
export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface CliFinding extends Span {
  ruleId: string;
  severity: Severity;
  message: string;
  fixable: boolean;
  related: (Span & { message: string })[];
}

export interface FileOutcome {
  file: string;
  /** Set when the file could not be read; there are no findings then. */
  error: string | null;
  /** For `check`, the findings; for `fix`, those left after fixing. */
  findings: CliFinding[];
  /** Rules that threw on this file (their findings are missing). */
  ruleErrors: string[];
  /** For `fix`, when the text changed. */
  fix: { original: string; fixed: string; applied: number } | null;
  /** The thread that did the work (0: the main thread), so tests can see the pool at work. */
  thread: number;
}

/** The build contexts' files, read once per path in a run (files do not change during one). */
const disk = rememberedDisk();

/** Whether this thread has run primeParsers (see there: its first file's job does). */
let primed = false;

export function runFileJob(job: FileJob, rules: readonly Rule[] = allRules): FileOutcome {
  if (!primed) {
    primed = true;
    primeParsers();
  }
  let text: string;
  try {
    text = readFileSync(job.file, 'utf8');
  } catch (error) {
    return { file: job.file, error: describeFsError(error), findings: [], ruleErrors: [], fix: null, thread: threadId };
  }
  const ruleErrors: string[] = [];
  const options: AnalyzeOptions = {
    rules,
    settings: job.settings ? [job.settings] : [],
    ruleOptions: job.options,
    // The build context is the Dockerfile's folder, as with `docker build -f <file> <its folder>`.
    env: envForFile(job.file, dirname(job.file), disk),
    onRuleError: (ruleId, error) => ruleErrors.push(`${ruleId}: ${(error as Error)?.message ?? String(error)}`),
  };
  if (job.mode === 'fix') {
    const result = fixAll(text, options);
    const findings = result.remaining.map(toCliFinding);
    const fix = result.text !== text ? { original: text, fixed: result.text, applied: result.applied } : null;
    return { file: job.file, error: null, findings, ruleErrors: unique(ruleErrors), fix, thread: threadId };
  }
  const { findings } = analyze(text, options);
  return { file: job.file, error: null, findings: findings.map(toCliFinding), ruleErrors: unique(ruleErrors), fix: null, thread: threadId };
}

function toSpan(range: Range): Span {
  return {
    line: range.start.line + 1,
    column: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

export function toCliFinding(finding: Finding): CliFinding {
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
    ...toSpan(finding.range),
    fixable: finding.fixable,
    related: finding.related.map((related) => ({ ...toSpan(related.range), message: related.message })),
  };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
