// Derives the expected texts the workbench scenarios check, by running the analysis engine on
// the fixture workspaces exactly as the language server does (same rules, the fixture folder
// as build context), and compares them with the files committed under
// test/e2e/fixtures/expected/ (or writes them, after a deliberate change of a rule).
//
//   node --import tsx test/e2e/tools/derive-expected.ts           compare; exit 1 on a difference
//   node --import tsx test/e2e/tools/derive-expected.ts --write   (re)write the expected files
//
// Review every rewritten file before committing it: the scenarios then hold the workbench to it.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { analyze, fixAll, type AnalyzeOptions } from '../../../server/src/analysis/engine';
import { envForFile } from '../../../server/src/analysis/env';
import { applyEdits } from '../../../server/src/analysis/text';
import type { Finding } from '../../../server/src/analysis/types';
import { ignoreForLineEdit } from '../../../server/src/lsp/pragmas';
import { allRules } from '../../../server/src/rules/index';

const FIXTURES = join(__dirname, '..', 'fixtures');

/** A finding as the scenarios expect to see it (one-based line and column, as the Problems panel). */
export interface ExpectedDiagnostic {
  code: string;
  severity: string;
  message: string;
  line: number;
  column: number;
  fixTitle: string | null;
}

/** One quick fix applied in sequence: where to put the cursor, which action, the file after saving. */
export interface ExpectedQuickFix extends ExpectedDiagnostic {
  after: string;
}

function optionsFor(dockerfile: string): AnalyzeOptions {
  return { rules: allRules, env: envForFile(dockerfile) };
}

function expectedOf(finding: Finding): ExpectedDiagnostic {
  return {
    code: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
    line: finding.range.start.line + 1,
    column: finding.range.start.character + 1,
    fixTitle: finding.fix() ? finding.fixTitle : null,
  };
}

function only(findings: Finding[], ruleId: string, text: string): Finding {
  const found = findings.filter((finding) => finding.ruleId === ruleId);
  if (found.length !== 1) throw new Error(`expected exactly one ${ruleId} finding, the engine gives ${found.length} in:\n${text}`);
  return found[0];
}

/** Every expected file: path relative to test/e2e/fixtures/ -> content. */
export function deriveExpected(): Map<string, string> {
  const files = new Map<string, string>();
  const json = (value: unknown) => JSON.stringify(value, null, 2) + '\n';

  // naive-node: a single-stage Node/TypeScript image with COPY . . before npm install and no USER.
  const dockerfile = join(FIXTURES, 'naive-node', 'Dockerfile');
  const options = optionsFor(dockerfile);
  const original = readFileSync(dockerfile, 'utf8');
  const { findings } = analyze(original, options);
  const named = ['copy-before-deps', 'single-stage', 'missing-user'];
  // Scenario 1: the three findings the issue names, as the Problems panel must list them.
  files.set('expected/naive-node/diagnostics.json', json(named.map((id) => expectedOf(only(findings, id, original)))));

  // Scenario 2: each of those quick fixes in turn, saved after each.
  const steps: ExpectedQuickFix[] = [];
  let text = original;
  for (const [index, id] of named.entries()) {
    const finding = only(analyze(text, options).findings, id, text);
    const edits = finding.fix();
    if (!edits) throw new Error(`${id} offers no fix in:\n${text}`);
    const next = applyEdits(text, edits);
    if (next === null || next === text) throw new Error(`${id}'s fix changes nothing in:\n${text}`);
    const after = `expected/naive-node/quick-fix-${index + 1}-${id}.Dockerfile`;
    steps.push({ ...expectedOf(finding), after });
    files.set(after, next);
    text = next;
  }
  files.set('expected/naive-node/quick-fixes.json', json(steps));

  // Scenario 3: fix-all on save (source.fixAll.dockerfileOptimizer), from the original file.
  const fixed = fixAll(original, options);
  if (fixed.applied < 2) throw new Error(`fix-all applies ${fixed.applied} fixes; the scenario needs several`);
  files.set('expected/naive-node/fix-all.Dockerfile', fixed.text);

  // Scenario 4: "Ignore copy-before-deps for this line" inserts the pragma above the COPY.
  const copy = only(findings, 'copy-before-deps', original);
  const model = analyze(original, options).model;
  const pragma = ignoreForLineEdit(model, copy.range.start.line, 'copy-before-deps');
  if (!pragma) throw new Error('no ignore-for-line edit for copy-before-deps');
  files.set('expected/naive-node/ignore-copy-before-deps.Dockerfile', applyEdits(original, [pragma]) ?? '');
  return files;
}

/** Paths whose committed content differs from what the engine derives now. */
export function compareExpected(): { path: string; committed: string | null; derived: string }[] {
  const differences = [];
  for (const [path, derived] of deriveExpected()) {
    const file = join(FIXTURES, path);
    const committed = existsSync(file) ? readFileSync(file, 'utf8') : null;
    if (committed !== derived) differences.push({ path, committed, derived });
  }
  return differences;
}

if (require.main === module) {
  if (process.argv.includes('--write')) {
    for (const [path, content] of deriveExpected()) {
      const file = join(FIXTURES, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
      console.log(`wrote ${relative(process.cwd(), file)}`);
    }
  } else {
    const differences = compareExpected();
    for (const { path, committed, derived } of differences) {
      console.log(`DIFFERS: ${path}\n--- committed ---\n${committed ?? '(missing)'}\n--- engine now ---\n${derived}`);
    }
    console.log(differences.length === 0 ? 'expected files match the engine' : `${differences.length} expected file(s) differ from the engine`);
    process.exit(differences.length === 0 ? 0 : 1);
  }
}
