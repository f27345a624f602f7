// The VS Code client: starts the language server (dist/server.js, over IPC) for Dockerfiles
// and forwards what the server cannot see for itself (the extension's folder for the rule docs,
// changes to config and .dockerignore files). It knows nothing about the analysis.
import * as path from 'node:path';
import { commands, ExtensionContext, Uri, window, workspace } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { SERVER_EXEC_ARGV } from '../../server/src/lsp/node-options';
import { codeActionMiddleware } from './code-action-middleware';
import { registerCommands } from './commands';
import { registerStageGraph } from './commands/stage-graph';
import { DuplicateFilter } from './hide-duplicates';

let client: LanguageClient | undefined;

/** The documents the server checks: the `dockerfile` language, and files named like Dockerfiles. */
export const DOCKERFILE_SELECTOR = [
  { language: 'dockerfile', scheme: 'file' },
  { language: 'dockerfile', scheme: 'untitled' },
  { scheme: 'file', pattern: '**/{Dockerfile,Containerfile,*.Dockerfile,*.Containerfile}' },
  { scheme: 'file', pattern: '**/{Dockerfile,Containerfile}.*' },
];

export async function activate(context: ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV] } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6010'] } },
  };
  const outputChannel = window.createOutputChannel('Dockerfile Optimizer');
  // dockerfileOptimizer.hideDuplicates: leaves out our findings that another extension reports.
  const duplicates = new DuplicateFilter(() => client?.diagnostics);
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCKERFILE_SELECTOR,
    outputChannel,
    middleware: codeActionMiddleware(duplicates),
    initializationOptions: { extensionPath: context.extensionPath },
    synchronize: {
      // A changed config file or .dockerignore changes findings: the server re-checks open files.
      fileEvents: [
        workspace.createFileSystemWatcher('**/.dockerfile-optimizer.json'),
        // hadolint's config, read when no .dockerfile-optimizer.json applies.
        workspace.createFileSystemWatcher('**/.hadolint.{yaml,yml}'),
        workspace.createFileSystemWatcher('**/{.dockerignore,*.dockerignore}'),
      ],
    },
  };
  // The id makes `dockerfileOptimizer.trace.server` the trace setting.
  client = new LanguageClient('dockerfileOptimizer', 'Dockerfile Optimizer', serverOptions, clientOptions);
  context.subscriptions.push(
    outputChannel,
    duplicates,
    commands.registerCommand('dockerfileOptimizer.showRuleDocs', (ruleId?: unknown) => showRuleDocs(context, ruleId)),
  );
  // Engine commands (build, layer sizes, .dockerignore scaffold, context report, measure).
  registerCommands(context, client);
  // Show Stage Graph (also run by the CodeLens above each FROM).
  registerStageGraph(context, client);
  await client.start();
}

export async function deactivate(): Promise<void> {
  const running = client;
  client = undefined;
  await running?.stop();
}

/** Opens docs/rules/<id>.md (shipped in the extension) as a Markdown preview. */
async function showRuleDocs(context: ExtensionContext, ruleId?: unknown): Promise<void> {
  const folder = Uri.file(context.asAbsolutePath(path.join('docs', 'rules')));
  let id = typeof ruleId === 'string' ? ruleId : undefined;
  if (!id) {
    const entries = await workspace.fs.readDirectory(folder);
    const ids = entries
      .map(([name]) => name)
      .filter((name) => name.endsWith('.md') && name !== 'README.md')
      .map((name) => name.slice(0, -'.md'.length))
      .sort();
    id = await window.showQuickPick(['README', ...ids], { placeHolder: 'Rule to show' });
    if (!id) return;
  }
  await commands.executeCommand('markdown.showPreview', Uri.joinPath(folder, `${id}.md`));
}
