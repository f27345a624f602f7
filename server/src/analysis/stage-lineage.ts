// A stage inherits everything an earlier stage it builds FROM configured: its files, USER,
// HEALTHCHECK, EXPOSE, SHELL, CMD. Rules that ask "what does the final image run as / expose"
// follow this lineage instead of looking at one stage alone.
import type { Instruction, Stage } from './types';

/** The stage, then the stage it builds FROM, and so on: nearest first, the root stage last. */
export function stageLineage(stage: Stage): Stage[] {
  const lineage: Stage[] = [];
  // baseStage always names an earlier stage, so this ends; the bound guards odd models anyway.
  for (let current: Stage | null = stage; current && lineage.length <= stage.index; current = current.baseStage) {
    lineage.push(current);
  }
  return lineage;
}

/** The first stage of the lineage: the one whose FROM names an image (or scratch). */
export function rootStageOf(stage: Stage): Stage {
  const lineage = stageLineage(stage);
  return lineage[lineage.length - 1];
}

/** The last instruction with this keyword in the lineage, as the built image sees it. */
export function lastInLineage(stage: Stage, keyword: string): Instruction | null {
  for (const current of stageLineage(stage)) {
    for (let i = current.instructions.length - 1; i >= 0; i--) {
      if (current.instructions[i].keyword === keyword) return current.instructions[i];
    }
  }
  return null;
}

/** Every instruction of the lineage in build order (root stage first). */
export function lineageInstructions(stage: Stage): Instruction[] {
  return stageLineage(stage)
    .reverse()
    .flatMap((current) => current.instructions);
}
