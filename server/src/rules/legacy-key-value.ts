import { replace } from '../analysis/edits';
import type { DockerfileModel } from '../analysis/model';
import type { Rule } from '../analysis/rule';
import type { Instruction, Property, TextEdit } from '../analysis/types';

export const legacyKeyValue: Rule = {
  meta: {
    id: 'legacy-key-value',
    scope: 'stage',
    category: 'correctness',
    severity: 'warning',
    description: 'Write ENV, LABEL and ARG as key=value, not the legacy "key value".',
    fixable: true,
    aliases: ['LegacyKeyValueFormat'],
    requires: { keywords: ['ENV', 'LABEL', 'ARG'] },
    docs: `\`ENV key value\` is a legacy form: everything after the first space is one value, so
\`ENV PATH /app/bin $PATH\` sets \`PATH\` to \`/app/bin $PATH\` (with the space), and one such
line cannot set two variables. \`ARG foo bar\` is read by BuildKit as two arguments \`foo\` and
\`bar\`, not as a default.

**Flagged:** an \`ENV\`, \`LABEL\` or \`ARG\` pair without \`=\` (BuildKit's LegacyKeyValueFormat
flags ENV and LABEL; its docs show ARG too).

**Fix** (ENV and LABEL on one line): \`ENV key value\` becomes \`ENV key=value\`, quoted
(\`key="a b"\`) when the value has spaces, so the value stays exactly the same. No fix when
the value spans lines, holds quotes or backslashes, or for \`ARG\` (whether two arguments or a
default were meant is the author's call).`,
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      const target = instruction.trigger ?? instruction;
      if (target.keyword !== 'ENV' && target.keyword !== 'LABEL' && target.keyword !== 'ARG') continue;
      for (const property of target.properties) {
        if (!isLegacy(model, property)) continue;
        report({
          range: property.range,
          message: `"${target.keyword} key=value" should be used instead of legacy "${target.keyword} key value" format.`,
          fixTitle: `Write ${property.name}=...`,
          fix: () => (target.keyword === 'ARG' ? null : toKeyValue(model, target, property)),
        });
      }
    }
  },
};

function isLegacy(model: DockerfileModel, property: Property): boolean {
  if (property.value === null || !property.name) return false;
  const afterName = model.text[model.index.offsetAt(property.nameRange.end)];
  return afterName !== '=';
}

function toKeyValue(model: DockerfileModel, instruction: Instruction, property: Property): TextEdit[] | null {
  if (instruction.properties.length !== 1 || property.range.start.line !== property.range.end.line) return null;
  const start = model.index.offsetAt(property.nameRange.end);
  const end = model.index.offsetAt(instruction.range.end);
  const value = model.text.slice(start, end).trim();
  if (value === '' || /["'\\`]/.test(value)) return null;
  const written = /\s/.test(value) ? `"${value}"` : value;
  return [replace(model.index.rangeAt(start, end), `=${written}`)];
}
