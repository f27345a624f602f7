import type { Rule } from '../analysis/rule';
import type { Comment, Instruction } from '../analysis/types';

export const definitionDescription: Rule = {
  meta: {
    id: 'definition-description',
    scope: 'stage',
    category: 'correctness',
    severity: 'info',
    description: 'A comment right above ARG or a named FROM should start with the name it describes (opt-in).',
    fixable: false,
    aliases: ['InvalidDefinitionDescription'],
    requires: { text: ['#'] },
    enabledByDefault: false,
    docs: `Tools read the comment right above \`ARG name\` or \`FROM image AS name\` as its description
(\`docker buildx build --call=outline\`, \`--call=targets\`), by the convention
\`# <name> <description>\`. A comment in that place that does not start with the name is shown
as the description anyway, or hides a real one.

**Flagged:** an \`ARG\` or a named \`FROM\` whose comment block (the comment lines directly
above it) ends with a line that does not start with one of the names it defines. A blank
line or an empty \`#\` line between the comment and the instruction means the comment is no
description.

**Off by default**, as the check is experimental in BuildKit (InvalidDefinitionDescription):
turn it on in the config, or with BuildKit's own \`# check=experimental=InvalidDefinitionDescription\`
directive, which the engine honours.

**No automatic fix:** write \`# <name> <description>\`, or separate the comment with an empty line.`,
  },
  check({ model, report }) {
    const byLine = new Map<number, Comment>(model.comments.map((comment) => [comment.line, comment]));
    const check = (instruction: Instruction, names: string[]) => {
      if (names.length === 0) return;
      const above = byLine.get(instruction.range.start.line - 1);
      if (!above || above.text === '' || /^check\s*=/.test(above.text) || isDirectiveLine(model, above)) return;
      if (names.includes(above.text.split(' ')[0])) return;
      const example = names.length > 1 ? '<arg_key>' : names[0];
      report({ range: instruction.range, message: `Comment for ${instruction.keyword} should follow the format: '# ${example} <description>'.` });
    };
    for (const instruction of model.instructions) {
      if (instruction.keyword === 'ARG') check(instruction, instruction.properties.map((p) => p.name));
      else if (instruction.keyword === 'FROM') {
        const name = model.stageOf(instruction)?.name;
        if (name) check(instruction, [name]);
      }
    }
  },
};

/** The parser directives at the top (`# syntax=`, `# check=`) are not comments of the first instruction. */
function isDirectiveLine(model: Parameters<Rule['check']>[0]['model'], comment: Comment): boolean {
  return /^(syntax|escape|check)\s*=/i.test(comment.text) && model.instructions.every((i) => i.range.start.line > comment.line);
}
