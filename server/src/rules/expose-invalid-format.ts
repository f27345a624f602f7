import { replace } from '../analysis/edits';
import { parseExposeArg } from '../analysis/expose';
import type { Rule } from '../analysis/rule';

export const exposeInvalidFormat: Rule = {
  meta: {
    id: 'expose-invalid-format',
    scope: 'stage',
    category: 'correctness',
    severity: 'warning',
    description: 'EXPOSE takes container ports only, not an IP address or host port.',
    fixable: true,
    aliases: ['ExposeInvalidFormat'],
    requires: { keywords: ['EXPOSE'] },
    docs: `\`EXPOSE\` documents which ports the container listens on; publishing to the host is
\`docker run -p\`'s job. \`EXPOSE 8080:80\` or \`EXPOSE 127.0.0.1:80:80\` looks like a host
mapping but only exposes the container port (80); Docker plans to reject the form.

**Flagged:** an \`EXPOSE\` port with an IP address or a host port (as BuildKit's
ExposeInvalidFormat).

**Fix:** keeps the container port and protocol (\`127.0.0.1:80:80/udp\` becomes \`80/udp\`),
which is what Docker exposes today.`,
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      const target = instruction.trigger ?? instruction;
      if (target.keyword !== 'EXPOSE') continue;
      for (const arg of target.args) {
        if (arg.value.includes('$')) continue;
        const spec = parseExposeArg(arg.value);
        if (!spec.ip && !spec.hostPort) continue;
        const fixed = spec.containerPort + (spec.proto ? `/${spec.proto}` : '');
        report({
          range: arg.range,
          message: `EXPOSE instruction should not define an IP address or host-port mapping, found '${arg.value}'; only container port ${fixed} is exposed.`,
          fixTitle: `Expose '${fixed}'`,
          fix: () => (spec.containerPort && /^[\d-]+$/.test(spec.containerPort) ? [replace(arg.range, fixed)] : null),
        });
      }
    }
  },
};
