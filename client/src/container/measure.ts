// Measure Image: the context size, a cold build (--no-cache) and a warm one (cache kept),
// the image size; one record per run, kept per Dockerfile so a person sees the effect of
// their fixes over time (the seeds' "what to measure").
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanBuildContext, type BuilderKind, type ResolvedContext } from '../../../server/src/analysis/build-context';
import { buildCommand, runBuild, type BuildRequest, type EngineInfo, type ProcessResult, type RunOptions } from './engine';
import { inspectImage } from './images';

export interface MeasureRecord {
  /** ISO time the measurement finished. */
  time: string;
  tag: string;
  imageId: string;
  imageBytes: number;
  layers: number;
  coldMs: number;
  warmMs: number;
  contextBytes: number;
  contextFiles: number;
  builder: BuilderKind;
  engine: string;
  stage: string | null;
}

export type MeasurePhase = 'context' | 'cold' | 'warm' | 'inspect';

export interface MeasureOptions extends Pick<RunOptions, 'signal' | 'onOutput'> {
  onPhase?: (phase: MeasurePhase) => void;
  extraFlags?: readonly string[];
  timeoutMs?: number;
}

export class BuildFailed extends Error {
  constructor(readonly phase: MeasurePhase, readonly result: ProcessResult) {
    super(result.cancelled ? 'The build was cancelled.' : `The ${phase} build failed (exit code ${result.exitCode}).`);
  }
}

export async function measureImage(
  engine: Pick<EngineInfo, 'kind' | 'executable'>,
  builder: BuilderKind,
  request: Omit<BuildRequest, 'noCache' | 'iidFile'>,
  context: ResolvedContext,
  options: MeasureOptions = {},
): Promise<MeasureRecord> {
  options.onPhase?.('context');
  const report = await scanBuildContext(context, { signal: options.signal, top: 0 });
  const iidFile = join(tmpdir(), `dfo-measure-${process.pid}-${Date.now()}.iid`);
  const timed = async (phase: MeasurePhase, noCache: boolean) => {
    options.onPhase?.(phase);
    const command = buildCommand(engine, builder, { ...request, noCache, iidFile }, options.extraFlags ?? []);
    const started = performance.now();
    const result = await runBuild(command, { signal: options.signal, onOutput: options.onOutput, timeoutMs: options.timeoutMs ?? 60 * 60_000 });
    const ms = performance.now() - started;
    if (result.exitCode !== 0) throw new BuildFailed(phase, result);
    return ms;
  };
  try {
    const coldMs = await timed('cold', true);
    const warmMs = await timed('warm', false);
    options.onPhase?.('inspect');
    const imageId = readFileSync(iidFile, 'utf8').trim();
    const facts = await inspectImage(engine, imageId);
    return {
      time: new Date().toISOString(),
      tag: request.tag ?? '',
      imageId,
      imageBytes: facts.size,
      layers: facts.layerCount,
      coldMs: Math.round(coldMs),
      warmMs: Math.round(warmMs),
      contextBytes: report.sent.bytes,
      contextFiles: report.sent.files,
      builder,
      engine: engine.kind,
      stage: request.target ?? null,
    };
  } finally {
    rmSync(iidFile, { force: true });
  }
}

/** The history with `record` added last, keeping the newest `keep`. */
export function appendRecord(history: readonly MeasureRecord[], record: MeasureRecord, keep = 30): MeasureRecord[] {
  return [...history, record].slice(-keep);
}
