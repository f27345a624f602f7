// Reading images back from the engine: `history` (cheap: sizes per row), `image inspect`
// (id, size, created), and `save` streamed into the archive reader (file lists per layer for
// wasted space). Then the layer rows the webview and the inline sizes show: each history row
// with its size, its Dockerfile line, and whether it belongs to the base image.
import { spawn } from 'node:child_process';
import { readImageArchive, type ImageArchive, type LayerFile } from './image-archive';
import { analyzeLayers, type EfficiencyReport } from './layer-efficiency';
import { runProcess, type EngineInfo, type ProcessResult } from './engine';
import { mapHistory, stageChain } from '../../../server/src/analysis/layers';
import type { DockerfileModel } from '../../../server/src/analysis/model';
import type { Stage } from '../../../server/src/analysis/types';

type Engine = Pick<EngineInfo, 'kind' | 'executable'>;

export class EngineCommandError extends Error {
  constructor(message: string, readonly result?: ProcessResult) {
    super(message);
  }
}

function failure(what: string, result: ProcessResult): EngineCommandError {
  if (result.spawnError) return new EngineCommandError(`${what}: ${result.spawnError.message}`, result);
  if (result.timedOut) return new EngineCommandError(`${what}: no answer in time`, result);
  if (result.cancelled) return new EngineCommandError(`${what}: cancelled`, result);
  const detail = result.stderr.trim().split('\n').filter(Boolean).slice(-2).join(' ');
  return new EngineCommandError(`${what} failed: ${detail || `exit code ${result.exitCode}`}`, result);
}

export interface HistoryEntry {
  createdBy: string;
  /** Bytes the engine reports for the row (docker: file bytes; podman: bytes of the layer tar). */
  size: number;
  comment: string;
  created: string;
}

/** `history` of an image, oldest row first. */
export async function readHistory(engine: Engine, image: string, options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<HistoryEntry[]> {
  const args =
    engine.kind === 'podman'
      ? ['history', '--no-trunc', '--format', 'json', image]
      : ['history', '--no-trunc', '--human=false', '--format', '{{json .}}', image];
  const result = await runProcess(engine.executable, args, { signal: options.signal, timeoutMs: options.timeoutMs ?? 60_000 });
  if (result.exitCode !== 0) throw failure(`${engine.kind} history ${image}`, result);
  return parseHistory(result.stdout, engine.kind === 'podman' ? 'podman' : 'docker');
}

export function parseHistory(stdout: string, format: 'docker' | 'podman'): HistoryEntry[] {
  type Raw = Record<string, unknown>;
  const rows: Raw[] =
    format === 'podman'
      ? (JSON.parse(stdout || '[]') as Raw[])
      : stdout
          .split('\n')
          .filter((line) => line.trim())
          .map((line) => JSON.parse(line) as Raw);
  const text = (row: Raw, ...keys: string[]) => String(keys.map((key) => row[key]).find((value) => value !== undefined && value !== null) ?? '');
  return rows
    .map((row) => ({
      createdBy: text(row, 'CreatedBy', 'createdBy', 'created_by'),
      size: Number(text(row, 'Size', 'size')) || 0,
      comment: text(row, 'Comment', 'comment'),
      created: text(row, 'CreatedAt', 'created', 'Created'),
    }))
    .reverse();
}

export interface ImageFacts {
  id: string;
  /** Bytes, as the engine reports them. */
  size: number;
  created: string;
  repoTags: string[];
  layerCount: number;
}

export async function inspectImage(engine: Engine, image: string, options: { timeoutMs?: number } = {}): Promise<ImageFacts> {
  const result = await runProcess(engine.executable, ['image', 'inspect', image], { timeoutMs: options.timeoutMs ?? 30_000 });
  if (result.exitCode !== 0) throw failure(`${engine.kind} image inspect ${image}`, result);
  const [raw] = JSON.parse(result.stdout) as { Id: string; Size: number; Created: string; RepoTags?: string[] | null; RootFS?: { Layers?: string[] } }[];
  return { id: raw.Id, size: raw.Size, created: raw.Created, repoTags: raw.RepoTags ?? [], layerCount: raw.RootFS?.Layers?.length ?? 0 };
}

/**
 * Streams `save IMAGE` into the archive reader: one pass, flat memory. Cancelling the signal
 * kills the engine's process and rejects.
 */
export function readSavedImage(engine: Engine, image: string, options: { signal?: AbortSignal } = {}): Promise<ImageArchive> {
  return new Promise((resolve, reject) => {
    const child = spawn(engine.executable, ['save', image], { shell: false, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      child.kill('SIGKILL');
      reject(error);
    };
    const onAbort = () => fail(new EngineCommandError(`${engine.kind} save ${image}: cancelled`));
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr = (stderr + text).slice(-8192)));
    child.on('error', (error) => fail(new EngineCommandError(`${engine.kind} save ${image}: ${error.message}`)));
    const exit: Promise<number | null> = new Promise((done) => child.on('close', (code) => done(code)));
    readImageArchive(child.stdout).then(
      async (archive) => {
        const code = await exit;
        options.signal?.removeEventListener('abort', onAbort);
        if (code !== 0) return fail(new EngineCommandError(`${engine.kind} save ${image} failed: ${stderr.trim() || `exit code ${code}`}`));
        settled = true;
        resolve(archive);
      },
      async (error: Error) => {
        const code = await Promise.race([exit, new Promise<null>((done) => setTimeout(() => done(null), 2000))]);
        options.signal?.removeEventListener('abort', onAbort);
        fail(code !== 0 && stderr.trim() ? new EngineCommandError(`${engine.kind} save ${image} failed: ${stderr.trim()}`) : error);
      },
    );
  });
}

