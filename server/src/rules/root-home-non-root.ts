import { officialImageName } from '../analysis/base-images';
import { replace } from '../analysis/edits';
import { pythonVersionOf } from '../analysis/ecosystem';
import type { AnalysisEnv } from '../analysis/env';
import type { DockerfileModel } from '../analysis/model';
import type { Rule } from '../analysis/rule';
import { entryCommandOf, lineageSummaries, stageSummary, usesOf, within, type CreatedPath, type StageCopy } from '../analysis/stage-flow';
import { stageLineage } from '../analysis/stage-lineage';
import type { Instruction, Range, Stage, TextEdit } from '../analysis/types';

// Variables whose paths a runtime searches: a folder under /root there is as bad as in PATH.
const LOOKUP_VARIABLES = new Set(['PYTHONPATH', 'PYTHONUSERBASE', 'NODE_PATH', 'GEM_HOME', 'GEM_PATH', 'LD_LIBRARY_PATH', 'CLASSPATH', 'VIRTUAL_ENV', 'PYTHONHOME']);
const USER_SITE = '/root/.local';

interface Evidence {
  instruction: Instruction;
  range: Range;
  what: string;
}

export const rootHomeNonRoot: Rule = {
  meta: {
    id: 'root-home-non-root',
    category: 'correctness',
    severity: 'error',
    description: 'The final image runs as a non-root user, but its PATH, command or packages live under /root, which that user cannot read.',
    fixable: true,
    aliases: [],
    requires: { keywords: ['USER'], text: ['/root', '--user', 'PIP_USER', 'PYTHONUSERBASE'] },
    docs: `Base images keep \`/root\` at mode 700: only root may enter it. A builder that runs
\`pip install --user\` as root puts the packages in \`/root/.local\`; a runtime stage that copies
them to \`/root/.local\` and then switches to \`USER app\` (as it should) has an app user who
cannot read them, and Python's user site for that user is not \`/root/.local\` anyway. The
container fails at start with \`ModuleNotFoundError\` or \`permission denied\`, although the
build succeeded. The same goes for tools installed under \`/root\` (\`/root/.cargo/bin\`,
\`/root/.local/bin\` from installer scripts) that PATH or the command point at.

**Flagged:** a final stage whose user (its last USER, in its stage or a stage it builds FROM)
is not root, when
- its PATH (or PYTHONPATH, NODE_PATH, GEM_HOME, LD_LIBRARY_PATH, ...) has an entry under \`/root\`;
- its ENTRYPOINT or CMD runs something under \`/root\`;
- it has packages in \`/root/.local\`: copied there (\`COPY --from=build /root/.local /root/.local\`,
  with or without \`--chown\`: \`/root\` itself stays closed) or installed by \`pip install --user\`
  while still root.

**Not flagged:** images that open \`/root\` (\`chmod\` or \`chown\` on it in a RUN), root and
unknown users (\`USER \${APP_UID}\`), scratch images (a \`/root\` made by COPY is not closed) and
bases we do not know (some give \`/root\` to the root group that OpenShift users are in).

**Fix** (official \`python\` images, the same Python version in builder and runtime):
- builder + runtime: \`pip install --user\` becomes \`pip install --prefix=/install\` in the
  builder, the runtime copies \`COPY --from=<builder> /install /usr/local\`, and
  \`/root/.local/bin\` in PATH, ENTRYPOINT and CMD becomes \`/usr/local/bin\`: readable by every
  user, on the default PATH and in Python's default site;
- one stage: \`--user\` is dropped (root installs into \`/usr/local\`), PATH and command as above.

No fix when the builder runs Python after the install (it would not find \`/install\`), when
other stages read the builder, or when something else under \`/root\` is used. A virtual
environment in \`/opt/venv\` copied with \`--chown\` is the other good layout.

hadolint's DL3002 checks only that the last USER is not root; nothing checks what that user
can read.`,
  },
  check({ model, env, report }) {
    const final = model.finalStage;
    if (!final) return;
    // Cheap first: no USER in the lineage means root, and nothing to look at.
    const lastUser = stageLineage(final).flatMap((stage) => stage.instructions).filter((instruction) => instruction.keyword === 'USER').pop();
    if (!lastUser || isRoot(lastUser.args[0]?.value ?? 'root')) return;
    // Every kind of evidence names /root, or installs with --user: else there is nothing to find.
    if (!stageLineage(final).some((stage) => stage.instructions.some((instruction) => /\/root\b|--user\b|PIP_USER|PYTHONUSERBASE/.test(instruction.text)))) return;
    const summary = stageSummary(model, final, env);
    const user = summary.end.user;
    if (user === null || isRoot(user) || user.includes('$')) return;
    const lineage = lineageSummaries(model, final, env);
    const root = lineage[lineage.length - 1];
    if (root.stage.isScratch || !root.baseKnown) return;
    const instructions = lineage.flatMap((member) => member.stage.instructions);
    if (instructions.some((instruction) => instruction.keyword === 'RUN' && opensRoot(instruction.text))) return;
    const evidence = collectEvidence(model, env, final);
    if (evidence.length === 0) return;
    const userInstruction = [...instructions].reverse().find((instruction) => instruction.keyword === 'USER');
    const main = evidence[0];
    report({
      range: main.range,
      message:
        `The final image runs as '${user}', who cannot enter /root (mode 700 in base images), but ${main.what}: ` +
        `the container fails at start (not found, permission denied, missing modules). Install where every user can read: ` +
        `pip install --prefix=/install copied to /usr/local, or a venv in /opt/venv copied with --chown.`,
      related: [
        ...(userInstruction ? [{ range: userInstruction.range, message: `runs as '${user}'` }] : []),
        ...evidence.slice(1).map((other) => ({ range: other.range, message: other.what })),
      ],
      fixTitle: 'Install the packages into /usr/local instead of /root/.local',
      fix: () => fixFor(model, env, final),
    });
  },
};

