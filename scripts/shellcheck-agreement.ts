// hadolint's ShellCheck cases (rule `SC`: "some ShellCheck finding") through our ShellCheck
// rule, which is async and needs the `shellcheck` program: without it the cases are skipped
// (test/corpus/hadolint-agreement.test.ts fails instead under CI=true).
import { analyzeModelAsync } from '../server/src/analysis/async-rules';
import { DockerfileModel } from '../server/src/analysis/model';
import { sharedShellcheckRunner } from '../server/src/analysis/shellcheck';
import { shellcheck } from '../server/src/rules/shellcheck';
import { addOutcome, caseKey, HADOLINT_OPTIONS, judge, type AgreementRow, type HadolintCase } from './hadolint-agreement';

export async function computeShellcheckRow(cases: readonly HadolintCase[], differences: Record<string, string> = {}): Promise<AgreementRow> {
  const row: AgreementRow = { code: 'SC', ruleIds: [shellcheck.meta.id], cases: 0, agreed: 0, differs: 0, failed: 0, skipped: 0, outcomes: [] };
  const missing = shellcheck.unavailable();
  for (const c of cases) {
    if (c.rule.toUpperCase() !== 'SC') continue;
    if (missing !== null) {
      addOutcome(row, { case: c, key: caseKey(c), found: 0, verdict: 'skipped', note: missing });
      continue;
    }
    const errors: string[] = [];
    let found = 0;
    try {
      const findings = await analyzeModelAsync(new DockerfileModel(c.dockerfile), {
        asyncRules: [shellcheck],
        settings: [{ [shellcheck.meta.id]: shellcheck.meta.severity }],
        ruleOptions: HADOLINT_OPTIONS,
        onRuleError: (ruleId, error) => errors.push(`${ruleId}: ${(error as Error)?.message ?? error}`),
      });
      found = findings.length;
    } catch (error) {
      errors.push(String((error as Error)?.message ?? error));
    }
    // The corpus gives onbuild ShellCheck cases `count: 1` (as for onBuildRuleCatches), but
    // hadolint's ShellCheck spec asserts `failsShellcheck` there: at least one finding.
    addOutcome(row, judge({ ...c, count: undefined }, found, errors, differences));
  }
  return row;
}

/** Whether the ShellCheck cases can run here. */
export const shellcheckAvailable = () => sharedShellcheckRunner().executable !== null;
