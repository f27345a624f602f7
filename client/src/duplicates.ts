// Which of our diagnostics another extension already reports on the same Dockerfile. Pure (no
// `vscode` import) so it is unit-tested with plain objects; client/src/hide-duplicates.ts applies
// it to the editor's diagnostics.
//
// What the peers really publish (read from their sources; references in the README section
// "Beside Docker DX, Container Tools and hadolint"):
// - Docker DX (docker.docker): its Go language server docker-language-server publishes BuildKit's
//   build checks with `source: "docker-language-server"` and the check's name as `code`
//   (`JSONArgsRecommended`, `MaintainerDeprecated`, ...; docker/docker-language-server
//   internal/pkg/buildkit/service.go, convertToDiagnostics). Since Docker DX 0.8.0 its client
//   rewrites the source to `Docker DX (docker-language-server)` (docker/vscode-extension
//   src/utils/lsp/lsp.ts, handleDiagnostics; issue #127, PR #128). Its Scout findings
//   (`not_pinned_digest`, `recommended_tag`, ...) use the same source but mean other things.
//   Since 0.11.0 Docker DX also runs rcjsuen's Dockerfile Language Server when neither Microsoft
//   extension is installed, but drops that server's diagnostics (same file).
// - Container Tools (ms-azuretools.vscode-containers) and the older Docker extension
//   (ms-azuretools.vscode-docker): rcjsuen's dockerfile-language-server-nodejs, whose
//   diagnostics are dockerfile-utils' unchanged: `source: "dockerfile-utils"` and a NUMBER
//   `code`, the index of dockerfile-utils' ValidationCode enum (rcjsuen/dockerfile-utils
//   src/main.ts, src/dockerValidator.ts createDiagnostic). Container Tools ships
//   dockerfile-utils 0.16.3 (its NOTICE.html), the version in our node_modules; the numbers
//   have only been appended to since 2018, and test/client/duplicates.test.ts checks the table
//   below against the installed enum.
// - hadolint (exiasr.hadolint): sets NO `source`; `code` is hadolint's rule (`DL3007`, or a
//   ShellCheck `SC2086` inside RUN), the message starts with `[hadolint] `, and the range is the
//   whole first line of the instruction (michaellzc/vscode-hadolint server/src/server.ts).
//   Other integrations (Trunk, SonarLint, MegaLinter) report the same codes with
//   `source: "hadolint"`.
// So a peer's finding is recognised by its code alone (DL/SC codes and BuildKit check names are
// distinctive), except dockerfile-utils' numbers, which need its source.

/** The source of our own diagnostics (server/src/lsp/diagnostics.ts). */
export const OUR_SOURCE = 'dockerfile-optimizer';

export interface Position {
  line: number;
  character: number;
}

export interface RangeLike {
  start: Position;
  end: Position;
}

export type CodeLike = string | number | { value: string | number } | undefined;

/** What this module reads of a vscode.Diagnostic (or an LSP one). */
export interface DiagnosticLike {
  range: RangeLike;
  /** Lower is more severe (vscode: Error 0 ... Hint 3; LSP: Error 1 ... Hint 4). */
  severity?: number;
  source?: string;
  code?: CodeLike;
  /** Not read (a string, or MarkupContent in LSP 3.18). */
  message?: unknown;
  /** Ours carry PeerData (server/src/lsp/diagnostics.ts). */
  data?: unknown;
}

/** The `data` of our diagnostics whose finding has peer codes (server/src/lsp/diagnostics.ts). */
export interface PeerData {
  aliases: string[];
  lines: [number, number];
}

/**
 * dockerfile-utils' ValidationCode numbers whose problem one of our rules also reports, as the
 * alias (BuildKit check name or hadolint code) of that rule. The first six are the overlaps
 * Docker's own language server drops when dockerfile-utils runs beside it
 * (docker-language-server internal/pkg/buildkit/service.go, shouldIgnore); the rest mean the same
 * as the alias on the instances where both fire (checked on ../shared/corpus).
 */
export const DOCKERFILE_UTILS_CODES: ReadonlyMap<number, string> = new Map([
  [0, 'ConsistentInstructionCasing'], // CASING_INSTRUCTION
  [10, 'DuplicateStageName'], // DUPLICATE_BUILD_STAGE_NAME
  [11, 'NoEmptyContinuation'], // EMPTY_CONTINUATION_LINE
  [37, 'MultipleInstructionsDisallowed'], // MULTIPLE_INSTRUCTIONS (CMD, ENTRYPOINT, HEALTHCHECK)
  [45, 'MaintainerDeprecated'], // DEPRECATED_MAINTAINER
  [50, 'WorkdirRelativePath'], // WORKDIR_IS_NOT_ABSOLUTE
  [23, 'DL3021'], // INVALID_DESTINATION: several sources, destination not ending in /
  [24, 'ExposeInvalidFormat'], // INVALID_PORT, e.g. EXPOSE 127.0.0.1:80:80
  [29, 'DL3043'], // ONBUILD_CHAINING_DISALLOWED
  [30, 'DL3043'], // ONBUILD_TRIGGER_DISALLOWED (FROM, MAINTAINER)
  [49, 'JSONArgsRecommended'], // JSON_IN_SINGLE_QUOTES: CMD ['a'] is shell form to Docker
  [51, 'InvalidDefaultArgInFrom'], // BASE_NAME_EMPTY: FROM $X where X is empty
]);

