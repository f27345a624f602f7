import { replace } from '../analysis/edits';
import type { Rule } from '../analysis/rule';

export const maintainerDeprecated: Rule = {
  meta: {
    id: 'maintainer-deprecated',
    scope: 'stage',
    category: 'correctness',
    severity: 'warning',
    description: 'Replace the deprecated MAINTAINER with an org.opencontainers.image.authors label.',
    fixable: true,
    aliases: ['DL4000', 'MaintainerDeprecated'],
    tags: ['deprecated'],
    requires: { keywords: ['MAINTAINER'] },
    docs: `\`MAINTAINER\` is deprecated: it sets the image's \`Author\` field, which OCI tools do not
read. The standard place is the \`org.opencontainers.image.authors\` label.

**Flagged:** every \`MAINTAINER\` (also above the first FROM, where it does nothing).

**Fix:** \`MAINTAINER Jane <jane@example.com>\` becomes
\`LABEL org.opencontainers.image.authors="Jane <jane@example.com>"\` (surrounding quotes kept
as the value; \`"\`, \`\\\` and \`$\` escaped, since LABEL expands variables and MAINTAINER does
not). No fix for a MAINTAINER spread over several lines.

**Differences:** hadolint reports DL4000 as an error; a deprecated instruction still builds,
so we warn, as BuildKit does.`,
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      if (instruction.keyword !== 'MAINTAINER') continue;
      report({
        range: instruction.keywordRange,
        message: 'MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors instead.',
        fixTitle: 'Use LABEL org.opencontainers.image.authors',
        fix: () => {
          if (instruction.range.start.line !== instruction.range.end.line || instruction.args.length === 0) return null;
          const start = model.index.offsetAt(instruction.args[0].range.start);
          let value = model.text.slice(start, model.endOffsetOf(instruction)).trim();
          if (/^"[^"\\]*"$/.test(value)) value = value.slice(1, -1);
          const escaped = value.replace(/[\\"$]/g, (c) => `\\${c}`);
          return [replace(instruction.range, `LABEL org.opencontainers.image.authors="${escaped}"`)];
        },
      });
    }
  },
};
