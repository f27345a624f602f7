import type { AsyncRule, AsyncRuleContext } from '../analysis/async-rules';
import type { DockerfileModel } from '../analysis/model';
import { sharedShellcheckRunner, type ShellcheckComment } from '../analysis/shellcheck';
import { programName, shellArgvFor, shellcheckDialect, shellPragmaAbove, shellPragmas } from '../analysis/shell-in-effect';
import { lineageInstructions } from '../analysis/stage-lineage';
import { walkStage } from '../analysis/stage-state';
import type { Instruction, Range, Severity } from '../analysis/types';

// Build arguments Docker passes to every RUN without an ARG line.
const PREDEFINED = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'FTP_PROXY', 'ftp_proxy', 'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy'];
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Lines the script gets above the RUN's own text: the dialect and the declared variables. */
const HEADER_LINES = 2;
const SEVERITY: Record<ShellcheckComment['level'], Severity> = { error: 'error', warning: 'warning', info: 'info', style: 'hint' };

/** One RUN's script as ShellCheck reads it, and where its lines sit in the Dockerfile. */
export interface RunScript {
  instruction: Instruction;
  script: string;
  /** Dockerfile line of the script's first line after the header. */
  firstLine: number;
}

export const shellcheck: AsyncRule = {
  meta: {
    id: 'shellcheck',
    category: 'correctness',
    severity: 'warning',
    description: 'Check RUN scripts with ShellCheck (when the `shellcheck` program is installed).',
    fixable: false,
    aliases: [],
    docs: `A RUN script is a shell script: quoting mistakes, unset variables, \`cd\` without a
check and bashisms under \`/bin/sh\` break builds or, worse, build something else than meant.
Like hadolint, we run [ShellCheck](https://www.shellcheck.net) on every shell-form \`RUN\`
(and \`ONBUILD RUN\`, and \`RUN <<EOF\` heredoc scripts) when a \`shellcheck\` executable is on
\`PATH\` (Debian/Ubuntu: \`apt-get install shellcheck\`; or set \`SHELLCHECK_PATH\`). Without it
the rule is off, and the language server says so once in its log.

**What ShellCheck is told:** the dialect of the shell in effect (\`SHELL\` in the stage or a
stage it builds FROM; \`/bin/sh\` by default, read as POSIX \`sh\`; \`bash\`, \`dash\` and \`ksh\` as
themselves), and every variable the RUN can see: the stage's \`ARG\` and \`ENV\` names (also
those inherited from the stage it builds FROM) and Docker's predefined proxy arguments, so a
declared \`ARG\` is not "referenced but not assigned" (SC2154). Scripts under another shell
(\`pwsh\`, \`cmd\`, \`zsh\`, a \`# hadolint shell=powershell\` comment) are not checked.

**Where:** each finding is placed on the Dockerfile line and column ShellCheck points to, and
carries its code (\`SC2086\`) as an alias, so every pragma takes it:
\`# hadolint ignore=SC2086\`, \`# dockerfile-optimizer ignore=SC2086\`, \`global ignore=SC2086\`.
Severities follow ShellCheck (error, warning, info; style as hint) while the rule runs at its
default level.

**Speed:** ShellCheck runs off the keystroke path: the editor shows the other findings first
and these when ShellCheck answers; a new keystroke cancels a run in progress; each RUN script
is checked once per distinct text (a cache), and the scripts not cached go to one
\`shellcheck\` process together.

(ShellCheck itself assumes UPPER_CASE names come from the environment, such as a base
image's \`JAVA_HOME\`, and only hints at likely misspellings of declared ones, SC2153.)

**Differences from hadolint:** \`SC1090\`/\`SC1091\` (cannot follow a sourced file) are not
reported: the file lives in the image, not next to the Dockerfile. An \`ONBUILD RUN\` is read
with this image's \`SHELL\` and \`ENV\` (the child build inherits them) but not its \`ARG\`s;
hadolint reads it with neither. Comment lines and empty lines inside a \`\\\` continuation are
removed by Docker before the shell runs; ShellCheck sees the script the same way. No fixes:
ShellCheck's own suggestions can change what a script does.`,
  },
  unavailable() {
    return sharedShellcheckRunner().executable === null
      ? 'shellcheck is not on PATH: RUN scripts are not checked with ShellCheck (install the `shellcheck` package, or set SHELLCHECK_PATH).'
      : null;
  },
  async check(context: AsyncRuleContext) {
    const runner = sharedShellcheckRunner();
    if (!runner.executable) return;
    const scripts = runScripts(context.model);
    if (scripts.length === 0) return;
    const results = await runner.check(
      scripts.map((s) => s.script),
      context.signal,
    );
    scripts.forEach((script, i) => {
      for (const comment of results[i]) reportComment(context, script, comment);
    });
  },
};

function reportComment(context: AsyncRuleContext, script: RunScript, comment: ShellcheckComment): void {
  if (comment.line <= HEADER_LINES) return;
  const code = `SC${comment.code}`;
  const range = commentRange(context.model, script, comment);
  context.report({ range, message: `${code}: ${comment.message}`, aliases: [code], severity: SEVERITY[comment.level] ?? 'info' });
}