// ------------------------------------------------------------------------------ layer rows

export interface LayerRow {
  /** Index among the history rows, oldest first. */
  row: number;
  createdBy: string;
  keyword: string;
  /** Zero-based Dockerfile line of the instruction that made the row, or null. */
  line: number | null;
  /** The instruction's first line, for display. */
  instruction: string | null;
  /** Index among the image's filesystem layers, or null for a metadata-only row. */
  layer: number | null;
  /** Bytes of the regular files the layer adds (0 for metadata rows). */
  size: number;
  fileCount: number;
  wastedBytes: number;
  largestFiles: LayerFile[];
  /** True for the rows of the base image (before the first row of this Dockerfile). */
  base: boolean;
}

export interface SizeTotals {
  bytes: number;
  layers: number;
}

export interface LayerSizesReport {
  image: string;
  rows: LayerRow[];
  base: SizeTotals;
  own: SizeTotals;
  total: SizeTotals;
  wastedBytes: number;
  efficiency: number;
  dive: EfficiencyReport['dive'];
  inefficiencies: EfficiencyReport['inefficiencies'];
  /** The stage the image was built from (its name or index). */
  stage: string;
}

/** Rows from a saved archive: config history, layers in order, mapped to the target stage's lines. */
export function layerSizes(image: string, archive: ImageArchive, model: DockerfileModel, target: Stage | null): LayerSizesReport {
  const efficiency = analyzeLayers(archive.layers);
  let history = (archive.config.history ?? []).map((row) => ({ createdBy: row.created_by ?? '', emptyLayer: row.empty_layer === true }));
  // An image without history (some imports): one anonymous row per layer.
  if (history.filter((row) => !row.emptyLayer).length !== archive.layers.length) {
    history = archive.layers.map(() => ({ createdBy: '', emptyLayer: false }));
  }
  const stage = target ?? model.finalStage;
  const mapped = stage ? mapHistory(model, stage, history) : history.map((_, row) => ({ row, instruction: null, keyword: '', layer: null }));
  let layer = -1;
  const firstOwn = mapped.findIndex((row) => row.instruction !== null);
  const rows: LayerRow[] = history.map((row, index) => {
    if (!row.emptyLayer) layer++;
    const report = row.emptyLayer ? undefined : efficiency.layers[layer];
    const instruction = mapped[index]?.instruction ?? null;
    return {
      row: index,
      createdBy: row.createdBy,
      keyword: mapped[index]?.keyword ?? '',
      line: instruction ? instruction.range.start.line : null,
      instruction: instruction ? firstLine(instruction.text) : null,
      layer: row.emptyLayer ? null : layer,
      size: report?.size ?? 0,
      fileCount: report?.fileCount ?? 0,
      wastedBytes: report?.wastedBytes ?? 0,
      largestFiles: report?.largestFiles ?? [],
      base: firstOwn === -1 ? true : index < firstOwn,
    };
  });
  const totals = (list: LayerRow[]): SizeTotals => ({ bytes: list.reduce((sum, r) => sum + r.size, 0), layers: list.filter((r) => r.layer !== null).length });
  return {
    image,
    rows,
    base: totals(rows.filter((r) => r.base)),
    own: totals(rows.filter((r) => !r.base)),
    total: totals(rows),
    wastedBytes: efficiency.wastedBytes,
    efficiency: efficiency.efficiency,
    dive: efficiency.dive,
    inefficiencies: efficiency.inefficiencies,
    stage: stage ? (stage.name ?? String(stage.index)) : '',
  };
}

