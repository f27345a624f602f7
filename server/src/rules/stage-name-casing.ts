import { replace } from '../analysis/edits';
import type { Rule } from '../analysis/rule';
import { stageNameRanges } from '../analysis/stage-refs';

export const stageNameCasing: Rule = {
  meta: {
    id: 'stage-name-casing',
    scope: 'stage',
    category: 'correctness',
    severity: 'warning',
    description: 'Write stage names in lower case.',
    fixable: true,
    aliases: ['StageNameCasing'],
    docs: `BuildKit matches stage names case-insensitively (it lower-cases them), so \`AS Builder\`
and \`--from=builder\` are the same stage. Mixed case suggests a difference that does not
exist, and tools that compare names exactly disagree with the build.

**Flagged:** \`FROM image AS Name\` whose name has upper-case letters (as BuildKit's
StageNameCasing).

**Fix:** lower-cases the name and every reference to it (\`FROM name\`, \`COPY --from=name\`,
\`RUN --mount=...,from=name\`); no fix when another stage already has the lower-case name.
\`docker build --target\` finds the stage either way.`,
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      const name = stage.name;
      if (!name || stage.from.args.length !== 3 || name === name.toLowerCase()) continue;
      report({
        range: stage.from.args[2].range,
        message: `Stage name '${name}' should be lowercase.`,
        fixTitle: `Rename the stage to '${name.toLowerCase()}'`,
        fix: () => {
          const lower = name.toLowerCase();
          if (model.stages.some((other) => other !== stage && other.name === lower)) return null;
          return stageNameRanges(model, stage)?.map((range) => replace(range, lower)) ?? null;
        },
      });
    }
  },
};
