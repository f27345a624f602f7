import { parseExposeArg } from '../analysis/expose';
import type { Rule } from '../analysis/rule';

export const exposePortRange: Rule = {
  meta: {
    id: 'expose-port-range',
    scope: 'stage',
    category: 'correctness',
    severity: 'error',
    description: 'EXPOSE ports must be within 0-65535.',
    fixable: false,
    aliases: ['DL3011'],
    requires: { keywords: ['EXPOSE'] },
    docs: `TCP and UDP ports are 16-bit numbers: \`EXPOSE 80000\` cannot be listened on, and the
build fails or the metadata is wrong.

**Flagged:** an \`EXPOSE\` port, or either end of a port range (\`40000-80000\`), above 65535.
Ports made of variables are not checked.

**No automatic fix:** the intended port is unknown.`,
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      const target = instruction.trigger ?? instruction;
      if (target.keyword !== 'EXPOSE') continue;
      for (const arg of target.args) {
        const ports = parseExposeArg(arg.value).containerPort.split('-');
        const invalid = ports.find((port) => /^\d+$/.test(port) && Number(port) > 65535);
        if (invalid === undefined) continue;
        report({ range: arg.range, message: `Port ${invalid} is out of range: valid UNIX ports range from 0 to 65535.` });
      }
    }
  },
};