export interface LineSize {
  /** Zero-based line of the instruction. */
  line: number;
  bytes: number;
  keyword: string;
}

/** Sizes per Dockerfile line from `history` rows (the inline sizes after a build). */
export function lineSizes(model: DockerfileModel, target: Stage | null, history: HistoryEntry[]): LineSize[] {
  const stage = target ?? model.finalStage;
  if (!stage) return [];
  const own = new Set(stageChain(model, stage).flatMap((s) => s.instructions));
  const mapped = mapHistory(
    model,
    stage,
    history.map((row) => ({ createdBy: row.createdBy, emptyLayer: row.size === 0 })),
  );
  const sizes: LineSize[] = [];
  mapped.forEach((row, index) => {
    if (!row.instruction || !own.has(row.instruction)) return;
    sizes.push({ line: row.instruction.range.start.line, bytes: history[index].size, keyword: row.keyword });
  });
  return sizes;
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0].trimEnd();
  return line.length > 120 ? line.slice(0, 117) + '...' : line;
}

/** 1.5 MB style sizes (decimal units, as `docker images` prints them). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = -1;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2)} ${units[unit]}`;
}

export interface LocalImage {
  reference: string;
  id: string;
  size: string;
  created: string;
}

/** Local images (`image ls`), newest first, for picking an image that was not built here. */
export async function listImages(engine: Engine, options: { timeoutMs?: number } = {}): Promise<LocalImage[]> {
  const args = engine.kind === 'podman' ? ['images', '--format', 'json'] : ['image', 'ls', '--format', '{{json .}}'];
  const result = await runProcess(engine.executable, args, { timeoutMs: options.timeoutMs ?? 20_000 });
  if (result.exitCode !== 0) throw failure(`${engine.kind} image ls`, result);
  type Raw = Record<string, unknown>;
  const rows: Raw[] = engine.kind === 'podman' ? (JSON.parse(result.stdout || '[]') as Raw[]) : result.stdout.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Raw);
  return rows.map((row) => {
    const names = (row.Names as string[] | undefined) ?? [];
    const repo = String(row.Repository ?? '');
    const tag = String(row.Tag ?? '');
    const id = String(row.ID ?? row.Id ?? '');
    const reference = names[0] ?? (repo && repo !== '<none>' ? `${repo}:${tag}` : id);
    return { reference, id, size: String(row.Size ?? ''), created: String(row.CreatedSince ?? row.CreatedAt ?? row.Created ?? '') };
  });
}
