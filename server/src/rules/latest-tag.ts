import type { Rule } from '../analysis/rule';

export const latestTag: Rule = {
  meta: {
    id: 'latest-tag',
    scope: 'stage',
    category: 'correctness',
    severity: 'warning',
    description: 'Pin the base image to a tag or digest instead of an implicit or explicit `latest`.',
    fixable: false,
    aliases: ['DL3006', 'DL3007'],
    docs: `A base image without a tag means \`:latest\`, which moves: the next build can get another
major version, a different libc or a different default user, and a cached build and a fresh
one differ. Pin a version tag (\`node:20-slim\`), or a digest for full reproducibility.

**Flagged:** \`FROM node\`, \`FROM node:latest\`, \`FROM \${IMAGE}\` when the global ARG's default
has no tag. **Not flagged:** \`scratch\`, a build stage's name, images pinned by digest,
and bases that use a variable without a default (their value is only known at build time).

**No automatic fix:** the right version is a decision about your application, so the
rule does not guess one.`,
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      const base = stage.base;
      if (stage.isScratch || stage.baseStage || base.unresolved || base.digest || base.name === '') continue;
      // `FROM 0` or another stage referenced by index is not an image.
      if (/^\d+$/.test(base.name)) continue;
      const imageArg = stage.from.args[0];
      if (base.tag === null) {
        report({ range: imageArg.range, message: `Base image '${base.resolved}' has no tag, so it means :latest; pin a version.` });
      } else if (base.tag === 'latest') {
        report({ range: imageArg.range, message: `Base image '${base.resolved}' uses the moving :latest tag; pin a version.` });
      }
    }
  },
};
