// Show Stage Graph: asks the language server for the Dockerfile's stages (the
// `dockerfileOptimizer/stages` request, answered from the engine's stage flow) and shows them
// as a graph in a webview; clicking a stage reveals its FROM line. The CodeLens above each
// FROM runs this command with the document and the stage to highlight.
import { basename } from 'node:path';
import { commands, Uri, window, type ExtensionContext } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { StageInfo } from '../../../server/src/lsp/stages';
import { stageGraphHtml } from '../webview/stage-graph-html';
import { showPage } from './shared';

export const SHOW_STAGE_GRAPH = 'dockerfileOptimizer.showStageGraph';
const STAGES_REQUEST = 'dockerfileOptimizer/stages';

export function registerStageGraph(context: ExtensionContext, client: LanguageClient): void {
  context.subscriptions.push(commands.registerCommand(SHOW_STAGE_GRAPH, (target?: unknown, stage?: unknown) => showStageGraph(client, target, stage)));
}

/** The document: a URI string (from the CodeLens), a Uri (from menus), or the active editor's. */
function documentOf(target: unknown): Uri | undefined {
  if (typeof target === 'string') {
    try {
      return Uri.parse(target, true);
    } catch {
      return undefined;
    }
  }
  return target instanceof Uri ? target : window.activeTextEditor?.document.uri;
}

async function showStageGraph(client: LanguageClient, target: unknown, stage: unknown): Promise<void> {
  const uri = documentOf(target);
  if (!uri) {
    void window.showInformationMessage('Open a Dockerfile to see its build stages.');
    return;
  }
  // The server answers for documents it has open; a file picked in a menu is opened first.
  if (!window.visibleTextEditors.some((editor) => editor.document.uri.toString() === uri.toString())) await window.showTextDocument(uri, { preview: true, preserveFocus: true });
  let stages: StageInfo[] | null;
  try {
    stages = await client.sendRequest<StageInfo[] | null>(STAGES_REQUEST, { textDocument: { uri: uri.toString() } });
  } catch (error) {
    void window.showErrorMessage(`Could not read the stages: ${(error as Error)?.message ?? error}`);
    return;
  }
  if (!stages) {
    void window.showInformationMessage(`${basename(uri.path)} is not checked as a Dockerfile, so it has no stages to show.`);
    return;
  }
  const name = basename(uri.path);
  const focus = typeof stage === 'number' ? stage : null;
  showPage(`stageGraph:${uri.toString()}`, `Stages: ${name}`, uri, (nonce, cspSource) => stageGraphHtml(stages!, { nonce, cspSource, title: name, focus }));
}
