/// <reference types="mocha" />
// Scenario 7 through the API, on the same workspace (fixtures/dockerignore-node plus what a
// working folder has, test/e2e/harness/context-fixture.ts): Scaffold .dockerignore with its
// options object — `write: false` only plans, `write: true` writes without the diff and the
// modal question (the workbench test answers those) — leaves exactly
// fixtures/expected/dockerignore-node/scaffolded.dockerignore, a second run adds nothing and
// leaves the file untouched; Build Context Report returns the sizes with and without it, equal
// to a walk of the folder matched against the written patterns. No container engine needed.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ScaffoldResult } from '../../../client/src/commands/scaffold-dockerignore';
import { contextFigures, patternsOf, prepareWorkingFolder } from '../../e2e/harness/context-fixture';
import { copyFixture, fixture, open } from '../support';

interface SizeCount {
  files: number;
  bytes: number;
}

/** The parts of dockerfileOptimizer.contextReport's figures checked here. */
interface ContextFiguresShown {
  contextDir: string;
  ignoreFile: string | null;
  sent: SizeCount;
  all: SizeCount;
  saved: SizeCount;
  folders: { path: string; sent: SizeCount; excluded: SizeCount }[];
  warnings: string[];
}

const scaffold = (options: Record<string, unknown>) => vscode.commands.executeCommand<ScaffoldResult | undefined>('dockerfileOptimizer.scaffoldDockerignore', options);

export function dockerignoreContextSuite(): void {
  suite('Scaffold .dockerignore and Build Context Report', () => {
    test('the scaffold plans, writes the expected file, and adds nothing on a second run; the report matches the folder', async () => {
      const folder = copyFixture('dockerignore-node');
      prepareWorkingFolder(folder);
      const dockerfile = vscode.Uri.file(join(folder, 'Dockerfile'));
      const target = join(folder, '.dockerignore');
      const expected = fixture('expected/dockerignore-node/scaffolded.dockerignore');
      const patterns = patternsOf(expected);
      await open(dockerfile.fsPath);
      assert.ok(!existsSync(target), 'the fixture must have no .dockerignore yet');

      const plan = await scaffold({ dockerfile, write: false });
      assert.ok(plan, 'Scaffold .dockerignore returned nothing');
      assert.equal(plan.written, false);
      assert.ok(!existsSync(target), '`write: false` wrote the file');
      assert.equal(plan.target, target);
      assert.deepEqual([...plan.added].sort(), [...patterns].sort(), 'the planned patterns are not the expected file');
      assert.deepEqual(plan.ecosystems, ['Node.js']);
      assert.deepEqual(
        plan.skipped.map((s) => s.pattern),
        ['build'],
        `line 5 copies build/, so build is left out: ${JSON.stringify(plan.skipped)}`,
      );

      const first = await scaffold({ dockerfile, write: true });
      assert.equal(first?.written, true, `the first run did not write: ${JSON.stringify(first)}`);
      assert.equal(readFileSync(target, 'utf8'), expected, 'the written .dockerignore');
      const before = statSync(target).mtimeMs;

      const second = await scaffold({ dockerfile: dockerfile.fsPath, write: true });
      assert.ok(second, 'the second run returned nothing');
      assert.deepEqual({ written: second.written, added: second.added }, { written: false, added: [] }, 'the second run would add patterns');
      assert.equal(readFileSync(target, 'utf8'), expected, 'the second run changed .dockerignore');
      assert.equal(statSync(target).mtimeMs, before, 'the second run wrote .dockerignore again');

      const report = await vscode.commands.executeCommand<ContextFiguresShown | undefined>('dockerfileOptimizer.contextReport', dockerfile);
      assert.ok(report, 'Build Context Report returned nothing');
      assert.equal(report.ignoreFile, target);
      const want = contextFigures(folder, patternsOf(readFileSync(target, 'utf8')));
      const saved = { files: want.all.files - want.sent.files, bytes: want.all.bytes - want.sent.bytes };
      assert.ok(saved.bytes > 0 && want.sent.files > 0, `the fixture should both send and exclude files: ${JSON.stringify(want)}`);
      assert.deepEqual({ sent: report.sent, all: report.all, saved: report.saved }, { sent: want.sent, all: want.all, saved }, 'sent, all and saved figures');
      const rows = Object.fromEntries(report.folders.map((f) => [f.path, { sent: f.sent, excluded: f.excluded }]));
      assert.deepEqual(rows, Object.fromEntries(want.folders), 'the top-level entries, sent and excluded');
      assert.deepEqual(report.warnings, [], 'no COPY source is excluded');
    });
  });
}
