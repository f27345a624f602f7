import { replace } from '../analysis/edits';
import type { Rule } from '../analysis/rule';
import type { Instruction } from '../analysis/types';

// Local files ADD would extract (tar, possibly compressed), by name as hadolint and users read them.
const ARCHIVE = /\.(tar|tgz|tbz2?|tb2|txz|tzst|gz|bz2|xz|zst|lzma)$/i;
// `https://...`, `git://...`, `git@host:repo.git`: remote sources that only ADD can fetch.
const REMOTE = /^([a-z][a-z0-9+.-]*:\/\/|git@)/i;
// Flags COPY accepts with the same meaning; any other ADD flag (--checksum, --keep-git-dir, --unpack) blocks the fix.
const FLAGS_COPY_SHARES = new Set(['chown', 'chmod', 'link', 'exclude']);

function unquote(value: string): string {
  return value.replace(/^(["'])(.*)\1$/, '$2');
}

/** The sources of an ADD, unquoted; null while half-typed or for a heredoc. */
function sourcesOf(instruction: Instruction): string[] | null {
  const all = instruction.jsonStrings ?? instruction.args.map((arg) => unquote(arg.value));
  if (all.length < 2 || instruction.heredocs.length > 0 || all.some((value) => value.startsWith('<<'))) return null;
  return all.slice(0, -1);
}

/** True when every source is a local file or folder that ADD copies as it is. */
function copiesPlainLocalFiles(sources: string[]): boolean {
  // A variable could name an archive or a URL: leave it alone.
  return sources.every((source) => !source.includes('$') && !REMOTE.test(source) && !ARCHIVE.test(source));
}

export const addInsteadOfCopy: Rule = {
  meta: {
    id: 'add-instead-of-copy',
    scope: 'stage',
    category: 'correctness',
    severity: 'warning',
    description: 'Use COPY instead of ADD for local files and folders.',
    fixable: true,
    aliases: ['DL3020'],
    requires: { keywords: ['ADD'] },
    docs: `\`ADD\` does more than copy: it downloads URLs, clones git repositories and *extracts*
local tar archives. For plain files and folders \`COPY\` does the same job and says what it
does; with \`ADD\` a reader (and the next change, when someone adds a \`.tar.gz\` to the
folder's name) has to wonder whether something gets unpacked.

**Flagged:** \`ADD\` (also \`ONBUILD ADD\`) whose sources are all local paths that are not
archives. **Not flagged:** URLs and git sources (\`https://\`, \`git@\`), archives by name
(\`.tar\`, \`.tar.gz\`, \`.tgz\`, \`.gz\`, \`.bz2\`, \`.xz\`, \`.zst\`, ...), sources that
use a variable (it could name either), and heredocs.

**Fix:** replaces \`ADD\` by \`COPY\` (same case) and keeps the rest of the line. \`--chown\`,
\`--chmod\`, \`--link\` and \`--exclude\` mean the same for \`COPY\`; with an \`ADD\`-only flag
(\`--checksum\`, \`--keep-git-dir\`, \`--unpack\`) no fix is offered.

**Same as hadolint DL3020**, including \`.zip\`, which \`ADD\` does not extract (it is flagged).`,
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      const add = instruction.keyword === 'ADD' ? instruction : instruction.trigger?.keyword === 'ADD' ? instruction.trigger : null;
      if (!add) continue;
      const sources = sourcesOf(add);
      if (!sources || !copiesPlainLocalFiles(sources)) continue;
      const fixable = add.flags.every((flag) => FLAGS_COPY_SHARES.has(flag.name.toLowerCase()));
      report({
        range: add.keywordRange,
        message: `ADD of local ${sources.length === 1 ? `'${sources[0]}'` : 'files'} only copies; use COPY, which says so.`,
        fix: fixable ? () => [replace(add.keywordRange, add.keywordText === add.keywordText.toLowerCase() ? 'copy' : 'COPY')] : undefined,
        fixTitle: 'Replace ADD with COPY',
      });
    }
  },
};
