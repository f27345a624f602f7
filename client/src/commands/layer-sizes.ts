// Show Layer Sizes: the last image built from the Dockerfile (or a picked local image), read
// with one streaming pass over `save`, shown as a table and a chart with wasted space; rows
// reveal their Dockerfile line. Also refreshes the inline sizes. Returns the analysed table
// (LayerSizesReport: rows with bytes, wasted bytes and 0-based lines, totals, efficiency) to a
// caller such as a test or another extension; undefined when nothing was read.
import { basename } from 'node:path';
import { ProgressLocation, commands, window } from 'vscode';
import { DockerfileModel } from '../../../server/src/analysis/model';
import { EngineCommandError, layerSizes, listImages, readSavedImage, type LayerSizesReport } from '../container/images';
import { renderLayerSizes } from '../webview/layer-sizes-html';
import type { InlineSizes } from './inline-sizes';
import { engineOrExplain, pickDockerfile, readCommandSettings, requireTrust, showPage, type Records } from './shared';

export async function showLayerSizes(deps: { records: Records; inlineSizes: InlineSizes }, argument?: unknown): Promise<LayerSizesReport | undefined> {
  if (!requireTrust('Show Layer Sizes')) return undefined;
  const document = await pickDockerfile(argument);
  if (!document) return undefined;
  const settings = readCommandSettings(document.uri);
  const engine = await engineOrExplain(settings);
  if (!engine) return undefined;
  const path = document.uri.fsPath;
  const record = deps.records.build(path);
  let image = record?.imageId ?? null;
  let builtHere = image !== null;
  if (!image) {
    const images = await listImages(engine).catch(() => []);
    const items = [
      { label: '$(package) Build this Dockerfile first', reference: '' },
      ...images.map((i) => ({ label: i.reference, description: `${i.size} · ${i.created}`, reference: i.reference })),
    ];
    const picked = await window.showQuickPick(items, { placeHolder: `No image was built from ${basename(path)} here yet: build it, or pick a local image` });
    if (!picked) return undefined;
    if (!picked.reference) {
      void commands.executeCommand('dockerfileOptimizer.buildImage', document.uri);
      return undefined;
    }
    image = picked.reference;
    builtHere = false;
  }
  const reference = image;
  try {
    const archive = await window.withProgress(
      { location: ProgressLocation.Notification, title: `Reading the layers of ${record?.tag ?? reference}`, cancellable: true },
      (progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        progress.report({ message: `${engine.kind} save (one streaming pass)…` });
        return readSavedImage(engine, reference, { signal: controller.signal });
      },
    );
    // Map the rows to the text the image was built from: line numbers stay right even if the
    // file changed since.
    const text = builtHere && record?.text ? record.text : document.getText();
    const model = new DockerfileModel(text);
    const stage = record?.target && builtHere ? model.stageByRef(record.target) : model.finalStage;
    const report = layerSizes(builtHere ? record!.tag : reference, archive, model, stage);
    if (builtHere && record) {
      record.lineSizes = report.rows.filter((row) => !row.base && row.line !== null).map((row) => ({ line: row.line!, bytes: row.size, keyword: row.keyword }));
      await deps.records.setBuild(path, record);
      deps.inlineSizes.refresh();
    }
    showPage(`layers:${path}`, `Layers: ${basename(path)}`, document.uri, (nonce, cspSource) =>
      renderLayerSizes({
        report,
        dockerfileName: basename(path) + (builtHere && record?.text !== document.getText() ? ' (changed since the build)' : ''),
        imageId: reference,
        builtAt: builtHere && record?.time ? new Date(record.time).toLocaleString() : undefined,
        nonce,
        cspSource,
      }),
    );
    return report;
  } catch (error) {
    const message = error instanceof EngineCommandError || error instanceof Error ? error.message : String(error);
    if (/cancelled/.test(message)) return undefined;
    const stale = /No such image|image not known|not found/i.test(message);
    void window.showErrorMessage(stale ? `The image ${reference} is gone (removed or pruned). Build the Dockerfile again.` : `Could not read the layers: ${message}`, ...(stale ? ['Build Image'] : [])).then(
      (choice) => choice && commands.executeCommand('dockerfileOptimizer.buildImage', document.uri),
    );
    return undefined;
  }
}

