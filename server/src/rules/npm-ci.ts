import { officialImageName } from '../analysis/base-images';
import { joinPath, normalizeRelative, runInstalls } from '../analysis/dependency-installs';
import { replace } from '../analysis/edits';
import type { AnalysisEnv } from '../analysis/env';
import type { DockerfileModel, RunInfo } from '../analysis/model';
import type { Rule, RuleContext } from '../analysis/rule';
import type { ShellCommand, ShellWord } from '../analysis/shell';
import { rootStageOf } from '../analysis/stage-lineage';
import { resolvePath, walkStage, type StageState } from '../analysis/stage-state';
import type { Instruction, Stage, TextEdit } from '../analysis/types';

/** `yes`: a lockfile is known to be there; `maybe`: a wildcard copy may have brought one. */
type LockState = 'yes' | 'maybe';

const LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json'];
// `npm install` flags that make no sense for, or are refused by, `npm ci`.
const NOT_FOR_CI = ['--no-package-lock', '--package-lock-only', '--save', '-S', '--save-dev', '-D', '--save-exact', '-E', '--save-optional', '-O', '--save-bundle', '-B', '--save-prod', '-P', '--lockfile-version'];

export const npmCi: Rule = {
  meta: {
    id: 'npm-ci',
    scope: 'stage',
    category: 'cache',
    severity: 'warning',
    description: 'Use `npm ci` (and `--omit=dev`) to install exactly what package-lock.json says.',
    fixable: true,
    aliases: [],
    requires: { keywords: ['RUN'], text: ['npm'] },
    docs: `\`npm install\` resolves version ranges again and may rewrite package-lock.json, so two
builds of the same commit can get different dependencies. \`npm ci\` installs exactly the
locked versions, fails when package.json and the lockfile disagree, and starts from an
empty node_modules: reproducible and usually faster.

**Flagged:**
- \`npm install\` (or \`npm i\`) without package names, in a folder where a \`COPY\` brought a
  \`package-lock.json\` or \`npm-shrinkwrap.json\`: named explicitly, matched by a wildcard
  (\`package*.json\`), or, when the build context is known, present in a copied folder. The
  copy may be in the same stage or in the stage it builds FROM.
- The deprecated \`--only=production\` / \`--only=prod\` / \`--production\` (npm 7+ prints
  a warning): \`--omit=dev\` says the same. \`--production=false\` becomes \`--include=dev\`.

**Not flagged:** \`npm install <package>\` and \`npm install -g\` (they add packages, which
\`npm ci\` cannot), installs in folders no lockfile was copied to (\`npm ci\` would fail), and
\`--only=dev\`, which has no one-flag replacement (flagged without a fix).

**Fix:** \`install\` becomes \`ci\`, other flags kept; declined when the lockfile only may be there
(a wildcard copy without a known build context), or with flags that \`npm ci\` refuses or
ignores (\`--no-package-lock\`, \`--save*\`). \`--only=production\` and \`--production\` become
\`--omit=dev\`. On \`node\` images older than 16 (npm 6, which has no \`--omit\`) the flags are
not flagged.

No hadolint or BuildKit check covers this (hadolint's DL3016 is about pinning versions).`,
  },
  check(context) {
    const endLocks = new Map<number, Map<string, LockState>>();
    // Only a stage that runs npm can be flagged; the stages it builds on are walked for their lockfiles then.
    for (const stage of context.model.stages) {
      if (stage.instructions.some(runsNpm)) walkForLocks(context, stage, endLocks);
    }
  },
};

function runsNpm(instruction: Instruction): boolean {
  return instruction.keyword === 'RUN' && instruction.text.includes('npm');
}

/** Walks the stage (once) checking its npm RUNs; returns where lockfiles are at its end. */
function walkForLocks(context: RuleContext, stage: Stage, endLocks: Map<number, Map<string, LockState>>): Map<string, LockState> {
  let locks = endLocks.get(stage.index);
  if (locks) return locks;
  locks = new Map(stage.baseStage ? walkForLocks(context, stage.baseStage, endLocks) : []);
  const stageLocks = locks;
  const oldNpm = hasOldNpm(stage);
  walkStage(context.model, stage, (instruction, state) => {
    if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') recordLockfiles(context.env, instruction, state, stageLocks);
    else if (runsNpm(instruction)) checkRun(context, instruction, state, stageLocks, oldNpm);
  });
  endLocks.set(stage.index, locks);
  return locks;
}

function checkRun(context: RuleContext, instruction: Instruction, state: StageState, locks: Map<string, LockState>, oldNpm: boolean): void {
  const { model } = context;
  const parsed = runInstalls(model, instruction);
  if (!parsed) return;
  const info = parsed.info;
  let cwd = state.workdir;
  for (const [index, command] of info.commands.entries()) {
    if (command.name === 'cd') {
      const target = command.args[0]?.value;
      cwd = target && !target.includes('$') ? resolvePath(cwd, target) : '?cd';
      continue;
    }
    if (command.name !== 'npm') continue;
    const install = parsed.installs[index];
    if (!install) continue;
    const sub = subcommandWord(command);
    if (install.kind === 'project' && sub && (sub.value === 'install' || sub.value === 'i') && install.dir !== null) {
      const lock = locks.get(resolvePath(cwd, install.dir || '.'));
      if (lock) reportInstall(context, instruction, info, command, sub, lock);
    }
    // npm 6 (node images before 16) has no --omit: there --only=production is the way.
    if (!oldNpm) reportDeprecatedFlags(model, context, instruction, info, command);
  }
}

