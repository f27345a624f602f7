// Ignore pragmas: ours, hadolint's and BuildKit's, matched against rule ids and aliases.
//   # dockerfile-optimizer ignore=a,b          the next instruction
//   # dockerfile-optimizer global ignore=a     the whole file
//   # dockerfile-optimizer stage ignore=a      the stage it is in, or whose FROM it precedes
//   # hadolint ignore=DL3008 / global ignore= / stage ignore=
//   # check=skip=JSONArgsRecommended,StageNameCasing   (parser directive, or the first such comment; skip=all)
import type { DockerfileModel } from './model';
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
  private skipAllBuildkit = false;

  constructor(model: DockerfileModel) {
    this.readPragmas(model);
    this.readCheckDirective(model.directives.get('check') ?? firstCheckComment(model));
  }

  /** `aliases`: the peer codes of this occurrence, when narrower than the rule's. */
  isSuppressed(meta: RuleMeta, line: number, aliases: string[] = meta.aliases): boolean {
    if (this.skipAllBuildkit && aliases.some(isBuildkitName)) return true;
    if (this.scopes.length === 0) return false;
    const names = [meta.id, ...aliases].map((name) => name.toLowerCase());
    return this.scopes.some((scope) => line >= scope.fromLine && line <= scope.toLine && names.some((name) => scope.names.has(name)));
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

  private readCheckDirective(value: string | undefined): void {
    if (!value) return;
    for (const part of value.split(';')) {
      const [key, list] = part.split('=', 2).map((s) => s.trim());
      if (key.toLowerCase() !== 'skip' || !list) continue;
      const names = new Set(list.split(',').map((name) => name.trim().toLowerCase()));
      if (names.has('all')) this.skipAllBuildkit = true;
      this.scopes.push({ names, fromLine: 0, toLine: Infinity });
    }
  }
}

/** The lines of the stage a `stage ignore` comment belongs to: the one it sits in, or the one
 *  whose FROM follows it with nothing but comments in between. */
function stageOfComment(model: DockerfileModel, line: number): { fromLine: number; toLine: number } | null {
  const next = model.instructions.find((instruction) => instruction.range.start.line > line);
  const stage = next?.keyword === 'FROM' ? model.stageOf(next) : [...model.stages].reverse().find((s) => s.from.range.start.line < line);
  if (!stage) return null;
  const following = model.stages[stage.index + 1];
  return { fromLine: stage.from.range.start.line, toLine: following ? following.from.range.start.line - 1 : Infinity };
}

// BuildKit also finds the `check` directive in a comment further down (its directive
// detection falls back to the comments above instructions); the first one applies to the file.
function firstCheckComment(model: DockerfileModel): string | undefined {
  for (const comment of model.comments) {
    const match = /^check\s*=\s*(.*)$/i.exec(comment.text);
    if (match) return match[1];
  }
  return undefined;
}

/** BuildKit check names are PascalCase words; hadolint codes are DLnnnn or SCnnnn. */
export function isBuildkitName(alias: string): boolean {
  return /^[A-Z][a-z]+[A-Za-z]*$/.test(alias);
}
