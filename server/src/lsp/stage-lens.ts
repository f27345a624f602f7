// The CodeLens above each FROM: what the stage is for, from the stage flow. "final stage",
// "used by: runtime (COPY /app/dist)", "not used by the final stage". Clicking one opens the
// stage graph (a client command) focused on that stage.
import type { CodeLens } from 'vscode-languageserver/node';
import type { AnalysisEnv } from '../analysis/env';
import type { DockerfileModel } from '../analysis/model';
import { stageSummary, stagesReachingFinal, usesByStage, type StageUse } from '../analysis/stage-flow';
import type { Stage } from '../analysis/types';

export const SHOW_STAGE_GRAPH_COMMAND = 'dockerfileOptimizer.showStageGraph';

const MAX_PATHS = 2;
const MAX_USES = 3;

export function stageLabel(stage: Stage): string {
  return stage.name ?? `stage ${stage.index}`;
}

function useText(use: StageUse): string {
  if (use.how === 'from') return `${stageLabel(use.stage)} (FROM)`;
  const shown = use.paths.slice(0, MAX_PATHS).join(', ') + (use.paths.length > MAX_PATHS ? `, +${use.paths.length - MAX_PATHS}` : '');
  return `${stageLabel(use.stage)} (${use.how === 'mount' ? 'mount' : 'COPY'} ${shown})`;
}

/** The lens text of one stage. */
export function stageLensTitle(
  model: DockerfileModel,
  stage: Stage,
  env: AnalysisEnv = {},
  reaching: Set<Stage> = stagesReachingFinal(model),
  allUses: Map<Stage, StageUse[]> = usesByStage(model, env),
): string {
  const user = stageSummary(model, stage, env).end.user;
  const runsAs = user !== null ? ` · user ${user}` : '';
  if (stage.isFinal) return `final stage${runsAs}`;
  const uses = allUses.get(stage) ?? [];
  const parts: string[] = [];
  if (uses.length > 0) {
    const listed = uses.slice(0, MAX_USES).map(useText).join(', ') + (uses.length > MAX_USES ? `, +${uses.length - MAX_USES} more` : '');
    parts.push(`used by: ${listed}`);
  }
  if (!reaching.has(stage)) parts.push('not used by the final stage');
  return parts.join(' · ') + runsAs;
}

/** One lens per FROM, on its first line. Its command opens the stage graph at that stage. */
export function stageCodeLenses(model: DockerfileModel, uri: string, env: AnalysisEnv = {}): CodeLens[] {
  const reaching = stagesReachingFinal(model);
  const uses = usesByStage(model, env);
  return model.stages.map((stage) => {
    const line = stage.from.range.start.line;
    return {
      range: { start: { line, character: stage.from.range.start.character }, end: { line, character: stage.from.range.start.character } },
      command: { title: stageLensTitle(model, stage, env, reaching, uses), command: SHOW_STAGE_GRAPH_COMMAND, arguments: [uri, stage.index] },
    };
  });
}
