import { ContextMatcher, parseDockerignore } from '../analysis/build-context';
import { applicableDockerignore } from '../analysis/env';
import type { Rule } from '../analysis/rule';

// A root excluded as a whole: `COPY . .` then copies nothing.
const WHOLE_ROOT = new Set(['*', '**', '**/*']);

/** The patterns of the .dockerignore that applies, or null when there is none (or it cannot be read). */
function ignorePatterns(env: Parameters<Rule['check']>[0]['env']): string[] | null {
  const path = applicableDockerignore(env);
  if (!path || !env.context) return null;
  const text = env.context.readText(path);
  return text === undefined ? null : parseDockerignore(text);
}

export const copyIgnoredFile: Rule = {
  meta: {
    id: 'copy-ignored-file',
    scope: 'stage',
    category: 'correctness',
    severity: 'warning',
    description: 'Do not COPY or ADD files that .dockerignore excludes.',
    fixable: false,
    aliases: ['CopyIgnoredFile'],
    requires: { keywords: ['COPY', 'ADD'] },
    docs: `Files that \`.dockerignore\` excludes never reach the builder: \`COPY\` of such a file fails
the build ("not found"), and a copied folder arrives without the excluded part.

**Flagged** (as BuildKit's CopyIgnoredFile): a \`COPY\`/\`ADD\` source from the build context
that the applicable ignore file excludes, itself or through a parent folder. The ignore file
is the one BuildKit reads (\`<Dockerfile name>.dockerignore\` next to the Dockerfile, else the
context's \`.dockerignore\`), matched with Docker's own pattern semantics. As in BuildKit:
\`.\` is only flagged when the ignore file excludes everything (\`*\`, \`**\`, \`**/*\`); an ignore
file with exceptions (\`!pattern\`) is not checked at all (a folder may be excluded while a
file inside it is brought back); sources with variables, \`--from\` copies, URLs and heredocs
are not checked.

**No automatic fix:** either the file belongs in the image (remove its pattern from
\`.dockerignore\`) or the \`COPY\` is wrong.

**Differences:** BuildKit's docs page shows \`*/tmp/*\` excluding \`./tmp/helloworld.txt\`; with
Docker's pattern semantics (which BuildKit's check itself uses) \`*/tmp/*\` needs one folder
before \`tmp\`, so that file is sent and the copy works: we follow the matcher, not the page.`,
  },
  check({ model, env, report }) {
    const patterns = ignorePatterns(env);
    if (!patterns || patterns.length === 0) return;
    const matcher = new ContextMatcher(patterns);
    if (matcher.hasExceptions) return;
    const rootIgnored = patterns.some((pattern) => WHOLE_ROOT.has(pattern));
    for (const instruction of model.instructions) {
      if ((instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') || instruction.flags.some((f) => f.name === 'from')) continue;
      if (instruction.heredocs.length > 0) continue;
      const words = instruction.jsonStrings ?? instruction.args.map((arg) => arg.value.replace(/^(["'])(.*)\1$/, '$2'));
      for (const source of words.slice(0, -1)) {
        if (source.includes('$') || /^[a-z][a-z0-9+.-]*:\/\//i.test(source) || source.startsWith('git@')) continue;
        const path = cleanSource(source);
        if (path === '.' ? !rootIgnored : !matcher.excludes(path)) continue;
        const verb = instruction.keyword === 'ADD' ? 'Add' : 'Copy';
        report({
          range: instruction.range,
          message: `Attempting to ${verb} file "${path}" that is excluded by .dockerignore; it is not in the build context.`,
        });
      }
    }
  },
};

/** `./a//b/` -> `a/b`; `/` and `.` -> `.` (context paths are relative to its root). */
function cleanSource(source: string): string {
  const parts: string[] = [];
  for (const part of source.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.length === 0 ? '.' : parts.join('/');
}
