import { applicableDockerignore } from '../analysis/env';
import type { Rule } from '../analysis/rule';
import type { Instruction, Word } from '../analysis/types';

// Sources that name the whole build context.
const WHOLE_CONTEXT = new Set(['.', './', '*', './*', '/', '/*']);

function unquote(value: string): string {
  return value.replace(/^(["'])(.*)\1$/, '$2');
}

/** The source word of a COPY/ADD that takes the whole build context, or null. */
function wholeContextSource(instruction: Instruction): Word | null {
  if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') return null;
  if (instruction.flags.some((flag) => flag.name.toLowerCase() === 'from') || instruction.heredocs.length > 0) return null;
  if (instruction.jsonStrings) {
    const sources = instruction.jsonStrings.slice(0, -1);
    return sources.some((source) => WHOLE_CONTEXT.has(source)) ? (instruction.args[0] ?? null) : null;
  }
  return instruction.args.slice(0, -1).find((arg) => WHOLE_CONTEXT.has(unquote(arg.value))) ?? null;
}

export const noDockerignore: Rule = {
  meta: {
    id: 'no-dockerignore',
    scope: 'stage',
    category: 'size',
    severity: 'warning',
    description: 'Copying the whole build context needs a .dockerignore.',
    fixable: false,
    aliases: [],
    requires: { keywords: ['COPY', 'ADD'] },
    docs: `\`COPY . .\` copies everything in the build context: \`.git\`, \`node_modules\`, virtual
environments, build output, local \`.env\` files with credentials, editor folders. They make
the image bigger, can leak secrets into it, and any change to them (a commit, a local
install) invalidates the layer cache of that \`COPY\` and every step after it. The whole
context is also sent to the builder before the build starts.

**Flagged:** a \`COPY\` or \`ADD\` whose source is the whole context (\`.\`, \`./\`, \`*\`, \`/\`),
not \`--from\` another stage, when the context has no \`.dockerignore\`. The one that applies
is found as BuildKit does: \`<Dockerfile name>.dockerignore\` next to the Dockerfile (for
example \`api.Dockerfile.dockerignore\`) first, then \`.dockerignore\` in the context root. The
first such copy is reported; later ones are listed with it.

**Not checked** when the build context is unknown (an unsaved file, text from stdin): the
rule stays quiet rather than guess.

**No automatic fix** here: the right ignore list depends on the project. A typical start:

\`\`\`gitignore
.git
**/node_modules
**/__pycache__
.venv
dist
build
*.log
.env
.env.*
Dockerfile*
.dockerignore
\`\`\`

hadolint and BuildKit have no equivalent check (BuildKit's CopyIgnoredFile is the reverse
case: a file that is copied but ignored).`,
  },
  check({ model, env, report }) {
    if (!env.context) return;
    const broad: { instruction: Instruction; source: Word }[] = [];
    for (const instruction of model.instructions) {
      const copy = instruction.trigger ?? instruction;
      const source = wholeContextSource(copy);
      if (source) broad.push({ instruction: copy, source });
    }
    if (broad.length === 0 || applicableDockerignore(env) !== null) return;
    const [first, ...others] = broad;
    report({
      range: first.source.range,
      message: `${first.instruction.keyword} ${unquote(first.source.value)} copies the whole build context, and it has no .dockerignore: .git, dependencies, build output and local secrets end up in the image and break the cache.`,
      related: others.map(({ instruction, source }) => ({ range: source.range, message: `${instruction.keyword} ${unquote(source.value)} also copies the whole context.` })),
    });
  },
};