function isRoot(user: string): boolean {
  const name = unquote(user).split(':')[0];
  return name === 'root' || name === '0';
}

function unquote(text: string): string {
  return /^(["']).*\1$/.test(text) ? text.slice(1, -1) : text;
}

/** `chmod 755 /root`, `chmod -R a+rX /root/.local`, `chown -R app /root`: /root made readable. */
function opensRoot(text: string): boolean {
  return /\b(chmod|chown|chgrp|setfacl)\b[^;&|\n]*\s\/root(\/|\s|$|;|&|\||\\)/.test(text);
}

/**
 * PATH and the lookup variables as the lineage's ENVs leave them, with the image's own value
 * (unknown to us) standing in as '' wherever `$PATH` refers back to it.
 */
function lookupValues(stage: Stage): Map<string, string> {
  const values = new Map<string, string>();
  for (const member of stageLineage(stage).reverse()) {
    for (const instruction of member.instructions) {
      if (instruction.keyword !== 'ENV') continue;
      for (const property of instruction.properties) {
        if (property.value === null || (property.name !== 'PATH' && !LOOKUP_VARIABLES.has(property.name))) continue;
        const previous = values.get(property.name) ?? '';
        const raw = unquote(property.value);
        values.set(property.name, raw.replace(new RegExp(`\\$\\{?${property.name}\\}?`, 'g'), previous));
      }
    }
  }
  return values;
}

function pathsUnderRoot(value: string): string[] {
  return value.split(/[:;]/).map((entry) => entry.trim()).filter((entry) => entry.startsWith('/') && within(entry.replace(/\/+$/, ''), '/root') && entry !== '/');
}

function collectEvidence(model: DockerfileModel, env: AnalysisEnv, final: Stage): Evidence[] {
  const evidence: Evidence[] = [];
  // Copied or installed packages in /root/.local.
  for (const summary of lineageSummaries(model, final, env).reverse()) {
    for (const entry of summary.created) {
      if (!within(entry.path, USER_SITE) && !(within(USER_SITE, entry.path) && entry.contents.kind === 'stage' && within(entry.contents.source, '/root'))) continue;
      evidence.push({ instruction: entry.instruction, range: entry.instruction.range, what: packagesWhat(entry) });
    }
  }
  // PATH and lookup variables, in the ENV that sets them last.
  for (const [name, value] of lookupValues(final)) {
    const under = pathsUnderRoot(value);
    if (under.length === 0) continue;
    const setter = lastEnvSetting(final, name);
    if (!setter) continue;
    evidence.push({ instruction: setter.instruction, range: setter.range, what: `${name} has ${under.join(', ')}` });
  }
  const entry = entryCommandOf(final);
  const rootWords = entry?.words.filter((word) => /(^|=)\/root\//.test(word)) ?? [];
  if (entry && rootWords.length > 0) {
    const instruction = entry.instructions.find((candidate) => candidate.text.includes('/root/')) ?? entry.instructions[0];
    evidence.push({ instruction, range: instruction.range, what: `${instruction.keyword} runs ${rootWords[0].replace(/^[^=]*=/, '')}` });
  }
  return evidence;
}

function packagesWhat(entry: CreatedPath): string {
  if (entry.instruction.keyword === 'RUN') return `'${entry.label}' installed its packages into ${USER_SITE} as root (line ${entry.instruction.range.start.line + 1})`;
  return `${entry.instruction.keyword} puts packages in ${entry.path} (line ${entry.instruction.range.start.line + 1})`;
}

function lastEnvSetting(stage: Stage, name: string): { instruction: Instruction; range: Range } | null {
  for (const member of stageLineage(stage)) {
    for (let i = member.instructions.length - 1; i >= 0; i--) {
      const instruction = member.instructions[i];
      if (instruction.keyword !== 'ENV') continue;
      const property = instruction.properties.find((p) => p.name === name);
      if (property) return { instruction, range: property.range };
    }
  }
  return null;
}

// ------------------------------------------------------------------ the fix

interface UserInstall {
  instruction: Instruction;
  userWord: { start: number; end: number };
}

function fixFor(model: DockerfileModel, env: AnalysisEnv, final: Stage): TextEdit[] | null {
  if (!isOfficialPython(final)) return null;
  const finalLineage = lineageSummaries(model, final, env);
  const finalStages = new Set(finalLineage.map((summary) => summary.stage));
  const copies = finalLineage.flatMap((summary) => summary.copies).filter((copy) => copy.kind === 'copy' && copy.destination !== null && within(copy.destination, '/root'));
  const ownInstalls = userInstallsIn(model, env, finalLineage.map((summary) => summary.stage));
  if (ownInstalls === null) return null;
  const edits: TextEdit[] = [];
  if (copies.length === 0) {
    // One stage: root installs into /usr/local without --user.
    if (ownInstalls.length === 0) return null;
    for (const install of ownInstalls) edits.push(removeUserFlag(model, install));
  } else {
    if (copies.length !== 1 || ownInstalls.length > 0) return null;
    const copy = copies[0];
    const builder = copy.from;
    const source = copy.sources.length === 1 ? copy.sources[0] : null;
    if (!builder || !source || source.path !== USER_SITE || copy.destination !== USER_SITE || copy.instruction.jsonStrings) return null;
    if (!isOfficialPython(builder) || pythonVersionOf(rootOf(builder).base) !== pythonVersionOf(rootOf(final).base)) return null;
    // Other readers of the builder would lose /root/.local.
    if (usesOf(model, builder, env).some((use) => !finalStages.has(use.stage))) return null;
    const builderInstalls = userInstallsIn(model, env, stageLineage(builder).reverse());
    if (!builderInstalls || builderInstalls.length === 0 || !builderEndsWithInstalls(model, builder, builderInstalls)) return null;
    for (const install of builderInstalls) edits.push(replace(model.rangeIn(install.instruction, install.userWord.start, install.userWord.end), '--prefix=/install'));
    const copyEdits = rewriteCopy(model, copy);
    if (!copyEdits) return null;
    edits.push(...copyEdits);
  }
  const rest = rewriteReferences(model, finalLineage.map((summary) => summary.stage));
  if (!rest) return null;
  edits.push(...rest);
  return edits;
}

function rootOf(stage: Stage): Stage {
  const lineage = stageLineage(stage);
  return lineage[lineage.length - 1];
}

function isOfficialPython(stage: Stage): boolean {
  const base = rootOf(stage).base;
  return !rootOf(stage).isScratch && officialImageName(base) === 'python' && !base.unresolved && pythonVersionOf(base) !== null;
}

/** `pip install --user` commands of the stages (as root, with the flag as one editable word); null when one cannot be edited. */
function userInstallsIn(model: DockerfileModel, env: AnalysisEnv, stages: Stage[]): UserInstall[] | null {
  const installs: UserInstall[] = [];
  for (const stage of stages) {
    const summary = stageSummary(model, stage, env);
    for (const entry of summary.created) {
      if (entry.instruction.keyword !== 'RUN' || entry.path !== USER_SITE) continue;
      const run = model.run(entry.instruction);
      if (run.execForm || !run.editable) return null;
      const command = run.commands.find((candidate) => candidate.args.some((arg) => arg.value === '--user') && /^(pip|python)/.test(candidate.name));
      const word = command?.args.find((arg) => arg.value === '--user');
      if (!word || word.start < 0) return null;
      installs.push({ instruction: entry.instruction, userWord: word });
    }
    // PIP_USER or PYTHONUSERBASE set elsewhere: not ours to rewrite.
    if (summary.end.env.has('PIP_USER') || summary.end.env.has('PYTHONUSERBASE')) return null;
  }
  return installs;
}

/** The builder runs nothing after its last `--user` install but more installs and cleanups (Python there would not find /install). */
function builderEndsWithInstalls(model: DockerfileModel, builder: Stage, installs: UserInstall[]): boolean {
  const last = installs[installs.length - 1].instruction;
  const all = stageLineage(builder).reverse().flatMap((stage) => stage.instructions);
  const after = all.slice(all.indexOf(last) + 1);
  if (after.some((instruction) => instruction.keyword === 'RUN')) return false;
  const commands = model.run(last).commands;
  const at = commands.findIndex((command) => command.args.some((arg) => arg.start === installs[installs.length - 1].userWord.start));
  return commands.slice(at + 1).every((command) => /^(pip\d?|python\d?(\.\d+)?|rm|find|true)$/.test(command.name) && !(/^python/.test(command.name) && command.args[0]?.value !== '-m'));
}

function removeUserFlag(model: DockerfileModel, install: UserInstall): TextEdit {
  let start = install.userWord.start;
  const text = install.instruction.text;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  return replace(model.rangeIn(install.instruction, start, install.userWord.end), '');
}

function rewriteCopy(model: DockerfileModel, copy: StageCopy): TextEdit[] | null {
  const words = copy.instruction.args.filter((arg) => arg.value !== '');
  if (words.length !== 2) return null;
  return [replace(words[0].range, '/install'), replace(words[1].range, '/usr/local')];
}

/** `/root/.local/bin` -> `/usr/local/bin` in ENV values and the command; null when something else under /root is used. */
function rewriteReferences(model: DockerfileModel, stages: Stage[]): TextEdit[] | null {
  const edits: TextEdit[] = [];
  for (const stage of stages) {
    for (const instruction of stage.instructions) {
      if (instruction.keyword !== 'ENV' && instruction.keyword !== 'CMD' && instruction.keyword !== 'ENTRYPOINT') continue;
      const text = instruction.text;
      if (!text.includes('/root')) continue;
      const other = text.replace(/\/root\/\.local\/bin(?=[:/"'\s\]]|$)/g, '');
      if (/\/root(\/|\b)/.test(other)) return null;
      for (const match of text.matchAll(/\/root\/\.local\/bin(?=[:/"'\s\]]|$)/g)) {
        edits.push(replace(model.rangeIn(instruction, match.index!, match.index! + match[0].length), '/usr/local/bin'));
      }
    }
  }
  return edits;
}
