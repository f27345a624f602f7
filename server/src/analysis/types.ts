// The vocabulary shared by the analysis engine, the rules, the language server and the CLI.
// Positions are zero-based (line, character) as in the Language Server Protocol; the CLI
// converts them to one-based for people.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeverityOrOff = Severity | 'off';
export type Category = 'size' | 'cache' | 'security' | 'correctness';

/** One argument or flag value of an instruction, as written (quotes kept). */
export interface Word {
  value: string;
  range: Range;
}

/** An option inside a flag value, e.g. `type=cache` in `--mount=type=cache,target=/x`. */
export interface FlagOption {
  name: string;
  value: string | null;
}

/** A `--name=value` flag of RUN, COPY, ADD, FROM or HEALTHCHECK. */
export interface Flag {
  name: string;
  value: string | null;
  range: Range;
  options: FlagOption[];
}

/** A `NAME=value` pair of ENV, ARG or LABEL. */
export interface Property {
  name: string;
  value: string | null;
  range: Range;
  nameRange: Range;
}

export interface Heredoc {
  name: string;
  /** The body between the marker line and the terminator, without either. */
  content: string;
}

export interface Instruction {
  /** Upper-case keyword: FROM, RUN, COPY, ... (ONBUILD triggers are reported as ONBUILD). */
  keyword: string;
  /** The keyword exactly as written (for casing checks). */
  keywordText: string;
  keywordRange: Range;
  /**
   * From the first character of the keyword to the last of its arguments (heredocs included).
   * Its document offsets: `DockerfileModel.startOffsetOf` / `endOffsetOf`.
   */
  range: Range;
  /** Arguments after the flags, as written. */
  args: Word[];
  flags: Flag[];
  /** ENV, ARG and LABEL pairs; empty for other instructions. */
  properties: Property[];
  /** For CMD, ENTRYPOINT, RUN, SHELL, COPY, ADD, VOLUME: the strings of a valid JSON array form, else null. */
  jsonStrings: string[] | null;
  heredocs: Heredoc[];
  /** For ONBUILD: the instruction it registers (`ONBUILD RUN ...` -> the RUN), else null. */
  trigger: Instruction | null;
  /** The instruction's raw text (keyword to end, continuations and heredocs included). */
  text: string;
  /** Index of the instruction in the file, and of its stage (-1 before the first FROM). */
  index: number;
  stageIndex: number;
}

export interface ImageRef {
  /** The FROM argument as written, e.g. `node:${NODE_VERSION}-slim`. */
  raw: string;
  /** After substituting the ARGs declared before the first FROM. */
  resolved: string;
  /** True while a `$VAR` could not be resolved. */
  unresolved: boolean;
  registry: string | null;
  /** The repository path without registry, e.g. `library/node` is reported as `node`. */
  name: string;
  tag: string | null;
  digest: string | null;
}

export interface Stage {
  index: number;
  /** The `AS name`, as written, or null. */
  name: string | null;
  from: Instruction;
  /** Every instruction of the stage, FROM first. */
  instructions: Instruction[];
  base: ImageRef;
  /** The earlier stage this one builds FROM, if its base names a stage. */
  baseStage: Stage | null;
  isScratch: boolean;
  isFinal: boolean;
  /** Stages this one reads from through `COPY --from` or `RUN --mount=from=`. */
  copiesFrom: Stage[];
  /** Inherited platform flag, `--platform=...` value or null. */
  platform: string | null;
}

export interface Comment {
  line: number;
  /** The text after `#`, trimmed. */
  text: string;
  range: Range;
}

export interface Finding {
  ruleId: string;
  /** Peer codes (hadolint, BuildKit) this finding corresponds to. */
  aliases: string[];
  severity: Severity;
  message: string;
  range: Range;
  /** Other places that explain the finding (e.g. the install that a copy invalidates). */
  related: { range: Range; message: string }[];
  /** The edits of the rule's fix, computed on demand; null when no safe fix exists. */
  fix(): TextEdit[] | null;
  /** Whether the rule declares a fix and this finding has one. */
  readonly fixable: boolean;
  /** A short title for the quick fix. */
  fixTitle: string | null;
}
