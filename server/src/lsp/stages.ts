// `dockerfileOptimizer/stages`: the build stages of an open Dockerfile as the engine parsed
// them, for client commands (build a stage, show its layers) that must not re-parse.
import { RequestType } from 'vscode-languageserver/node';
import type { DockerfileModel } from '../analysis/model';
import type { Range } from '../analysis/types';

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
}

export const StagesRequest = new RequestType<StagesParams, StageInfo[] | null, void>('dockerfileOptimizer/stages');

export function stagesOf(model: DockerfileModel): StageInfo[] {
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
  }));
}
