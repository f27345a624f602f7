// The `dockerfileOptimizer.hideDuplicates` setting: our diagnostics that another extension
// already reports on the same Dockerfile (Docker DX, Container Tools, hadolint; see
// duplicates.ts) are left out of the Problems panel. Only the client can do this: it sees every
// extension's diagnostics (languages.getDiagnostics), the server sees none. Our findings are
// filtered as they arrive (`accept`, from the LanguageClient middleware's handleDiagnostics) and
// again when another extension's diagnostics change later; a hidden finding's code actions stay
// reachable on its own range and on the peer diagnostic's range (`withHidden`, from its
// provideCodeActions; see code-action-middleware.ts).
import {
  Disposable,
  languages,
  workspace,
  type CodeActionContext,
  type Diagnostic,
  type DiagnosticCollection,
  type Range,
  type Uri,
} from 'vscode';
import { findDuplicates, OUR_SOURCE, rangesTouch, type RangeLike } from './duplicates';

export const HIDE_DUPLICATES_SETTING = 'hideDuplicates';

interface Published {
  uri: Uri;
  /** Everything the server last published for the document. */
  all: Diagnostic[];
  /** Those left out, with the peer ranges they duplicate. */
  hidden: Map<Diagnostic, RangeLike[]>;
}

export class DuplicateFilter implements Disposable {
  private readonly published = new Map<string, Published>();
  private readonly subscriptions: Disposable[];

  /** `collection` is the language client's, known once it has started. */
  constructor(private readonly collection: () => DiagnosticCollection | undefined) {
    this.subscriptions = [
      languages.onDidChangeDiagnostics((event) => {
        for (const uri of event.uris) {
          const entry = this.published.get(uri.toString());
          if (entry) this.refilter(entry, false);
        }
      }),
      workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration(`dockerfileOptimizer.${HIDE_DUPLICATES_SETTING}`)) return;
        for (const entry of this.published.values()) this.refilter(entry, true);
      }),
    ];
  }

  /** Records what the server published for `uri` and returns what to show. */
  accept(uri: Uri, diagnostics: Diagnostic[]): Diagnostic[] {
    const key = uri.toString();
    if (diagnostics.length === 0) {
      this.published.delete(key);
      return diagnostics;
    }
    const entry: Published = { uri, all: diagnostics, hidden: this.duplicatesOf(uri, diagnostics) };
    this.published.set(key, entry);
    return visible(entry);
  }

  /** The code action context with our hidden diagnostics at `range` added, so the server offers their fixes. */
  withHidden(uri: Uri, range: Range, context: CodeActionContext): CodeActionContext {
    const entry = this.published.get(uri.toString());
    if (!entry || entry.hidden.size === 0) return context;
    const extra = [...entry.hidden].filter(
      ([diagnostic, peers]) => !context.diagnostics.includes(diagnostic) && (rangesTouch(diagnostic.range, range) || peers.some((peer) => rangesTouch(peer, range))),
    );
    if (extra.length === 0) return context;
    return { diagnostics: [...context.diagnostics, ...extra.map(([diagnostic]) => diagnostic)], only: context.only, triggerKind: context.triggerKind };
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.published.clear();
  }

  private duplicatesOf(uri: Uri, ours: Diagnostic[]): Map<Diagnostic, RangeLike[]> {
    if (!workspace.getConfiguration('dockerfileOptimizer', uri).get<boolean>(HIDE_DUPLICATES_SETTING, true)) return new Map();
    const theirs = languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source !== OUR_SOURCE);
    return findDuplicates(ours, theirs);
  }

  /**
   * Filters the last published diagnostics again against the peers' current ones, and shows the
   * result when it changed (our own update fires onDidChangeDiagnostics too: it changes nothing).
   */
  private refilter(entry: Published, force: boolean): void {
    const collection = this.collection();
    if (!collection) return;
    const hidden = this.duplicatesOf(entry.uri, entry.all);
    const changed = force || !sameKeys(hidden, entry.hidden);
    // The peer ranges may have moved even when the same diagnostics stay hidden.
    entry.hidden = hidden;
    if (changed) collection.set(entry.uri, visible(entry));
  }
}

function visible(entry: Published): Diagnostic[] {
  return entry.hidden.size === 0 ? entry.all : entry.all.filter((diagnostic) => !entry.hidden.has(diagnostic));
}

function sameKeys(a: Map<Diagnostic, unknown>, b: Map<Diagnostic, unknown>): boolean {
  if (a.size !== b.size) return false;
  for (const key of a.keys()) if (!b.has(key)) return false;
  return true;
}
