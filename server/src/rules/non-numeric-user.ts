import type { Rule } from '../analysis/rule';

export const nonNumericUser: Rule = {
  meta: {
    id: 'non-numeric-user',
    scope: 'stage',
    category: 'security',
    severity: 'info',
    description: 'Prefer a numeric USER (uid[:gid]).',
    fixable: false,
    aliases: ['DL3066'],
    requires: { keywords: ['USER'] },
    docs: `Kubernetes' \`runAsNonRoot\` and some hosts can only verify a numeric user: with
\`USER app\` they cannot tell whether \`app\` is root without reading the image's
\`/etc/passwd\`, and refuse to start the container.

**Flagged:** a \`USER\` whose user or group is a name (values with variables are left alone).

**No automatic fix:** the uid is decided when the user is created; write it (\`USER 10001:10001\`).`,
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      const target = instruction.trigger ?? instruction;
      const value = target.keyword === 'USER' ? target.args[0]?.value : undefined;
      if (!value || value.includes('$')) continue;
      if (value.split(':').every((part) => /^\d+$/.test(part))) continue;
      report({ range: target.args[0].range, message: `USER ${value} is not numeric; a host may not be able to resolve it (use uid:gid).` });
    }
  },
};
