// Build Image: Dockerfile, target stage, tag (remembered per Dockerfile), build args (or all
// of them from an options object, see ./arguments.ts), then the engine's build as a VS Code
// Task. The task's process is spawned by ../container/engine with an argument vector
// (shell: false) inside a CustomExecution pseudoterminal: its output streams to the terminal
// and is kept to find the failing step; closing the terminal or cancelling the progress
// notification stops the build.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import {
  CustomExecution,
  Diagnostic,
  DiagnosticSeverity,
  EventEmitter,
  ProgressLocation,
  Range,
  Selection,
  Task,
  TaskPanelKind,
  TaskRevealKind,
  TaskScope,
  commands,
  tasks,
  window,
  workspace,
  type DiagnosticCollection,
  type Pseudoterminal,
  type TextDocument,
} from 'vscode';
import { contextPatterns, type ResolvedContext } from '../../../server/src/analysis/build-context';
import { copyNeeds, ignoredNeeds } from '../../../server/src/analysis/dockerignore-scaffold';
import type { DockerfileModel } from '../../../server/src/analysis/model';
import type { Stage } from '../../../server/src/analysis/types';
import { defaultTag, formatBuildArgs, parseBuildArgs } from '../container/build-plan';
import { buildKitRequirement, findFailingStep } from '../container/build-output';
import { buildCommand, chooseBuilder, runBuild, type BuildCommand, type ProcessResult } from '../container/engine';
import { lineSizes, readHistory } from '../container/images';
import { parseBuildImageArgument, resolveTarget, type BuildImageOptions } from './arguments';
import type { InlineSizes } from './inline-sizes';
import { contextFor, engineOrExplain, modelOf, pickDockerfile, pickStage, readCommandSettings, requireTrust, type BuildRecord, type Records } from './shared';

export interface BuildDeps {
  records: Records;
  inlineSizes: InlineSizes;
  buildDiagnostics: DiagnosticCollection;
}

export const TASK_TYPE = 'dockerfileOptimizer.build';

/** What Build Image returns to a caller (keybinding, task, extension, test) once the build ended. */
export interface BuildImageResult {
  ok: boolean;
  cancelled: boolean;
  exitCode: number | null;
  dockerfile: string;
  tag: string;
  /** The --target passed, or null for the final stage (the whole image). */
  target: string | null;
  /** sha256:... of the built image; null when the build failed or was cancelled. */
  imageId: string | null;
  durationMs: number;
}

interface BuildPlan {
  stage: Stage | null;
  target: string | undefined;
  tag: string;
  buildArgs: [string, string][];
}

/**
 * Build Image. From the palette and menus it asks for the stage, tag and build args; with an
 * options object (./arguments.ts) it asks nothing. Resolves once the build ended (undefined
 * when it never started), without waiting for the follow-up notification to be answered.
 */
