// What a scenario is, and what it gets to work with. Each scenario is one file in
// test/e2e/scenarios/, registered in scenarios/index.ts; it runs in its own code-server with a
// fresh user-data folder, extensions folder and workspace.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CodeServer } from './code-server';
import { ROOT } from './tools';
import type { Workbench } from './workbench';

export const FIXTURES = join(ROOT, 'test', 'e2e', 'fixtures');

export interface Scenario {
  /** Sorts the run and names the artifacts folder: `01-diagnostics`. */
  id: string;
  title: string;
  /** Fixture folders (under test/e2e/fixtures/) whose contents make up the workspace. */
  workspace: string[];
  /** Further preparation of the workspace folder (e.g. a corpus file). */
  prepare?: (workspace: string) => void;
  /** A file the explorer must list before the scenario starts. */
  firstFile: string;
  /** User settings over the quiet defaults. */
  settings?: Record<string, unknown>;
  /** Start code-server with workspace trust on (the trust dialog appears). */
  workspaceTrust?: boolean;
  /**
   * Environment for code-server, and so for the extension host and what the extension spawns
   * (e.g. DOCKER_HOST). Called before the start with the scenario's temporary folder.
   */
  serverEnv?: (tmp: string) => Record<string, string>;
  /** Also install the test-host extension (the Mocha suite of test/extension). */
  testHost?: boolean;
  /** What must exist for the scenario to run: the shared corpus (../shared/corpus). */
  needsCorpus?: boolean;
  /** A running Docker engine with the base images of scripts/ci/base-images.txt (test/support/engine.ts). */
  needsEngine?: boolean;
  run(ctx: ScenarioContext): Promise<void>;
}

export interface Metric {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

export interface ScenarioContext {
  wb: Workbench;
  server: CodeServer;
  /** The workspace folder on disk. */
  workspace: string;
  /** The shared corpus folder, when the scenario asked for it. */
  corpus: string | null;
  /** Runs one step: logs it, times it, and takes a screenshot after it. */
  step<T>(name: string, action: () => Promise<T>): Promise<T>;
  /** Records a measurement for the summary (and BENCHMARKS.md). */
  metric(metric: Metric): void;
  log(message: string): void;
}

/** A fixture file's text (path relative to test/e2e/fixtures/). */
export function fixture(relPath: string): string {
  return readFileSync(join(FIXTURES, relPath), 'utf8');
}

/** Copies a fixture folder's files into `dest` (byte for byte; the folder itself is not created inside). */
export function copyFixture(name: string, dest: string): void {
  const from = join(FIXTURES, name);
  if (!existsSync(from)) throw new Error(`missing fixture folder ${from}`);
  for (const entry of readdirSync(from, { recursive: true, encoding: 'utf8' })) {
    const source = join(from, entry);
    if (statSync(source).isDirectory()) continue;
    const target = join(dest, entry);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, readFileSync(source));
  }
}

/**
 * Writes the workspace's .vscode/settings.json, as a user editing it would; the workbench
 * watches it. (An outside write to the user settings file is not noticed by code-server.)
 */
export function writeWorkspaceSettings(workspace: string, settings: Record<string, unknown>): void {
  mkdirSync(join(workspace, '.vscode'), { recursive: true });
  writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify(settings, null, 2) + '\n');
}

export function readWorkspaceFile(workspace: string, relPath: string): string {
  return readFileSync(join(workspace, relPath), 'utf8');
}

/** A short, readable account of how two texts differ (first differing line). */
export function describeDifference(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  let line = 0;
  while (line < a.length && line < b.length && a[line] === b[line]) line++;
  return `first difference at line ${line + 1}:\n  expected: ${JSON.stringify(a[line])}\n  actual:   ${JSON.stringify(b[line])}\n--- expected ---\n${expected}--- actual ---\n${actual}`;
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}
