// When documents are checked: once when opened, after a quiet time (debounce) when edited,
// again when settings or config files change; and on demand, for a code action or hover
// that needs the current version's findings. Results are kept per document version.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { AbortedError, analyzeModelAsync, mergeFindings, type AsyncRule } from '../analysis/async-rules';
import type { Rule } from '../analysis/rule';
import { analyzeDocument, type DocumentAnalysis } from './analyze-document';
import type { ConfigFiles } from './config-files';
import { DocumentStates } from './document-state';
import type { SettingsStore } from './settings';

export interface ValidatorDeps {
  rules: readonly Rule[];
  documents: { get(uri: string): TextDocument | undefined; all(): TextDocument[] };
  settings: SettingsStore;
  configFiles: ConfigFiles;
  publish(analysis: DocumentAnalysis): void;
  log(message: string): void;
  /** Rules that run after the fast ones (ShellCheck): their findings are published when they arrive. */
  asyncRules?: readonly AsyncRule[];
}

export class Validator {
  private readonly states = new DocumentStates();
  /** Bumped when settings or config files change: every kept result is then stale. */
  private generation = 0;
  /** Problems already logged, so a keystroke does not repeat them. */
  private logged = new Set<string>();
  /** The async run in progress per document, cancelled by the next check of that document. */
  private late = new Map<string, AbortController>();

  /** Whether the async rules that cannot run here (shellcheck not installed) were named in the log. */
  private unavailableLogged = false;

  constructor(private readonly deps: ValidatorDeps) {}

  /** The document was opened or changed. */
  schedule(document: TextDocument): void {
    const state = this.states.get(document.uri);
    state.cancelTimer();
    this.late.get(document.uri)?.abort(); // its text is out of date
    const delay = state.analysis ? state.debounceMs : 0;
    state.timer = setTimeout(() => {
      state.timer = null;
      void this.check(document.uri);
    }, delay);
  }

  /** The analysis of the document's current version (checked now if it is stale); null if untracked. */
  async current(uri: string): Promise<DocumentAnalysis | null> {
    const state = this.states.peek(uri);
    const document = this.deps.documents.get(uri);
    if (!state || !document) return null;
    const kept = state.current(document.version, this.generation);
    if (kept) return kept;
    state.cancelTimer();
    return this.check(uri);
  }

  /** The last analysis, even of an older version (for requests that only need the structure). */
  latest(uri: string): DocumentAnalysis | null {
    return this.states.peek(uri)?.analysis ?? null;
  }

  close(uri: string): void {
    this.late.get(uri)?.abort();
    this.late.delete(uri);
    this.states.delete(uri);
    this.deps.settings.forget(uri);
  }

  /** Settings or a config file changed: forget what was read and check every open document again. */
  invalidateAll(): void {
    this.generation++;
    this.logged.clear();
    this.deps.settings.clear();
    this.deps.configFiles.clear();
    for (const document of this.deps.documents.all()) {
      const state = this.states.peek(document.uri);
      if (!state) continue;
      state.cancelTimer();
      state.timer = setTimeout(() => {
        state.timer = null;
        void this.check(document.uri);
      }, 0);
    }
  }

  tracks(uri: string): boolean {
    return this.states.peek(uri) !== undefined;
  }

  private async check(uri: string): Promise<DocumentAnalysis | null> {
    const settings = await this.deps.settings.get(uri);
    // The document may have changed or closed while the settings were read.
    const state = this.states.peek(uri);
    const document = this.deps.documents.get(uri);
    if (!state || !document) return null;
    const kept = state.current(document.version, this.generation);
    if (kept) return kept;
    state.debounceMs = settings.debounceMs;
    const analysis = analyzeDocument({
      uri,
      version: document.version,
      generation: this.generation,
      text: document.getText(),
      settings,
      rules: this.deps.rules,
      configFiles: this.deps.configFiles,
      cache: state.cache,
      onRuleError: (ruleId, error) => this.logOnce(`Rule ${ruleId} failed on ${uri}: ${describe(error)}`),
    });
    this.reportProblems(analysis);
    state.analysis = analysis;
    this.deps.publish(analysis);
    this.startLate(uri, analysis);
    return analysis;
  }

  /**
   * Runs the async rules on a published analysis, off the keystroke path: a newer check or a
   * closed document cancels the run, and the findings are published only if the analysis is
   * still the document's current one.
   */
  private startLate(uri: string, analysis: DocumentAnalysis): void {
    this.late.get(uri)?.abort();
    if (!this.unavailableLogged) {
      // Once per server, on the first check (the connection is up by then).
      this.unavailableLogged = true;
      for (const rule of this.deps.asyncRules ?? []) {
        const reason = rule.unavailable();
        if (reason) this.deps.log(`Rule ${rule.meta.id} is off: ${reason}`);
      }
    }
    const asyncRules = (this.deps.asyncRules ?? []).filter((rule) => rule.unavailable() === null);
    if (!analysis.model || asyncRules.length === 0) return;
    const controller = new AbortController();
    this.late.set(uri, controller);
    const { settings, env, ruleOptions, onRuleError } = analysis.options;
    analyzeModelAsync(analysis.model, { asyncRules, settings, env, ruleOptions, onRuleError, signal: controller.signal })
      .then((late) => {
        if (controller.signal.aborted || this.states.peek(uri)?.analysis !== analysis) return;
        if (late.length === 0) return;
        analysis.findings = mergeFindings(analysis.findings, late);
        this.deps.publish(analysis);
      })
      .catch((error) => {
        if (!(error instanceof AbortedError)) this.logOnce(`Async rules failed on ${uri}: ${describe(error)}`);
      })
      .finally(() => {
        if (this.late.get(uri) === controller) this.late.delete(uri);
      });
  }

  private reportProblems(analysis: DocumentAnalysis): void {
    if (analysis.configError) this.logOnce(`Ignoring a config file: ${analysis.configError.message}`);
    if (analysis.failure) this.logOnce(`Could not check ${analysis.uri}: ${analysis.failure}`);
  }

  private logOnce(message: string): void {
    if (this.logged.has(message)) return;
    if (this.logged.size > 1000) this.logged.clear();
    this.logged.add(message);
    this.deps.log(message);
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
