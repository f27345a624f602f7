import type { Rule } from '../analysis/rule';

const RESERVED = /^(com\.docker\.|io\.docker\.|org\.dockerproject\.)/;

/** Why a label key breaks Docker's key guidelines, or null when it follows them. */
export function labelKeyProblem(key: string): string | null {
  if (RESERVED.test(key)) return 'uses a namespace reserved by Docker (com.docker., io.docker., org.dockerproject.)';
  if (!/^[A-Za-z]/.test(key)) return 'must start with a letter';
  if (!/^[A-Za-z0-9.-]+$/.test(key)) return 'may only contain letters, digits, "." and "-"';
  if (/[.-]{2}/.test(key)) return 'must not contain consecutive "." or "-"';
  if (/[.-]$/.test(key)) return 'must not end with "." or "-"';
  return null;
}

export const labelKey: Rule = {
  meta: {
    id: 'label-key',
    scope: 'stage',
    category: 'correctness',
    severity: 'hint',
    description: "Follow Docker's label key format (reverse-DNS, letters, digits, '.' and '-').",
    fixable: false,
    aliases: ['DL3048'],
    requires: { keywords: ['LABEL'] },
    docs: `Label keys are shared by every tool that reads the image; Docker's guidelines keep them
unambiguous: reverse-DNS prefixes (\`org.opencontainers.image.source\`), no namespace of
Docker's own, and only letters, digits, \`.\` and \`-\`, without doubled or trailing separators.

**Flagged:** a \`LABEL\` key in the reserved \`com.docker.\`, \`io.docker.\` or
\`org.dockerproject.\` namespaces, or one that starts with something other than a letter,
contains other characters (\`$\`, \`_\`, spaces), or has \`..\`, \`--\` or a trailing separator.
Keys that start with a variable are not checked.

**No automatic fix:** renaming a label changes what tools find.

**Differences:** like hadolint's DL3048 (a "style" finding there, a hint here); upper-case
letters are accepted.`,
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      const target = instruction.trigger ?? instruction;
      if (target.keyword !== 'LABEL') continue;
      for (const property of target.properties) {
        const key = property.name.replace(/^["']|["']$/g, '');
        if (!key || key.startsWith('$')) continue; // a key made by a variable is only known at build time
        const problem = labelKeyProblem(key);
        if (problem) report({ range: property.nameRange, message: `Label key '${key}' ${problem}.` });
      }
    }
  },
};
