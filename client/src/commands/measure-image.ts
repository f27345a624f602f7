// Measure Image: context size, a cold build (--no-cache), a warm build, the image size; kept
// per Dockerfile and shown as a chart and a table, so the effect of fixes is visible.
import { basename } from 'node:path';
import { ProgressLocation, commands, window, type DiagnosticCollection, type OutputChannel } from 'vscode';
import { buildKitRequirement } from '../container/build-output';
import { defaultTag } from '../container/build-plan';
import { chooseBuilder } from '../container/engine';
import { appendRecord, BuildFailed, measureImage as measure } from '../container/measure';
import { renderMeasure } from '../webview/measure-html';
import { explainBuildFailure } from './build-image';
import { contextFor, engineOrExplain, modelOf, pickDockerfile, readCommandSettings, requireTrust, showPage, type Records } from './shared';

const PHASES = { context: 'scanning the build context', cold: 'cold build (--no-cache)', warm: 'warm build (cache kept)', inspect: 'reading the image size' };

export async function measureImage(deps: { records: Records; output: OutputChannel; buildDiagnostics: DiagnosticCollection }, argument?: unknown): Promise<void> {
  if (!requireTrust('Measure Image')) return;
  const document = await pickDockerfile(argument);
  if (!document) return;
  const settings = readCommandSettings(document.uri);
  const engine = await engineOrExplain(settings);
  if (!engine) return;
  const model = modelOf(document);
  const choice = chooseBuilder(engine, settings.engine.buildKit, buildKitRequirement(model));
  if (!choice.ok) {
    const answer = await window.showErrorMessage(choice.message, 'Open Settings');
    if (answer) await commands.executeCommand('workbench.action.openSettings', 'dockerfileOptimizer.engine');
    return;
  }
  const context = contextFor(document, settings, choice.builder);
  if (!context) return;
  const path = document.uri.fsPath;
  const built = deps.records.build(path);
  const target = built?.target ?? undefined;
  const tag = built?.tag ?? defaultTag(settings.tagPattern, path, target ?? null);
  deps.output.clear();
  deps.output.show(true);
  if (choice.builder === 'legacy' && settings.engine.buildKit === 'auto' && !engine.buildKit.available) {
    deps.output.appendLine(`BuildKit is unavailable: ${engine.buildKit.reason} Measuring with the legacy builder.`);
  }
  deps.buildDiagnostics.delete(document.uri);
  try {
    const record = await window.withProgress({ location: ProgressLocation.Notification, title: `Measuring ${tag}`, cancellable: true }, (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      return measure(engine, choice.builder, { dockerfile: path, contextDir: context.contextDir, tag, target, buildArgs: built?.buildArgs ?? [] }, context, {
        signal: controller.signal,
        extraFlags: settings.engine.extraBuildFlags,
        onOutput: (text) => deps.output.append(text),
        onPhase: (phase) => {
          progress.report({ message: PHASES[phase] });
          deps.output.appendLine(`--- ${PHASES[phase]}`);
        },
      });
    });
    const records = appendRecord(deps.records.measurements(path), record);
    await deps.records.setMeasurements(path, records);
    showPage(`measure:${path}`, `Measurements: ${basename(path)}`, document.uri, (nonce, cspSource) => renderMeasure({ dockerfileName: basename(path), records, nonce, cspSource }));
  } catch (error) {
    if (error instanceof BuildFailed) {
      if (error.result.cancelled) return void window.showInformationMessage('Measurement cancelled.');
      await explainBuildFailure(document, model, context, error.result, deps.buildDiagnostics);
      return;
    }
    void window.showErrorMessage(`Measure Image failed: ${(error as Error).message}`);
  }
}

