// Reads an image archive (`docker save`, `podman save`, OCI layout) in one streaming pass and
// keeps only what layer analysis needs: each layer's file list with sizes and whiteouts, and
// the small JSON documents that say which blob is which layer in which order. Layer contents
// are never held in memory, so memory stays flat whatever the image size.
import { createGunzip, type Gunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { TarReader, type TarEntry } from './tar';

export interface LayerFile {
  path: string;
  size: number;
}

export interface LayerContents {
  /** Archive path of the blob (`<id>/layer.tar` or `blobs/sha256/<hex>`). */
  blob: string;
  files: LayerFile[];
  /** Paths this layer deletes (from `.wh.<name>` entries). */
  whiteouts: string[];
  /** Folders whose earlier contents this layer hides (`.wh..wh..opq`). */
  opaqueDirs: string[];
  /** Sum of the sizes of the regular files in the layer. */
  size: number;
}

export interface ImageArchive {
  format: 'docker' | 'oci';
  /** Layers bottom to top. */
  layers: LayerContents[];
  /** The image config (`history`, `rootfs`, `config.User`, ...). */
  config: ImageConfig;
}

export interface ImageConfig {
  history?: { created_by?: string; empty_layer?: boolean; comment?: string }[];
  rootfs?: { diff_ids?: string[] };
  config?: { User?: string; Cmd?: string[]; Entrypoint?: string[] };
}

const JSON_LIMIT = 32 * 1024 * 1024;

export class ArchiveError extends Error {}

/** Reads the archive from a stream (e.g. the stdout of `docker save IMAGE`). */
export function readImageArchive(source: Readable): Promise<ImageArchive> {
  return new Promise((resolve, reject) => {
    const collector = new ArchiveCollector();
    let pendingGunzips = 0;
    let sourceEnded = false;
    const finish = () => {
      if (!sourceEnded || pendingGunzips > 0) return;
      try {
        resolve(collector.result());
      } catch (error) {
        reject(error);
      }
    };
    collector.onGunzip = (gunzip) => {
      pendingGunzips++;
      // Backpressure: stop reading the archive while a layer is being decompressed.
      gunzip.on('drain', () => source.resume());
      gunzip.on('error', (error) => reject(new ArchiveError(`a compressed layer could not be read: ${error.message}`)));
      gunzip.on('end', () => {
        pendingGunzips--;
        // A stream that is ending emits no 'drain': resume here, or a pause before end() lasts.
        source.resume();
        finish();
      });
    };
    collector.onBackpressure = () => source.pause();
    source.on('data', (chunk: Buffer) => {
      try {
        collector.write(chunk);
      } catch (error) {
        source.destroy();
        reject(error);
      }
    });
    source.on('error', (error) => reject(error));
    source.on('end', () => {
      sourceEnded = true;
      finish();
    });
  });
}

/** Routes each archive entry: JSON documents are kept, layer blobs are listed, the rest skipped. */
class ArchiveCollector {
  onGunzip: (gunzip: Gunzip) => void = () => {};
  onBackpressure: () => void = () => {};
  private readonly documents = new Map<string, string>();
  private readonly layers = new Map<string, LayerContents>();
  private current: EntrySink | null = null;
  private readonly outer = new TarReader({
    onEntry: (entry) => this.startEntry(entry),
    onData: (chunk) => this.current?.write(chunk),
    onEntryEnd: () => {
      this.current?.end();
      this.current = null;
    },
  });

  write(chunk: Buffer): void {
    this.outer.write(chunk);
  }

  private startEntry(entry: TarEntry): void {
    this.current = null;
    if (entry.type !== '0' && entry.type !== '\0') return;
    const path = entry.path.replace(/^\.\//, '');
    if (path.endsWith('.json') || path === 'index.json' || path === 'oci-layout') {
      this.current = new JsonSink((text) => this.documents.set(path, text));
    } else if (path.endsWith('/layer.tar') || path.startsWith('blobs/') || path.endsWith('.tar')) {
      this.current = new BlobSink(path, this);
    }
  }

  keepDocument(path: string, text: string): void {
    this.documents.set(path, text);
  }

  keepLayer(layer: LayerContents): void {
    this.layers.set(layer.blob, layer);
  }

  result(): ImageArchive {
    const manifestText = this.documents.get('manifest.json');
    if (manifestText) return this.fromDockerManifest(manifestText);
    const indexText = this.documents.get('index.json');
    if (indexText) return this.fromOciIndex(indexText);
    throw new ArchiveError('not an image archive: it has neither manifest.json nor index.json');
  }

  private fromDockerManifest(text: string): ImageArchive {
    const manifest = parseJson<{ Config: string; Layers: string[] }[]>(text, 'manifest.json');
    const first = manifest[0];
    if (!first?.Layers) throw new ArchiveError('manifest.json lists no image');
    return {
      format: this.documents.has('index.json') ? 'oci' : 'docker',
      config: parseJson<ImageConfig>(this.document(first.Config), first.Config),
      layers: first.Layers.map((blob) => this.layer(blob)),
    };
  }

  private fromOciIndex(text: string): ImageArchive {
    let descriptor = parseJson<OciIndex>(text, 'index.json').manifests?.[0];
    // An index may point at another index (multi-platform); follow it to an image manifest.
    for (let depth = 0; descriptor && depth < 4; depth++) {
      const blob = blobPath(descriptor.digest);
      const document = parseJson<OciIndex & OciManifest>(this.document(blob), blob);
      if (document.layers) {
        const configPath = blobPath(document.config.digest);
        return {
          format: 'oci',
          config: parseJson<ImageConfig>(this.document(configPath), configPath),
          layers: document.layers.map((layer) => this.layer(blobPath(layer.digest))),
        };
      }
      descriptor = document.manifests?.[0];
    }
    throw new ArchiveError('index.json leads to no image manifest');
  }

  private document(path: string): string {
    const text = this.documents.get(path);
    if (text === undefined) throw new ArchiveError(`the archive lacks ${path}`);
    return text;
  }

  private layer(blob: string): LayerContents {
    const layer = this.layers.get(blob);
    if (!layer) throw new ArchiveError(`the archive lacks layer ${blob} (or it is in an unsupported compression)`);
    return layer;
  }
}

interface OciIndex {
  manifests?: { digest: string }[];
}
interface OciManifest {
  config: { digest: string };
  layers?: { digest: string }[];
}

function blobPath(digest: string): string {
  return 'blobs/' + digest.replace(':', '/');
}

function parseJson<T>(text: string, what: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ArchiveError(`${what} is not valid JSON`);
  }
}

interface EntrySink {
  write(chunk: Buffer): void;
  end(): void;
}

class JsonSink implements EntrySink {
  private chunks: Buffer[] = [];
  private length = 0;
  constructor(private readonly done: (text: string) => void) {}
  write(chunk: Buffer): void {
    this.length += chunk.length;
    if (this.length <= JSON_LIMIT) this.chunks.push(Buffer.from(chunk));
  }
  end(): void {
    if (this.length <= JSON_LIMIT) this.done(Buffer.concat(this.chunks).toString('utf8'));
  }
}

/**
 * A blob of unknown kind: its first bytes tell a tar layer, a gzip-compressed tar layer or a
 * JSON document (OCI config and manifests are blobs too). Anything else is skipped.
 */
class BlobSink implements EntrySink {
  private head: Buffer[] = [];
  private headLength = 0;
  private target: EntrySink | null = null;
  constructor(private readonly path: string, private readonly collector: ArchiveCollector) {}

  write(chunk: Buffer): void {
    if (this.target) return this.target.write(chunk);
    this.head.push(Buffer.from(chunk));
    this.headLength += chunk.length;
    if (this.headLength >= 512) this.decide();
  }

  end(): void {
    if (!this.target) this.decide();
    this.target?.end();
  }

  private decide(): void {
    const head = Buffer.concat(this.head);
    this.head = [];
    if (head[0] === 0x1f && head[1] === 0x8b) this.target = new GzipLayerSink(this.path, this.collector);
    else if (head.subarray(257, 262).toString('latin1') === 'ustar' || (head.length >= 1024 && head.every((b) => b === 0))) {
      this.target = new LayerSink(this.path, (layer) => this.collector.keepLayer(layer));
    } else if (head[0] === 0x7b /* { */) this.target = new JsonSink((text) => this.collector.keepDocument(this.path, text));
    else this.target = { write() {}, end() {} };
    this.target.write(head);
  }
}

class LayerSink implements EntrySink {
  private readonly layer: LayerContents;
  private readonly reader: TarReader;
  constructor(blob: string, private readonly done: (layer: LayerContents) => void) {
    this.layer = { blob, files: [], whiteouts: [], opaqueDirs: [], size: 0 };
    this.reader = new TarReader({ onEntry: (entry) => this.addEntry(entry) });
  }
  write(chunk: Buffer): void {
    if (!this.reader.finished) this.reader.write(chunk);
  }
  end(): void {
    this.done(this.layer);
  }
  private addEntry(entry: TarEntry): void {
    const path = normalizePath(entry.path);
    const slash = path.lastIndexOf('/');
    const name = path.slice(slash + 1);
    const dir = slash === -1 ? '' : path.slice(0, slash);
    if (name === '.wh..wh..opq') this.layer.opaqueDirs.push(dir);
    else if (name.startsWith('.wh.')) this.layer.whiteouts.push((dir ? dir + '/' : '') + name.slice(4));
    else if (entry.type === '0' || entry.type === '\0' || entry.type === '7') {
      this.layer.files.push({ path, size: entry.size });
      this.layer.size += entry.size;
    } else if (entry.type === '1' || entry.type === '2') {
      this.layer.files.push({ path, size: 0 });
    }
  }
}

class GzipLayerSink implements EntrySink {
  private readonly gunzip = createGunzip();
  private readonly inner: LayerSink;
  constructor(blob: string, private readonly collector: ArchiveCollector) {
    this.inner = new LayerSink(blob, (layer) => collector.keepLayer(layer));
    this.gunzip.on('data', (chunk: Buffer) => this.inner.write(chunk));
    this.gunzip.on('end', () => this.inner.end());
    collector.onGunzip(this.gunzip);
  }
  write(chunk: Buffer): void {
    if (!this.gunzip.write(Buffer.from(chunk))) this.collector.onBackpressure();
  }
  end(): void {
    this.gunzip.end();
  }
}

function normalizePath(path: string): string {
  return path.replace(/^\.?\/+/, '').replace(/\/+$/, '');
}
