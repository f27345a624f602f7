// Reading a build's output: which step failed, mapped to its Dockerfile line, and why; and
// which features of a Dockerfile need BuildKit. Output forms (seen on engine 20.10, Podman
// 4.3, and BuildKit releases that print source lines):
//   BuildKit  `#7 [app 2/2] RUN make` ... `#7 ERROR: executor failed running ...`,
//             ` > [app 2/2] RUN make:`, newer ones also `Dockerfile:7` + `>>> RUN make`
//   legacy    `Step 5/6 : RUN make` ... `The command '/bin/sh -c make' returned a non-zero code: 2`
//   podman    `[2/2] STEP 3/4: RUN make` ... `Error: building at STEP "RUN make": ...`
import type { DockerfileModel } from '../../../server/src/analysis/model';
import type { Instruction } from '../../../server/src/analysis/types';

export interface FailingStep {
  /** Zero-based line of the failing instruction, or null when it could not be found. */
  line: number | null;
  instruction: Instruction | null;
  /** The step as the engine printed it (`RUN make`). */
  step: string | null;
  /** The engine's reason, one line (`executor failed running ...: exit code: 2`). */
  reason: string;
}

interface StepClue {
  text: string;
  stageName?: string;
  /** podman: 1-based stage number and step within the stage (FROM = 1). */
  stageNumber?: number;
  stepInStage?: number;
  /** legacy: 1-based step over all instructions from the first FROM. */
  globalStep?: number;
}

/** The failing step of a build's output, mapped to the Dockerfile's instruction. */
export function findFailingStep(output: string, model: DockerfileModel, dockerfileName = 'Dockerfile'): FailingStep {
  const text = output.replace(/\r\n?/g, '\n').replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
  const reason = failureReason(text);
  // Newer BuildKit names the line itself: `Dockerfile:7` before a source excerpt.
  const fileLine = sourceLineReference(text, dockerfileName);
  if (fileLine !== null) {
    const instruction = model.instructions.find((i) => i.range.start.line <= fileLine && fileLine <= i.range.end.line) ?? null;
    return { line: instruction?.range.start.line ?? fileLine, instruction, step: instruction ? squash(instruction.text) : null, reason };
  }
  // A parse error names its line (BuildKit and the legacy builder alike).
  const parseError = [...text.matchAll(/dockerfile parse error (?:on )?line (\d+)/gi)].pop();
  if (parseError) {
    const line = Number(parseError[1]) - 1;
    const instruction = model.instructions.find((i) => i.range.start.line <= line && line <= i.range.end.line) ?? null;
    return { line: instruction?.range.start.line ?? line, instruction, step: null, reason };
  }
  const clue = stepClue(text);
  if (!clue) return { line: null, instruction: null, step: null, reason };
  // BuildKit could not resolve a base image: the vertex is `[internal] load metadata for IMAGE`.
  const metadata = /^load metadata for (\S+)$/.exec(clue.text);
  if (metadata) {
    const from = model.stages.find((stage) => !stage.baseStage && sameImage(stage.base.resolved, metadata[1]))?.from ?? null;
    return { line: from?.range.start.line ?? null, instruction: from, step: clue.text, reason };
  }
  const instruction = matchInstruction(model, clue);
  return { line: instruction?.range.start.line ?? null, instruction, step: clue.text, reason };
}

function sourceLineReference(text: string, dockerfileName: string): number | null {
  const escaped = dockerfileName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const matches = [...text.matchAll(new RegExp(`^(?:ERROR: )?(?:\\S*[/\\\\])?${escaped}:(\\d+)(?:-\\d+)?\\s*$`, 'gm'))];
  const last = matches[matches.length - 1];
  return last ? Number(last[1]) - 1 : null;
}

function stepClue(text: string): StepClue | null {
  // BuildKit: the summary block ` > [stage i/n] TEXT:` names the failed vertex.
  const summary = [...text.matchAll(/^\s*> \[([^\]]*)\] (.+?):?$/gm)].pop();
  if (summary) return { ...buildKitStage(summary[1]), text: summary[2] };
  // BuildKit: `#N ERROR:` and the header `#N [stage i/n] TEXT` of the same vertex.
  const errorVertex = [...text.matchAll(/^#(\d+) ERROR[: ]/gm)].pop();
  if (errorVertex) {
    const header = [...text.matchAll(new RegExp(`^#${errorVertex[1]} \\[([^\\]]*)\\] (.+)$`, 'gm'))][0];
    if (header) return { ...buildKitStage(header[1]), text: header[2] };
  }
  const newerError = [...text.matchAll(/^ERROR \[([^\]]*)\] (.+)$/gm)].pop();
  if (newerError) return { ...buildKitStage(newerError[1]), text: newerError[2] };
  // podman
  const podmanError = [...text.matchAll(/building at STEP "((?:[^"\\]|\\.)*)"/g)].pop();
  const podmanSteps = [...text.matchAll(/^(?:\[(\d+)\/\d+\] )?STEP (\d+)(?:\/\d+)?: (.+)$/gm)];
  if (podmanError || podmanSteps.length > 0) {
    const last = podmanSteps[podmanSteps.length - 1];
    const stepText = podmanError ? podmanError[1].replace(/\\"/g, '"') : last[3];
    const sameStep = last && squash(last[3]) === squash(stepText);
    return { text: stepText, stageNumber: sameStep && last[1] ? Number(last[1]) : undefined, stepInStage: sameStep ? Number(last[2]) : undefined };
  }
  // legacy builder
  const legacy = [...text.matchAll(/^Step (\d+)\/\d+ : (.+)$/gm)].pop();
  if (legacy) return { text: legacy[2], globalStep: Number(legacy[1]) };
  return null;
}

