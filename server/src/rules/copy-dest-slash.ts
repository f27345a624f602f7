import { replace } from '../analysis/edits';
import type { Rule } from '../analysis/rule';

export const copyDestSlash: Rule = {
  meta: {
    id: 'copy-dest-slash',
    scope: 'stage',
    category: 'correctness',
    severity: 'error',
    description: 'When COPY or ADD has several sources, end the destination with /.',
    fixable: true,
    aliases: ['DL3021'],
    requires: { keywords: ['COPY', 'ADD'] },
    docs: `With more than one source, the destination must be a directory, and Docker's reference
requires it to end with \`/\`. The legacy builder fails \`COPY a.txt b.txt /app\` ("When using
COPY with more than one source file, the destination must be a directory and end with a /");
BuildKit (engine 20.10, tested) builds it but, when \`/app\` does not exist yet, writes a
*file* \`/app\` holding one of the sources: the others are lost.

**Flagged:** \`COPY\` and \`ADD\` (shell or JSON form) with two or more sources whose destination
does not end with \`/\` and is not a variable, \`.\` or \`..\` (directories that always exist).

**Fix:** appends \`/\` to the destination (inside its quotes), which is what Docker needs: the
files are copied into that directory.

**Differences:** hadolint's DL3021 covers COPY; Docker fails ADD the same way, so we flag it
too. hadolint also flags \`.\` as the destination; both builders copy into the working
directory then, so we do not.`,
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      const target = instruction.trigger ?? instruction;
      if ((target.keyword !== 'COPY' && target.keyword !== 'ADD') || target.heredocs.length > 0) continue;
      const words = target.jsonStrings ?? target.args.map((arg) => arg.value);
      if (words.length < 3) continue;
      const destination = words[words.length - 1];
      const bare = destination.replace(/^["']|["']$/g, '');
      // `.` and `..` are existing directories (the working directory and its parent): fine.
      if (bare.endsWith('/') || bare.endsWith('\\') || bare.startsWith('$') || bare === '.' || bare === '..') continue;
      const lastArg = target.args[target.args.length - 1];
      report({
        range: lastArg.range,
        message: `${target.keyword} with ${words.length - 1} sources needs a destination that ends with '/': '${bare}/'.`,
        fixTitle: `Write '${bare}/'`,
        fix: () => {
          if (target.jsonStrings) return null;
          const quoted = /^(["']).*\1$/.test(destination);
          return [replace(lastArg.range, quoted ? `${destination.slice(0, -1)}/${destination.slice(-1)}` : `${destination}/`)];
        },
      });
    }
  },
};
