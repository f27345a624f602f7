// The Dockerfile model every rule reads: instructions with absolute ranges, build stages with
// resolved base images and their links, comments, and parsed RUN commands on demand.
import { escapeCharOf, type SplitResult } from './chunks';
import { StageRuleCache } from './incremental';
import type { MemoKey } from './memo';
import { splitAfterEdit, type KnownSplit } from './incremental-split';
import { parseImageRef, substituteVariables } from './image';
import { parseChunk, type ParsedChunk } from './parse';
import { parseShell, type ShellCommand, type ShellWord } from './shell';
import { LineIndex } from './text';
import type { Comment, Instruction, Range, Stage } from './types';

export interface Mount {
  type: string;
  target: string | null;
  /** Every `key=value` of the flag, e.g. `id`, `from`, `source`, `sharing`. */
  options: Record<string, string>;
}

export interface RunInfo {
  mounts: Mount[];
  network: string | null;
  /** `RUN ["executable", ...]`. */
  execForm: boolean;
  /** False when SHELL (or a Windows base) makes the script something other than POSIX sh. */
  posixShell: boolean;
  /** The simple commands; word offsets are relative to the instruction's text. */
  commands: ShellCommand[];
  /** Whether word offsets point into the instruction's text (not so for exec-form scripts). */
  editable: boolean;
}

/** Where a chunk's instructions were placed in a model: the lines it started at, the index of its first instruction. */
interface Placement {
  startLine: number;
  firstIndex: number;
  instructions: Instruction[];
}

/** Caches parsed chunks and RUNs by text, shared by every model built with it (one per open document). */
export class ParseCache {
  /** Where each chunk's instructions were last placed, so an unchanged stage is not rebuilt. */
  readonly placements = new WeakMap<ParsedChunk, Placement>();
  /** Stage-rule reports kept between checks of the same document (see incremental.ts). */
  readonly stageRules = new StageRuleCache();

  // Keyed by the chunk's text as is (a key combining it with the prefix count would copy every
  // chunk's text on every keystroke just to look it up): chunks without prefix lines here,
  // chunks below a repeated escape directive (one prefix line) in `prefixed`.
  private chunks = new Map<string, Cached<ParsedChunk>>();
  private prefixed = new Map<string, Cached<ParsedChunk>>();
  /** Parsed RUNs by shell kind, escape character and text, forgotten as chunks are. */
  private runs = new Map<string, Cached<RunInfo>>();
  /** Counts the models built with this cache: each starts with `split`. */
  private generation = 0;
  private sweepAt = MIN_ENTRIES_BEFORE_SWEEP;

  private lastSplit: KnownSplit | undefined;

  /** The text's stage split; after an edit of the last text split, only the edited chunks are scanned again (incremental-split.ts). */
  split(text: string): SplitResult {
    this.forgetUnused();
    this.generation++;
    this.lastSplit = splitAfterEdit(this.lastSplit, text);
    return this.lastSplit.split;
  }

  chunk(text: string, prefixLines: number): ParsedChunk {
    const map = prefixLines === 0 ? this.chunks : this.prefixed;
    const key = prefixLines <= 1 ? text : prefixLines + '\u0000' + text;
    let cached = map.get(key);
    if (!cached) map.set(key, (cached = { value: parseChunk(text, prefixLines), usedIn: 0 }));
    cached.usedIn = this.generation;
    return cached.value;
  }

  /** The RUN parsed under `key` (see DockerfileModel.run), parsed by `read` when missing. */
  run(key: string, read: () => RunInfo): RunInfo {
    let cached = this.runs.get(key);
    if (!cached) this.runs.set(key, (cached = { value: read(), usedIn: 0 }));
    cached.usedIn = this.generation;
    return cached.value;
  }

  /** How many parsed chunks and RUNs the cache holds. */
  get size(): number {
    return this.chunks.size + this.prefixed.size + this.runs.size;
  }

  /**
   * Drops the chunks and RUNs that neither of the last two models used (so that undoing a
   * keystroke finds them); sweeps when the cache has doubled since the last sweep. Every
   * keystroke parses a new version of the edited stage (and of a RUN typed in). Keeping every
   * version of the stages until 4,000 of them, as this cache did, filled the heap: over 5,000
   * typed characters at 5,000 lines the heap reached 306-1,011 MB against 133-222 MB, and the
   * longest keystroke took 255-479 ms against 69-98 ms (major collections; and the check
   * after the cache was cleared whole parsed every stage again).
   */
  private forgetUnused(): void {
    if (this.size < this.sweepAt) return;
    for (const map of [this.chunks, this.prefixed, this.runs] as Map<string, Cached<unknown>>[]) {
      for (const [key, cached] of map) if (cached.usedIn < this.generation - 1) map.delete(key);
    }
    this.sweepAt = Math.max(MIN_ENTRIES_BEFORE_SWEEP, 2 * this.size);
  }
}

