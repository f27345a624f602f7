// Registers the engine commands (Build Image, Show Layer Sizes, Scaffold .dockerignore, Build
// Context Report, Measure Image) and the inline sizes, and makes the quick fix that offers the
// scaffold from the `no-dockerignore` diagnostic. Called once from extension.ts.
import {
  CodeAction,
  CodeActionKind,
  commands,
  languages,
  Uri,
  window,
  workspace,
  type CodeActionContext,
  type ExtensionContext,
  type TextDocument,
} from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { buildImage } from './build-image';
import { contextReport } from './context-report';
import { InlineSizes } from './inline-sizes';
import { showLayerSizes } from './layer-sizes';
import { measureImage } from './measure-image';
import { PROPOSAL_SCHEME, ProposalProvider, scaffoldDockerignore } from './scaffold-dockerignore';
import { Records } from './shared';

export const COMMANDS = {
  buildImage: 'dockerfileOptimizer.buildImage',
  showLayerSizes: 'dockerfileOptimizer.showLayerSizes',
  scaffoldDockerignore: 'dockerfileOptimizer.scaffoldDockerignore',
  contextReport: 'dockerfileOptimizer.contextReport',
  measureImage: 'dockerfileOptimizer.measureImage',
  clearInlineSizes: 'dockerfileOptimizer.clearInlineSizes',
} as const;

const DOCKERFILE_DOCUMENTS = [
  { language: 'dockerfile', scheme: 'file' },
  { scheme: 'file', pattern: '**/{Dockerfile,Containerfile,*.Dockerfile,*.Containerfile}' },
  { scheme: 'file', pattern: '**/{Dockerfile,Containerfile}.*' },
];

/**
 * The scaffold, offered on a `no-dockerignore` diagnostic. The language client's code action
 * middleware adds it to the server's actions (see code-action-middleware.ts): a provider of its
 * own would make VS Code cancel fix-all on save whenever any extension registers a provider.
 */
export function scaffoldQuickFixes(document: TextDocument, context: CodeActionContext): CodeAction[] {
  // Fix-all on save asks for source.fixAll only: it needs no diagnostics search.
  if (context.only && !context.only.contains(CodeActionKind.QuickFix)) return [];
  const diagnostic = context.diagnostics.find((d) => (typeof d.code === 'object' ? d.code.value : d.code) === 'no-dockerignore');
  if (!diagnostic) return [];
  const action = new CodeAction('Scaffold a .dockerignore for this build context…', CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  action.command = { command: COMMANDS.scaffoldDockerignore, title: 'Scaffold .dockerignore', arguments: [document.uri] };
  return [action];
}

export function registerCommands(context: ExtensionContext, _client?: LanguageClient): void {
  const records = new Records(context);
  const inlineSizes = new InlineSizes(records);
  const buildDiagnostics = languages.createDiagnosticCollection('dockerfileOptimizer.build');
  const output = window.createOutputChannel('Dockerfile Optimizer: Measure');
  const proposals = new ProposalProvider();
  const deps = { records, inlineSizes, buildDiagnostics, output };
  context.subscriptions.push(
    inlineSizes,
    buildDiagnostics,
    output,
    languages.registerCodeLensProvider(DOCKERFILE_DOCUMENTS, inlineSizes),
    workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, proposals),
    // A build's failure diagnostic goes when the file is edited.
    workspace.onDidChangeTextDocument((event) => event.contentChanges.length > 0 && buildDiagnostics.delete(event.document.uri)),
    commands.registerCommand(COMMANDS.buildImage, (uri?: unknown) => buildImage(deps, uri)),
    commands.registerCommand(COMMANDS.showLayerSizes, (uri?: unknown) => showLayerSizes(deps, uri)),
    commands.registerCommand(COMMANDS.scaffoldDockerignore, (uri?: unknown) => scaffoldDockerignore(proposals, uri)),
    commands.registerCommand(COMMANDS.contextReport, (uri?: unknown) => contextReport(uri)),
    commands.registerCommand(COMMANDS.measureImage, (uri?: unknown) => measureImage(deps, uri)),
    commands.registerCommand(COMMANDS.clearInlineSizes, async (uri?: unknown) => {
      const path = uri instanceof Uri ? uri.fsPath : window.activeTextEditor?.document.uri.fsPath;
      const record = path ? records.build(path) : undefined;
      if (path && record) await records.setBuild(path, { ...record, lineSizes: [] });
      inlineSizes.refresh();
    }),
  );
}
