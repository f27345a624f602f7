import { replace } from '../analysis/edits';
import { parseExposeArg } from '../analysis/expose';
import type { Rule } from '../analysis/rule';

export const exposeProtoCasing: Rule = {
  meta: {
    id: 'expose-proto-casing',
    scope: 'stage',
    category: 'correctness',
    severity: 'warning',
    description: 'Write the EXPOSE protocol in lower case (80/tcp).',
    fixable: true,
    aliases: ['ExposeProtoCasing'],
    requires: { keywords: ['EXPOSE'] },
    docs: `Docker accepts \`EXPOSE 80/TCP\`, but the image configuration then records the protocol
as written, and tools that compare \`80/tcp\` exactly (orchestrators, scanners) miss it.

**Flagged:** a protocol with upper-case letters (as BuildKit's ExposeProtoCasing).

**Fix:** lower-cases the protocol.`,
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      const target = instruction.trigger ?? instruction;
      if (target.keyword !== 'EXPOSE') continue;
      for (const arg of target.args) {
        if (arg.value.includes('$')) continue;
        const { proto } = parseExposeArg(arg.value);
        if (proto === proto.toLowerCase()) continue;
        const fixed = arg.value.slice(0, arg.value.length - proto.length) + proto.toLowerCase();
        report({
          range: arg.range,
          message: `Defined protocol '${arg.value}' in EXPOSE instruction should be lowercase.`,
          fixTitle: `Write '${fixed}'`,
          fix: () => (model.text.slice(model.index.offsetAt(arg.range.start), model.index.offsetAt(arg.range.end)) === arg.value ? [replace(arg.range, fixed)] : null),
        });
      }
    }
  },
};