interface Cached<T> {
  value: T;
  /** The generation of the last model that used it. */
  usedIn: number;
}

const MIN_ENTRIES_BEFORE_SWEEP = 512;

/**
 * Parsed RUNs by the key `DockerfileModel.run` gives them, for models built without a
 * ParseCache: each such model starts its own, and the passes of one fix-all share one, so that
 * each RUN is parsed once.
 */
export type RunCache = Map<string, RunInfo>;

const POSIX_SHELLS = /(^|\/)(sh|bash|ash|dash|zsh|ksh|busybox)$/;
const WINDOWS_BASE = /(windows|nanoserver|servercore)/i;

export class DockerfileModel {
  readonly index: LineIndex;
  readonly escapeChar: string;
  readonly instructions: Instruction[] = [];
  readonly stages: Stage[] = [];
  readonly comments: Comment[] = [];
  /** Parser directives at the top of the file (`syntax`, `escape`, `check`), by lower-case name. */
  readonly directives = new Map<string, string>();
  /** ARGs declared before the first FROM, with their default values. */
  readonly globalArgs = new Map<string, string | null>();
  private readonly runs = new WeakMap<Instruction, RunInfo>();
  private readonly shellsByStage = new Map<number, Instruction[]>();
  private readonly chunks: ParsedChunk[] = [];
  private readonly chunkStartLines: number[] = [];
  private readonly found = new Map<string, boolean>();
  /** Values the analysis derives from the whole file once per model (see `memo`); stage views share it. */
  private readonly memos = new Map<MemoKey<unknown>, unknown>();
  /** This model's RUN instructions, once asked for; a stage view has its own. */
  private runInstructionList: Instruction[] | undefined = undefined;

  /**
   * With a `cache` (the editor's, one per open document), the text is parsed stage by stage and
   * unchanged stages come from the cache. Without one, the text is checked once (the CLI, a fix
   * pass): it is parsed whole, and its instructions are used as they are, not copied into place;
   * its RUNs are parsed into `runCache`: by default its own, or one the passes of a fix-all share.
   */
  constructor(
    readonly text: string,
    private readonly cache?: ParseCache,
    private readonly runCache: RunCache = new Map(),
  ) {
    this.index = new LineIndex(text);
    if (!cache) {
      this.escapeChar = escapeCharOf(text);
      this.adopt(parseChunk(text, 0, this.index));
      this.buildStages();
      return;
    }
    const split = cache.split(text);
    this.escapeChar = split.escapeChar;
    for (const chunk of split.chunks) {
      const usePrefix = chunk.startLine > 0 && split.escapeDirective !== null;
      const parsed = cache.chunk(usePrefix ? split.escapeDirective + '\n' + chunk.text : chunk.text, usePrefix ? 1 : 0);
      this.chunks.push(parsed);
      this.chunkStartLines.push(chunk.startLine);
      this.place(parsed, chunk.startLine, cache);
      if (chunk.startLine === 0) for (const d of parsed.directives) this.directives.set(d.name, d.value);
    }
    this.buildStages();
  }

  get finalStage(): Stage | null {
    return this.stages.length > 0 ? this.stages[this.stages.length - 1] : null;
  }

  /** The stage named (case-insensitively) or numbered `ref`, declared before stage `before`. */
  stageByRef(ref: string, before = this.stages.length): Stage | null {
    if (/^\d+$/.test(ref)) {
      const index = Number(ref);
      return index < before ? this.stages[index] : null;
    }
    const lower = ref.toLowerCase();
    for (let i = Math.min(before, this.stages.length) - 1; i >= 0; i--) {
      if (this.stages[i].name?.toLowerCase() === lower) return this.stages[i];
    }
    return null;
  }

  /**
   * Whether the file's text contains `needle`. Asked by the engine before each rule (see
   * `RuleMeta.requires`), so the answer is kept per parsed chunk: after an edit only the
   * edited stage's text is searched again.
   */
  contains(needle: string): boolean {
    let answer = this.found.get(needle);
    if (answer === undefined) {
      // A file of a few stages is searched whole; a large one per kept chunk answer.
      answer = this.chunks.length <= 8 ? this.text.includes(needle) : this.chunks.some((chunk) => chunkContains(chunk, needle));
      this.found.set(needle, answer);
    }
    return answer;
  }