export async function buildImage(deps: BuildDeps, argument?: unknown): Promise<BuildImageResult | undefined> {
  if (!requireTrust('Build Image')) return undefined;
  const parsed = parseBuildImageArgument(argument);
  if (parsed.form === 'invalid') {
    void window.showErrorMessage(parsed.error);
    return undefined;
  }
  const document = await pickDockerfile(parsed.form === 'options' ? parsed.options.dockerfile : parsed.resource);
  if (!document) return undefined;
  const settings = readCommandSettings(document.uri);
  const engine = await engineOrExplain(settings);
  if (!engine) return undefined;
  const model = modelOf(document);
  const path = document.uri.fsPath;
  const plan = parsed.form === 'options' ? planFromOptions(parsed.options, model, path, settings.tagPattern) : await askForPlan(model, path, settings.tagPattern, deps.records.build(path));
  if (!plan) return undefined;
  const choice = chooseBuilder(engine, settings.engine.buildKit, buildKitRequirement(model));
  if (!choice.ok) {
    void window.showErrorMessage(choice.message, 'Open Settings').then((answer) => answer && commands.executeCommand('workbench.action.openSettings', 'dockerfileOptimizer.engine'));
    return undefined;
  }
  const context = contextFor(document, settings, choice.builder);
  if (!context) return undefined;
  const work = mkdtempSync(join(tmpdir(), 'dfo-build-'));
  const iidFile = join(work, 'iid');
  const { tag } = plan;
  const command = buildCommand(
    engine,
    choice.builder,
    { dockerfile: path, contextDir: context.contextDir, tag, target: plan.target, buildArgs: plan.buildArgs, iidFile },
    settings.engine.extraBuildFlags,
  );
  deps.buildDiagnostics.delete(document.uri);
  const builtText = document.getText();
  try {
    // Say plainly when BuildKit was wanted by default but the client cannot (FACTS: a Docker
    // client from 23 on without the buildx plugin).
    const note =
      choice.builder === 'legacy' && settings.engine.buildKit === 'auto' && !engine.buildKit.available
        ? `BuildKit is unavailable: ${engine.buildKit.reason} Using the legacy builder (no RUN --mount). Set dockerfileOptimizer.engine.path to a client with BuildKit, or dockerfileOptimizer.engine.buildKit to "off" to silence this.`
        : null;
    const result = await runAsTask(command, `Build ${tag}`, document, context, note);
    const outcome: BuildImageResult = { ok: false, cancelled: result.cancelled, exitCode: result.exitCode, dockerfile: path, tag, target: plan.target ?? null, imageId: null, durationMs: result.durationMs };
    if (result.cancelled) {
      void window.showInformationMessage(`Build of ${tag} cancelled.`);
      return outcome;
    }
    if (result.exitCode !== 0) {
      // Sets the diagnostic at once; the message's "Go to Line" is handled when answered.
      void explainBuildFailure(document, model, context, result, deps.buildDiagnostics);
      return outcome;
    }
    const imageId = readFileSync(iidFile, 'utf8').trim() || tag;
    const record = {
      tag,
      target: plan.target ?? null,
      buildArgs: plan.buildArgs,
      imageId,
      time: new Date().toISOString(),
      engine: engine.kind,
      builder: choice.builder,
      text: builtText,
      lineSizes: [] as ReturnType<typeof lineSizes>,
    };
    try {
      record.lineSizes = lineSizes(model, plan.stage, await readHistory(engine, imageId));
    } catch {
      // inline sizes are a bonus; the build itself succeeded
    }
    await deps.records.setBuild(path, record);
    deps.inlineSizes.refresh();
    void window
      .showInformationMessage(`Built ${record.tag} (${imageId.replace(/^sha256:/, '').slice(0, 12)}) in ${(result.durationMs / 1000).toFixed(1)} s.`, 'Show Layer Sizes', 'Measure Image')
      .then(async (next) => {
        if (next === 'Show Layer Sizes') await commands.executeCommand('dockerfileOptimizer.showLayerSizes', document.uri);
        if (next === 'Measure Image') await commands.executeCommand('dockerfileOptimizer.measureImage', document.uri);
      });
    return { ...outcome, ok: true, imageId };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Stage, tag and build args asked for in turn (the remembered answers first); undefined when dismissed. */
async function askForPlan(model: DockerfileModel, path: string, tagPattern: string, remembered: BuildRecord | undefined): Promise<BuildPlan | undefined> {
  const picked = await pickStage(model, remembered?.target ?? null);
  if (!picked) return undefined;
  const tag = await window.showInputBox({
    title: 'Build Image: tag',
    prompt: 'Image tag (name:tag). It reaches the engine as one argument.',
    value: remembered?.tag ?? defaultTag(tagPattern, path, picked.target ?? null),
    validateInput: (value) => (value.trim() ? null : 'A tag is needed'),
  });
  if (tag === undefined) return undefined;
  const argsText = await window.showInputBox({
    title: 'Build Image: build args',
    prompt: 'Build args as KEY=VALUE words (quote a value with spaces). Leave empty for none.',
    value: formatBuildArgs(remembered?.buildArgs ?? []),
    validateInput: (value) => {
      const parsed = parseBuildArgs(value);
      return parsed.ok ? null : parsed.error;
    },
  });
  if (argsText === undefined) return undefined;
  const parsedArgs = parseBuildArgs(argsText);
  if (!parsedArgs.ok) return undefined;
  return { ...picked, tag: tag.trim(), buildArgs: parsedArgs.args };
}

/** The plan an options object gives (nothing remembered is used); undefined, said why, when its target is not a stage. */
function planFromOptions(options: BuildImageOptions, model: DockerfileModel, path: string, tagPattern: string): BuildPlan | undefined {
  const resolved = resolveTarget(model, options.target);
  if ('error' in resolved) {
    void window.showErrorMessage(resolved.error);
    return undefined;
  }
  return { ...resolved, tag: options.tag ?? defaultTag(tagPattern, path, resolved.target ?? null), buildArgs: options.buildArgs };
}

/** The argv as a reader would type it (display only; the process gets the vector itself). */
export function displayCommand(command: BuildCommand): string {
  const quote = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);
  const env = Object.entries(command.env).map(([key, value]) => `${key}=${value} `).join('');
  return env + [command.executable, ...command.args].map(quote).join(' ');
}

/** Runs the build as a Task in a pseudoterminal; resolves with the process result. */
function runAsTask(command: BuildCommand, name: string, document: TextDocument, context: ResolvedContext, note: string | null): Promise<ProcessResult> {
  return new Promise((resolve) => {
    const write = new EventEmitter<string>();
    const close = new EventEmitter<number>();
    const controller = new AbortController();
    const terminal: Pseudoterminal = {
      onDidWrite: write.event,
      onDidClose: close.event,
      open: () => {
        write.fire(`\x1b[2m${displayCommand(command)}\r\n(context ${context.contextDir}${context.ignoreFile ? `, ignore file ${basename(context.ignoreFile)}` : ''})\x1b[0m\r\n`);
        if (note) write.fire(`\x1b[33m${note}\x1b[0m\r\n`);
        write.fire('\r\n');
        void runBuild(command, { signal: controller.signal, onOutput: (text) => write.fire(text.replace(/\r?\n/g, '\r\n')) }).then((result) => {
          const verdict = result.cancelled ? 'cancelled' : result.exitCode === 0 ? 'done' : `failed (exit code ${result.exitCode ?? 'none'})`;
          write.fire(`\r\n\x1b[1m${name}: ${verdict} in ${(result.durationMs / 1000).toFixed(1)} s\x1b[0m\r\n`);
          close.fire(result.exitCode ?? 1);
          resolve(result);
        });
      },
      close: () => controller.abort(),
    };
    const folder = workspace.getWorkspaceFolder(document.uri);
    const task = new Task({ type: TASK_TYPE, dockerfile: document.uri.fsPath, tag: name }, folder ?? TaskScope.Workspace, name, 'Dockerfile Optimizer', new CustomExecution(async () => terminal));
    task.presentationOptions = { reveal: TaskRevealKind.Always, panel: TaskPanelKind.Dedicated, clear: true, focus: false };
    void window.withProgress({ location: ProgressLocation.Notification, title: name, cancellable: true }, async (progress, token) => {
      progress.report({ message: 'building…' });
      const execution = await tasks.executeTask(task);
      token.onCancellationRequested(() => {
        controller.abort();
        execution.terminate();
      });
      await new Promise<void>((done) => {
        const check = tasks.onDidEndTask((event) => {
          if (event.execution === execution) {
            check.dispose();
            done();
          }
        });
        controller.signal.addEventListener('abort', () => done());
      });
    });
  });
}

/** Puts the failing step on its line (a diagnostic and a message with "Go to Line"). */
export async function explainBuildFailure(document: TextDocument, model: DockerfileModel, context: ResolvedContext, result: ProcessResult, diagnostics: DiagnosticCollection): Promise<void> {
  const step = findFailingStep(result.output, model, basename(document.uri.fsPath));
  let reason = step.reason;
  if (step.instruction && (step.instruction.keyword === 'COPY' || step.instruction.keyword === 'ADD') && /not found|no such file|file does not exist/i.test(reason)) {
    const needs = copyNeeds(model, context.contextDir).filter((need) => need.instruction === step.instruction);
    const ignored = ignoredNeeds(contextPatterns(context), needs);
    if (ignored.length > 0) reason += ` — ${ignored[0].source} is excluded by ${context.ignoreFile ? basename(context.ignoreFile) : '.dockerignore'}`;
    else reason += ` — the source is missing from the build context (${context.contextDir})`;
  }
  if (step.line === null) {
    void window.showErrorMessage(`The build failed: ${reason}`);
    return;
  }
  const line = document.lineAt(Math.min(step.line, document.lineCount - 1));
  const end = step.instruction ? document.lineAt(Math.min(step.instruction.range.end.line, document.lineCount - 1)).range.end : line.range.end;
  const diagnostic = new Diagnostic(new Range(line.range.start, end), `The build failed here: ${reason}`, DiagnosticSeverity.Error);
  diagnostic.source = 'Dockerfile Optimizer (build)';
  diagnostics.set(document.uri, [diagnostic]);
  const choice = await window.showErrorMessage(`The build failed at line ${step.line + 1}: ${reason}`, 'Go to Line');
  if (choice) {
    const editor = await window.showTextDocument(document);
    editor.selection = new Selection(line.range.start, line.range.end);
    editor.revealRange(line.range);
  }
}

