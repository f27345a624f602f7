import { isAbsolutePath, startsWithVariable, unquotePath } from '../analysis/docker-paths';
import type { Rule } from '../analysis/rule';
import { stageLineage } from '../analysis/stage-lineage';
import type { Instruction } from '../analysis/types';

export const copyRelativeNoWorkdir: Rule = {
  meta: {
    id: 'copy-relative-no-workdir',
    scope: 'stage',
    category: 'correctness',
    severity: 'warning',
    description: 'Set WORKDIR before a COPY or ADD to a relative destination.',
    fixable: false,
    aliases: ['DL3045'],
    requires: { keywords: ['COPY', 'ADD'] },
    docs: `\`COPY app.py .\` copies into the working directory, which, without a \`WORKDIR\` in the
Dockerfile, is whatever the base image chose (often \`/\`, sometimes \`/go\` or \`/usr/src/app\`),
so the file lands somewhere the Dockerfile does not say.

**Flagged:** \`COPY\`/\`ADD\` whose destination is relative (not \`/...\`, not \`C:\\...\`, not a
variable) when no \`WORKDIR\` was set before it in the stage or the stages it builds FROM
(\`ONBUILD COPY\` counts \`ONBUILD WORKDIR\` lines too). Stages built FROM another stage inherit
its \`WORKDIR\`; stages that only come after it do not.

**No automatic fix:** add \`WORKDIR /app\` (or wherever the files belong) before the copy, or
write the destination absolute.`,
  },
  check({ model, report }) {
    const check = (instruction: Instruction, workdirSet: boolean) => {
      const target = instruction.trigger ?? instruction;
      if ((target.keyword !== 'COPY' && target.keyword !== 'ADD') || workdirSet) return;
      if (target.heredocs.length > 0 && target.args.length < 2) return;
      const lastArg = target.args[target.args.length - 1];
      // The text as written: the parser's value drops the backslashes of `c:\\system32`.
      const destination = target.jsonStrings ? target.jsonStrings[target.jsonStrings.length - 1] : lastArg && model.text.slice(model.index.offsetAt(lastArg.range.start), model.index.offsetAt(lastArg.range.end));
      if (!destination || target.args.length < 2 || isAbsolutePath(destination) || startsWithVariable(destination)) return;
      report({
        range: lastArg.range,
        message: `${target.keyword} to the relative destination '${unquotePath(destination)}' without a WORKDIR: it lands in the base image's working directory.`,
      });
    };
    let looseWorkdir = false;
    for (const instruction of model.instructions) {
      if (instruction.stageIndex >= 0) break;
      if ((instruction.trigger ?? instruction).keyword === 'WORKDIR') looseWorkdir = true;
      else check(instruction, looseWorkdir);
    }
    for (const stage of model.stages) {
      const bases = stageLineage(stage).slice(1);
      let workdir = bases.some((base) => base.instructions.some((i) => i.keyword === 'WORKDIR'));
      // An ONBUILD COPY runs in a child build, after this image's WORKDIR and ONBUILD WORKDIRs.
      let onbuildWorkdir = workdir || bases.some((base) => base.instructions.some((i) => i.trigger?.keyword === 'WORKDIR'));
      for (const instruction of stage.instructions) {
        if (instruction.keyword === 'WORKDIR') workdir = onbuildWorkdir = true;
        else if (instruction.trigger?.keyword === 'WORKDIR') onbuildWorkdir = true;
        else check(instruction, instruction.trigger ? onbuildWorkdir : workdir);
      }
    }
  },
};