const DOCKERFILE_UTILS_SOURCE = /\bdockerfile-utils\b/i;

export function codeValue(code: CodeLike): string | number | undefined {
  return typeof code === 'object' && code !== null ? code.value : code;
}

/** The (lower-case) peer code a diagnostic of another extension stands for, or null. */
export function peerKey(diagnostic: DiagnosticLike): string | null {
  if (diagnostic.source === OUR_SOURCE) return null;
  const code = codeValue(diagnostic.code);
  if (code === undefined || code === '') return null;
  if (typeof code === 'number' || /^\d+$/.test(code)) {
    // A bare number means nothing without knowing whose table it indexes.
    if (!DOCKERFILE_UTILS_SOURCE.test(diagnostic.source ?? '')) return null;
    return DOCKERFILE_UTILS_CODES.get(Number(code))?.toLowerCase() ?? null;
  }
  return code.toLowerCase();
}

/** Our diagnostic's PeerData, or null (not ours, no aliases, or an older server's). */
export function peerData(diagnostic: DiagnosticLike): PeerData | null {
  if (diagnostic.source !== OUR_SOURCE) return null;
  const data = diagnostic.data as Partial<PeerData> | null | undefined;
  const aliases = data?.aliases;
  const lines = data?.lines;
  if (!Array.isArray(aliases) || aliases.length === 0 || !aliases.every((alias) => typeof alias === 'string')) return null;
  if (!Array.isArray(lines) || lines.length !== 2 || !lines.every((line) => Number.isInteger(line))) return null;
  return { aliases, lines: [lines[0], lines[1]] };
}

/** The last line a range covers: one ending at column 0 of a later line stops on the line before. */
function lastLine(range: RangeLike): number {
  return range.end.line > range.start.line && range.end.character === 0 ? range.end.line - 1 : range.end.line;
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** Whether two ranges share a position (touching ends count, as an empty range at a word does). */
export function rangesTouch(a: RangeLike, b: RangeLike): boolean {
  return !before(a.end, b.start) && !before(b.end, a.start);
}

/**
 * Whether `theirs` reports the problem `ours` reports, given that its code maps to one of our
 * aliases: it is in the same instruction (peers report per instruction, often on its first line
 * while ours points at a word further down), and when both sit on one and the same line they
 * touch (dockerfile-utils flags `127.0.0.1:80:80` but not `5000:5000` of one EXPOSE; we flag
 * both, and only the first is its duplicate). Ours stays when it is more severe than theirs: a
 * rule the user raised to an error is not hidden behind a peer's warning.
 */
export function sameProblem(ours: DiagnosticLike, lines: [number, number], theirs: DiagnosticLike): boolean {
  if ((theirs.severity ?? 0) > (ours.severity ?? 0)) return false;
  const theirFirst = theirs.range.start.line;
  const theirLast = lastLine(theirs.range);
  if (theirFirst > lines[1] || theirLast < lines[0]) return false;
  const ourFirst = ours.range.start.line;
  const oneLine = ourFirst === lastLine(ours.range) && theirFirst === theirLast && ourFirst === theirFirst;
  return !oneLine || rangesTouch(ours.range, theirs.range);
}

/**
 * Our diagnostics that duplicate one of `theirs` (the document's diagnostics from other
 * extensions), each with the ranges of the peer diagnostics it duplicates (where the editor
 * still offers our code actions). Anything that is not ours, or has no PeerData, is kept.
 */
export function findDuplicates<T extends DiagnosticLike>(ours: readonly T[], theirs: readonly DiagnosticLike[]): Map<T, RangeLike[]> {
  const hidden = new Map<T, RangeLike[]>();
  if (ours.length === 0 || theirs.length === 0) return hidden;
  const byKey = new Map<string, DiagnosticLike[]>();
  for (const diagnostic of theirs) {
    const key = peerKey(diagnostic);
    if (key === null) continue;
    let list = byKey.get(key);
    if (!list) byKey.set(key, (list = []));
    list.push(diagnostic);
  }
  if (byKey.size === 0) return hidden;
  for (const diagnostic of ours) {
    const data = peerData(diagnostic);
    if (!data) continue;
    const peers: RangeLike[] = [];
    for (const alias of data.aliases) {
      for (const candidate of byKey.get(alias.toLowerCase()) ?? []) {
        if (sameProblem(diagnostic, data.lines, candidate)) peers.push(candidate.range);
      }
    }
    if (peers.length > 0) hidden.set(diagnostic, peers);
  }
  return hidden;
}
