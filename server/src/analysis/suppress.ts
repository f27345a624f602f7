// Ignore pragmas: ours, hadolint's and BuildKit's, matched against rule ids and aliases.
//   # dockerfile-optimizer ignore=a,b          the next instruction
//   # dockerfile-optimizer global ignore=a     the whole file
//   # dockerfile-optimizer stage ignore=a      the stage it is in, or whose FROM it precedes
//   # hadolint ignore=DL3008 / global ignore= / stage ignore=
//   # check=skip=JSONArgsRecommended,StageNameCasing   as a parser directive: the whole file (skip=all: every
//     BuildKit check); as a comment right above an instruction: that instruction only (as BuildKit reads
//     its instructions' comments). `experimental=Name` in the directive turns an opt-in check on.
// With `ignoreComments: false` (hadolint's `disable-ignore-pragma`) none of these silences a
// finding; `experimental=` still turns checks on.
import type { DockerfileModel } from './model';
import type { RuleSettings } from './config';
import type { RuleMeta } from './rule';

const PRAGMA = /^(dockerfile-optimizer|hadolint)\s+(?:(global|stage)\s+)?ignore\s*=\s*(.+)$/i;
const HADOLINT_CODE = /^(DL|SC)\d{4}$/i;

interface Scope {
  names: Set<string>;
  fromLine: number;
  toLine: number;
}

export class Suppressions {
  private scopes: Scope[] = [];
  /** Line ranges where `skip=all` silences every BuildKit check (the whole file, or one instruction). */
  private skipAllRanges: { fromLine: number; toLine: number }[] = [];
  /** BuildKit checks the directive's `experimental=` turns on (lower case; `all` for every one). */
  private experimental = new Set<string>();

  constructor(
    model: DockerfileModel,
    private readonly options: { ignoreComments?: boolean } = {},
  ) {
    if (options.ignoreComments !== false) this.readPragmas(model);
    this.readCheckDirective(model.directives.get('check'), 0, Infinity);
    if (options.ignoreComments !== false) this.readInstructionCheckComments(model);
  }

  /** `aliases`: the peer codes of this occurrence, when narrower than the rule's. */
  isSuppressed(meta: RuleMeta, line: number, aliases: string[] = meta.aliases): boolean {
    if (this.skipAllRanges.length > 0 && aliases.some((alias) => isBuildkitName(alias) && !this.isExperimental(alias))) {
      if (this.skipAllRanges.some((range) => line >= range.fromLine && line <= range.toLine)) return true;
    }
    // Asked for every finding on every keystroke: names are lower-cased only for a finding
    // that some pragma's lines cover.
    let names: string[] | undefined;
    for (const scope of this.scopes) {
      if (line < scope.fromLine || line > scope.toLine) continue;
      names ??= [meta.id, ...aliases].map((name) => name.toLowerCase());
      if (names.some((name) => scope.names.has(name))) return true;
    }
    return false;
  }

  /** A settings layer that turns on the opt-in rules named by `# check=experimental=...`. */
  experimentalLayer(rules: readonly { meta: RuleMeta }[]): RuleSettings | undefined {
    if (this.experimental.size === 0) return undefined;
    const layer: RuleSettings = {};
    for (const rule of rules) {
      if (rule.meta.enabledByDefault === false && rule.meta.aliases.some((alias) => isBuildkitName(alias) && this.isExperimental(alias))) {
        layer[rule.meta.id] = rule.meta.severity;
      }
    }
    return layer;
  }

  private isExperimental(alias: string): boolean {
    return this.experimental.has('all') || this.experimental.has(alias.toLowerCase());
  }

  private readPragmas(model: DockerfileModel): void {
    for (const comment of model.comments) {
      const match = PRAGMA.exec(comment.text);
      if (!match) continue;
      const tool = match[1].toLowerCase();
      // Text after a second `#` is the author's reason.
      const list = match[3].replace(/#.*$/, '').split(',').map((name) => name.trim()).filter(Boolean);
      // Like hadolint, one malformed code voids its pragma rather than half-applying it.
      if (tool === 'hadolint' && list.some((name) => !HADOLINT_CODE.test(name))) continue;
      const names = new Set(list.map((name) => name.toLowerCase()));
      const kind = match[2]?.toLowerCase();
      if (kind === 'global') {
        this.scopes.push({ names, fromLine: 0, toLine: Infinity });
      } else if (kind === 'stage') {
        const stage = stageOfComment(model, comment.line);
        if (stage) this.scopes.push({ names, ...stage });
      } else {
        const target = model.instructions.find((instruction) => instruction.range.start.line > comment.line);
        if (target) this.scopes.push({ names, fromLine: target.range.start.line, toLine: target.range.end.line });
      }
    }
  }

  private readCheckDirective(value: string | undefined, fromLine: number, toLine: number): void {
    if (!value) return;
    // BuildKit reads the value up to the first space (`skip=X // reason`).
    for (const part of value.trim().split(/\s/, 1)[0].split(';')) {
      const equals = part.indexOf('=');
      if (equals === -1) continue;
      const key = part.slice(0, equals).trim().toLowerCase();
      const names = new Set(part.slice(equals + 1).split(',').map((name) => name.trim().toLowerCase()).filter(Boolean));
      if (key === 'experimental' && toLine === Infinity) {
        for (const name of names) this.experimental.add(name);
      } else if (key === 'skip' && this.options.ignoreComments !== false) {
        if (names.has('all')) this.skipAllRanges.push({ fromLine, toLine });
        this.scopes.push({ names, fromLine, toLine });
      }
    }
  }

  /** `# check=...` in the comments right above an instruction (since the previous instruction,
   *  or since an empty `#` line) applies to that instruction: the first such comment wins. */
  private readInstructionCheckComments(model: DockerfileModel): void {
    const comments = model.comments;
    let next = 0;
    let previousEnd = -1;
    for (const instruction of model.instructions) {
      const start = instruction.range.start.line;
      let found: string | undefined;
      for (; next < comments.length && comments[next].line < start; next++) {
        const comment = comments[next];
        if (comment.line <= previousEnd) continue; // inside the previous instruction
        if (comment.text === '') found = undefined; // an empty comment line starts a new block
        else if (found === undefined) found = CHECK_COMMENT.exec(comment.text)?.[1];
      }
      if (found !== undefined) this.readCheckDirective(found, start, instruction.range.end.line);
      previousEnd = instruction.range.end.line;
    }
  }
}

const CHECK_COMMENT = /^check\s*=\s*(.+?)\s*$/i;

/** The lines of the stage a `stage ignore` comment belongs to: the one it sits in, or the one
 *  whose FROM follows it with nothing but comments in between. */
function stageOfComment(model: DockerfileModel, line: number): { fromLine: number; toLine: number } | null {
  const next = model.instructions.find((instruction) => instruction.range.start.line > line);
  const stage = next?.keyword === 'FROM' ? model.stageOf(next) : [...model.stages].reverse().find((s) => s.from.range.start.line < line);
  if (!stage) return null;
  const following = model.stages[stage.index + 1];
  return { fromLine: stage.from.range.start.line, toLine: following ? following.from.range.start.line - 1 : Infinity };
}

/** BuildKit check names are PascalCase words (`JSONArgsRecommended` too); hadolint codes are DLnnnn or SCnnnn. */
export function isBuildkitName(alias: string): boolean {
  return /^[A-Z][A-Za-z]*[a-z][A-Za-z]*$/.test(alias);
}