/** `node:20` and `docker.io/library/node:20` name the same image; no tag means `latest`. */
function sameImage(a: string, b: string): boolean {
  const normal = (ref: string) => {
    let name = ref.trim().replace(/^docker\.io\//, '').replace(/^library\//, '');
    if (!/[:@][^/]*$/.test(name)) name += ':latest';
    return name;
  };
  return normal(a) === normal(b);
}

function buildKitStage(label: string): { stageName?: string } {
  // `app 2/2`, `stage-1 3/5`, `2/2` (single unnamed stage), `internal`.
  const match = /^(.*?)\s*\d+\/\d+$/.exec(label.trim());
  return match && match[1] ? { stageName: match[1] } : {};
}

function matchInstruction(model: DockerfileModel, clue: StepClue): Instruction | null {
  const wanted = squash(clue.text);
  const truncated = wanted.endsWith('...') ? wanted.slice(0, -3).trimEnd() : null;
  const candidates = model.instructions.filter((instruction) => {
    if (instruction.stageIndex < 0) return false;
    const have = squash(instruction.text);
    return have === wanted || (truncated !== null && have.startsWith(truncated)) || sameIgnoringKeywordCase(have, wanted);
  });
  if (candidates.length <= 1) return candidates[0] ?? null;
  if (clue.globalStep !== undefined) {
    const stepped = model.instructions.filter((i) => i.stageIndex >= 0)[clue.globalStep - 1];
    if (stepped && candidates.includes(stepped)) return stepped;
  }
  if (clue.stageNumber !== undefined) {
    const stage = model.stages[clue.stageNumber - 1];
    const inStage = candidates.filter((i) => i.stageIndex === stage?.index);
    if (clue.stepInStage !== undefined && stage) {
      const stepped = stage.instructions[clue.stepInStage - 1];
      if (stepped && inStage.includes(stepped)) return stepped;
    }
    if (inStage.length > 0) return inStage[0];
  }
  if (clue.stageName) {
    const unnamed = /^stage-(\d+)$/.exec(clue.stageName);
    const stage = model.stages.find((s) => (s.name ?? '').toLowerCase() === clue.stageName!.toLowerCase()) ?? (unnamed ? model.stages[Number(unnamed[1])] : undefined);
    const inStage = candidates.filter((i) => i.stageIndex === stage?.index);
    if (inStage.length > 0) return inStage[0];
  }
  return candidates[0];
}

/** An instruction's text as engines print it: continuations and comment lines dropped, spaces squashed. */
export function squash(text: string): string {
  return text
    .replace(/\\[ \t]*\r?\n([ \t]*#[^\n]*\n)*/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function sameIgnoringKeywordCase(a: string, b: string): boolean {
  const split = (s: string) => /^(\S+)(.*)$/.exec(s) ?? [s, s, ''];
  const [, ka, ra] = split(a);
  const [, kb, rb] = split(b);
  return ka.toUpperCase() === kb.toUpperCase() && ra === rb;
}

/** The engine's one-line reason for the failure. */
export function failureReason(text: string): string {
  const patterns = [
    /^(?:ERROR: |error: )?failed to solve: (.+)$/gm,
    /^#\d+ ERROR: (.+)$/gm,
    /^(The command '.+' returned a non-zero code: \d+)$/gm,
    /^((?:COPY|ADD) failed: .+)$/gm,
    /^Error: (.+)$/gm,
    /^ERROR: (.+)$/gm,
    /^error: (.+)$/gm,
    /^(executor failed running .+)$/gm,
  ];
  for (const pattern of patterns) {
    const found = [...text.matchAll(pattern)].pop();
    if (found) return found[1].trim();
  }
  const lines = text.trim().split('\n').filter((line) => line.trim());
  return lines[lines.length - 1]?.trim() ?? 'the build failed';
}

/** What in the Dockerfile needs BuildKit ("line 4: RUN --mount"), or null. */
export function buildKitRequirement(model: DockerfileModel): string | null {
  if (model.directives.has('syntax')) return 'a `# syntax=` directive';
  for (const instruction of model.instructions) {
    const own = instruction.trigger ?? instruction;
    const line = own.range.start.line + 1;
    const flag = (name: string) => own.flags.some((f) => f.name.toLowerCase() === name);
    if (own.keyword === 'RUN') {
      for (const name of ['mount', 'network', 'security']) if (flag(name)) return `line ${line}: RUN --${name}`;
      if (own.heredocs.length > 0) return `line ${line}: a heredoc`;
    }
    if (own.keyword === 'COPY' || own.keyword === 'ADD') {
      for (const name of ['link', 'parents', 'exclude', 'chmod', 'checksum', 'keep-git-dir']) if (flag(name)) return `line ${line}: ${own.keyword} --${name}`;
      if (own.heredocs.length > 0) return `line ${line}: a heredoc`;
    }
  }
  return null;
}
