// The language server: LSP wiring only. It tracks open Dockerfiles, asks the analysis engine
// (server/src/analysis, with the rules of server/src/rules) for findings and answers with
// diagnostics, code actions and hovers built by the modules of server/src/lsp/.
// Started by the VS Code client over IPC, or with `--stdio` by tests and other editors.
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type CodeLens,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { allAsyncRules, allRules } from './rules/index';
import type { DocumentAnalysis } from './lsp/analyze-document';
import { codeActions, fixAllEdit, FIX_ALL_KIND, isFixAllData } from './lsp/code-actions';
import { ConfigFiles } from './lsp/config-files';
import { toDiagnostics } from './lsp/diagnostics';
import { isDockerfileDocument } from './lsp/document-state';
import { guarded } from './lsp/guard';
import { hoverAt } from './lsp/hover';
import { copySourceHover } from './lsp/stage-hover';
import { stageCodeLenses } from './lsp/stage-lens';
import { RuleDocs } from './lsp/rule-docs';
import { SETTINGS_SECTION, SettingsStore } from './lsp/settings';
import { StagesRequest, stagesOf } from './lsp/stages';
import { Validator } from './lsp/validator';

/** What the client may pass in `initializationOptions`. */
interface InitializationOptions {
  /** The extension's folder, where docs/rules/<id>.md are shipped. */
  extensionPath?: string;
  /** Settings for clients that cannot answer `workspace/configuration`. */
  settings?: unknown;
}

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const rulesById = new Map(allRules.map((rule) => [rule.meta.id, rule]));
const log = (message: string) => connection.console.log(message);

let ruleDocs = new RuleDocs(undefined, __dirname);
let canPullSettings = false;
let canRegisterConfigurationChange = false;
let canResolveEdit = false;
let initialSettings: unknown;

const settings = new SettingsStore(
  (uri) => (canPullSettings ? connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION }) : Promise.resolve(initialSettings)),
  log,
);
const validator = new Validator({ rules: allRules, asyncRules: allAsyncRules, documents, settings, configFiles: new ConfigFiles(log), publish, log });

function publish(analysis: DocumentAnalysis): void {
  try {
    void connection.sendDiagnostics({ uri: analysis.uri, version: analysis.version, diagnostics: toDiagnostics(analysis, rulesById, ruleDocs) });
  } catch (error) {
    log(`Publishing diagnostics for ${analysis.uri} failed: ${(error as Error)?.message ?? error}`);
  }
}

connection.onInitialize((params): InitializeResult => {
  const options = (params.initializationOptions ?? {}) as InitializationOptions;
  ruleDocs = new RuleDocs(typeof options.extensionPath === 'string' ? options.extensionPath : undefined, __dirname);
  initialSettings = options.settings;
  const capabilities = params.capabilities;
  canPullSettings = capabilities.workspace?.configuration === true;
  canRegisterConfigurationChange = capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
  canResolveEdit = capabilities.textDocument?.codeAction?.resolveSupport?.properties.includes('edit') === true;
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: true },
      hoverProvider: true,
      codeLensProvider: { resolveProvider: false },
    },
    serverInfo: { name: 'dockerfile-optimizer' },
  };
});

connection.onInitialized(() => {
  // Ask to be told about any settings change; the settings themselves are then pulled per document.
  if (canPullSettings && canRegisterConfigurationChange) void connection.client.register(DidChangeConfigurationNotification.type, undefined);
});

connection.onDidChangeConfiguration((change) => {
  // Clients that cannot answer workspace/configuration push the settings instead.
  const pushed = (change.settings as Record<string, unknown> | null)?.[SETTINGS_SECTION];
  if (!canPullSettings && pushed !== undefined) initialSettings = pushed;
  validator.invalidateAll();
});
// The client watches `.dockerfile-optimizer.json`, `.hadolint.y*ml` and `.dockerignore` files.
connection.onDidChangeWatchedFiles(() => validator.invalidateAll());

documents.onDidChangeContent((change) => {
  const document = change.document;
  if (validator.tracks(document.uri) || isDockerfileDocument(document.uri, document.languageId)) validator.schedule(document);
});

documents.onDidClose((event) => {
  const uri = event.document.uri;
  if (!validator.tracks(uri)) return;
  validator.close(uri);
  void connection.sendDiagnostics({ uri, diagnostics: [] });
});

connection.onCodeAction(
  guarded('codeAction', log, [] as CodeAction[], async (params) => {
    const analysis = await validator.current(params.textDocument.uri);
    if (!analysis) return [];
    return codeActions({ analysis, diagnostics: params.context.diagnostics, only: params.context.only, rulesById, canResolveEdit });
  }),
);

// Fix-all is computed only when chosen (or on save), not for every light bulb.
connection.onCodeActionResolve((action) =>
  guarded('codeAction/resolve', log, action, async (unresolved: CodeAction) => {
    if (!isFixAllData(unresolved.data)) return unresolved;
    const analysis = await validator.current(unresolved.data.uri);
    const edit = analysis ? fixAllEdit(analysis) : null;
    return edit ? { ...unresolved, edit } : unresolved;
  })(action),
);

connection.onHover(
  guarded('hover', log, null, async (params) => {
    const analysis = await validator.current(params.textDocument.uri);
    if (!analysis) return null;
    // A finding's hover first; else, on a COPY --from source, where that path comes from.
    return hoverAt(analysis, params.position, rulesById, ruleDocs) ?? (analysis.model ? copySourceHover(analysis.model, params.position, analysis.options.env) : null);
  }),
);

connection.onRequest(
  StagesRequest,
  guarded('stages', log, null, async (params) => {
    const analysis = (await validator.current(params.textDocument.uri)) ?? validator.latest(params.textDocument.uri);
    return analysis?.model ? stagesOf(analysis.model, analysis.options.env) : null;
  }),
);

// A lens above each FROM: what the stage is for (final, used by which stage, unused).
connection.onCodeLens(
  guarded('codeLens', log, [] as CodeLens[], async (params) => {
    const analysis = (await validator.current(params.textDocument.uri)) ?? validator.latest(params.textDocument.uri);
    return analysis?.model ? stageCodeLenses(analysis.model, params.textDocument.uri, analysis.options.env) : [];
  }),
);

// Last line of defence: a bug must cost one answer, not the server.
process.on('uncaughtException', (error) => log(`Unexpected error: ${error?.stack ?? error}`));
process.on('unhandledRejection', (reason) => log(`Unexpected rejection: ${(reason as Error)?.stack ?? reason}`));

documents.listen(connection);
connection.listen();