  /**
   * For each chunk the text was split into, by its first line: a number that stays the same
   * while the chunk's parse is kept (same text, same cache), so that callers can tell an
   * unchanged stage without comparing its text.
   */
  chunkIdentities(): Map<number, number> {
    const identities = new Map<number, number>();
    this.chunks.forEach((chunk, i) => identities.set(this.chunkStartLines[i], identityOf(chunk)));
    return identities;
  }

  /** Whether an instruction (or an ONBUILD trigger) has this upper-case keyword. */
  hasKeyword(keyword: string): boolean {
    return this.chunks.some((chunk) => chunk.keywords.has(keyword));
  }

  /** Every RUN, and the RUN of every `ONBUILD RUN`, in file order. */
  runInstructions(): readonly Instruction[] {
    // Asked by many rules per check.
    let runs = this.runInstructionList;
    if (!runs) {
      runs = [];
      for (const instruction of this.instructions) {
        if (instruction.keyword === 'RUN') runs.push(instruction);
        else if (instruction.trigger?.keyword === 'RUN') runs.push(instruction.trigger);
      }
      this.runInstructionList = runs;
    }
    return runs;
  }

  /**
   * The value `key` names for this file, made on first request. Kept on the model, not in a
   * module's WeakMap keyed by it: V8's scavenger keeps the young entries of an old WeakMap alive,
   * so every model a WeakMap had seen, with its parse, was copied and promoted until the next
   * full collection, which made garbage collection a check's largest cost over many files.
   */
  memo<T>(key: MemoKey<T>, make: () => NoInfer<T>): T {
    let value = this.memos.get(key) as T | undefined;
    if (value === undefined) {
      value = make();
      this.memos.set(key, value);
    }
    return value;
  }

  /**
   * The model as a stage rule sees it (see incremental.ts): only `stage`'s instructions (or,
   * for null, those before the first FROM), `stages` holding just that stage, `finalStage` set
   * only if it is the final one. Lookups (`stageOf`, `stageByRef`, `run`) still use the file.
   */
  viewOf(stage: Stage | null): DockerfileModel {
    const whole = this;
    const view = Object.create(this) as DockerfileModel;
    const instructions = stage ? stage.instructions : this.instructions.filter((instruction) => instruction.stageIndex < 0);
    Object.defineProperties(view, {
      instructions: { value: instructions },
      stages: { value: stage ? [stage] : [] },
      finalStage: { get: () => (stage?.isFinal ? stage : null) },
      stageOf: { value: (instruction: Instruction) => whole.stageOf(instruction) },
      runInstructionList: { value: undefined, writable: true },
      stageByRef: { value: (ref: string, before?: number) => whole.stageByRef(ref, before) },
      allStages: { value: this.stages },
    });
    return view;
  }

  /** Every stage of the file, also in a stage view (where `stages` holds one). */
  get allStages(): Stage[] {
    return this.stages;
  }

  stageOf(instruction: Instruction): Stage | null {
    return instruction.stageIndex >= 0 ? this.stages[instruction.stageIndex] : null;
  }

  /**
   * The document offset of the instruction's first character. Offsets are derived from the
   * range rather than kept on the instruction: typing in one stage moves the offsets of every
   * instruction below it but not their lines, so the editor reuses those instructions as they are.
   */
  startOffsetOf(instruction: Instruction): number {
    return this.index.offsetAt(instruction.range.start);
  }

  /** The document offset just past the instruction's last character. */
  endOffsetOf(instruction: Instruction): number {
    return this.index.offsetAt(instruction.range.end);
  }

  /** Range of `start..end`, offsets relative to the instruction's text. */
  rangeIn(instruction: Instruction, start: number, end: number): Range {
    const offset = this.startOffsetOf(instruction);
    return this.index.rangeAt(offset + start, offset + end);
  }

  wordRange(instruction: Instruction, word: ShellWord): Range {
    return this.rangeIn(instruction, word.start, word.end);
  }

  lineText(line: number): string {
    return this.index.lineText(line);
  }

  /** Parsed RUN details; for ONBUILD RUN pass the trigger. Cached by the instruction's text. */
  run(instruction: Instruction): RunInfo {
    let info = this.runs.get(instruction);
    if (info) return info;
    const posixShell = this.usesPosixShell(instruction);
    const key = (posixShell ? 'p' : 'o') + this.escapeChar + instruction.text;
    const read = () => readRun(instruction, posixShell, this.escapeChar, this.index);
    if (this.cache) {
      info = this.cache.run(key, read);
    } else {
      info = this.runCache.get(key);
      if (!info) {
        info = read();
        this.runCache.set(key, info);
      }
    }
    this.runs.set(instruction, info);
    return info;
  }

