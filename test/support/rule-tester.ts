// Table tests for one rule, in the manner of ESLint's RuleTester:
//   valid:   Dockerfiles the rule must not flag;
//   invalid: Dockerfiles it must flag (at these lines), and the exact text its fix produces.
// Every fix output is re-checked: the rule no longer fires on it, it gains no dockerfile-utils
// problem, and fixing it again changes nothing (fix-all is idempotent).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validate } from 'dockerfile-utils';
import { analyze, fixAll } from '../../server/src/analysis/engine';
import type { AnalysisEnv } from '../../server/src/analysis/env';
import type { Rule } from '../../server/src/analysis/rule';
import type { RuleOptions, RuleSettings } from '../../server/src/analysis/config';

export interface ValidCase {
  code: string;
  env?: AnalysisEnv;
  /** Rule options (label schema, allowed registries, ...). */
  options?: RuleOptions;
  name?: string;
}

export interface InvalidCase {
  code: string;
  /** One-based lines of the expected findings, in order. */
  errors: { line: number; message?: RegExp }[];
  /** The exact fixed text; null asserts that no fix is offered; omitted: not checked. */
  output?: string | null;
  env?: AnalysisEnv;
  options?: RuleOptions;
  name?: string;
}

export interface RuleTable {
  valid: (string | ValidCase)[];
  invalid: InvalidCase[];
}

function settingsFor(rule: Rule): RuleSettings {
  return { [rule.meta.id]: rule.meta.severity }; // force rules that are off by default on
}

export function findingsOf(rule: Rule, code: string, env?: AnalysisEnv, options?: RuleOptions) {
  return analyze(code, { rules: [rule], settings: [settingsFor(rule)], env, ruleOptions: options, onRuleError: (_, error) => { throw error; } }).findings;
}

export function fixWith(rule: Rule, code: string, env?: AnalysisEnv, options?: RuleOptions): string {
  return fixAll(code, { rules: [rule], settings: [settingsFor(rule)], env, ruleOptions: options }).text;
}

/** Problems dockerfile-utils reports, as comparable strings without positions. */
export function validatorProblems(text: string): string[] {
  return validate(text)
    .map((d) => `${d.code}:${d.message}`)
    .sort();
}

export function assertNoNewProblems(before: string, after: string): void {
  const remaining = [...validatorProblems(before)];
  const added: string[] = [];
  for (const problem of validatorProblems(after)) {
    const at = remaining.indexOf(problem);
    if (at === -1) added.push(problem);
    else remaining.splice(at, 1);
  }
  assert.deepEqual(added, [], 'the fix introduced dockerfile-utils problems');
}

const label = (code: string) => JSON.stringify(code.length > 70 ? code.slice(0, 67) + '...' : code);

export function ruleTester(rule: Rule, table: RuleTable): void {
  describe(rule.meta.id, () => {
    for (const entry of table.valid) {
      const valid = typeof entry === 'string' ? { code: entry } : entry;
      it(`valid: ${valid.name ?? label(valid.code)}`, () => {
        const findings = findingsOf(rule, valid.code, valid.env, valid.options);
        assert.deepEqual(
          findings.map((f) => `${f.range.start.line + 1}: ${f.message}`),
          [],
          'expected no findings',
        );
      });
    }
    for (const invalid of table.invalid) {
      it(`invalid: ${invalid.name ?? label(invalid.code)}`, () => {
        const findings = findingsOf(rule, invalid.code, invalid.env, invalid.options);
        assert.deepEqual(
          findings.map((f) => f.range.start.line + 1),
          invalid.errors.map((e) => e.line),
          `finding lines differ; got: ${findings.map((f) => `${f.range.start.line + 1}: ${f.message}`).join(' | ')}`,
        );
        invalid.errors.forEach((expected, i) => {
          if (expected.message) assert.match(findings[i].message, expected.message);
        });
        if (invalid.output === null) {
          assert.ok(findings.every((f) => !f.fixable), 'expected no fix to be offered');
        } else if (invalid.output !== undefined) {
          assert.ok(rule.meta.fixable, 'an output is given but the rule is not fixable');
          const fixed = fixWith(rule, invalid.code, invalid.env, invalid.options);
          assert.equal(fixed, invalid.output);
          assert.deepEqual(
            findingsOf(rule, fixed, invalid.env, invalid.options).map((f) => `${f.range.start.line + 1}: ${f.message}`),
            [],
            'the fixed text still triggers the rule',
          );
          assertNoNewProblems(invalid.code, fixed);
          assert.equal(fixWith(rule, fixed, invalid.env, invalid.options), fixed, 'fixing again changed the text');
        }
      });
    }
  });
}
