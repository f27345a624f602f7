// Wasted space in an image: bytes that a layer adds and a later layer deletes or overwrites
// still ship in the image. Computed over the layers' file lists from the image archive.
import type { LayerContents, LayerFile } from './image-archive';

export interface LayerReport {
  index: number;
  /** Bytes of regular files the layer adds. */
  size: number;
  fileCount: number;
  /** Bytes of this layer that a later layer deletes or overwrites. */
  wastedBytes: number;
  /** Bytes of earlier layers that this layer deletes or overwrites (it does not free them). */
  hidesBytes: number;
  largestFiles: LayerFile[];
}

export interface EfficiencyReport {
  layers: LayerReport[];
  totalBytes: number;
  /** Bytes not visible in the final filesystem: deleted or overwritten by a later layer. */
  wastedBytes: number;
  /** Visible bytes / all bytes, 1 for an image without waste. */
  efficiency: number;
  /** dive's figures, for comparison: the summed sizes of every path touched more than once,
   *  and its score (smallest size of each path / all sizes of each path). */
  dive: { wastedBytes: number; efficiency: number };
  /** Paths touched by more than one layer, largest first. */
  inefficiencies: { path: string; count: number; cumulativeBytes: number }[];
}

interface LiveFile {
  size: number;
  layer: number;
}

interface PathRecord {
  count: number;
  cumulative: number;
  smallest: number;
}

export function analyzeLayers(layers: LayerContents[], largestPerLayer = 10): EfficiencyReport {
  const live = new Map<string, LiveFile>();
  const paths = new Map<string, PathRecord>();
  const reports: LayerReport[] = layers.map((layer, index) => ({
    index,
    size: layer.size,
    fileCount: layer.files.length,
    wastedBytes: 0,
    hidesBytes: 0,
    largestFiles: largest(layer.files, largestPerLayer),
  }));

  const touch = (path: string, size: number) => {
    const record = paths.get(path);
    if (!record) paths.set(path, { count: 1, cumulative: size, smallest: size });
    else {
      record.count++;
      record.cumulative += size;
      record.smallest = Math.min(record.smallest, size);
    }
  };
  const hide = (path: string, by: number) => {
    const previous = live.get(path);
    if (!previous) return 0;
    reports[previous.layer].wastedBytes += previous.size;
    reports[by].hidesBytes += previous.size;
    live.delete(path);
    return previous.size;
  };
  const hideUnder = (dir: string, by: number) => {
    const prefix = dir === '' ? '' : dir + '/';
    let bytes = 0;
    for (const path of [...live.keys()]) if (path.startsWith(prefix)) bytes += hide(path, by);
    return bytes;
  };

  layers.forEach((layer, index) => {
    for (const dir of layer.opaqueDirs) hideUnder(dir, index);
    for (const path of layer.whiteouts) {
      // A deleted file counts with size 0 and a deleted folder with its contents, as dive does.
      const wasFile = live.has(path);
      const bytes = wasFile ? hide(path, index) : hideUnder(path, index);
      touch(path, wasFile ? 0 : bytes);
    }
    for (const file of layer.files) {
      hide(file.path, index);
      live.set(file.path, { size: file.size, layer: index });
      touch(file.path, file.size);
    }
  });

  const totalBytes = reports.reduce((sum, layer) => sum + layer.size, 0);
  const wastedBytes = reports.reduce((sum, layer) => sum + layer.wastedBytes, 0);
  let smallest = 0;
  let cumulative = 0;
  let diveWasted = 0;
  const inefficiencies: EfficiencyReport['inefficiencies'] = [];
  for (const [path, record] of paths) {
    smallest += record.smallest;
    cumulative += record.cumulative;
    if (record.count > 1) {
      diveWasted += record.cumulative;
      inefficiencies.push({ path, count: record.count, cumulativeBytes: record.cumulative });
    }
  }
  inefficiencies.sort((a, b) => b.cumulativeBytes - a.cumulativeBytes);
  return {
    layers: reports,
    totalBytes,
    wastedBytes,
    efficiency: totalBytes === 0 ? 1 : (totalBytes - wastedBytes) / totalBytes,
    dive: { wastedBytes: diveWasted, efficiency: cumulative === 0 ? 1 : smallest / cumulative },
    inefficiencies: inefficiencies.slice(0, 50),
  };
}

function largest(files: LayerFile[], count: number): LayerFile[] {
  const top: LayerFile[] = [];
  for (const file of files) {
    if (top.length < count || file.size > top[top.length - 1].size) {
      top.push(file);
      top.sort((a, b) => b.size - a.size);
      if (top.length > count) top.pop();
    }
  }
  return top;
}
