import { isAbsolutePath, startsWithVariable, unquotePath } from '../analysis/docker-paths';
import { replace } from '../analysis/edits';
import type { Rule } from '../analysis/rule';
import { rootStageOf, stageLineage } from '../analysis/stage-lineage';
import type { Instruction, Stage } from '../analysis/types';

export const workdirRelative: Rule = {
  meta: {
    id: 'workdir-relative',
    scope: 'stage',
    category: 'correctness',
    severity: 'warning',
    description: 'Give the first WORKDIR an absolute path.',
    fixable: true,
    aliases: ['DL3000', 'WorkdirRelativePath'],
    requires: { keywords: ['WORKDIR'] },
    docs: `A relative \`WORKDIR app\` is joined to the working directory of the base image, which the
Dockerfile does not show and which can change with the next version of the image. Every
later relative path (\`COPY . .\`, \`RUN make\`) then moves with it.

**Flagged:** a relative \`WORKDIR\` (not \`/...\`, not \`C:\\...\`, not starting with a variable)
when no \`WORKDIR\` came before it in the stage or the stages it builds FROM, as BuildKit's
WorkdirRelativePath: once one absolute \`WORKDIR\` is set, later relative ones are relative to
a known directory.

**Fix:** when the directory is known, writes it absolute: on \`scratch\`, whose working
directory is \`/\`, \`WORKDIR app/\` becomes \`WORKDIR /app/\`. On other images the base's
working directory is unknown, so there is no automatic fix: write the absolute path you mean.

**Differences:** hadolint's DL3000 flags every relative \`WORKDIR\`, also after an absolute one
(\`WORKDIR /app\` then \`WORKDIR src\`); we follow BuildKit and flag only the first. hadolint
reports an error; the build works, so we warn, as BuildKit does.`,
  },
  check({ model, report }) {
    const check = (instruction: Instruction, stage: Stage | null) => {
      const path = instruction.args.map((arg) => arg.value).join(' ');
      if (!path || isAbsolutePath(path) || startsWithVariable(path)) return;
      report({
        range: instruction.args[0].range,
        message: `Relative workdir '${unquotePath(path)}' depends on the base image's working directory; use an absolute path.`,
        fixTitle: `Use WORKDIR /${unquotePath(path)}`,
        fix: () => (stage && rootStageOf(stage).isScratch && instruction.args.length === 1 ? [replace(instruction.args[0].range, '/' + unquotePath(path))] : null),
      });
    };
    // hadolint's snippets often have no FROM: the first WORKDIR above any stage.
    const loose = model.instructions.find((instruction) => instruction.stageIndex < 0 && instruction.keyword === 'WORKDIR');
    if (loose) check(loose, null);
    for (const stage of model.stages) {
      const first = stage.instructions.find((instruction) => instruction.keyword === 'WORKDIR');
      if (!first) continue;
      const inherited = stageLineage(stage).slice(1).some((base) => base.instructions.some((instruction) => instruction.keyword === 'WORKDIR'));
      if (!inherited) check(first, stage);
    }
  },
};
