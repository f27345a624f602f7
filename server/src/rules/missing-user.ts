import {
  builtInAppUser,
  createUserCommand,
  DISTROLESS_NONROOT_USER,
  osFamily,
  runsAsNonRootByDefault,
  startsAsRootByDesign,
} from '../analysis/base-images';
import { positionalArgs } from '../analysis/commands';
import { indentationOf, insertLinesAfter } from '../analysis/edits';
import type { DockerfileModel } from '../analysis/model';
import type { Rule } from '../analysis/rule';
import { lineageInstructions, rootStageOf, stageLineage } from '../analysis/stage-lineage';
import type { Instruction, Stage, TextEdit } from '../analysis/types';

// Development container images (VS Code Dev Containers) are workbenches, not what ships.
const DEV_CONTAINER = /(^|[\\/])\.devcontainer[\\/]/;

const ROOT_USER = /^(root|0)(:.*)?$/;
const USER_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
// `app`, `1000`, `app:app`, `1000:1000`: a USER value the fix can repeat as it is.
const USER_SPEC = /^([A-Za-z_][A-Za-z0-9_.-]*|\d+)(:[A-Za-z0-9_.-]+)?$/;
const NEW_USER = 'app';
// Tools that run a program as another user: an image using them starts as root on purpose.
const PRIVILEGE_DROP = /(^|[^\w-])(gosu|su-exec|setpriv|runuser|s6-setuidgid|chpst)([^\w-]|$)/;
// The same names without the word boundaries: a quicker first test that most texts fail.
const PRIVILEGE_TOOL_NAMES = /gosu|su-exec|setpriv|runuser|s6-setuidgid|chpst/;
// Instructions that may need root while the image is built; the new USER goes after the last one.
const BUILD_STEPS = new Set(['RUN', 'COPY', 'ADD', 'WORKDIR', 'USER']);
// Options of useradd / adduser (shadow, Debian and BusyBox) that take a value.
const USER_TOOL_OPTIONS_WITH_VALUE = [
  '-u', '-g', '-G', '-d', '-s', '-c', '-k', '-e', '-f', '-K', '-p', '-R', '-P', '-Z', '-b', '-h',
  '--uid', '--gid', '--groups', '--home-dir', '--home', '--shell', '--comment', '--skel', '--expiredate',
  '--inactive', '--key', '--password', '--root', '--prefix', '--base-dir', '--ingroup', '--gecos',
  '--firstuid', '--lastuid', '--conf',
];

