// The language client's middleware: the duplicate filter (hide-duplicates.ts) on what the server
// publishes and on code action requests, and the client's own quick fixes, which join the
// server's code actions instead of coming from a second provider.
//
// Why one provider: while VS Code waits for the code actions of a save (editor.codeActionsOnSave),
// it cancels the request when any extension registers or disposes any code action provider, as
// long as a provider for the document was left out for not offering the kind asked for
// (getCodeActions in codeAction.ts compares the two lists). A quick-fix-only provider of ours was
// such a provider: an extension activating during a save left the file unfixed.
import type { CodeAction, Command } from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';
import { scaffoldQuickFixes } from './commands';
import type { DuplicateFilter } from './hide-duplicates';

export function codeActionMiddleware(duplicates: DuplicateFilter): Middleware {
  // Ours are complete: the server must not be asked to resolve them.
  const clientActions = new WeakSet<CodeAction>();
  return {
    handleDiagnostics: (uri, diagnostics, next) => next(uri, duplicates.accept(uri, diagnostics)),
    provideCodeActions: async (document, range, context, token, next) => {
      const extended = duplicates.withHidden(document.uri, range, context);
      const fromServer: (Command | CodeAction)[] = (await next(document, range, extended, token)) ?? [];
      const ours = scaffoldQuickFixes(document, extended);
      for (const action of ours) clientActions.add(action);
      return ours.length === 0 ? fromServer : [...fromServer, ...ours];
    },
    resolveCodeAction: (item, token, next) => (clientActions.has(item) ? item : next(item, token)),
  };
}