function reportInstall(context: RuleContext, instruction: Instruction, info: RunInfo, command: ShellCommand, sub: ShellWord, lock: LockState): void {
  const { model } = context;
  const fixable = lock === 'yes' && info.editable && sub.start >= 0 && !command.args.some((arg) => NOT_FOR_CI.some((flag) => arg.value === flag || arg.value.startsWith(flag + '=')));
  context.report({
    range: info.editable && sub.start >= 0 ? model.wordRange(instruction, sub) : instruction.range,
    message:
      lock === 'yes'
        ? `'npm ${sub.value}' with a copied package-lock.json: use 'npm ci' to install exactly the locked versions.`
        : `'npm ${sub.value}' after a copy that may include package-lock.json: if the lockfile is committed, use 'npm ci' to install exactly the locked versions.`,
    fixTitle: 'Use npm ci',
    fix: fixable ? () => [replace(model.wordRange(instruction, sub), 'ci')] : undefined,
  });
}

function reportDeprecatedFlags(model: DockerfileModel, context: RuleContext, instruction: Instruction, info: RunInfo, command: ShellCommand): void {
  const args = command.args;
  for (let i = 0; i < args.length; i++) {
    const word = args[i].value;
    let words: ShellWord[] = [args[i]];
    let value: string | null = null;
    if (word === '--only' && args[i + 1]) {
      words = [args[i], args[i + 1]];
      value = args[i + 1].value;
    } else if (word.startsWith('--only=')) {
      value = word.slice('--only='.length);
    } else if (word === '--production' || word === '--production=true') {
      value = 'production';
    } else if (word === '--production=false') {
      value = 'false';
    } else {
      continue;
    }
    const replacement = value === 'production' || value === 'prod' ? '--omit=dev' : value === 'false' ? '--include=dev' : null;
    const written = words.map((w) => w.value).join(' ');
    const editable = info.editable && words[0].start >= 0;
    const range = editable ? model.rangeIn(instruction, words[0].start, words[words.length - 1].end) : instruction.range;
    context.report({
      range,
      message: replacement
        ? `'${written}' is deprecated in npm 7 and later: use '${replacement}'.`
        : `'${written}' is deprecated in npm 7 and later: use '--include=dev' with '--omit' for what to leave out.`,
      fixTitle: replacement ? `Use ${replacement}` : undefined,
      fix: replacement && editable ? (): TextEdit[] => [replace(range, replacement)] : undefined,
    });
  }
}

/** The first positional word (`install`, `i`, `ci`). */
function subcommandWord(command: ShellCommand): ShellWord | null {
  for (let i = 0; i < command.args.length; i++) {
    const value = command.args[i].value;
    if (value === '--prefix' || value === '--cache' || value === '--registry' || value === '-w' || value === '--workspace' || value === '--only' || value === '--omit' || value === '--include') {
      i++;
      continue;
    }
    if (!value.startsWith('-')) return command.args[i];
  }
  return null;
}

/** Notes where lockfiles land: folder -> yes/maybe. */
function recordLockfiles(env: AnalysisEnv, instruction: Instruction, state: StageState, locks: Map<string, LockState>): void {
  if (instruction.flags.some((flag) => flag.name === 'from')) return;
  const words = instruction.jsonStrings ?? instruction.args.map((arg) => arg.value);
  if (words.length < 2) return;
  const sources = words.slice(0, -1);
  const destText = words[words.length - 1];
  if (destText.includes('$')) return;
  const destIsFolder = destText.endsWith('/') || normalizeRelative(destText) === '' || sources.length > 1;
  for (const source of sources) {
    if (source.includes('$') || source.startsWith('/')) continue;
    const name = source.split('/').filter(Boolean).pop() ?? '';
    const folder = normalizeRelative(source.slice(0, source.length - name.length));
    let dest = resolvePath(state.workdir, destText);
    if (LOCKFILES.includes(name)) {
      if (!destIsFolder && destText.split('/').pop() === name) dest = resolvePath(state.workdir, destText + '/..');
      locks.set(dest, 'yes');
    } else if (/[*?[]/.test(name) && LOCKFILES.some((lock) => globMatches(name, lock))) {
      const found = env.context ? LOCKFILES.some((lock) => env.context!.exists(joinPath(folder, lock))) : null;
      if (found !== false) locks.set(dest, found ? 'yes' : 'maybe');
    } else if (env.context && (normalizeRelative(source) === '' || source.endsWith('/'))) {
      if (LOCKFILES.some((lock) => env.context!.exists(joinPath(normalizeRelative(source), lock)))) locks.set(dest, 'yes');
    }
  }
}

function globMatches(pattern: string, name: string): boolean {
  // Character classes are rare in COPY sources: `[` is taken literally, so no pattern can be invalid.
  const regex = new RegExp('^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]') + '$');
  return regex.test(name);
}

/** `node:14`, `node:12-alpine`: npm 6, which ignores `--omit`. */
function hasOldNpm(stage: Stage): boolean {
  const root = rootStageOf(stage).base;
  if (officialImageName(root) !== 'node') return false;
  const major = /^(\d+)/.exec(root.tag ?? '');
  if (major) return Number(major[1]) < 16;
  return /^(carbon|dubnium|erbium|fermium|boron|argon)/.test(root.tag ?? '');
}
