// The contract of a rule: metadata as data (listed, documented and configured without running
// the rule) beside a pure check that reports findings with optional, lazily computed fixes.
import type { RuleOptions } from './config';
import type { AnalysisEnv } from './env';
import type { DockerfileModel } from './model';
import type { Category, Range, Severity, TextEdit } from './types';

export interface RuleMeta {
  /** Kebab-case id, e.g. `copy-before-deps`. */
  id: string;
  category: Category;
  severity: Severity;
  /** One line, shown in lists and hovers. */
  description: string;
  /** Markdown: why it matters, what is flagged, what the fix does, where we differ from peers. */
  docs: string;
  fixable: boolean;
  /** Equivalent hadolint codes (`DL3002`) and BuildKit check names (`JSONArgsRecommended`). */
  aliases: string[];
  /** Rules that users find noisy are off until configured. */
  enabledByDefault?: boolean;
  /** A rule off by default that a boolean rule option turns on (the version-pinning rules). */
  enabledBySetting?: 'pinVersions';
  /**
   * `stage`: the rule's findings in a stage depend only on that stage, the lines before the
   * first FROM, the stages upstream of it (those it builds on or copies from, transitively)
   * and those that read from it. The editor then re-runs it only where an edit changed that
   * (incremental.ts); the rule sees a view of the model holding one stage. A message that
   * names a line number must say `line`, so that it is made again when that line moves.
   * test/analysis/stage-scope.test.ts proves, on the corpus, that such rules find the same
   * in views as over the whole file, and after edits.
   */
  scope?: 'stage';
  /**
   * What a file must hold for the rule to find anything in it; the engine skips the rule on
   * other files without running it (most files use a few package managers, not all of them).
   * Both parts must hold when both are given. Only list what the rule cannot report without:
   * test/analysis/rule-requires.test.ts runs every rule on the corpus files it would skip and
   * fails if one reports anything there.
   */
  requires?: {
    /** Upper-case instruction keywords (ONBUILD triggers count): at least one must occur. */
    keywords?: readonly string[];
    /** Case-sensitive pieces of text: at least one must occur anywhere in the file. */
    text?: readonly string[];
  };
  /** How editors may render the flagged text: `unnecessary` fades it (code that can go),
   *  `deprecated` strikes it through (a deprecated instruction or form). */
  tags?: ('unnecessary' | 'deprecated')[];
}

export interface Report {
  range: Range;
  message: string;
  /** Computes the fix's edits; returns null when this occurrence cannot be fixed safely. */
  fix?: () => TextEdit[] | null;
  fixTitle?: string;
  related?: { range: Range; message: string }[];
  /** When a rule covers several peer codes (e.g. one per package manager), the codes this
   *  occurrence corresponds to; ignore pragmas and agreement reports then use these only. */
  aliases?: string[];
}

export interface RuleContext {
  readonly model: DockerfileModel;
  readonly env: AnalysisEnv;
  /** Options from the config file and settings (label schema, allowed registries, ...). */
  readonly options: RuleOptions;
  report(report: Report): void;
}

export interface Rule {
  meta: RuleMeta;
  check(context: RuleContext): void;
}
