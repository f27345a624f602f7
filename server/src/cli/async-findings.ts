// The async rules (ShellCheck) for `check`, after the fast rules ran on every file: the RUN
// scripts of all files go to ShellCheck together first (a few processes for the whole run,
// not one per file), then each file's findings are read from the cache with its own levels,
// pragmas and options, and added to its outcome.
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { analyzeModelAsync, type AsyncRule } from '../analysis/async-rules';
import { effectiveLevel } from '../analysis/config';
import { envForFile } from '../analysis/env';
import { DockerfileModel } from '../analysis/model';
import { compareRuleIds } from '../analysis/text';
import { sharedShellcheckRunner } from '../analysis/shellcheck';
import { runScripts } from '../rules/shellcheck';
import { toCliFinding, type FileJob, type FileOutcome } from './file-job';

export async function addAsyncFindings(jobs: readonly FileJob[], outcomes: FileOutcome[], asyncRules: readonly AsyncRule[]): Promise<void> {
  // A rule that every file's configuration turns off costs nothing (ShellCheck over every RUN
  // of a large tree takes far longer than all the other rules together).
  const wanted = (rule: AsyncRule) => jobs.some((job) => effectiveLevel(rule.meta, job.settings ? [job.settings] : [], job.options) !== 'off');
  const usable = asyncRules.filter((rule) => wanted(rule) && rule.unavailable() === null);
  if (usable.length === 0) return;
  const models = new Map<FileOutcome, DockerfileModel>();
  outcomes.forEach((outcome) => {
    if (outcome.error !== null) return;
    try {
      models.set(outcome, new DockerfileModel(readFileSync(outcome.file, 'utf8')));
    } catch {
      // unreadable now, or a text the parser cannot take: its fast findings stand alone
    }
  });
  if (usable.some((rule) => rule.meta.id === 'shellcheck')) {
    const scripts = [...models.values()].flatMap((model) => runScripts(model).map((script) => script.script));
    if (scripts.length > 0) await sharedShellcheckRunner().check(scripts);
  }
  const jobOf = new Map(jobs.map((job) => [job.file, job]));
  for (const [outcome, model] of models) {
    const job = jobOf.get(outcome.file);
    const late = await analyzeModelAsync(model, {
      asyncRules: usable,
      settings: job?.settings ? [job.settings] : [],
      ruleOptions: job?.options,
      env: envForFile(outcome.file, dirname(outcome.file)),
      onRuleError: (ruleId, error) => outcome.ruleErrors.push(`${ruleId}: ${(error as Error)?.message ?? String(error)}`),
    });
    if (late.length === 0) continue;
    outcome.findings = [...outcome.findings, ...late.map(toCliFinding)].sort((a, b) => a.line - b.line || a.column - b.column || compareRuleIds(a.ruleId, b.ruleId));
  }
}
