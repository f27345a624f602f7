import type { Rule } from '../analysis/rule';

const TARGET_PLATFORM = /^(["']?)(\$TARGETPLATFORM|\$\{TARGETPLATFORM\})\1$/;

export const redundantTargetPlatform: Rule = {
  meta: {
    id: 'redundant-target-platform',
    scope: 'stage',
    category: 'correctness',
    severity: 'warning',
    description: 'Drop FROM --platform=$TARGETPLATFORM: it is the default.',
    fixable: true,
    aliases: ['DL3065', 'RedundantTargetPlatform'],
    tags: ['unnecessary'],
    requires: { text: ['TARGETPLATFORM'] },
    docs: `A stage is built for the target platform unless told otherwise, so
\`FROM --platform=$TARGETPLATFORM image\` says nothing, and hides the stages that really
choose a platform (\`--platform=$BUILDPLATFORM\` for cross-compilation).

**Flagged:** \`--platform=$TARGETPLATFORM\` or \`--platform=\${TARGETPLATFORM}\` (quoted or not).

**Fix:** removes the flag; the stage is built for the same platform.`,
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      const flag = stage.from.flags.find((f) => f.name === 'platform');
      if (!flag?.value || !TARGET_PLATFORM.test(flag.value)) continue;
      report({
        range: flag.range,
        message: `Setting platform to predefined ${flag.value.replace(/["']/g, '')} in FROM is redundant as this is the default behavior.`,
        fixTitle: 'Remove --platform',
        fix: () => {
          const start = model.index.offsetAt(flag.range.start);
          let end = model.index.offsetAt(flag.range.end);
          while (model.text[end] === ' ' || model.text[end] === '\t') end++;
          if (model.text[end] === '\n' || model.text[end] === '\r' || end >= model.text.length) return null;
          return [{ range: model.index.rangeAt(start, end), newText: '' }];
        },
      });
    }
  },
};
