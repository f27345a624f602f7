// Which instructions end up in a shipped image's layers. A cache left in a builder stage that
// later stages only `COPY --from` costs nothing in the result; one left in the final stage, or
// in a stage another stage builds `FROM`, is in the image. Size rules about leftovers (package
// caches, apt lists, files deleted too late) use this so they do not flag builder stages.
import type { DockerfileModel } from './model';
import { memoKey } from './memo';
import type { Instruction, Stage } from './types';

// Kept for the whole file, which its stage views (incremental.ts) share: a view holds one
// stage, but whether another stage builds on it is a question about the file.
const BASE_STAGES = memoKey<Set<Stage>>('stages used as a base');

/** Stages some later stage builds `FROM`. */
function stagesUsedAsBase(model: DockerfileModel): Set<Stage> {
  return model.memo(BASE_STAGES, () => {
    const used = new Set<Stage>();
    for (const stage of model.allStages) if (stage.baseStage) used.add(stage.baseStage);
    return used;
  });
}

/** True when the stage's layers are part of an image: the final stage or another stage's base. */
export function stageLayersShip(model: DockerfileModel, stage: Stage): boolean {
  return stage.isFinal || stagesUsedAsBase(model).has(stage);
}

/**
 * True when what the instruction leaves in its layer can reach an image: it is in a shipping
 * stage, it precedes any FROM (a snippet), or it is an ONBUILD trigger (which runs in whatever
 * image builds on this one).
 */
export function layerShips(model: DockerfileModel, instruction: Instruction): boolean {
  if (isOnbuildTrigger(model, instruction)) return true;
  const stage = model.stageOf(instruction);
  return stage === null || stageLayersShip(model, stage);
}

/** True for the instruction an `ONBUILD` registers (as returned by model.runInstructions()). */
export function isOnbuildTrigger(model: DockerfileModel, instruction: Instruction): boolean {
  // A trigger carries its ONBUILD's index; in a stage view, `instructions` holds the stage's only.
  const stage = model.stageOf(instruction);
  const instructions = stage ? stage.instructions : model.instructions;
  const first = instructions[0]?.index ?? 0;
  return instructions[instruction.index - first] !== instruction;
}