function unquote(value: string): string {
  return value.replace(/^(["'])(.*)\1$/, '$2');
}

function userOf(instruction: Instruction): string {
  return unquote(instruction.args[0]?.value ?? '');
}

function isRoot(user: string): boolean {
  return ROOT_USER.test(user);
}

/** The USER instruction the final image ends with (in its stage or an earlier stage it builds FROM). */
function effectiveUser(stage: Stage): { instruction: Instruction; stage: Stage } | null {
  for (const current of stageLineage(stage)) {
    for (let i = current.instructions.length - 1; i >= 0; i--) {
      const instruction = current.instructions[i];
      if (instruction.keyword === 'USER') return { instruction, stage: current };
    }
  }
  return null;
}

export const missingUser: Rule = {
  meta: {
    id: 'missing-user',
    scope: 'stage',
    category: 'security',
    severity: 'warning',
    description: 'The final stage should switch to a non-root USER.',
    fixable: true,
    aliases: ['DL3002'],
    docs: `A container runs as root unless its image says otherwise. A process that is broken
into, or a mistake in a mounted volume, then has root's power inside the container, and
often more than needed outside it (root in the container is uid 0 on the host unless user
namespaces are on). Most application images need no root at run time.

**Flagged:** the final stage only (the image you run):
- it has no \`USER\` instruction and does not build FROM an earlier stage that set one,
  unless its base image is known to run as non-root (distroless \`:nonroot\` and
  \`:debug-nonroot\`, Chainguard \`cgr.dev/chainguard/*\`, .NET \`-chiseled\`,
  \`nginxinc/nginx-unprivileged\`, \`jenkins/jenkins\`, the Jupyter images);
- or its last \`USER\` (in the stage, or inherited from the stage it builds FROM) is \`root\`
  or \`0\` (also \`root:group\`, \`0:0\`).

Builder stages are never flagged: they do not end up in the running container. Nor are
Dockerfiles under \`.devcontainer/\` (\`remoteUser\` in \`devcontainer.json\` picks the user). A \`USER\`
that names a variable (\`USER $APP_UID\`) is trusted, since its value is not known here.
Windows images are skipped (their user model is different). Images built to start as root
and step down themselves are not flagged for a missing \`USER\`: database images whose
entrypoint switches users (\`postgres\`, \`mysql\`, \`mariadb\`, \`redis\`, \`mongo\`,
\`rabbitmq\`, ...) and Dockerfiles that install or call \`gosu\`, \`su-exec\`, \`setpriv\`,
\`runuser\`, \`s6-setuidgid\` or \`chpst\`. Servers whose master process runs as root and
serves from unprivileged workers (\`nginx\`, \`httpd\`, \`php\` apache/fpm, \`wordpress\`, ...)
are flagged without a fix: a \`USER\` line would stop them binding port 80; use an
unprivileged variant such as \`nginxinc/nginx-unprivileged\`.

**Fix:** adds a \`USER\` before \`CMD\`/\`ENTRYPOINT\`, after the last \`RUN\`, \`COPY\`,
\`ADD\` or \`WORKDIR\` (which may still need root):
- a non-root user that the Dockerfile already switches to or creates (\`useradd\`, \`adduser\`)
  is reused;
- official \`node\` images: \`USER node\` (the image ships that user); .NET 8+ images: \`USER app\`;
- Alpine and BusyBox bases: \`RUN addgroup -S app && adduser -S -G app app\` then \`USER app\`;
- Debian, Ubuntu and RHEL-like bases: \`RUN groupadd -r app && useradd -r -g app app\` then \`USER app\`;
- distroless and \`scratch\`: \`USER ${DISTROLESS_NONROOT_USER}\` (distroless's \`nonroot\`; a number
  needs no \`/etc/passwd\` on scratch).

Files the app writes at run time must then be writable by that user (\`COPY --chown=app:app\`).

No fix is offered when the base image's family is unknown, and when the image \`EXPOSE\`s a
port below 1024 (binding it needs root outside Docker's default sysctls, e.g. on Kubernetes):
move the server to a port such as 8080 first.

**Differences from hadolint DL3002:** DL3002 flags a last \`USER root\` in *any* stage, and
does not flag a missing \`USER\`. We never flag builder stages (hadolint's "warns on multiple
stages" case), and we do flag a final stage without any \`USER\` (hadolint's "does not warn
when switching in multiple stages" case ends in a \`FROM scratch\` stage that runs as root).`,
  },
  check({ model, env, report }) {
    const final = model.finalStage;
    if (!final || DEV_CONTAINER.test(env.dockerfilePath ?? '')) return;
    const root = rootStageOf(final);
    if (osFamily(root.base) === 'windows' || model.escapeChar === '`') return;
    const byDesign = startsAsRootByDesign(root.base);
    // No fix for servers that drop root themselves: a USER line would stop them binding their port.
    const fix = byDesign ? undefined : () => addNonRootUser(model, final, root);
    const effective = effectiveUser(final);
    if (effective) {
      const user = userOf(effective.instruction);
      if (!isRoot(user)) return;
      const inherited = effective.stage !== final;
      report({
        range: inherited ? final.from.range : effective.instruction.range,
        message: inherited
          ? `The final stage inherits USER ${user} from stage '${effective.stage.name ?? effective.stage.index}', so the container runs as root.`
          : `The final stage ends with USER ${user}, so the container runs as root.`,
        fix,
        fixTitle: 'Switch to a non-root user',
      });
      return;
    }
    if (root.base.unresolved || runsAsNonRootByDefault(root.base)) return;
    if (byDesign === 'entrypoint-drops-root' || dropsPrivilegesItself(final)) return;
    const hint = byDesign === 'server-drops-root' ? ' Its workers drop root; run the master unprivileged too (e.g. nginxinc/nginx-unprivileged) or suppress this.' : '';
    report({
      range: final.from.range,
      message: `The final stage sets no USER, so the container runs as root${root.isScratch ? '' : ` (the default of '${root.base.resolved}')`}.${hint}`,
      fix,
      fixTitle: 'Switch to a non-root user',
      aliases: [], // hadolint's DL3002 does not cover a missing USER
    });
  },
};

/** The image installs or calls gosu, su-exec and the like: its entrypoint steps down from root itself. */
function dropsPrivilegesItself(final: Stage): boolean {
  return stageLineage(final).some((stage) =>
    stage.instructions.some(
      (instruction) =>
        (instruction.keyword === 'RUN' || instruction.keyword === 'ENTRYPOINT' || instruction.keyword === 'CMD') &&
        PRIVILEGE_TOOL_NAMES.test(instruction.text) &&
        PRIVILEGE_DROP.test(instruction.text),
    ),
  );
}

/** A non-root user the Dockerfile already uses or creates, last one wins. */
function knownNonRootUser(model: DockerfileModel, final: Stage): string | null {
  let found: string | null = null;
  for (const instruction of lineageInstructions(final)) {
    if (instruction.keyword === 'USER') {
      const user = userOf(instruction);
      if (USER_SPEC.test(user) && !isRoot(user)) found = user;
    } else if (instruction.keyword === 'RUN') {
      for (const command of model.run(instruction).commands) {
        if (command.name !== 'useradd' && command.name !== 'adduser') continue;
        const name = positionalArgs(command, USER_TOOL_OPTIONS_WITH_VALUE)[0]?.value ?? '';
        if (USER_NAME.test(name) && !isRoot(name)) found = name;
      }
    }
  }
  return found;
}

/** A SHELL other than a POSIX shell would not run the user-creation line as written. */
function hasNonPosixShell(final: Stage): boolean {
  const shell = lineageInstructions(final)
    .filter((instruction) => instruction.keyword === 'SHELL')
    .pop();
  return shell !== undefined && !/(^|\/)(sh|bash|ash|dash)$/.test(shell.jsonStrings?.[0] ?? '');
}

function linesToAdd(model: DockerfileModel, final: Stage, root: Stage): string[] | null {
  const existing = knownNonRootUser(model, final) ?? builtInAppUser(root.base);
  if (existing) return [`USER ${existing}`];
  const os = root.isScratch ? 'scratch' : osFamily(root.base);
  if (os === 'scratch' || os === 'distroless') return [`USER ${DISTROLESS_NONROOT_USER}`];
  const create = createUserCommand(os, NEW_USER);
  if (!create || hasNonPosixShell(final)) return null;
  return [create, `USER ${NEW_USER}`];
}

/** A port below 1024 usually means a server that starts as root (Kubernetes does not let others bind it). */
function exposesPrivilegedPort(final: Stage): boolean {
  return lineageInstructions(final).some(
    (instruction) =>
      instruction.keyword === 'EXPOSE' &&
      instruction.args.some((arg) => {
        const port = /^(\d+)/.exec(arg.value)?.[1];
        return port !== undefined && Number(port) < 1024;
      }),
  );
}

function addNonRootUser(model: DockerfileModel, final: Stage, root: Stage): TextEdit[] | null {
  if (exposesPrivilegedPort(final)) return null;
  const lines = linesToAdd(model, final, root);
  if (!lines) return null;
  const instructions = final.instructions;
  let lastBuildStep = 0;
  instructions.forEach((instruction, i) => {
    if (BUILD_STEPS.has(instruction.keyword)) lastBuildStep = i;
  });
  const start = instructions.findIndex((instruction, i) => i > lastBuildStep && (instruction.keyword === 'CMD' || instruction.keyword === 'ENTRYPOINT'));
  if (start === -1) return [insertLinesAfter(model, instructions[instructions.length - 1], lines)];
  return [insertAboveWithComments(model, instructions[start], instructions[start - 1], lines)];
}

/** Inserts lines above an instruction and the comments directly above it (a pragma stays with its instruction). */
function insertAboveWithComments(model: DockerfileModel, target: Instruction, previous: Instruction, lines: string[]): TextEdit {
  const commentLines = new Set(model.comments.map((comment) => comment.line));
  let line = target.range.start.line;
  while (line - 1 > previous.range.end.line && commentLines.has(line - 1)) line--;
  const indent = indentationOf(model, target);
  const position = { line, character: 0 };
  return { range: { start: position, end: position }, newText: lines.map((l) => indent + l + model.index.eol).join('') };
}
