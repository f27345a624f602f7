import { officialImageName } from '../analysis/base-images';
import type { DockerfileModel } from '../analysis/model';
import type { Rule } from '../analysis/rule';
import { rootStageOf, stageLineage } from '../analysis/stage-lineage';
import type { Instruction, Stage } from '../analysis/types';
import { closestName, variableRefs } from '../analysis/variables';

// Base images whose only environment variable is PATH: every other name is really undefined.
const PATH_ONLY_IMAGES = new Set(['alpine', 'busybox', 'debian', 'ubuntu', 'fedora', 'centos', 'rockylinux', 'almalinux', 'amazonlinux', 'archlinux', 'oraclelinux']);
// Instructions whose words BuildKit expands (RUN only in its --mount options; CMD, ENTRYPOINT
// and RUN scripts are expanded by the shell at run time, not by the build).
const EXPANDED = new Set(['ENV', 'LABEL', 'COPY', 'ADD', 'WORKDIR', 'USER', 'VOLUME', 'STOPSIGNAL', 'EXPOSE', 'ARG', 'RUN']);

export const undefinedVar: Rule = {
  meta: {
    id: 'undefined-var',
    scope: 'stage',
    category: 'correctness',
    severity: 'warning',
    description: 'Define a variable (ARG or ENV) before using it in an instruction.',
    fixable: false,
    aliases: ['UndefinedVar'],
    requires: { text: ['$'] },
    docs: `The build expands \`$NAME\` in \`COPY\`, \`ADD\`, \`ENV\`, \`LABEL\`, \`WORKDIR\`, \`USER\`,
\`VOLUME\`, \`EXPOSE\`, \`STOPSIGNAL\`, \`ARG\` defaults and \`RUN --mount\` options. A name that is
not defined there expands to nothing: \`COPY $DIR_ASSET .\` copies the whole context, and
\`ENV PATH=$PAHT:/tmp/bin\` drops the system's \`PATH\`.

**Flagged** (as BuildKit's UndefinedVar): a variable used before any \`ARG\` or \`ENV\` of the
stage (or of the stages it builds FROM) defines it, with a "did you mean" for near misses. A
global \`ARG\` (above the first FROM) must be declared again inside the stage to be visible
there, so using it without that is flagged too. \`PATH\` is always defined. Text in single
quotes and escaped \`\\$\` are literal.

**Base images:** BuildKit reads the base image's environment; a linter cannot. For \`scratch\`
and plain OS images (\`alpine\`, \`debian\`, \`ubuntu\`, ... whose only variable is \`PATH\`) every
undefined name is flagged. For other images (\`golang\`, \`node\`, \`python\`, ... which define
\`GOPATH\`, \`NODE_VERSION\`, \`PYTHON_VERSION\`), an UPPER_CASE name may come from the image and
is only flagged when it is one edit or two away from a name the Dockerfile defines (a typo);
lower-case names are flagged as always.

**No automatic fix:** declare the variable (\`ARG NAME=default\`) or correct its name.`,
  },
  check({ model, report }) {
    for (const stage of model.stages) checkStage(model, stage, report);
  },
};

/** Whether the build expands a variable in the instruction (the only ones the rule reads). */
function expandsVariables(instruction: Instruction): boolean {
  // A RUN's script is the shell's to expand: only its --mount options are the build's.
  if (instruction.keyword === 'RUN') return instruction.flags.some((flag) => flag.name === 'mount' && flag.value?.includes('$'));
  return instruction.keyword !== 'FROM' && EXPANDED.has(instruction.keyword) && instruction.text.includes('$');
}

function checkStage(model: DockerfileModel, stage: Stage, report: Parameters<Rule['check']>[0]['report']): void {
  // Most stages use no variable where the build expands them: nothing to set up for those.
  if (!stage.instructions.some(expandsVariables)) return;
  const defined = new Set<string>(['PATH']);
  for (const base of stageLineage(stage).slice(1).reverse()) for (const instruction of base.instructions) define(instruction, defined);
  const root = rootStageOf(stage);
  const official = officialImageName(root.base);
  const imageEnvKnown = root.isScratch || (official !== null && PATH_ONLY_IMAGES.has(official));
  // Suggestions per name, until the next definition changes the candidates.
  let suggestions = new Map<string, string | null>();
  const suggest = (name: string) => {
    let found = suggestions.get(name);
    if (found === undefined) suggestions.set(name, (found = closestName(name, defined)));
    return found;
  };
  for (const instruction of stage.instructions) {
    if (!expandsVariables(instruction)) {
      if (define(instruction, defined)) suggestions = new Map();
      continue;
    }
    const reported = new Set<string>();
    for (const text of expandedTexts(model, instruction)) {
      for (const ref of variableRefs(text, model.escapeChar)) {
        if (defined.has(ref.name) || reported.has(ref.name)) continue;
        const suggestion = suggest(ref.name);
        if (!imageEnvKnown && ref.name === ref.name.toUpperCase() && !suggestion) continue;
        reported.add(ref.name);
        report({
          range: instruction.range,
          message: `Usage of undefined variable '$${ref.name}'${suggestion ? ` (did you mean $${suggestion}?)` : ''}.`,
        });
      }
    }
    if (define(instruction, defined)) suggestions = new Map();
  }
}

/** Names an ENV or ARG defines (an ARG without a value is still declared: it may be passed). */
function define(instruction: Instruction, defined: Set<string>): boolean {
  if (instruction.keyword !== 'ENV' && instruction.keyword !== 'ARG') return false;
  for (const property of instruction.properties) defined.add(property.name);
  return true;
}

/** The texts of the instruction that the build expands, as written (quotes kept). */
function expandedTexts(model: DockerfileModel, instruction: Instruction): string[] {
  switch (instruction.keyword) {
    case 'RUN':
      return instruction.flags.filter((flag) => flag.name === 'mount').map((flag) => flag.value ?? '');
    case 'ENV':
    case 'LABEL':
      return instruction.properties.map((property) => raw(model, property.range));
    case 'ARG':
      // Only default values are expanded.
      return instruction.properties.map((property) => raw(model, property.range).slice(raw(model, property.nameRange).length));
    case 'COPY':
    case 'ADD': {
      const flags = instruction.flags.filter((flag) => flag.name === 'chown' || flag.name === 'chmod').map((flag) => flag.value ?? '');
      const firstLine = instruction.range.start.line;
      const words = instruction.heredocs.length > 0 ? instruction.args.filter((arg) => arg.range.start.line === firstLine) : instruction.args;
      return [...flags, ...words.filter((word) => !word.value.startsWith('<<')).map((word) => word.value)];
    }
    default:
      return instruction.args.map((arg) => arg.value);
  }
}

function raw(model: DockerfileModel, range: Instruction['range']): string {
  return model.text.slice(model.index.offsetAt(range.start), model.index.offsetAt(range.end));
}
