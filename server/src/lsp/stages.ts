// `dockerfileOptimizer/stages`: the build stages of an open Dockerfile as the engine parsed
// them, for client commands (build a stage, show its layers, the stage graph) that must not
// re-parse: each stage's user, WORKDIR, reads from other stages, and whether the final image uses it.
import { RequestType } from 'vscode-languageserver/node';
import type { AnalysisEnv } from '../analysis/env';
import type { DockerfileModel } from '../analysis/model';
import { endWorkdir, stageSummary, stagesReachingFinal, usesByStage } from '../analysis/stage-flow';
import type { Range } from '../analysis/types';
import { stageLensTitle } from './stage-lens';

export interface StagesParams {
  textDocument: { uri: string };
}

export interface StageInfo {
  index: number;
  /** The `AS name`, or null. */
  name: string | null;
  /** Zero-based line of its FROM. */
  line: number;
  range: Range;
  /** The base image as written, and with global ARG defaults substituted. */
  base: string;
  resolvedBase: string;
  /** The earlier stage it builds FROM, by index, or null for an image. */
  baseStage: number | null;
  /** Stages it copies or mounts from, by index. */
  copiesFrom: number[];
  isFinal: boolean;
  /** The USER the stage ends with (stages it builds FROM included), null for the image's default. */
  user: string | null;
  /** The WORKDIR it ends in, absolute, or null when unknown. */
  workdir: string | null;
  /** Whether the final image gets anything of it (through FROM or COPY --from, transitively). */
  usedByFinal: boolean;
  /** What it reads from other stages and images: COPY/ADD --from and RUN --mount=from. */
  copies: StageCopyInfo[];
  /** The text of the CodeLens above its FROM ("final stage", "used by: ...", "not used by the final stage"). */
  lens: string;
}

export interface StageCopyInfo {
  /** The stage read from, by index, or null for an image. */
  fromStage: number | null;
  /** The `--from` value as written. */
  ref: string;
  /** Source paths as written. */
  paths: string[];
  /** Absolute destination, or null (unknown, or a mount). */
  destination: string | null;
  kind: 'copy' | 'mount';
  /** Zero-based line of the instruction. */
  line: number;
}

export const StagesRequest = new RequestType<StagesParams, StageInfo[] | null, void>('dockerfileOptimizer/stages');

export function stagesOf(model: DockerfileModel, env: AnalysisEnv = {}): StageInfo[] {
  const reaching = stagesReachingFinal(model);
  const uses = usesByStage(model, env);
  return model.stages.map((stage) => ({
    index: stage.index,
    name: stage.name,
    line: stage.from.range.start.line,
    range: stage.from.range,
    base: stage.base.raw,
    resolvedBase: stage.base.resolved,
    baseStage: stage.baseStage?.index ?? null,
    copiesFrom: stage.copiesFrom.map((source) => source.index),
    isFinal: stage.isFinal,
    user: stageSummary(model, stage, env).end.user,
    workdir: endWorkdir(model, stage, env),
    usedByFinal: reaching.has(stage),
    copies: stageSummary(model, stage, env).copies.map((copy) => ({
      fromStage: copy.from?.index ?? null,
      ref: copy.ref,
      paths: copy.sources.map((source) => source.written),
      destination: copy.destination,
      kind: copy.kind,
      line: copy.instruction.range.start.line,
    })),
    lens: stageLensTitle(model, stage, env, reaching, uses),
  }));
}
