// Build Context Report: what the engine receives with and without the ignore file (Docker's
// semantics, resolved as the configured builder does), largest folders and files, the saving,
// and COPY/ADD sources the ignore file excludes. The scan shows progress and can be cancelled.
// Returns the figures shown (ContextReport and the warnings) to a caller such as a test.
import { basename } from 'node:path';
import { ProgressLocation, window } from 'vscode';
import { scanBuildContext, ScanCancelled, type ContextReport } from '../../../server/src/analysis/build-context';
import { copyNeeds, ignoredNeeds } from '../../../server/src/analysis/dockerignore-scaffold';
import { renderContextReport } from '../webview/context-report-html';
import { contextFor, modelOf, pickDockerfile, readCommandSettings, requireTrust, showPage } from './shared';

export async function contextReport(argument?: unknown): Promise<(ContextReport & { warnings: string[] }) | undefined> {
  if (!requireTrust('Build Context Report')) return undefined;
  const document = await pickDockerfile(argument);
  if (!document) return undefined;
  const settings = readCommandSettings(document.uri);
  const context = contextFor(document, settings);
  if (!context) return undefined;
  try {
    const report = await window.withProgress({ location: ProgressLocation.Notification, title: `Scanning the build context ${context.contextDir}`, cancellable: true }, (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      return scanBuildContext(context, { signal: controller.signal, onProgress: (entries) => progress.report({ message: `${entries.toLocaleString()} entries` }) });
    });
    const model = modelOf(document);
    const warnings = ignoredNeeds(report.patterns, copyNeeds(model, context.contextDir)).map(
      (ignored) => `Line ${ignored.line + 1} copies ${ignored.source}, but ${ignored.all ? '' : 'part of '}it is excluded: ${ignored.excluded.slice(0, 5).join(', ')}${ignored.excluded.length > 5 ? ', ...' : ''}`,
    );
    showPage(`context:${document.uri.fsPath}`, `Context: ${basename(document.uri.fsPath)}`, document.uri, (nonce, cspSource) => renderContextReport({ report, warnings, nonce, cspSource }));
    return { ...report, warnings };
  } catch (error) {
    if (error instanceof ScanCancelled) return undefined;
    void window.showErrorMessage(`The build context could not be scanned: ${(error as Error).message}`);
    return undefined;
  }
}