  private usesPosixShell(instruction: Instruction): boolean {
    let stage = this.stageOf(instruction);
    let before = instruction.index;
    while (stage) {
      const shells = this.shellInstructions(stage);
      for (let i = shells.length - 1; i >= 0; i--) {
        if (shells[i].index >= before) continue;
        const program = shells[i].jsonStrings?.[0];
        return program === undefined || POSIX_SHELLS.test(program);
      }
      if (!stage.baseStage) return !WINDOWS_BASE.test(stage.base.name) && this.escapeChar !== '`';
      before = Infinity;
      stage = stage.baseStage;
    }
    return this.escapeChar !== '`';
  }

  /** The SHELL instructions of a stage (usually none), found once per model. */
  private shellInstructions(stage: Stage): Instruction[] {
    let shells = this.shellsByStage.get(stage.index);
    if (!shells) {
      shells = stage.instructions.filter((instruction) => instruction.keyword === 'SHELL');
      this.shellsByStage.set(stage.index, shells);
    }
    return shells;
  }

  /** Takes a parse of the whole text that nothing else holds: its positions are already right. */
  private adopt(parsed: ParsedChunk): void {
    this.chunks.push(parsed);
    this.chunkStartLines.push(0);
    this.instructions.push(...parsed.instructions);
    this.comments.push(...parsed.comments);
    for (const directive of parsed.directives) this.directives.set(directive.name, directive.value);
  }

  private place(parsed: ParsedChunk, startLine: number, cache: ParseCache): void {
    const firstIndex = this.instructions.length;
    const previous = cache.placements.get(parsed);
    let placed: Instruction[];
    if (previous && previous.startLine === startLine && previous.firstIndex === firstIndex) {
      // Same lines, same place in the file: the very objects (offsets come from the lines).
      placed = previous.instructions;
    } else {
      placed = parsed.instructions.map((instruction, i) => placeInstruction(instruction, startLine, firstIndex + i));
    }
    cache.placements.set(parsed, { startLine, firstIndex, instructions: placed });
    this.instructions.push(...placed);
    for (const comment of parsed.comments) {
      this.comments.push({ line: comment.line + startLine, text: comment.text, range: shift(comment.range, startLine) });
    }
  }

  private buildStages(): void {
    let current: Stage | null = null;
    for (const instruction of this.instructions) {
      if (instruction.keyword === 'FROM') {
        current = this.createStage(instruction);
        this.stages.push(current);
      } else if (!current && instruction.keyword === 'ARG') {
        for (const property of instruction.properties) this.globalArgs.set(property.name, property.value);
      }
      if (current) {
        instruction.stageIndex = current.index;
        if (instruction.trigger) instruction.trigger.stageIndex = current.index;
        current.instructions.push(instruction);
      }
    }
    for (const stage of this.stages) stage.copiesFrom = this.findCopySources(stage);
    if (this.stages.length > 0) this.stages[this.stages.length - 1].isFinal = true;
  }

  private createStage(from: Instruction): Stage {
    const index = this.stages.length;
    const imageWord = from.args[0]?.value ?? '';
    const asWord = from.args[1]?.value.toLowerCase() === 'as' ? from.args[2]?.value ?? null : null;
    const { value, unresolved } = substituteVariables(imageWord, this.globalArgs);
    const base = parseImageRef(imageWord, value, unresolved);
    const baseStage = base.tag === null && base.digest === null && base.registry === null ? this.stageByRef(base.name, index) : null;
    const platform = from.flags.find((flag) => flag.name === 'platform')?.value ?? null;
    return {
      index,
      name: asWord,
      from,
      instructions: [],
      base,
      baseStage: /^\d+$/.test(base.name) ? null : baseStage,
      isScratch: base.name === 'scratch',
      isFinal: false,
      copiesFrom: [],
      platform,
    };
  }

  private findCopySources(stage: Stage): Stage[] {
    const sources = new Set<Stage>();
    for (const instruction of stage.instructions) {
      const refs: string[] = [];
      if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') {
        const from = instruction.flags.find((flag) => flag.name === 'from')?.value;
        if (from) refs.push(from);
      } else if (instruction.keyword === 'RUN') {
        for (const flag of instruction.flags) {
          if (flag.name !== 'mount') continue;
          const from = flag.options.find((option) => option.name === 'from')?.value;
          if (from) refs.push(from);
        }
      }
      for (const ref of refs) {
        const source = this.stageByRef(ref, stage.index);
        if (source) sources.add(source);
      }
    }
    return [...sources];
  }
}

