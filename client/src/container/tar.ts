// A push-based tar reader: feed it bytes as they arrive, get entry headers and content
// chunks back. Nothing is buffered beyond one 512-byte header (plus pax/long-name records), so
// a multi-gigabyte `docker save` stream is read in flat memory.

export interface TarEntry {
  path: string;
  /** '0' file, '1' hard link, '2' symlink, '5' directory, ... (ustar type flags). */
  type: string;
  size: number;
  linkName: string;
}

export interface TarHandlers {
  onEntry(entry: TarEntry): void;
  onData?(chunk: Buffer): void;
  onEntryEnd?(): void;
}

const BLOCK = 512;

export class TarReader {
  private header = Buffer.alloc(0);
  private remaining = 0; // content bytes left in the current entry
  private padding = 0; // zero bytes after the content up to the block boundary
  private meta: Buffer[] | null = null; // a pax or GNU long-name record being collected
  private metaType = '';
  private pending: Partial<TarEntry> = {};
  private globalPax: Partial<TarEntry> = {};
  private inEntry = false;
  finished = false;

  constructor(private readonly handlers: TarHandlers) {}

  write(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length && !this.finished) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, chunk.length - at);
        const piece = chunk.subarray(at, at + take);
        if (this.meta) this.meta.push(piece);
        else this.handlers.onData?.(piece);
        this.remaining -= take;
        at += take;
        if (this.remaining === 0) this.finishContent();
        continue;
      }
      if (this.padding > 0) {
        const skip = Math.min(this.padding, chunk.length - at);
        this.padding -= skip;
        at += skip;
        continue;
      }
      const need = BLOCK - this.header.length;
      const take = Math.min(need, chunk.length - at);
      this.header = Buffer.concat([this.header, chunk.subarray(at, at + take)]);
      at += take;
      if (this.header.length === BLOCK) {
        const block = this.header;
        this.header = Buffer.alloc(0);
        this.readHeader(block);
      }
    }
  }

  private readHeader(block: Buffer): void {
    if (block.every((b) => b === 0)) {
      this.finished = true; // end-of-archive marker
      return;
    }
    const type = String.fromCharCode(block[156] || 48);
    const size = readNumber(block.subarray(124, 136));
    this.remaining = size;
    this.padding = (BLOCK - (size % BLOCK)) % BLOCK;
    if (type === 'x' || type === 'g' || type === 'L' || type === 'K') {
      this.meta = [];
      this.metaType = type;
      if (size === 0) this.finishContent();
      return;
    }
    const name = readString(block.subarray(0, 100));
    const prefix = block.subarray(257, 262).toString('latin1') === 'ustar' ? readString(block.subarray(345, 500)) : '';
    const entry: TarEntry = {
      path: prefix ? `${prefix}/${name}` : name,
      type,
      size,
      linkName: readString(block.subarray(157, 257)),
      ...this.globalPax,
      ...this.pending,
    };
    if (this.pending.size !== undefined) {
      this.remaining = this.pending.size;
      this.padding = (BLOCK - (this.pending.size % BLOCK)) % BLOCK;
    }
    this.pending = {};
    this.inEntry = true;
    this.handlers.onEntry(entry);
    if (this.remaining === 0) this.finishContent();
  }

  private finishContent(): void {
    if (this.meta) {
      const record = Buffer.concat(this.meta);
      this.meta = null;
      if (this.metaType === 'L') this.pending.path = readString(record);
      else if (this.metaType === 'K') this.pending.linkName = readString(record);
      else Object.assign(this.metaType === 'g' ? this.globalPax : this.pending, parsePax(record));
      return;
    }
    if (this.inEntry) {
      this.inEntry = false;
      this.handlers.onEntryEnd?.();
    }
  }
}

function readString(bytes: Buffer): string {
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end === -1 ? bytes.length : end).toString('utf8');
}

// Octal, or base-256 for sizes of 8 GiB and more (high bit set).
function readNumber(bytes: Buffer): number {
  if (bytes[0] & 0x80) {
    let value = bytes[0] & 0x7f;
    for (let i = 1; i < bytes.length; i++) value = value * 256 + bytes[i];
    return value;
  }
  const text = readString(bytes).trim();
  return text ? parseInt(text, 8) : 0;
}

// Records of the form "<length> <key>=<value>\n".
function parsePax(record: Buffer): Partial<TarEntry> {
  const result: Partial<TarEntry> = {};
  let at = 0;
  while (at < record.length) {
    const space = record.indexOf(0x20, at);
    if (space === -1) break;
    const length = parseInt(record.subarray(at, space).toString('latin1'), 10);
    if (!length) break;
    const line = record.subarray(space + 1, at + length - 1).toString('utf8');
    const eq = line.indexOf('=');
    const key = line.slice(0, eq);
    const value = line.slice(eq + 1);
    if (key === 'path') result.path = value;
    else if (key === 'linkpath') result.linkName = value;
    else if (key === 'size') result.size = Number(value);
    at += length;
  }
  return result;
}
