// Inline sizes: after a build (or Show Layer Sizes), each instruction that made a layer shows
// its size as a CodeLens. When the file no longer matches the text that was built, the sizes
// give way to one "stale" lens that offers to build again; undoing back to the built text
// brings them back.
import { basename } from 'node:path';
import { CodeLens, EventEmitter, Range, workspace, type CodeLensProvider, type Disposable, type TextDocument } from 'vscode';
import { formatBytes } from '../container/images';
import type { Records } from './shared';

const LAYER_KEYWORDS = new Set(['RUN', 'COPY', 'ADD', 'WORKDIR']);

export class InlineSizes implements CodeLensProvider, Disposable {
  private readonly changed = new EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly listener: Disposable;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly records: Records) {
    this.listener = workspace.onDidChangeTextDocument((event) => {
      if (!this.records.build(event.document.uri.fsPath)?.text) return;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.changed.fire(), 150);
    });
  }

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: TextDocument): CodeLens[] {
    const record = this.records.build(document.uri.fsPath);
    if (!record?.text || record.lineSizes.length === 0) return [];
    const when = record.time ? new Date(record.time).toLocaleTimeString() : 'the last build';
    if (document.getText() !== record.text) {
      return [
        new CodeLens(new Range(0, 0, 0, 0), {
          title: `Layer sizes are stale: ${basename(document.uri.fsPath)} changed since the build at ${when}. Build again to refresh them`,
          command: 'dockerfileOptimizer.buildImage',
          arguments: [document.uri],
        }),
      ];
    }
    const lenses: CodeLens[] = [];
    let own = 0;
    for (const size of record.lineSizes) {
      if (size.line >= document.lineCount) continue;
      own += size.bytes;
      if (!LAYER_KEYWORDS.has(size.keyword)) continue;
      lenses.push(
        new CodeLens(document.lineAt(size.line).range, {
          title: `${formatBytes(size.bytes)} layer`,
          tooltip: `Layer size in ${record.tag} (built ${when}). Click for all layers and wasted space.`,
          command: 'dockerfileOptimizer.showLayerSizes',
          arguments: [document.uri],
        }),
      );
    }
    if (lenses.length > 0) {
      lenses.unshift(
        new CodeLens(new Range(0, 0, 0, 0), {
          title: `${record.tag}: ${formatBytes(own)} added by this Dockerfile (built ${when})`,
          command: 'dockerfileOptimizer.showLayerSizes',
          arguments: [document.uri],
        }),
      );
    }
    return lenses;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.listener.dispose();
    this.changed.dispose();
  }
}