function commentRange(model: DockerfileModel, script: RunScript, comment: ShellcheckComment): Range {
  const last = model.index.lineCount - 1;
  const line = (scriptLine: number) => Math.min(last, script.firstLine + scriptLine - HEADER_LINES - 1);
  const startLine = line(comment.line);
  const endLine = Math.max(startLine, line(comment.endLine));
  const start = { line: startLine, character: Math.max(0, comment.column - 1) };
  let end = { line: endLine, character: Math.max(0, comment.endColumn - 1) };
  if (end.line === start.line && end.character <= start.character) end = { line: start.line, character: start.character + 1 };
  return { start, end };
}

/** The scripts of every shell-form RUN that ShellCheck can read, with what each can see. */
export function runScripts(model: DockerfileModel): RunScript[] {
  const pragmas = shellPragmas(model);
  const scripts: RunScript[] = [];
  const visit = (instruction: Instruction, visible: Iterable<string>, envNames: Set<string>) => {
    const trigger = instruction.trigger?.keyword === 'RUN' ? instruction.trigger : null;
    const run = instruction.keyword === 'RUN' ? instruction : trigger;
    if (!run) return;
    // An ONBUILD RUN runs in the build of a child image: it inherits this image's ENV (and
    // SHELL), not the ARGs of this Dockerfile.
    const script = scriptOf(model, run, trigger ? envNames : visible, pragmas);
    if (script) scripts.push(script);
  };
  // Instructions above the first FROM (hadolint's snippets often have no FROM) see the ARG and
  // ENV lines above them.
  const before = new Set<string>();
  const beforeEnv = new Set<string>();
  for (const instruction of model.instructions) {
    if (instruction.stageIndex >= 0) break;
    visit(instruction, before, beforeEnv);
    if (instruction.keyword === 'ARG' || instruction.keyword === 'ENV') {
      for (const property of instruction.properties) {
        before.add(property.name);
        if (instruction.keyword === 'ENV') beforeEnv.add(property.name);
      }
    }
  }
  for (const stage of model.stages) {
    const envNames = new Set<string>();
    for (const inherited of stage.baseStage ? lineageInstructions(stage.baseStage) : []) {
      if (inherited.keyword === 'ENV') for (const property of inherited.properties) envNames.add(property.name);
    }
    walkStage(model, stage, (instruction, state) => {
      visit(instruction, state.env.keys(), envNames);
      if (instruction.keyword === 'ENV') for (const property of instruction.properties) envNames.add(property.name);
    });
  }
  return scripts;
}

function scriptOf(model: DockerfileModel, run: Instruction, visible: Iterable<string>, pragmas: { line: number; program: string }[]): RunScript | null {
  if (run.jsonStrings !== null || run.args.length === 0 || model.escapeChar !== '\\') return null;
  const argv = shellArgvFor(model, run);
  const program = argv?.[0] ?? shellPragmaAbove(pragmas, run.range.start.line) ?? '/bin/sh';
  let dialect = shellcheckDialect(program);
  if (!dialect || !model.run(run).posixShell) return null;
  const body = scriptBody(model, run);
  if (body === null) return null;
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(body.text.trimStart());
  if (shebang && run.heredocs.length > 0) {
    const interpreter = programName(shebang[1]) === 'env' ? shebang[2] ?? '' : shebang[1];
    dialect = shellcheckDialect(interpreter);
    if (!dialect) return null;
  }
  const names = new Set(PREDEFINED);
  for (const name of visible) if (IDENTIFIER.test(name)) names.add(name);
  const header = `# shellcheck shell=${dialect}\nexport ${[...names].sort().join(' ')}\n`;
  return { instruction: run, script: header + body.text, firstLine: body.firstLine };
}

/**
 * The RUN's script with its Dockerfile positions kept: text before the script (keyword, flags)
 * blanked, comment and empty lines inside a `\` continuation (which Docker drops) turned into a
 * bare continuation, `\r` removed. For `RUN <<EOF`, the heredoc body.
 */
function scriptBody(model: DockerfileModel, run: Instruction): { text: string; firstLine: number } | null {
  const text = run.text;
  const first = run.args[0];
  if (first.value.startsWith('<<')) {
    // Only `RUN <<EOF` alone on its line: the heredoc is the script.
    if (run.heredocs.length !== 1 || !/^\S+\s+<<-?(["']?)[\w.-]+\1\s*$/.test(text.split('\n', 1)[0].replace(/\r$/, ''))) return null;
    const bodyStart = text.indexOf('\n') + 1;
    if (bodyStart === 0) return null;
    const body = text.slice(bodyStart, bodyStart + run.heredocs[0].content.length).replace(/\r$/gm, '');
    return { text: body, firstLine: run.range.start.line + 1 };
  }
  const scriptStart = model.index.offsetAt(first.range.start) - model.startOffsetOf(run);
  // The first line starts at the instruction's column (indentation, or `ONBUILD ` before the RUN).
  const lead = ' '.repeat(run.range.start.character);
  const blanked = lead + text.slice(0, scriptStart).replace(/[^\r\n]/g, ' ') + text.slice(scriptStart);
  const lines = blanked.split('\n').map((line) => line.replace(/\r$/, ''));
  const scriptLine = text.slice(0, scriptStart).split('\n').length - 1;
  for (let i = scriptLine + 1; i < lines.length; i++) {
    const continued = /\\$/.test(lines[i - 1]);
    if (continued && (lines[i].trim() === '' || lines[i].trimStart().startsWith('#'))) lines[i] = ' '.repeat(Math.max(0, lines[i].length - 1)) + '\\';
  }
  return { text: lines.join('\n') + '\n', firstLine: run.range.start.line };
}