const chunkIdentity = new WeakMap<ParsedChunk, number>();
let lastIdentity = 0;

function identityOf(chunk: ParsedChunk): number {
  let identity = chunkIdentity.get(chunk);
  if (identity === undefined) chunkIdentity.set(chunk, (identity = ++lastIdentity));
  return identity;
}

const chunkNeedles = new WeakMap<ParsedChunk, Map<string, boolean>>();

function chunkContains(chunk: ParsedChunk, needle: string): boolean {
  let found = chunkNeedles.get(chunk);
  if (!found) {
    found = new Map();
    chunkNeedles.set(chunk, found);
  }
  let answer = found.get(needle);
  if (answer === undefined) {
    answer = chunk.source.includes(needle);
    found.set(needle, answer);
  }
  return answer;
}

function shift(range: Range, lines: number): Range {
  return {
    start: { line: range.start.line + lines, character: range.start.character },
    end: { line: range.end.line + lines, character: range.end.character },
  };
}

function placeInstruction(instruction: Instruction, lines: number, index: number): Instruction {
  return {
    ...instruction,
    keywordRange: shift(instruction.keywordRange, lines),
    range: shift(instruction.range, lines),
    args: instruction.args.map((arg) => ({ value: arg.value, range: shift(arg.range, lines) })),
    flags: instruction.flags.map((flag) => ({ ...flag, range: shift(flag.range, lines) })),
    properties: instruction.properties.map((p) => ({ ...p, range: shift(p.range, lines), nameRange: shift(p.nameRange, lines) })),
    trigger: instruction.trigger ? placeInstruction(instruction.trigger, lines, index) : null,
    index,
    stageIndex: -1,
  };
}

function readMounts(instruction: Instruction): Mount[] {
  return instruction.flags
    .filter((flag) => flag.name === 'mount')
    .map((flag) => {
      const options: Record<string, string> = {};
      for (const option of flag.options) options[option.name] = option.value ?? '';
      const target = options.target ?? options.dst ?? options.destination ?? null;
      return { type: options.type ?? 'bind', target, options };
    });
}

function readRun(instruction: Instruction, posixShell: boolean, escapeChar: string, index: LineIndex): RunInfo {
  const mounts = readMounts(instruction);
  const network = instruction.flags.find((flag) => flag.name === 'network')?.value ?? null;
  // Written out, not spread from a common part: one shape for every RunInfo, and no object
  // copied per RUN (a spread is a costly builtin call until V8 optimizes the function).
  const json = instruction.jsonStrings;
  if (json) {
    const isShell = json.length >= 3 && POSIX_SHELLS.test(json[0]) && json[1] === '-c';
    const commands = isShell ? parseShell(json[2]) : [execCommand(json)];
    return { mounts, network, posixShell, execForm: true, commands: posixShell || isShell ? commands : [], editable: false };
  }
  if (!posixShell || instruction.args.length === 0) return { mounts, network, posixShell, execForm: false, commands: [], editable: true };
  const text = instruction.text;
  const firstArg = instruction.args[0];
  if (firstArg.value.startsWith('<<') && instruction.heredocs.length > 0) {
    // `RUN <<EOF`: the heredoc body is the script.
    const bodyStart = text.indexOf('\n') + 1;
    // dockerfile-ast gives an unterminated heredoc a content that runs past the instruction.
    const bodyEnd = Math.min(bodyStart + instruction.heredocs[0].content.length, text.length);
    return { mounts, network, posixShell, execForm: false, commands: parseShell(text, bodyStart, bodyEnd, escapeChar), editable: true };
  }
  const scriptStart = index.offsetAt(firstArg.range.start) - index.offsetAt(instruction.range.start);
  return { mounts, network, posixShell, execForm: false, commands: parseShell(text, scriptStart, text.length, escapeChar), editable: true };
}

function execCommand(argv: string[]): ShellCommand {
  const words = argv.map((value) => ({ value, start: -1, end: -1 }));
  const name = argv[0] ?? '';
  return {
    name: name.slice(name.lastIndexOf('/') + 1),
    nameWord: words[0] ?? null,
    args: words.slice(1),
    words,
    assignments: [],
    connector: null,
    start: -1,
    end: -1,
  };
}
